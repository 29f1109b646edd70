/**
 * Round trips are what users wait for (issue 19): the ArcGIS item services
 * send independent reads together, settle "already shared" answers with as
 * few reads as the portal allows, and send a 1,000-item batch in one wave,
 * without making more calls than before. Proven over real HTTP from the
 * simulator's request log and its count of calls answered at once
 * (`stats.maxInFlight`, with every answer held `latencyMs` so that calls sent
 * together overlap); nothing here measures time.
 */
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';

const SHARE_ITEM = `mutation($input: ShareItemInput!) {
  shareItem(input: $input) { itemId success change notSharedWith { id title } error { code } }
}`;
const SHARE_ITEMS = `mutation($input: ShareItemsInput!) {
  shareItems(input: $input) { results { itemId success change notSharedWith { id title } error { code } } }
}`;
const ITEM_ACCESS = `query($ids: [ID!]!) { itemAccess(itemIds: $ids) { itemId level groups { id title } } }`;

const bulk = (n: number, from = 1) => Array.from({ length: n }, (_, i) => hexId('ba', from + i));
const bulkGroups = (n: number) => Array.from({ length: n }, (_, i) => hexId('9a', i + 1));
/** Nine of Alice's groups and Finance, which she is not in: the benchmark's shape. */
const TEN_GROUPS = [...bulkGroups(9), D.financeGroup];
/** Long enough that calls sent in the same tick are all being answered at once, even on a loaded machine. */
const HOLD_MS = 150;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const state = () => h.sims.arcgis.state;
const sim = () => h.sims.arcgis.sim;
const routes = () => sim().log.map((r) => r.route);
const calls = (route: string) => sim().requests({ route: `/sharing/rest${route}` });
const R = {
  self: '/community/self',
  user: '/community/users/:username',
  groupSearch: '/community/groups',
  contentSearch: '/content/groups/:groupId/search',
  itemGroups: '/content/items/:id/groups',
  item: '/content/items/:id',
  share: '/content/users/:owner/items/:id/share',
  shareItems: '/content/users/:owner/shareItems',
};
/** Ids asked for in a group content search's `q=id:(a OR b …)`, whether sent as GET or POST. */
const askedIds = (r: { query: Record<string, string>; body: string }) => {
  const q = r.query.q ?? new URLSearchParams(r.body).get('q') ?? '';
  return /^id:\((.*)\)$/.exec(q)![1]!.split(' OR ');
};

describe('independent reads run together', () => {
  it('shareItem without an owner asks who the caller is and looks up the groups at once, then shares', async () => {
    state().options.latencyMs = HOLD_MS;
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup, D.publicGroup] } });
    expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [], error: null });
    expect(routes().map((r) => r!.replace('/sharing/rest', ''))).toEqual(expect.arrayContaining([R.self, R.groupSearch, R.share]));
    expect(routes()).toHaveLength(3);
    // Both reads were being answered together; the share, which needs both, came alone.
    expect(state().stats.maxInFlight).toBe(2);
    expect(routes()[2]).toBe(`/sharing/rest${R.share}`);
  });

  it('shareItems without an owner does the same: one self, one group search, then the chunk', async () => {
    state().options.latencyMs = HOLD_MS;
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(3), groups: bulkGroups(2) } });
    expect(res.errors).toBeUndefined();
    expect(calls(R.self)).toHaveLength(1);
    expect(calls(R.groupSearch)).toHaveLength(1);
    expect(calls(R.shareItems)).toHaveLength(1);
    expect(routes()).toHaveLength(3);
    expect(state().stats.maxInFlight).toBe(2);
  });

  it('a self read that fails still gives every item its error, and nothing is shared', async () => {
    sim().inject({ kind: 'respond', status: 200, path: '/community/self', body: JSON.stringify({ error: { code: 498, message: 'Invalid token.' } }) });
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(2), groups: [D.fieldTeamGroup] } });
    expect(res.data!.shareItems.results.map((r: { error: { code: string } | null }) => r.error?.code)).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
    expect(calls(R.shareItems)).toHaveLength(0);
  });
});

