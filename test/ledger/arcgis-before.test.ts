/**
 * What the ledger reads of ArcGIS items before a write (src/services/items/
 * before.ts), over real HTTP against the simulator: a batch is read per 100
 * items through the portal's item search (in any / in all of the groups
 * asked, and by id for the levels when the write sets everyone or org), and
 * only the items those searches cannot settle are read one by one; the
 * change recorded for each item and group is what the write really changed.
 * A few items are read exactly, as a dry run reads them.
 */
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ADMIN_TOKEN, SHARE_ITEMS, operationById } from './gateway-kit';

const bulk = (n: number) => Array.from({ length: n }, (_, i) => hexId('ba', i + 1));
/** Three of Alice's groups. */
const [G1, G2, G3] = [hexId('9a', 1), hexId('9a', 2), hexId('9a', 3)];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ledger: true, env: { ADMIN_TOKEN } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const state = () => h.sims.arcgis.state;
const sim = () => h.sims.arcgis.sim;
/** The `q` of each item search sent, whether as GET or as POST. */
const searches = () =>
  sim()
    .requests({ route: '/sharing/rest/search' })
    .map((r) => r.query.q ?? new URLSearchParams(r.body).get('q') ?? '');
const itemReads = () => sim().requests({ route: '/sharing/rest/content/items/:id' });
const itemGroupReads = () => sim().requests({ route: '/sharing/rest/content/items/:id/groups' });
const idsIn = (q: string) => /^id:\(([^)]*)\)/.exec(q)![1]!.split(' OR ');

