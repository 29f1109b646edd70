/**
 * Mutation.unshareItems over real HTTP against the ArcGIS simulator: the
 * unshareItems call and its chunks, withdrawPublic as a share with
 * everyone=false&org=false, one result per item whatever fails, and the same
 * input rules as the share mutations.
 */
import { startHarness, firstCode, DEMO_HEADERS } from '../helpers/harness';
import type { Harness, ItemShareResult as Result } from '../helpers/harness';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';

const UNSHARE = `mutation($input: UnshareItemsInput!) {
  unshareItems(input: $input) {
    results { itemId success change notSharedWith { id } notUnsharedFrom { id title } error { code backend upstreamCode message } }
  }
}`;

const bulk = (n: number, from = 1) => Array.from({ length: n }, (_, i) => hexId('ba', from + i));
const UNKNOWN = '0000000000000000000000000000dead';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { ARCGIS_CHUNK_SIZE: '100' } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const state = () => h.sims.arcgis.state;
const unsharePosts = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/users/:owner/unshareItems' });
const sharePosts = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/users/:owner/shareItems' });
const levelOf = (id: string) => state().accessOf(state().items.get(id)!);

async function unshare(input: Record<string, unknown>, headers?: Record<string, string>, harness = h): Promise<Result[]> {
  const res = await harness.gql(UNSHARE, { input }, headers);
  expect(res.errors).toBeUndefined();
  return res.data!.unshareItems.results;
}

/** Shares each item with the groups, straight in the simulator's state. */
function seedShares(ids: readonly string[], groups: readonly string[]): void {
  for (const id of ids) for (const g of groups) state().items.get(id)!.groups.add(g);
}