describe('"already shared" reads nothing for a group the owner is not in', () => {
  it('shareItem by the owner: Finance stays in notSharedWith with its title, from the pre-check alone', async () => {
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup, D.financeGroup] } });
    expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
    expect(routes().sort()).toEqual([R.groupSearch, R.self, R.share].map((r) => `/sharing/rest${r}`).sort());
  });

  it("shareItems of 300 items x 10 groups, owner named: one read of the owner's groups, sent with the chunks, instead of 300 item reads", async () => {
    state().options.latencyMs = HOLD_MS;
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(300), owner: 'alice', groups: TEN_GROUPS } });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareItems.results;
    expect(results.map((r: { itemId: string }) => r.itemId)).toEqual(bulk(300));
    for (const r of results) expect(r).toMatchObject({ success: true, error: null, notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
    expect(calls(R.groupSearch)).toHaveLength(1);
    expect(calls(R.shareItems)).toHaveLength(3);
    expect(calls(R.user).map((r) => r.path)).toEqual(['/sharing/rest/community/users/alice']);
    expect(calls(R.itemGroups)).toHaveLength(0);
    expect(calls(R.contentSearch)).toHaveLength(0);
    expect(routes()).toHaveLength(5);
    // The owner's groups were read in the chunks' wave: 3 chunks + 1 read answered at once.
    expect(state().stats.maxInFlight).toBe(4);
  });

  it("an admin acting for the owner: the owner's groups decide, read once", async () => {
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(5), owner: 'alice', groups: [D.fieldTeamGroup, D.financeGroup] } }, { 'x-arcgis-token': D.adminToken });
    expect(res.errors).toBeUndefined();
    for (const r of res.data!.shareItems.results) expect(r).toMatchObject({ success: true, notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
    expect(calls(R.user).map((r) => r.path)).toEqual(['/sharing/rest/community/users/alice']);
    expect(calls(R.itemGroups)).toHaveLength(0);
    expect(calls(R.contentSearch)).toHaveLength(0);
  });

  it("a share with no refusal in sight makes no read of the owner's groups", async () => {
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(3), owner: 'alice', groups: bulkGroups(3) } });
    expect(res.errors).toBeUndefined();
    expect(routes().sort()).toEqual([R.groupSearch, R.shareItems].map((r) => `/sharing/rest${r}`).sort());
  });

  it("with confirmItemControl (no pre-check) the owner's groups are read only once a refusal comes back", async () => {
    const quiet = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(2), owner: 'alice', groups: [D.fieldTeamGroup], confirmItemControl: true } });
    expect(quiet.errors).toBeUndefined();
    expect(routes()).toEqual([`/sharing/rest${R.shareItems}`]);
    sim().clearLog();
    const refused = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(2), owner: 'alice', groups: [D.financeGroup], confirmItemControl: true } });
    expect(refused.data!.shareItems.results[0]).toMatchObject({ notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
    expect(calls(R.user)).toHaveLength(1);
    expect(calls(R.itemGroups)).toHaveLength(0);
    expect(calls(R.contentSearch)).toHaveLength(0);
  });

  it("when the owner's groups cannot be read, it looks as it would for a group of theirs", async () => {
    sim().inject({ kind: 'respond', status: 500, body: 'boom', path: '/community/users/alice', times: 3 });
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(3), owner: 'alice', groups: [D.financeGroup] } });
    expect(res.data!.shareItems.results.every((r: { notSharedWith: unknown[] }) => r.notSharedWith.length === 1)).toBe(true);
    expect(calls(R.contentSearch).map((r) => r.path)).toEqual([`/sharing/rest/content/groups/${D.financeGroup}/search`]);
    // The search confirms none of them, so each is read: correct, if dear, and only on this failure.
    expect(calls(R.itemGroups)).toHaveLength(3);
  });
});