describe('a batch is read per 100 items, not per item', () => {
  it('250 items, three groups: two searches per 100 items settle the items in all or none of the groups; only the items in some are read one by one', async () => {
    const ids = bulk(250);
    const inAll = ids.slice(0, 100);
    const inSome = ids.slice(100, 130);
    for (const id of inAll) for (const g of [G1, G2, G3]) state().items.get(id)!.groups.add(g);
    for (const id of inSome) state().items.get(id)!.groups.add(G2);

    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [G1, G2, G3] } });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareItems.results;
    expect(results.filter((r) => r.change === 'UNCHANGED').map((r) => r.itemId)).toEqual(inAll);
    expect(results.filter((r) => r.change === 'GRANTED').map((r) => r.itemId)).toEqual(ids.slice(100));

    const qs = searches();
    expect(qs).toHaveLength(6);
    expect(qs.filter((q) => q.endsWith(`AND (group:${G1} OR group:${G2} OR group:${G3})`))).toHaveLength(3);
    expect(qs.filter((q) => q.endsWith(`AND group:${G1} AND group:${G2} AND group:${G3}`))).toHaveLength(3);
    expect(qs.map((q) => idsIn(q).length).sort((a, b) => a - b)).toEqual([50, 50, 100, 100, 100, 100]);
    // Only the 30 items in some of the groups are read exactly.
    expect(new Set(itemGroupReads().map((r) => r.path.split('/')[5]))).toEqual(new Set(inSome));
    expect(itemReads()).toHaveLength(inSome.length);

    const op = await operationById(h, res.data!.shareItems.operationId!);
    const of = (itemId: string) => op.changes.filter((c) => c.targetId === itemId).map((c) => [c.principalId, c.before, c.after, c.change]);
    expect(of(inAll[0]!)).toEqual([G1, G2, G3].map((g) => [g, 'SHARED', 'SHARED', 'UNCHANGED']));
    expect(of(inSome[0]!)).toEqual([
      [G1, null, 'SHARED', 'GRANTED'],
      [G2, 'SHARED', 'SHARED', 'UNCHANGED'],
      [G3, null, 'SHARED', 'GRANTED'],
    ]);
    expect(of(ids[200]!)).toEqual([G1, G2, G3].map((g) => [g, null, 'SHARED', 'GRANTED']));
  });

  it('a group the owner is not in (Finance) does not make every item a case to read one by one: the searches run again without it', async () => {
    const ids = bulk(150);
    for (const id of ids) for (const g of [G1, G2]) state().items.get(id)!.groups.add(g);
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [G1, G2, D.financeGroup] } });
    expect(res.errors).toBeUndefined();
    // The portal refuses Finance (Alice is not in it); the two groups she is in already hold every item.
    for (const r of res.data!.shareItems.results) expect(r.change).toBe('UNCHANGED');
    const qs = searches();
    expect(qs.filter((q) => q.includes(D.financeGroup))).toHaveLength(4);
    expect(qs.filter((q) => !q.includes(D.financeGroup))).toHaveLength(4);
    expect(itemReads()).toHaveLength(0);
    expect(itemGroupReads()).toHaveLength(0);
    const op = await operationById(h, res.data!.shareItems.operationId!);
    expect(op.changes.filter((c) => c.targetId === ids[0]).map((c) => [c.principalId, c.before, c.after, c.change, c.errorCode])).toEqual([
      [G1, 'SHARED', 'SHARED', 'UNCHANGED', null],
      [G2, 'SHARED', 'SHARED', 'UNCHANGED', null],
      [D.financeGroup, null, null, null, 'FORBIDDEN'],
    ]);
  });

  it('with everyone set, one more search by id gives each level', async () => {
    const ids = bulk(150);
    state().items.get(ids[0]!)!.org = true;
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [G1], everyone: true } });
    expect(res.errors).toBeUndefined();
    const qs = searches();
    // One group: "in any" is "in all". Per chunk: levels and groups.
    expect(qs).toHaveLength(4);
    expect(qs.filter((q) => /^id:\([^)]*\)$/.test(q)).map((q) => idsIn(q).length)).toEqual(expect.arrayContaining([100, 50]));
    expect(itemReads()).toHaveLength(0);
    expect(itemGroupReads()).toHaveLength(0);
    const op = await operationById(h, res.data!.shareItems.operationId!);
    const everyone = (itemId: string) => op.changes.find((c) => c.targetId === itemId && c.principalId === 'everyone');
    expect(everyone(ids[0]!)).toMatchObject({ before: 'ORG', after: 'PUBLIC', change: 'UPGRADED', success: true });
    expect(everyone(ids[1]!)).toMatchObject({ before: 'PRIVATE', after: 'PUBLIC', change: 'GRANTED', success: true });
  });

  it('searches that fail leave the items recorded without the state before, and the write still goes', async () => {
    const ids = bulk(120);
    sim().inject({ kind: 'respond', status: 500, body: 'boom', path: '/sharing/rest/search', times: 100 });
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [G1] } });
    expect(res.errors).toBeUndefined();
    expect(searches().length).toBeGreaterThanOrEqual(2);
    expect(res.data!.shareItems.results.every((r) => r.success)).toBe(true);
    expect(state().items.get(ids[0]!)!.groups.has(G1)).toBe(true);
    const op = await operationById(h, res.data!.shareItems.operationId!);
    expect(op.changes).toHaveLength(120);
    for (const c of op.changes) expect(c).toMatchObject({ principalId: G1, before: null, after: 'SHARED', change: null, success: true });
  });
});

describe('a few items are read exactly', () => {
  it('three items: the item and its groups, one by one, and no search', async () => {
    const ids = bulk(3);
    state().items.get(ids[0]!)!.groups.add(G1);
    const res = await h.gql(SHARE_ITEMS, { input: { itemIds: ids, owner: 'alice', groups: [G1, D.financeGroup] } });
    expect(res.errors).toBeUndefined();
    expect(searches()).toHaveLength(0);
    expect(itemReads()).toHaveLength(3);
    expect(itemGroupReads()).toHaveLength(3);
    expect(res.data!.shareItems.results.map((r) => r.change)).toEqual(['UNCHANGED', 'GRANTED', 'GRANTED']);
  });
});