describe('unshareItems', () => {
  it('posts items and groups comma-separated with f=json to content/users/{owner}/unshareItems; the change is REVOKED', async () => {
    const ids = [D.trailsLayer, D.parksMap];
    seedShares([D.parksMap], [D.fieldTeamGroup, D.publicGroup]);
    const results = await unshare({ itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup, D.publicGroup] });
    expect(results).toEqual(ids.map((itemId) => ({ itemId, success: true, change: 'REVOKED', notSharedWith: [], notUnsharedFrom: [], error: null })));
    const [post] = unsharePosts();
    expect(unsharePosts()).toHaveLength(1);
    expect(post!.path).toBe('/sharing/rest/content/users/alice/unshareItems');
    expect(post!.headers['content-type']).toContain('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(post!.body))).toEqual({ items: ids.join(','), groups: `${D.fieldTeamGroup},${D.publicGroup}`, f: 'json' });
    expect(post!.headers['x-esri-authorization']).toBe(`Bearer ${D.aliceToken}`);
    expect(sharePosts()).toHaveLength(0);
    expect(levelOf(D.trailsLayer)).toBe('private');
    expect(levelOf(D.parksMap)).toBe('private');
  });

  it('sends 1,000 items in chunks of ARCGIS_CHUNK_SIZE and answers one result per item in input order', async () => {
    const ids = bulk(1000).reverse();
    seedShares(ids, [D.fieldTeamGroup]);
    const results = await unshare({ itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] });
    expect(results.map((r) => r.itemId)).toEqual(ids);
    expect(results.every((r) => r.success && r.change === 'REVOKED')).toBe(true);
    const sent = unsharePosts().map((p) => new URLSearchParams(p.body).get('items')!.split(','));
    expect(sent).toHaveLength(10);
    expect(sent.every((c) => c.length === 100)).toBe(true);
    expect(sent.flat().sort()).toEqual([...ids].sort());
    expect(ids.every((id) => levelOf(id) === 'private')).toBe(true);
  });

  it('honours a configured chunk size', async () => {
    const small = await startHarness({ env: { ARCGIS_CHUNK_SIZE: '7' } });
    try {
      const results = await unshare({ itemIds: bulk(20), owner: 'alice', groups: [D.fieldTeamGroup] }, undefined, small);
      expect(results).toHaveLength(20);
      const posts = small.sims.arcgis.sim.requests({ route: '/sharing/rest/content/users/:owner/unshareItems' });
      expect(posts.map((p) => new URLSearchParams(p.body).get('items')!.split(',').length)).toEqual([7, 7, 6]);
    } finally {
      await small.close();
    }
  });

  it('withdrawPublic alone is a share call with everyone=false&org=false and no unshareItems call', async () => {
    const ids = [D.surveyForm, hexId('ba', 1)];
    state().items.get(ids[1]!)!.everyone = true;
    const results = await unshare({ itemIds: ids, owner: 'alice', withdrawPublic: true });
    expect(results.map((r) => [r.itemId, r.success, r.change])).toEqual(ids.map((id) => [id, true, 'REVOKED']));
    expect(unsharePosts()).toHaveLength(0);
    expect(sharePosts()).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(sharePosts()[0]!.body))).toEqual({ items: ids.join(','), everyone: 'false', org: 'false', f: 'json' });
    expect(ids.map(levelOf)).toEqual(['private', 'private']);
  });

  it('groups and withdrawPublic together make both calls per chunk; the item falls back to shared or private', async () => {
    const item = state().items.get(D.trailsLayer)!;
    item.everyone = true;
    item.groups.add(D.publicGroup);
    const results = await unshare({ itemIds: [D.trailsLayer], owner: 'alice', groups: [D.publicGroup], withdrawPublic: true });
    expect(results[0]).toMatchObject({ success: true, change: 'REVOKED', notUnsharedFrom: [] });
    expect(unsharePosts()).toHaveLength(1);
    expect(sharePosts()).toHaveLength(1);
    expect(levelOf(D.trailsLayer)).toBe('shared');
    expect([...item.groups]).toEqual([D.fieldTeamGroup]);
  });

  it('uses the caller as owner when none is given, asking the portal once', async () => {
    await unshare({ itemIds: [D.trailsLayer], groups: [D.fieldTeamGroup], withdrawPublic: true });
    expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/self' })).toHaveLength(1);
    expect(unsharePosts()[0]!.path).toBe('/sharing/rest/content/users/alice/unshareItems');
    expect(sharePosts()[0]!.path).toBe('/sharing/rest/content/users/alice/shareItems');
  });

  it("lets an org admin unshare on the owner's behalf", async () => {
    state().items.get(D.bobsItem)!.groups.add(D.fieldTeamGroup);
    const results = await unshare({ itemIds: [D.bobsItem], owner: 'bob', groups: [D.fieldTeamGroup] }, { 'x-arcgis-token': D.adminToken });
    expect(results[0]).toMatchObject({ success: true, change: 'REVOKED' });
    expect(unsharePosts()[0]!.path).toBe('/sharing/rest/content/users/bob/unshareItems');
    expect(levelOf(D.bobsItem)).toBe('private');
  });

  describe('notUnsharedFrom', () => {
    it('is resolved to Group objects, batched: one group search for all results', async () => {
      const ids = bulk(3);
      const body = { results: ids.map((itemId) => ({ itemId, success: true, notUnsharedFrom: [D.financeGroup, D.editorsGroup] })) };
      h.sims.arcgis.sim.inject({ kind: 'respond', status: 200, path: '/unshareItems', body: JSON.stringify(body) });
      const results = await unshare({ itemIds: ids, owner: 'alice', groups: [D.financeGroup, D.editorsGroup, D.fieldTeamGroup] });
      for (const r of results) {
        expect(r.notUnsharedFrom).toEqual([
          { id: D.financeGroup, title: 'Finance' },
          { id: D.editorsGroup, title: 'Shared Editors' },
        ]);
        expect(r.notSharedWith).toEqual([]);
        // The field team group is not listed: that much was revoked.
        expect(r.change).toBe('REVOKED');
      }
      expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups' })).toHaveLength(1);
      expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups/:id' })).toHaveLength(0);
    });

    it('reports an unknown group by id, and no change when no group asked for was removed', async () => {
      const unknownGroup = '0000000000000000000000000000beef';
      const results = await unshare({ itemIds: [D.trailsLayer], owner: 'alice', groups: [unknownGroup] });
      expect(results[0]).toMatchObject({ success: true, change: null, notUnsharedFrom: [{ id: unknownGroup, title: null }] });
      expect(levelOf(D.trailsLayer)).toBe('shared');
    });
  });

  describe('failures land on the items they concern', () => {
    it('puts a per-item portal error on that item only', async () => {
      const ids = [D.trailsLayer, UNKNOWN, D.bobsItem, D.parksMap];
      const results = await unshare({ itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] });
      expect(results.map((r) => r.itemId)).toEqual(ids);
      expect(results[0]).toMatchObject({ success: true, change: 'REVOKED', error: null });
      for (const r of [results[1]!, results[2]!]) expect(r).toMatchObject({ success: false, change: null, error: { code: 'NOT_FOUND', backend: 'ARCGIS', upstreamCode: 500 } });
      expect(results[3]).toMatchObject({ success: true, error: null });
    });

    it("gives every item of a failed chunk that chunk's error and keeps the other chunks", async () => {
      const small = await startHarness({ env: { ARCGIS_CHUNK_SIZE: '2', FAN_OUT_CONCURRENCY: '1' } });
      try {
        const ids = bulk(6);
        small.sims.arcgis.sim.inject({ kind: 'delay', ms: 0, path: '/unshareItems' }, { kind: 'respond', status: 200, path: '/unshareItems', body: '<html>oops</html>' });
        const results = await unshare({ itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] }, undefined, small);
        expect(results.map((r) => r.itemId)).toEqual(ids);
        expect(results.map((r) => r.success)).toEqual([true, true, false, false, true, true]);
        expect(results[2]!.error).toMatchObject({ code: 'UPSTREAM_ERROR', backend: 'ARCGIS' });
        expect(results[3]!.error).toEqual(results[2]!.error);
        expect(results[2]!.error!.message).not.toContain('oops');
      } finally {
        await small.close();
      }
    });

    it.each([
      ['connection reset', { kind: 'reset' as const, times: 3 }, 'UPSTREAM_UNAVAILABLE'],
      ['HTTP 500', { kind: 'respond' as const, status: 500, body: 'boom' }, 'UPSTREAM_ERROR'],
      ['a body that is not JSON', { kind: 'respond' as const, status: 200, body: '{"results": [' }, 'UPSTREAM_ERROR'],
      ['a 403 error body', { kind: 'respond' as const, status: 200, body: JSON.stringify({ error: { code: 403, message: 'no' } }) }, 'FORBIDDEN'],
      ['headers past the timeout', { kind: 'delay' as const, ms: 1500, times: 3 }, 'UPSTREAM_TIMEOUT'],
    ])('a whole-call failure (%s) gives every item %s', async (_name, fault, code) => {
      h.sims.arcgis.sim.inject({ ...fault, path: '/unshareItems' });
      const ids = bulk(3);
      const results = await unshare({ itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] });
      expect(results.map((r) => r.itemId)).toEqual(ids);
      for (const r of results) expect(r).toMatchObject({ success: false, change: null, error: { code, backend: 'ARCGIS' } });
    });

    it('a failed withdrawPublic call fails its items even when the group call succeeded', async () => {
      h.sims.arcgis.sim.inject({ kind: 'respond', status: 500, body: 'boom', path: '/shareItems' });
      const results = await unshare({ itemIds: [D.trailsLayer, D.surveyForm], owner: 'alice', groups: [D.fieldTeamGroup], withdrawPublic: true });
      for (const r of results) expect(r).toMatchObject({ success: false, change: null, error: { code: 'UPSTREAM_ERROR', upstreamCode: 500 } });
      expect(unsharePosts()).toHaveLength(1);
    });

    it('an item the portal leaves out of its answer gets an UPSTREAM_ERROR of its own', async () => {
      const ids = bulk(2);
      h.sims.arcgis.sim.inject({ kind: 'respond', status: 200, path: '/unshareItems', body: JSON.stringify({ results: [{ itemId: ids[0], success: true, notUnsharedFrom: [] }] }) });
      const results = await unshare({ itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] });
      expect(results[0]).toMatchObject({ success: true, error: null });
      expect(results[1]).toMatchObject({ success: false, error: { code: 'UPSTREAM_ERROR' } });
    });

    it('a bad token gives every item UNAUTHENTICATED (498)', async () => {
      const results = await unshare({ itemIds: bulk(2), owner: 'alice', groups: [D.fieldTeamGroup] }, { 'x-arcgis-token': 'not-a-token' });
      for (const r of results) expect(r.error).toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 498 });
    });

    it("a plain user unsharing another owner's items gets FORBIDDEN on each", async () => {
      const results = await unshare({ itemIds: [D.bobsItem], owner: 'bob', groups: [D.fieldTeamGroup] });
      expect(results[0]).toMatchObject({ success: false, error: { code: 'FORBIDDEN', upstreamCode: 403 } });
    });
  });

  describe('refuses bad input with BAD_USER_INPUT naming the field, sending nothing', () => {
    const ok = { itemIds: [D.trailsLayer], owner: 'alice', groups: [D.fieldTeamGroup] };
    it.each<[string, Record<string, unknown>, string]>([
      ['no items', { ...ok, itemIds: [] }, 'input.itemIds'],
      ['1,001 items', { ...ok, itemIds: bulk(1001) }, 'input.itemIds'],
      ['101 groups', { ...ok, groups: Array.from({ length: 101 }, (_, i) => hexId('9a', i + 1)) }, 'input.groups'],
      ['an item id that is not 32 hex', { ...ok, itemIds: [D.trailsLayer, 'xyz'] }, 'input.itemIds[1]'],
      ['a path traversal item id', { ...ok, itemIds: ['../../x'] }, 'input.itemIds[0]'],
      ['an encoded slash in an item id', { ...ok, itemIds: ['a%2Fb'] }, 'input.itemIds[0]'],
      ['a group id that is not 32 hex', { ...ok, groups: ['finance'] }, 'input.groups[0]'],
      ['duplicate items (case-insensitive)', { ...ok, itemIds: [D.trailsLayer, D.trailsLayer.toUpperCase()] }, 'input.itemIds'],
      ['duplicate groups', { ...ok, groups: [D.fieldTeamGroup, D.fieldTeamGroup] }, 'input.groups'],
      ['an owner with a slash', { ...ok, owner: 'alice/../bob' }, 'input.owner'],
      ['an owner of dots', { ...ok, owner: '..' }, 'input.owner'],
      ['an empty owner', { ...ok, owner: '' }, 'input.owner'],
      ['nothing to unshare (no groups)', { itemIds: ok.itemIds, owner: 'alice' }, 'input.groups'],
      ['nothing to unshare (empty groups, withdrawPublic false)', { ...ok, groups: [], withdrawPublic: false }, 'input.groups'],
    ])('%s', async (_name, input, field) => {
      const res = await h.gql(UNSHARE, { input });
      expect(firstCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.field).toBe(field);
      expect(res.errors![0]!.message).toContain(field);
      expect(res.data?.unshareItems).toBeUndefined();
      expect(h.upstreamCount()).toBe(0);
    });

    it('applies the same rules to a dry run', async () => {
      const res = await h.gql(UNSHARE, { input: { itemIds: [], groups: [D.fieldTeamGroup], dryRun: true } });
      expect(firstCode(res)).toBe('BAD_USER_INPUT');
      expect(h.upstreamCount()).toBe(0);
    });
  });

  describe('credentials and configuration', () => {
    it('fails with UNAUTHENTICATED and sends nothing without X-ArcGIS-Token', async () => {
      const { 'x-arcgis-token': _dropped, ...others } = DEMO_HEADERS;
      const res = await h.gql(UNSHARE, { input: { itemIds: [D.trailsLayer], owner: 'alice', groups: [D.fieldTeamGroup] } }, others);
      expect(firstCode(res)).toBe('UNAUTHENTICATED');
      expect(res.errors![0]!.message).toContain('X-ArcGIS-Token');
      expect(h.upstreamCount()).toBe(0);
    });

    it('fails with BACKEND_NOT_CONFIGURED and sends nothing without ARCGIS_URL', async () => {
      const bare = await startHarness({ unconfigured: ['ARCGIS_URL'] });
      try {
        const res = await bare.gql(UNSHARE, { input: { itemIds: [D.trailsLayer], owner: 'alice', groups: [D.fieldTeamGroup] } });
        expect(firstCode(res)).toBe('BACKEND_NOT_CONFIGURED');
        expect(bare.upstreamCount()).toBe(0);
      } finally {
        await bare.close();
      }
    });
  });
});
