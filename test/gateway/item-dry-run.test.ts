/**
 * dryRun: true on shareItem, shareItems and unshareItems, over real HTTP
 * against the ArcGIS simulator. Every dry run here is checked to have sent
 * nothing but GETs to any backend and to have left the portal's state as it
 * was; where it matters, the prediction is compared with what the same
 * input really does.
 */
import { startHarness, firstCode } from '../helpers/harness';
import type { Data, Harness, ItemShareResult as Result } from '../helpers/harness';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';

const RESULT = 'itemId success change notSharedWith { id title } notUnsharedFrom { id } error { code backend message }';
const SHARE_ITEM = `mutation($input: ShareItemInput!) { shareItem(input: $input) { ${RESULT} } }`;
const SHARE_ITEMS = `mutation($input: ShareItemsInput!) { shareItems(input: $input) { results { ${RESULT} } } }`;
const UNSHARE_ITEMS = `mutation($input: UnshareItemsInput!) { unshareItems(input: $input) { results { ${RESULT} } } }`;

const UNKNOWN = '0000000000000000000000000000dead';
const bulk = (n: number, from = 1) => Array.from({ length: n }, (_, i) => hexId('ba', from + i));

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const state = () => h.sims.arcgis.state;
const levelOf = (id: string) => state().accessOf(state().items.get(id)!);

/** Every item's access and groups, to prove a dry run changed nothing. */
function snapshot(): string {
  return JSON.stringify([...state().items.values()].map((i) => [i.id, i.org, i.everyone, [...i.groups].sort()]));
}

