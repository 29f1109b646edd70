/**
 * Query.itemAccess over real HTTP against the ArcGIS simulator, and the
 * read of item groups that shareItem/shareItems make to settle shares that
 * were already in place (the portal may list those in notSharedWith).
 */
import { startHarness, firstCode, DEMO_HEADERS } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';

const ITEM_ACCESS = `query($ids: [ID!]!) {
  itemAccess(itemIds: $ids) { itemId owner level groups { id title itemUpdateControl membership } }
}`;

const SHARE_ITEM = `mutation($input: ShareItemInput!) {
  shareItem(input: $input) { itemId success change notSharedWith { id title } error { code } }
}`;

const SHARE_ITEMS = `mutation($input: ShareItemsInput!) {
  shareItems(input: $input) { results { itemId success change notSharedWith { id title } error { code } } }
}`;

const bulk = (n: number, from = 1) => Array.from({ length: n }, (_, i) => hexId('ba', from + i));
const UNKNOWN = '0000000000000000000000000000dead';

let h: Harness;
beforeAll(async () => {
  // Hundreds of reads against an in-process simulator: at the default 20 per loader, on a machine
  // this busy, single answers can pass the harness's 1 s headers timeout. The bound is not the point here.
  h = await startHarness({ env: { FAN_OUT_CONCURRENCY: '4' } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const state = () => h.sims.arcgis.state;
const itemGets = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/items/:id' });
const itemGroupGets = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/items/:id/groups' });
const groupSearches = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups' });
const groupGets = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups/:id' });
const groupContentSearches = () => h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/groups/:groupId/search' });

describe('itemAccess', () => {
  it('reports each level as the portal does, with owner and groups, in input order, null for unknown or hidden items', async () => {
    const publicItem = hexId('ba', 1);
    state().items.get(publicItem)!.everyone = true;
    const ids = [D.surveyForm, UNKNOWN, D.trailsLayer, publicItem, D.bobsItem, D.parksMap];
    const res = await h.gql(ITEM_ACCESS, { ids });
    expect(res.errors).toBeUndefined();
    expect(res.data!.itemAccess).toEqual([
      { itemId: D.surveyForm, owner: 'alice', level: 'ORG', groups: [] },
      null,
      { itemId: D.trailsLayer, owner: 'alice', level: 'SHARED', groups: [{ id: D.fieldTeamGroup, title: 'Field Team', itemUpdateControl: false, membership: 'MEMBER' }] },
      { itemId: publicItem, owner: 'alice', level: 'PUBLIC', groups: [] },
      null,
      { itemId: D.parksMap, owner: 'alice', level: 'PRIVATE', groups: [] },
    ]);
  });

  it('reads one item and one item-groups per item, and the groups cost no group search or GET', async () => {
    const item = state().items.get(D.trailsLayer)!;
    item.groups.add(D.editorsGroup);
    item.groups.add(D.financeGroup);
    const res = await h.gql(ITEM_ACCESS, { ids: [D.trailsLayer, D.parksMap, D.surveyForm] });
    expect(res.errors).toBeUndefined();
    const groups = res.data!.itemAccess[0]!.groups;
    expect(groups.map((g) => [g.id, g.itemUpdateControl, g.membership]).sort()).toEqual(
      [
        [D.fieldTeamGroup, false, 'MEMBER'],
        [D.editorsGroup, true, 'ADMIN'],
        [D.financeGroup, false, 'NONE'],
      ].sort(),
    );
    expect(
      itemGets()
        .map((r) => r.path)
        .sort(),
    ).toEqual([D.trailsLayer, D.parksMap, D.surveyForm].map((id) => `/sharing/rest/content/items/${id}`).sort());
    expect(itemGroupGets()).toHaveLength(3);
    expect(groupSearches()).toHaveLength(0);
    expect(groupGets()).toHaveLength(0);
    expect(h.sims.arcgis.sim.requests()).toHaveLength(6);
    expect(h.sims.arcgis.sim.requests().every((r) => r.method === 'GET')).toBe(true);
  });

  it('answers 200 items in input order with exactly 200 + 200 reads and no group search', async () => {
    const ids = bulk(200).reverse();
    ids.forEach((id, i) => {
      const item = state().items.get(id)!;
      if (i % 2 === 0) item.groups.add(hexId('9a', (i % 7) + 1));
      if (i % 3 === 0) item.org = true;
    });
    const res = await h.gql(ITEM_ACCESS, { ids });
    expect(res.errors).toBeUndefined();
    const out = res.data!.itemAccess;
    expect(out.map((a) => a?.itemId)).toEqual(ids);
    out.forEach((a, i) => {
      expect(a!.level).toBe(i % 3 === 0 ? 'ORG' : i % 2 === 0 ? 'SHARED' : 'PRIVATE');
      expect(a!.groups).toEqual(i % 2 === 0 ? [{ id: hexId('9a', (i % 7) + 1), title: `Bulk group ${(i % 7) + 1}`, itemUpdateControl: false, membership: 'MEMBER' }] : []);
    });
    expect(itemGets()).toHaveLength(200);
    expect(itemGroupGets()).toHaveLength(200);
    expect(new Set(itemGets().map((r) => r.path)).size).toBe(200);
    expect(groupSearches()).toHaveLength(0);
    expect(groupGets()).toHaveLength(0);
  });

  it('keeps at most 2 x FAN_OUT_CONCURRENCY reads in flight (one bound per loader)', async () => {
    const narrow = await startHarness({ env: { FAN_OUT_CONCURRENCY: '3' } });
    try {
      narrow.sims.arcgis.state.options.latencyMs = 25;
      const res = await narrow.gql(ITEM_ACCESS, { ids: bulk(30) });
      expect(res.errors).toBeUndefined();
      expect(res.data!.itemAccess).toHaveLength(30);
      const { maxInFlight } = narrow.sims.arcgis.state.stats;
      expect(maxInFlight).toBeLessThanOrEqual(6);
      // And the reads do overlap: 60 sequential calls of 25 ms would be no batching at all.
      expect(maxInFlight).toBeGreaterThanOrEqual(4);
    } finally {
      await narrow.close();
    }
  });

  it('reads an item once per request however often it is asked for, and afresh in the next request', async () => {
    const twice = `query($ids: [ID!]!) { a: itemAccess(itemIds: $ids) { level } b: itemAccess(itemIds: $ids) { level } }`;
    const first = await h.gql(twice, { ids: [D.parksMap, D.trailsLayer] });
    expect(first.data).toEqual({ a: [{ level: 'PRIVATE' }, { level: 'SHARED' }], b: [{ level: 'PRIVATE' }, { level: 'SHARED' }] });
    expect(itemGets()).toHaveLength(2);
    expect(itemGroupGets()).toHaveLength(2);
    state().items.get(D.parksMap)!.org = true;
    const second = await h.gql(ITEM_ACCESS, { ids: [D.parksMap] });
    expect(second.data!.itemAccess[0]!.level).toBe('ORG');
    expect(itemGets()).toHaveLength(3);
  });

  it('reports only the groups the caller may see; the level still says SHARED', async () => {
    const hidden = hexId('dd', 1);
    state().groups.set(hidden, { id: hidden, title: 'Elsewhere', owner: 'zed', access: 'private', orgId: 'otherorg', capabilities: [], members: new Map([['zed', 'owner']]) });
    state().items.get(D.parksMap)!.groups.add(hidden);
    const res = await h.gql(ITEM_ACCESS, { ids: [D.parksMap] });
    expect(res.data!.itemAccess).toEqual([{ itemId: D.parksMap, owner: 'alice', level: 'SHARED', groups: [] }]);
  });

  it('an org admin sees the items of others', async () => {
    const res = await h.gql(ITEM_ACCESS, { ids: [D.bobsItem] }, { 'x-arcgis-token': D.adminToken });
    expect(res.data!.itemAccess).toEqual([{ itemId: D.bobsItem, owner: 'bob', level: 'PRIVATE', groups: [] }]);
  });

  it('a failed read nulls only that entry, with an error at its index carrying the upstream code', async () => {
    h.sims.arcgis.sim.inject({ kind: 'respond', status: 500, body: 'boom', path: `/^\\/sharing\\/rest\\/content\\/items\\/${D.trailsLayer}$/` });
    const res = await h.gql(ITEM_ACCESS, { ids: [D.parksMap, D.trailsLayer, D.surveyForm] });
    expect(res.data!.itemAccess[0]).toMatchObject({ itemId: D.parksMap, level: 'PRIVATE' });
    expect(res.data!.itemAccess[1]).toBeNull();
    expect(res.data!.itemAccess[2]).toMatchObject({ itemId: D.surveyForm, level: 'ORG' });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['itemAccess', 1], extensions: { code: 'UPSTREAM_ERROR', backend: 'ARCGIS', upstreamCode: 500 } });
    expect(res.errors![0]!.message).not.toContain('boom');
  });

  it('a failed item-groups read of a visible item is an error on that entry, not a silent empty list', async () => {
    h.sims.arcgis.sim.inject({ kind: 'respond', status: 200, path: `/content/items/${D.trailsLayer}/groups`, body: JSON.stringify({ error: { code: 403, message: 'no' } }) });
    const res = await h.gql(ITEM_ACCESS, { ids: [D.trailsLayer, D.parksMap] });
    expect(res.data!.itemAccess[0]).toBeNull();
    expect(res.data!.itemAccess[1]).toMatchObject({ itemId: D.parksMap });
    expect(res.errors![0]).toMatchObject({ path: ['itemAccess', 0], extensions: { code: 'FORBIDDEN' } });
  });

  it('a bad token fails every entry with UNAUTHENTICATED (498)', async () => {
    const res = await h.gql(ITEM_ACCESS, { ids: [D.parksMap, D.trailsLayer] }, { 'x-arcgis-token': 'not-a-token' });
    expect(res.data!.itemAccess).toEqual([null, null]);
    expect(res.errors!.map((e) => [e.path, e.extensions!.code, e.extensions!.upstreamCode])).toEqual([
      [['itemAccess', 0], 'UNAUTHENTICATED', 498],
      [['itemAccess', 1], 'UNAUTHENTICATED', 498],
    ]);
  });

  describe('refuses bad input with BAD_USER_INPUT naming the field, sending nothing', () => {
    it.each([
      ['no ids', [], 'itemIds'],
      ['1,001 ids', bulk(1001), 'itemIds'],
      ['an id that is not 32 hex', [D.parksMap, 'not-an-id'], 'itemIds[1]'],
      ['a path traversal id', ['../../x'], 'itemIds[0]'],
      ['an encoded slash', ['a%2Fb'], 'itemIds[0]'],
      ['a duplicate (case-insensitive)', [D.parksMap, D.parksMap.toUpperCase()], 'itemIds'],
    ])('%s', async (_name, ids, field) => {
      const res = await h.gql(ITEM_ACCESS, { ids });
      expect(firstCode(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.field).toBe(field);
      expect(res.errors![0]!.message).toContain(field);
      expect(h.upstreamCount()).toBe(0);
    });
  });

  it('needs X-ArcGIS-Token and sends nothing without it', async () => {
    const { 'x-arcgis-token': _dropped, ...others } = DEMO_HEADERS;
    const res = await h.gql(ITEM_ACCESS, { ids: [D.parksMap] }, others);
    expect(firstCode(res)).toBe('UNAUTHENTICATED');
    expect(h.upstreamCount()).toBe(0);
  });
});

describe('a share already in place is a success', () => {
  describe('with the portal listing already-held groups in notSharedWith (switch on)', () => {
    beforeEach(() => {
      state().options.listAlreadySharedInNotSharedWith = true;
    });

    it('shareItem: the held group is UNCHANGED, success, and not in notSharedWith', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.trailsLayer, owner: 'alice', groups: [D.fieldTeamGroup] } });
      expect(res.data!.shareItem).toEqual({ itemId: D.trailsLayer, success: true, change: 'UNCHANGED', notSharedWith: [], error: null });
      // Confirmed by the group's content search (test/gateway/round-trips.test.ts), so no item-groups read.
      expect(groupContentSearches().map((r) => r.path)).toEqual([`/sharing/rest/content/groups/${D.fieldTeamGroup}/search`]);
      expect(itemGroupGets()).toHaveLength(0);
    });

    it('keeps a group the owner may not share to in notSharedWith next to a held one', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.trailsLayer, owner: 'alice', groups: [D.fieldTeamGroup, D.financeGroup] } });
      expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
      expect(res.data!.shareItem.change).not.toBe('UNCHANGED');
    });

    it('is not UNCHANGED when another group was granted in the same call', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.trailsLayer, owner: 'alice', groups: [D.fieldTeamGroup, D.publicGroup] } });
      expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [] });
      expect(state().items.get(D.trailsLayer)!.groups.has(D.publicGroup)).toBe(true);
      expect(res.data!.shareItem.change).not.toBe('UNCHANGED');
    });

    it('is not UNCHANGED when the same call also set org or everyone', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.trailsLayer, owner: 'alice', groups: [D.fieldTeamGroup], org: true } });
      expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [] });
      expect(state().accessOf(state().items.get(D.trailsLayer)!)).toBe('org');
      expect(res.data!.shareItem.change).not.toBe('UNCHANGED');
    });

    it('shareItems: looks up only the items whose answer listed groups, in one search of the group', async () => {
      const ids = bulk(6);
      for (const id of [ids[1]!, ids[4]!]) state().items.get(id)!.groups.add(D.fieldTeamGroup);
      const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] } });
      expect(res.errors).toBeUndefined();
      const results = res.data!.shareItems.results;
      expect(results.map((r) => r.itemId)).toEqual(ids);
      expect(results.map((r) => r.change)).toEqual([null, 'UNCHANGED', null, null, 'UNCHANGED', null]);
      expect(results.every((r) => r.success && r.notSharedWith.length === 0)).toBe(true);
      expect(groupContentSearches()).toHaveLength(1);
      expect(groupContentSearches()[0]!.query.q).toBe(`id:(${ids[1]} OR ${ids[4]})`);
      expect(itemGroupGets()).toHaveLength(0);
      expect(itemGets()).toHaveLength(0);
    });

    it('keeps the portal answer when the look-up fails', async () => {
      h.sims.arcgis.sim.inject({ kind: 'respond', status: 500, body: 'boom', path: `/content/groups/${D.fieldTeamGroup}/search`, times: 3 });
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.trailsLayer, owner: 'alice', groups: [D.fieldTeamGroup] } });
      expect(res.data!.shareItem).toMatchObject({ success: true, error: null, notSharedWith: [{ id: D.fieldTeamGroup, title: 'Field Team' }] });
      expect(res.data!.shareItem.change).not.toBe('UNCHANGED');
      // A failing portal is not asked again item by item.
      expect(itemGroupGets()).toHaveLength(0);
    });
  });

  describe('with the portal answering already-held groups silently (switch off)', () => {
    it('shareItem reports a plain success and reads no item groups', async () => {
      const res = await h.gql(SHARE_ITEM, { input: { itemId: D.trailsLayer, owner: 'alice', groups: [D.fieldTeamGroup] } });
      expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [], error: null });
      expect(itemGroupGets()).toHaveLength(0);
    });

    it('shareItems: items with empty notSharedWith cause no item-groups read; nor does a refusal by a group the owner is not in', async () => {
      const ids = bulk(4);
      state().items.get(ids[2]!)!.groups.add(D.fieldTeamGroup);
      const all = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] } });
      expect(all.data!.shareItems.results.every((r: { success: boolean; notSharedWith: unknown[] }) => r.success && r.notSharedWith.length === 0)).toBe(true);
      expect(itemGroupGets()).toHaveLength(0);
      h.sims.arcgis.sim.clearLog();
      const refused = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.financeGroup] } });
      expect(refused.data!.shareItem).toMatchObject({ notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
      expect(refused.data!.shareItem.change).not.toBe('UNCHANGED');
      expect(itemGroupGets()).toHaveLength(0);
      expect(groupContentSearches()).toHaveLength(0);
    });
  });
});