describe('where it must look, it asks per group, not per item', () => {
  beforeEach(() => {
    state().options.listAlreadySharedInNotSharedWith = true;
  });

  it("250 items already in a group of the owner's: three group content searches (100 + 100 + 50), no item reads", async () => {
    const ids = bulk(250);
    for (const id of ids) state().items.get(id)!.groups.add(D.fieldTeamGroup);
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] } });
    expect(res.errors).toBeUndefined();
    for (const r of res.data!.shareItems.results) expect(r).toMatchObject({ success: true, change: 'UNCHANGED', notSharedWith: [] });
    const searches = calls(R.contentSearch);
    expect(searches.map((r) => askedIds(r).length).sort((a, b) => a - b)).toEqual([50, 100, 100]);
    expect(new Set(searches.flatMap(askedIds))).toEqual(new Set(ids));
    expect(searches.every((r) => r.path === `/sharing/rest/content/groups/${D.fieldTeamGroup}/search`)).toBe(true);
    expect(calls(R.itemGroups)).toHaveLength(0);
    // Alice shares as herself and is in the group: no read of her groups either.
    expect(calls(R.user)).toHaveLength(0);
  });

  it('falls back to item reads only for what the search index has not caught up with', async () => {
    const ids = bulk(6);
    for (const id of ids) state().items.get(id)!.groups.add(D.fieldTeamGroup);
    state().options.itemSearchLag.add(ids[1]!);
    state().options.itemSearchLag.add(ids[4]!);
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] } });
    expect(res.errors).toBeUndefined();
    for (const r of res.data!.shareItems.results) expect(r).toMatchObject({ success: true, change: 'UNCHANGED', notSharedWith: [] });
    expect(calls(R.contentSearch)).toHaveLength(1);
    expect(
      calls(R.itemGroups)
        .map((r) => r.path)
        .sort(),
    ).toEqual([ids[1], ids[4]].map((id) => `/sharing/rest/content/items/${id}/groups`).sort());
  });

  it("two groups, one the owner's and one not: only the owner's is searched", async () => {
    state().items.get(D.parksMap)!.groups.add(D.fieldTeamGroup);
    const res = await h.gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup, D.financeGroup] } });
    expect(res.data!.shareItem).toMatchObject({ success: true, notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
    expect(calls(R.contentSearch).map((r) => r.path)).toEqual([`/sharing/rest/content/groups/${D.fieldTeamGroup}/search`]);
    expect(calls(R.user)).toHaveLength(1);
    expect(calls(R.itemGroups)).toHaveLength(0);
  });
});

describe('a 1,000-item batch goes in one wave, within the bounds', () => {
  it('1,000 items x 20 groups: one group search, then all 10 chunks answered at once; nothing else', async () => {
    state().options.latencyMs = HOLD_MS;
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: bulk(1000), owner: 'alice', groups: bulkGroups(20) } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.shareItems.results).toHaveLength(1000);
    expect(calls(R.groupSearch)).toHaveLength(1);
    expect(calls(R.shareItems)).toHaveLength(10);
    expect(routes()).toHaveLength(11);
    expect(state().stats.maxInFlight).toBe(10);
  });

  it('FAN_OUT_CONCURRENCY still bounds one operation: chunks and group content searches', async () => {
    const narrow = await startHarness({ env: { FAN_OUT_CONCURRENCY: '3' } });
    try {
      const s = narrow.sims.arcgis.state;
      s.options.latencyMs = 30;
      const share = await narrow.gql(SHARE_ITEMS, { input: { itemIds: bulk(1000), owner: 'alice', groups: bulkGroups(2) } });
      expect(share.data!.shareItems.results).toHaveLength(1000);
      expect(narrow.sims.arcgis.sim.requests({ route: `/sharing/rest${R.shareItems}` })).toHaveLength(10);
      expect(s.stats.maxInFlight).toBe(3);
      narrow.reset();
      s.options.latencyMs = 30;
      s.options.listAlreadySharedInNotSharedWith = true;
      const ids = bulk(700);
      for (const id of ids) s.items.get(id)!.groups.add(D.fieldTeamGroup);
      const again = await narrow.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup], confirmItemControl: true } });
      expect(again.errors).toBeUndefined();
      expect(narrow.sims.arcgis.sim.requests({ route: `/sharing/rest${R.contentSearch}` })).toHaveLength(7);
      expect(s.stats.maxInFlight).toBe(3);
    } finally {
      await narrow.close();
    }
  });

  it("itemAccess of 50 items: the 100 reads, both loaders' worth at once", async () => {
    state().options.latencyMs = HOLD_MS;
    const res = await h.gql(ITEM_ACCESS, { ids: bulk(50) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.itemAccess).toHaveLength(50);
    expect(calls(R.item)).toHaveLength(50);
    expect(calls(R.itemGroups)).toHaveLength(50);
    expect(routes()).toHaveLength(100);
    // FAN_OUT_CONCURRENCY (20 by default) per loader, both loaders together.
    expect(state().stats.maxInFlight).toBe(2 * h.config.fanOutConcurrency);
  });
});