function everyRequestWasARead(): void {
  const all = [...h.sims.arcgis.sim.log, ...h.sims.ocm.sim.log, ...h.sims.onlyoffice.sim.log];
  expect(all.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([]);
}

type Op = 'shareItem' | 'shareItems' | 'unshareItems';
const resultsOf = (data: Data, op: Op): Result[] => (op === 'shareItem' ? [data.shareItem] : data[op].results);
const QUERY: Record<Op, string> = { shareItem: SHARE_ITEM, shareItems: SHARE_ITEMS, unshareItems: UNSHARE_ITEMS };

/** Runs the mutation with dryRun: true, checks it wrote nothing, and returns its results. */
async function dryRun(op: Op, input: Record<string, unknown>, headers?: Record<string, string>): Promise<Result[]> {
  const before = snapshot();
  const res = await h.gql(QUERY[op], { input: { ...input, dryRun: true } }, headers);
  expect(res.errors).toBeUndefined();
  everyRequestWasARead();
  expect(snapshot()).toBe(before);
  return resultsOf(res.data!, op);
}

/** The same input, for real. */
async function realRun(op: Op, input: Record<string, unknown>, headers?: Record<string, string>): Promise<Result[]> {
  h.sims.arcgis.sim.clearLog();
  const res = await h.gql(QUERY[op], { input: { ...input, dryRun: false } }, headers);
  expect(res.errors).toBeUndefined();
  return resultsOf(res.data!, op);
}

describe('shareItem dryRun', () => {
  it('GRANTED: a private item shared with a group the owner is in, then really shared', async () => {
    const input = { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup] };
    const [preview] = await dryRun('shareItem', input);
    expect(preview).toEqual({ itemId: D.parksMap, success: true, change: 'GRANTED', notSharedWith: [], notUnsharedFrom: [], error: null });
    const [real] = await realRun('shareItem', input);
    expect(real).toMatchObject({ success: true, notSharedWith: [] });
    expect(levelOf(D.parksMap)).toBe('shared');
  });

  it('GRANTED: a private item shared with the org', async () => {
    const [preview] = await dryRun('shareItem', { itemId: D.parksMap, owner: 'alice', org: true });
    expect(preview!.change).toBe('GRANTED');
  });

  it('UPGRADED: a shared item shared with the org', async () => {
    const [preview] = await dryRun('shareItem', { itemId: D.trailsLayer, owner: 'alice', org: true });
    expect(preview).toMatchObject({ success: true, change: 'UPGRADED', error: null });
  });

  it('UPGRADED: an org item made public', async () => {
    const [preview] = await dryRun('shareItem', { itemId: D.surveyForm, owner: 'alice', everyone: true });
    expect(preview!.change).toBe('UPGRADED');
  });

  it('DOWNGRADED: a public item with everyone: false', async () => {
    state().items.get(D.trailsLayer)!.everyone = true;
    const [preview] = await dryRun('shareItem', { itemId: D.trailsLayer, owner: 'alice', everyone: false });
    expect(preview).toMatchObject({ success: true, change: 'DOWNGRADED', error: null });
    await realRun('shareItem', { itemId: D.trailsLayer, owner: 'alice', everyone: false });
    expect(levelOf(D.trailsLayer)).toBe('shared');
  });

  it('UNCHANGED: sharing with a group that already holds the item', async () => {
    const [preview] = await dryRun('shareItem', { itemId: D.trailsLayer, owner: 'alice', groups: [D.fieldTeamGroup] });
    expect(preview).toEqual({ itemId: D.trailsLayer, success: true, change: 'UNCHANGED', notSharedWith: [], notUnsharedFrom: [], error: null });
  });

  it('UNCHANGED: org: false on an item shared only with groups the caller cannot see (a share removes no group)', async () => {
    const hidden = hexId('dd', 1);
    state().groups.set(hidden, { id: hidden, title: 'Elsewhere', owner: 'zed', access: 'private', orgId: 'otherorg', capabilities: [], members: new Map([['zed', 'owner']]) });
    state().items.get(D.parksMap)!.groups.add(hidden);
    const [preview] = await dryRun('shareItem', { itemId: D.parksMap, owner: 'alice', org: false });
    expect(preview!.change).toBe('UNCHANGED');
    await realRun('shareItem', { itemId: D.parksMap, owner: 'alice', org: false });
    expect(levelOf(D.parksMap)).toBe('shared');
  });

  it('WOULD_FAIL NOT_FOUND: an unknown item, and an item the caller may not see', async () => {
    for (const itemId of [UNKNOWN, D.bobsItem]) {
      const [preview] = await dryRun('shareItem', { itemId, owner: 'alice', org: true });
      expect(preview).toMatchObject({ itemId, success: false, change: 'WOULD_FAIL', error: { code: 'NOT_FOUND', backend: 'ARCGIS' } });
    }
  });

  it('WOULD_FAIL FORBIDDEN, the group in notSharedWith: the only group asked for is one the owner is not in', async () => {
    const input = { itemId: D.parksMap, owner: 'alice', groups: [D.financeGroup] };
    const [preview] = await dryRun('shareItem', input);
    expect(preview).toMatchObject({ success: false, change: 'WOULD_FAIL', notSharedWith: [{ id: D.financeGroup, title: 'Finance' }], error: { code: 'FORBIDDEN' } });
    expect(preview!.error!.message).toMatch(/not a member/);
    // The real run agrees that nothing is shared and names the same group.
    const [real] = await realRun('shareItem', input);
    expect(real!.notSharedWith).toEqual([{ id: D.financeGroup, title: 'Finance' }]);
    expect(levelOf(D.parksMap)).toBe('private');
  });

  it('GRANTED with the refused group in notSharedWith when another group is granted, as the real run answers', async () => {
    const input = { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup, D.financeGroup] };
    const [preview] = await dryRun('shareItem', input);
    expect(preview).toMatchObject({ success: true, change: 'GRANTED', notSharedWith: [{ id: D.financeGroup }], error: null });
    const [real] = await realRun('shareItem', input);
    expect(real).toMatchObject({ success: true, notSharedWith: [{ id: D.financeGroup }] });
  });

  it('an unknown group is refused like one the owner is not in', async () => {
    const ghost = '0000000000000000000000000000beef';
    const [preview] = await dryRun('shareItem', { itemId: D.parksMap, owner: 'alice', groups: [ghost] });
    expect(preview).toMatchObject({ change: 'WOULD_FAIL', notSharedWith: [{ id: ghost, title: null }] });
  });

  it("an org admin acting for the owner of a private item shares only to the owner's groups, as the portal allows", async () => {
    const input = { itemId: D.bobsItem, owner: 'bob', groups: [D.fieldTeamGroup, D.publicGroup] };
    const admin = { 'x-arcgis-token': D.adminToken };
    const [preview] = await dryRun('shareItem', input, admin);
    expect(preview).toMatchObject({ success: true, change: 'GRANTED', notSharedWith: [{ id: D.publicGroup }] });
    const [real] = await realRun('shareItem', input, admin);
    expect(real).toMatchObject({ success: true, notSharedWith: [{ id: D.publicGroup }] });
  });

  it("WOULD_FAIL FORBIDDEN when a plain user acts for another owner, as the portal's 403", async () => {
    state().items.get(D.bobsItem)!.org = true; // visible to Alice, still not hers to share
    const input = { itemId: D.bobsItem, owner: 'bob', groups: [D.fieldTeamGroup] };
    const [preview] = await dryRun('shareItem', input);
    expect(preview).toMatchObject({ success: false, change: 'WOULD_FAIL', error: { code: 'FORBIDDEN' } });
    const [real] = await realRun('shareItem', input);
    expect(real!.error).toMatchObject({ code: 'FORBIDDEN' });
  });

  it("WOULD_FAIL NOT_FOUND when the item is not the named owner's", async () => {
    const input = { itemId: D.parksMap, owner: 'bob', org: true };
    const admin = { 'x-arcgis-token': D.adminToken };
    const [preview] = await dryRun('shareItem', input, admin);
    expect(preview).toMatchObject({ change: 'WOULD_FAIL', error: { code: 'NOT_FOUND' } });
    const [real] = await realRun('shareItem', input, admin);
    expect(real!.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('WOULD_FAIL with the read failure as the reason when the portal cannot be read', async () => {
    h.sims.arcgis.sim.inject({ kind: 'respond', status: 500, body: 'boom', path: `/^\\/sharing\\/rest\\/content\\/items\\/${D.parksMap}$/` });
    const [preview] = await dryRun('shareItem', { itemId: D.parksMap, owner: 'alice', org: true });
    expect(preview).toMatchObject({ success: false, change: 'WOULD_FAIL', error: { code: 'UPSTREAM_ERROR' } });
  });

  it('still refuses an update-control group without confirmItemControl, and previews it with it', async () => {
    const input = { itemId: D.parksMap, owner: 'alice', groups: [D.editorsGroup] };
    const refused = await h.gql(SHARE_ITEM, { input: { ...input, dryRun: true } });
    expect(firstCode(refused)).toBe('CONFIRM_ITEM_CONTROL_REQUIRED');
    everyRequestWasARead();
    const [preview] = await dryRun('shareItem', { ...input, confirmItemControl: true });
    expect(preview).toMatchObject({ success: true, change: 'GRANTED' });
  });

  it('still validates: BAD_USER_INPUT and nothing sent', async () => {
    const res = await h.gql(SHARE_ITEM, { input: { itemId: '../../x', owner: 'alice', org: true, dryRun: true } });
    expect(firstCode(res)).toBe('BAD_USER_INPUT');
    expect(h.upstreamCount()).toBe(0);
  });

  it('uses the caller as owner when none is given, asking the portal who that is once per request', async () => {
    const res = await h.gql(
      `mutation { a: shareItem(input: { itemId: "${D.parksMap}", org: true, dryRun: true }) { change } b: shareItem(input: { itemId: "${D.trailsLayer}", org: true, dryRun: true }) { change } }`,
    );
    expect(res.data).toEqual({ a: { change: 'GRANTED' }, b: { change: 'UPGRADED' } });
    expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/self' })).toHaveLength(1);
    everyRequestWasARead();
  });
});

describe('a dry run after a write in the same request', () => {
  it('reads the state the write left, not what an earlier read cached', async () => {
    const item = `itemId: "${D.parksMap}", owner: "alice", groups: ["${D.fieldTeamGroup}"]`;
    const res = await h.gql(
      `mutation { before: shareItem(input: { ${item}, dryRun: true }) { change } apply: shareItem(input: { ${item} }) { success } after: shareItem(input: { ${item}, dryRun: true }) { change } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ before: { change: 'GRANTED' }, apply: { success: true }, after: { change: 'UNCHANGED' } });
  });

  it('the same holds for unshareItems and shareItems', async () => {
    const items = `itemIds: ["${D.trailsLayer}"], owner: "alice", groups: ["${D.fieldTeamGroup}"]`;
    const res = await h.gql(
      `mutation { before: unshareItems(input: { ${items}, dryRun: true }) { results { change } } apply: unshareItems(input: { ${items} }) { results { change } } after: unshareItems(input: { ${items}, dryRun: true }) { results { change } } again: shareItems(input: { ${items}, dryRun: true }) { results { change } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      before: { results: [{ change: 'REVOKED' }] },
      apply: { results: [{ change: 'REVOKED' }] },
      after: { results: [{ change: 'UNCHANGED' }] },
      again: { results: [{ change: 'GRANTED' }] },
    });
  });
});

describe('shareItems dryRun', () => {
  it('previews each item in input order and sends only reads', async () => {
    state().items.get(D.surveyForm)!.everyone = true;
    const ids = [D.parksMap, D.trailsLayer, UNKNOWN, D.surveyForm];
    const results = await dryRun('shareItems', { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup], everyone: false });
    expect(results.map((r) => [r.itemId, r.change, r.error?.code ?? null])).toEqual([
      [D.parksMap, 'GRANTED', null],
      [D.trailsLayer, 'UNCHANGED', null],
      [UNKNOWN, 'WOULD_FAIL', 'NOT_FOUND'],
      [D.surveyForm, 'DOWNGRADED', null],
    ]);
  });

  it('reads each item and its groups once, through the batched loaders, with one group search', async () => {
    const ids = bulk(50);
    const results = await dryRun('shareItems', { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup, D.financeGroup] });
    expect(results.map((r) => r.itemId)).toEqual(ids);
    expect(results.every((r) => r.change === 'GRANTED' && r.notSharedWith.length === 1)).toBe(true);
    expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/items/:id' })).toHaveLength(50);
    expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/items/:id/groups' })).toHaveLength(50);
    expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/community/groups' })).toHaveLength(1);
    expect(h.sims.arcgis.sim.requests({ route: '/sharing/rest/content/users/:owner/shareItems' })).toHaveLength(0);
  });
});

describe('unshareItems dryRun', () => {
  it('REVOKED where a group holds the item, UNCHANGED where none does, WOULD_FAIL for an unknown item', async () => {
    const ids = [D.trailsLayer, D.parksMap, UNKNOWN];
    const results = await dryRun('unshareItems', { itemIds: ids, owner: 'alice', groups: [D.fieldTeamGroup] });
    expect(results.map((r) => [r.itemId, r.success, r.change, r.error?.code ?? null])).toEqual([
      [D.trailsLayer, true, 'REVOKED', null],
      [D.parksMap, true, 'UNCHANGED', null],
      [UNKNOWN, false, 'WOULD_FAIL', 'NOT_FOUND'],
    ]);
    const real = await realRun('unshareItems', { itemIds: ids.slice(0, 1), owner: 'alice', groups: [D.fieldTeamGroup] });
    expect(real[0]).toMatchObject({ success: true, change: 'REVOKED' });
  });

  it('withdrawPublic: REVOKED for org and public items, UNCHANGED for shared and private ones', async () => {
    state().items.get(D.parksMap)!.everyone = true;
    const ids = [D.surveyForm, D.parksMap, D.trailsLayer, hexId('ba', 1)];
    const results = await dryRun('unshareItems', { itemIds: ids, owner: 'alice', withdrawPublic: true });
    expect(results.map((r) => r.change)).toEqual(['REVOKED', 'REVOKED', 'UNCHANGED', 'UNCHANGED']);
  });

  it('lists a group the portal does not know in notUnsharedFrom, as the real run does', async () => {
    const ghost = '0000000000000000000000000000beef';
    const input = { itemIds: [D.trailsLayer], owner: 'alice', groups: [ghost] };
    const [preview] = await dryRun('unshareItems', input);
    expect(preview).toMatchObject({ change: 'UNCHANGED', notUnsharedFrom: [{ id: ghost }] });
    const [real] = await realRun('unshareItems', input);
    expect(real).toMatchObject({ notUnsharedFrom: [{ id: ghost }] });
  });

  it('WOULD_FAIL FORBIDDEN when a plain user acts for another owner; an org admin may', async () => {
    state().items.get(D.bobsItem)!.groups.add(D.fieldTeamGroup);
    const input = { itemIds: [D.bobsItem], owner: 'bob', groups: [D.fieldTeamGroup] };
    const [asAlice] = await dryRun('unshareItems', input);
    expect(asAlice).toMatchObject({ change: 'WOULD_FAIL', error: { code: 'FORBIDDEN' } });
    const [asAdmin] = await dryRun('unshareItems', input, { 'x-arcgis-token': D.adminToken });
    expect(asAdmin).toMatchObject({ success: true, change: 'REVOKED' });
  });
});
