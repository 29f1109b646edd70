import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';

const SHARE_ITEMS = `mutation($input: ShareItemsInput!) {
  shareItems(input: $input) {
    results { itemId success notSharedWith { id title } error { code backend upstreamCode message } }
  }
}`;

const bulk = (n: number, from = 1) => Array.from({ length: n }, (_, i) => hexId('ba', from + i));
const bulkGroup = (n: number) => hexId('9a', n);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { ARCGIS_CHUNK_SIZE: '100' } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const batchPosts = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/users/:owner/shareItems' });
const groupSearches = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups' });
const groupGets = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups/:id' });

describe('shareItems', () => {
  it('shares 1,000 items in chunks of 100 and returns one result per item in input order', async () => {
    const ids = bulk(1000).reverse();
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] } });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareItems.results;
    expect(results.map((r) => r.itemId)).toEqual(ids);
    expect(results.every((r) => r.success)).toBe(true);
    const posts = batchPosts();
    expect(posts).toHaveLength(10);
    const sent = posts.map((p) => new URLSearchParams(p.body).get('items')!.split(','));
    expect(sent.every((chunk) => chunk.length === 100)).toBe(true);
    expect(sent.flat().sort()).toEqual([...ids].sort());
    expect(posts[0]!.path).toBe('/sharing/rest/content/users/alice/shareItems');
  });

  it('honours a configured chunk size', async () => {
    const small = await startHarness({ env: { ARCGIS_CHUNK_SIZE: '7' } });
    try {
      const res = await small.gql(SHARE_ITEMS, { input: { itemIds: bulk(20), owner: 'alice', org: true } });
      expect(res.data!.shareItems.results).toHaveLength(20);
      expect(small.sims.arcgis.sim.requests({ route: '/sharing/rest/content/users/:owner/shareItems' })).toHaveLength(3);
    } finally {
      await small.close();
    }
  });

  it('puts a per-item portal error on that item only', async () => {
    const ids = [D.parksMap, '0000000000000000000000000000dead', D.trailsLayer];
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', org: true } });
    const results = res.data!.shareItems.results;
    expect(results.map((r: { itemId: string }) => r.itemId)).toEqual(ids);
    expect(results[0]).toMatchObject({ success: true, error: null });
    expect(results[1]).toMatchObject({ success: false, error: { code: 'NOT_FOUND', backend: 'ARCGIS', upstreamCode: 500 } });
    expect(results[2]).toMatchObject({ success: true, error: null });
  });

  it("gives every item of a failed chunk that chunk's error, keeps the others, and keeps serving", async () => {
    const small = await startHarness({ env: { ARCGIS_CHUNK_SIZE: '2', FAN_OUT_CONCURRENCY: '1' } });
    try {
      // Faults are consumed in order: chunk 1 gets a harmless delay, chunk 2 an HTML body, chunk 3 nothing.
      const ids = bulk(6);
      small.sims.arcgis.sim.inject({ kind: 'delay', ms: 0, path: '/shareItems' }, { kind: 'respond', status: 200, path: '/shareItems', body: '<html>oops</html>' });
      const res = await small.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', org: true } });
      const results = res.data!.shareItems.results;
      expect(results.map((r: { itemId: string }) => r.itemId)).toEqual(ids);
      expect(results.map((r: { success: boolean }) => r.success)).toEqual([true, true, false, false, true, true]);
      expect(results[2]!.error).toMatchObject({ code: 'UPSTREAM_ERROR', backend: 'ARCGIS' });
      expect(results[3]!.error).toEqual(results[2]!.error);
      const again = await small.gql(SHARE_ITEMS, { input: { itemIds: ids.slice(0, 2), owner: 'alice', org: true } });
      expect(again.data!.shareItems.results.every((r: { success: boolean }) => r.success)).toBe(true);
    } finally {
      await small.close();
    }
  });

  it.each([
    ['connection reset', { kind: 'reset' as const, times: 3 }, 'UPSTREAM_UNAVAILABLE'],
    ['HTTP 500', { kind: 'respond' as const, status: 500, body: 'boom' }, 'UPSTREAM_ERROR'],
    ['HTTP 503 on every attempt', { kind: 'respond' as const, status: 503, body: '', times: 3 }, 'UPSTREAM_ERROR'],
    ['a body that is not JSON', { kind: 'respond' as const, status: 200, body: '{"results": [' }, 'UPSTREAM_ERROR'],
    ['headers past the timeout', { kind: 'delay' as const, ms: 1500, times: 3 }, 'UPSTREAM_TIMEOUT'],
  ])('a whole-call failure (%s) gives every item %s', async (_name, fault, code) => {
    h.sims.arcgis.sim.inject({ ...fault, path: '/shareItems' });
    const ids = bulk(3);
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', org: true } });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareItems.results;
    expect(results.map((r: { itemId: string }) => r.itemId)).toEqual(ids);
    for (const r of results) expect(r).toMatchObject({ success: false, error: { code, backend: 'ARCGIS' } });
  });

  it('gives every item UPSTREAM_UNAVAILABLE when the portal refuses connections', async () => {
    const dead = await startHarness({ env: { ARCGIS_URL: 'http://127.0.0.1:1/sharing/rest' } });
    try {
      const res = await dead.gql(SHARE_ITEMS, { input: { itemIds: bulk(3), owner: 'alice', org: true } });
      expect(res.data!.shareItems.results.map((r) => r.error?.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    } finally {
      await dead.close();
    }
  });
});

describe('group look-ups are batched through one DataLoader per request', () => {
  it('200 items whose results name 30 distinct groups cost one group search and no single-group GETs', async () => {
    const groups = Array.from({ length: 30 }, (_, i) => bulkGroup(i + 1));
    // Alice is a member of none of these 30 after we remove her, so every item lists all 30 in notSharedWith.
    for (const g of groups) h.sims.arcgis.state.groups.get(g)!.members.delete('alice');
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(200), owner: 'alice', groups } });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareItems.results;
    expect(results).toHaveLength(200);
    expect(results[0]!.notSharedWith.map((g) => g.id)).toEqual(groups);
    expect(results[199]!.notSharedWith[29]).toEqual({ id: groups[29], title: 'Bulk group 30' });
    expect(groupSearches()).toHaveLength(1);
    expect(groupGets()).toHaveLength(0);
    const q = new URLSearchParams(groupSearches()[0]!.url.split('?')[1]);
    expect(q.get('q')).toBe(`id:(${groups.join(' OR ')})`);
  });

  it('splits past the portal page size: 150 groups cost two searches', async () => {
    const groups = Array.from({ length: 100 }, (_, i) => bulkGroup(i + 1));
    const more = Array.from({ length: 50 }, (_, i) => bulkGroup(i + 101));
    for (const g of [...groups, ...more]) h.sims.arcgis.state.groups.get(g)!.members.delete('alice');
    const res = await h.gql(
      `mutation($a: ShareItemsInput!, $b: ShareItemsInput!) { a: shareItems(input: $a) { results { notSharedWith { title } } } b: shareItems(input: $b) { results { notSharedWith { title } } } }`,
      { a: { itemIds: bulk(2), owner: 'alice', groups }, b: { itemIds: bulk(2, 3), owner: 'alice', groups: more } },
    );
    expect(res.errors).toBeUndefined();
    expect(groupSearches()).toHaveLength(2);
    for (const s of groupSearches()) expect(Number(new URLSearchParams(s.url.split('?')[1]).get('num'))).toBeLessThanOrEqual(100);
  });

  it('falls back to an exact GET only for groups the search index has not caught up with', async () => {
    h.sims.arcgis.state.options.searchLag.add(D.financeGroup);
    const res = await h.gql(`query($ids: [ID!]!) { groups(ids: $ids) { id title } }`, { ids: [D.fieldTeamGroup, D.financeGroup, '0000000000000000000000000000beef'] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.groups).toEqual([{ id: D.fieldTeamGroup, title: 'Field Team' }, { id: D.financeGroup, title: 'Finance' }, null]);
    expect(groupSearches()).toHaveLength(1);
    expect(groupGets().map((r) => r.path)).toEqual([`/sharing/rest/community/groups/${D.financeGroup}`, '/sharing/rest/community/groups/0000000000000000000000000000beef']);
  });

  it('Query.groups returns groups in the order asked with membership and item update control', async () => {
    const res = await h.gql(`query($ids: [ID!]!) { groups(ids: $ids) { id title owner itemUpdateControl membership } }`, { ids: [D.editorsGroup, D.fieldTeamGroup] });
    expect(res.data!.groups).toEqual([
      { id: D.editorsGroup, title: 'Shared Editors', owner: 'admin', itemUpdateControl: true, membership: 'ADMIN' },
      { id: D.fieldTeamGroup, title: 'Field Team', owner: 'admin', itemUpdateControl: false, membership: 'MEMBER' },
    ]);
  });
});
