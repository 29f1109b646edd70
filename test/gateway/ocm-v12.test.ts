/**
 * The gateway's OCM folder operations speak Documents API 1.2, end to end
 * over real HTTP against the OCM simulator (issue 16, points 6 to 10). Every
 * count of calls, and every "nothing sent", is read from the simulator's
 * request log; each test would fail on the 1.1 path (one POST or DELETE per
 * recipient, no groups, no role changes, a folder read for the owner).
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/api-shares.html
 */
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';

const SHARE = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) { results { recipientId role success change error { code message upstreamCode } recipient { id displayName kind } } }
}`;
const REVOKE = `mutation($input: RevokeFolderSharesInput!) {
  revokeFolderShares(input: $input) { results { recipientId success change error { code message upstreamCode } } }
}`;
const ACCESS = `query($folderId: ID!) {
  folderAccess(backend: OCM, folderId: $folderId) { grants { principal { id displayName kind } role locked isOwner } }
}`;

const V12 = '/documents/api/1.2';
const ROUTE = {
  share: `${V12}/shares/:folderId`,
  role: `${V12}/shares/:folderId/role`,
  items: `${V12}/shares/:folderId/items`,
  revoke: `${V12}/shares/:folderId/user`,
  users: `${V12}/users/items`,
};

interface Result {
  recipientId: string;
  role: string;
  success: boolean;
  change: string | null;
  error: { code: string; message: string; upstreamCode: number | null } | null;
  recipient: { id: string; displayName: string | null; kind: string | null } | null;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const log = () => h.sims.ocm.sim;
const posts = () => log().requests({ method: 'POST', route: ROUTE.share });
const puts = () => log().requests({ method: 'PUT', route: ROUTE.role });
const deletes = () => log().requests({ method: 'DELETE', route: ROUTE.revoke });
const writes = () =>
  log()
    .requests()
    .filter((r) => r.method !== 'GET');
const userIdsOf = (body: string) => (JSON.parse(body) as { userID: string }).userID.split(',');
const membersOf = (folderId: string) => h.sims.ocm.state.folders.get(folderId)!.members;

/** Users OCM knows, made for one test (the seed comes back on reset). */
function addUsers(n: number, tag = 'E'): string[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `U${tag}${String(i).padStart(5, '0')}000000000000000000T00000000100`;
    h.sims.ocm.state.users.set(id, { id, displayName: `Extra ${i}`, loginName: `extra-${tag}${i}`, email: `extra-${tag}${i}@example.com`, homeFolderId: O.aliceHomeId });
    return id;
  });
}

async function share(input: Record<string, unknown>): Promise<Result[]> {
  const res = await h.gql(SHARE, { input: { backend: 'OCM', ...input } });
  expect(res.errors).toBeUndefined();
  return res.data!.shareFolder.results;
}

async function revoke(input: Record<string, unknown>): Promise<Result[]> {
  const res = await h.gql(REVOKE, { input: { backend: 'OCM', ...input } });
  expect(res.errors).toBeUndefined();
  return res.data!.revokeFolderShares.results;
}

describe('6. many recipients, users and groups, in one call', () => {
  it('shares users (by GUID and login name) and groups at one role in one POST, and one POST per distinct role', async () => {
    const extra = addUsers(3);
    const results = await share({
      folderId: O.projectFolderId,
      recipients: [
        { id: O.bobId, role: 'VIEWER' },
        { id: O.fieldTeamGroupId, role: 'CONTRIBUTOR' },
        { id: 'dave', role: 'VIEWER' },
        { id: O.salesGroupId, role: 'VIEWER' },
        ...extra.map((id) => ({ id, role: 'CONTRIBUTOR' })),
      ],
    });
    expect(results.map((r) => [r.recipientId, r.success, r.change])).toEqual([
      [O.bobId, true, 'GRANTED'],
      [O.fieldTeamGroupId, true, 'GRANTED'],
      ['dave', true, 'GRANTED'],
      [O.salesGroupId, true, 'GRANTED'],
      ...extra.map((id) => [id, true, 'GRANTED']),
    ]);
    expect(results[1]!.recipient).toEqual({ id: O.fieldTeamGroupId, displayName: 'Field Team', kind: 'GROUP' });
    expect(posts().map((p) => [userIdsOf(p.body), (JSON.parse(p.body) as { role: string }).role])).toEqual([
      [[O.bobId, 'dave', O.salesGroupId], 'viewer'],
      [[O.fieldTeamGroupId, ...extra], 'contributor'],
    ]);
    expect(
      log()
        .requests()
        .filter((r) => r.route !== ROUTE.items),
    ).toHaveLength(2);
    const members = membersOf(O.projectFolderId);
    expect([members.get(O.bobId), members.get(O.daveId), members.get(O.salesGroupId), members.get(O.fieldTeamGroupId)]).toEqual(['viewer', 'viewer', 'viewer', 'contributor']);
    for (const id of extra) expect(members.get(id)).toBe('contributor');
  });

  it('takes 1,000 recipients (the most one 1.2 call takes, and capabilities.maxRecipients) in one POST', async () => {
    const caps = await h.gql(`{ capabilities { backend principals maxRecipients } }`);
    const ocm = (caps.data!.capabilities as Array<{ backend: string; principals: string[]; maxRecipients: number }>).find((c) => c.backend === 'OCM')!;
    expect(ocm).toEqual({ backend: 'OCM', principals: ['USERS', 'GROUPS'], maxRecipients: 1000 });
    const ids = [...addUsers(999), O.salesGroupId];
    const results = await share({ folderId: O.projectFolderId, recipients: ids.map((id) => ({ id, role: 'DOWNLOADER' })) });
    expect(results.map((r) => r.recipientId)).toEqual(ids);
    expect(results.every((r) => r.success && r.change === 'GRANTED')).toBe(true);
    expect(posts()).toHaveLength(1);
    expect(userIdsOf(posts()[0]!.body)).toEqual(ids);
    expect(membersOf(O.projectFolderId).size).toBe(1 + 1000);
  });
});

describe('7. one bad recipient does not sink the batch', () => {
  it.each([
    ['an unknown user id', 'UNOSUCHUSER000000000000T00000000999'],
    ['an unknown group id', 'GS99999'],
  ])('%s among 16: the 15 others are shared, it alone is NOT_FOUND, in at most 1 + 2·log2(16) = 9 POSTs', async (_what, bad) => {
    const good = addUsers(15);
    const ids = [...good.slice(0, 6), bad, ...good.slice(6)];
    const results = await share({ folderId: O.projectFolderId, recipients: ids.map((id) => ({ id, role: 'VIEWER' })) });
    expect(results.map((r) => r.recipientId)).toEqual(ids);
    results.forEach((r, i) => {
      if (i === 6) expect(r).toMatchObject({ success: false, change: null, error: { code: 'NOT_FOUND', upstreamCode: 403 } });
      else expect(r).toMatchObject({ success: true, change: 'GRANTED', error: null });
    });
    expect(posts().length).toBeGreaterThan(1);
    expect(posts().length).toBeLessThanOrEqual(9);
    // Every good id was sent, and shared, in some call that went through; the bad one never was.
    const members = membersOf(O.projectFolderId);
    for (const id of good) expect(members.get(id)).toBe('viewer');
    expect(members.has(bad)).toBe(false);
  });

  it('one bad id among 64 costs at most 2·log2(64) = 12 extra calls, not one call per recipient', async () => {
    const good = addUsers(63);
    const ids = [...good.slice(0, 40), 'UNOSUCHUSER000000000000T00000000998', ...good.slice(40)];
    const results = await share({ folderId: O.projectFolderId, recipients: ids.map((id) => ({ id, role: 'CONTRIBUTOR' })) });
    expect(results.filter((r) => !r.success).map((r) => [r.recipientId, r.error!.code])).toEqual([['UNOSUCHUSER000000000000T00000000998', 'NOT_FOUND']]);
    expect(posts().length).toBeLessThanOrEqual(1 + 12);
  });

  it('a bad id in one role does not touch the call of another role', async () => {
    const results = await share({
      folderId: O.projectFolderId,
      recipients: [
        { id: O.bobId, role: 'VIEWER' },
        { id: 'NOSUCHUSER01', role: 'VIEWER' },
        { id: O.salesGroupId, role: 'MANAGER' },
      ],
    });
    expect(results.map((r) => [r.success, r.error?.code ?? null])).toEqual([
      [true, null],
      [false, 'NOT_FOUND'],
      [true, null],
    ]);
    const manager = posts().filter((p) => (JSON.parse(p.body) as { role: string }).role === 'manager');
    expect(manager.map((p) => userIdsOf(p.body))).toEqual([[O.salesGroupId]]);
  });
});

describe('8. a role change is a PUT /role, from one read of the members', () => {
  it('POSTs only new members, PUTs changed roles, writes nothing for members already at the role, and names each change', async () => {
    const members = membersOf(O.projectFolderId);
    members.set(O.bobId, 'viewer').set(O.fieldTeamGroupId, 'viewer');
    const results = await share({
      folderId: O.projectFolderId,
      message: 'New roles',
      recipients: [
        { id: O.carolId, role: 'VIEWER' }, // contributor → viewer
        { id: O.bobId, role: 'VIEWER' }, // already viewer
        { id: O.fieldTeamGroupId, role: 'MANAGER' }, // viewer → manager
        { id: O.daveId, role: 'VIEWER' }, // new
        { id: O.salesGroupId, role: 'VIEWER' }, // new
        { id: O.aliceId, role: 'VIEWER' }, // the owner
      ],
    });
    expect(results.map((r) => [r.recipientId, r.success, r.change, r.error?.code ?? null])).toEqual([
      [O.carolId, true, 'DOWNGRADED', null],
      [O.bobId, true, 'UNCHANGED', null],
      [O.fieldTeamGroupId, true, 'UPGRADED', null],
      [O.daveId, true, 'GRANTED', null],
      [O.salesGroupId, true, 'GRANTED', null],
      [O.aliceId, false, null, 'FORBIDDEN'],
    ]);
    expect(results[5]!.error!.message).toMatch(/owner/);
    // Two reads of the members (currentOnly true and false), then the writes.
    const items = log().requests({ method: 'GET' });
    expect(items.map((r) => [r.route, r.query.currentOnly]).sort()).toEqual([
      [ROUTE.items, 'false'],
      [ROUTE.items, 'true'],
    ]);
    expect(posts().map((p) => JSON.parse(p.body) as unknown)).toEqual([{ userID: `${O.daveId},${O.salesGroupId}`, role: 'viewer', message: 'New roles' }]);
    // The writes go in one wave, so in no fixed order.
    const byRole = (a: { role: string }, b: { role: string }) => a.role.localeCompare(b.role);
    expect(
      puts()
        .map((p) => JSON.parse(p.body) as { role: string })
        .sort(byRole),
    ).toEqual([
      { userID: O.fieldTeamGroupId, role: 'manager', message: 'New roles' },
      { userID: O.carolId, role: 'viewer', message: 'New roles' },
    ]);
    expect(writes()).toHaveLength(3);
    expect(Object.fromEntries(members)).toEqual({
      [O.carolId]: 'viewer',
      [O.bobId]: 'viewer',
      [O.fieldTeamGroupId]: 'manager',
      [O.daveId]: 'viewer',
      [O.salesGroupId]: 'viewer',
    });
  });

  it('sends the writes of every role in one wave, after the one read of the members', async () => {
    const state = h.sims.ocm.state;
    membersOf(O.projectFolderId).set(O.bobId, 'viewer');
    // Every answer held long enough that calls sent together are answered at once.
    state.latencyMs = 150;
    const results = await share({
      folderId: O.projectFolderId,
      recipients: [
        { id: O.bobId, role: 'MANAGER' }, // PUT /role, manager
        { id: O.daveId, role: 'VIEWER' }, // POST, viewer
        { id: O.salesGroupId, role: 'CONTRIBUTOR' }, // POST, contributor
      ],
    });
    expect(results.map((r) => r.success)).toEqual([true, true, true]);
    expect(writes()).toHaveLength(3);
    // Two reads at once, then three writes at once: never more than three in flight, and three once.
    expect(state.stats.maxInFlight).toBe(3);
  });

  it('a member named by login name gets its role changed under its GUID', async () => {
    const results = await share({ folderId: O.projectFolderId, recipients: [{ id: 'carol', role: 'MANAGER' }] });
    expect(results.map((r) => [r.success, r.change])).toEqual([[true, 'UPGRADED']]);
    expect(posts()).toHaveLength(0);
    expect(puts().map((p) => userIdsOf(p.body))).toEqual([[O.carolId]]);
    expect(membersOf(O.projectFolderId).get(O.carolId)).toBe('manager');
  });

  it('sends no write at all when every recipient is already at the role, is the owner, or inherits as much', async () => {
    // Quarterly reports: Dave a direct downloader; the Sales Group (contributor) and Bob (viewer) inherited from Sales.
    const results = await share({
      folderId: O.salesReportsFolderId,
      recipients: [
        { id: O.daveId, role: 'DOWNLOADER' },
        { id: O.salesGroupId, role: 'VIEWER' },
        { id: O.bobId, role: 'VIEWER' },
        { id: O.aliceId, role: 'MANAGER' },
      ],
    });
    expect(results.map((r) => [r.success, r.change, r.error?.code ?? null])).toEqual([
      [true, 'UNCHANGED', null],
      [true, 'UNCHANGED', null],
      [true, 'UNCHANGED', null],
      [false, null, 'FORBIDDEN'],
    ]);
    // The members read, and the second direct read that confirms the inherited grants.
    expect(
      log()
        .requests()
        .map((r) => r.method),
    ).toEqual(['GET', 'GET', 'GET']);
  });

  it('raises an inherited grant with a direct share (POST), never a PUT, since there is no direct share to edit', async () => {
    const results = await share({
      folderId: O.salesReportsFolderId,
      recipients: [
        { id: O.bobId, role: 'MANAGER' },
        { id: O.salesGroupId, role: 'MANAGER' },
      ],
    });
    expect(results.map((r) => [r.success, r.change])).toEqual([
      [true, 'UPGRADED'],
      [true, 'UPGRADED'],
    ]);
    expect(puts()).toHaveLength(0);
    expect(posts().map((p) => userIdsOf(p.body))).toEqual([[O.bobId, O.salesGroupId]]);
    const grants = (await h.gql(ACCESS, { folderId: O.salesReportsFolderId })).data!.folderAccess.grants as Array<{ principal: { id: string }; role: string; locked: boolean }>;
    expect(grants.filter((g) => ([O.bobId, O.salesGroupId] as string[]).includes(g.principal.id)).map((g) => [g.principal.id, g.role, g.locked])).toEqual([
      [O.bobId, 'MANAGER', false],
      [O.salesGroupId, 'MANAGER', false],
    ]);
  });
});

describe('9. revoke with DELETE …/user?userID=a,b,…', () => {
  it('revokes users and groups in one DELETE by query, no body, each outcome from members[].isSuccessful', async () => {
    const members = membersOf(O.salesFolderId);
    members.set(O.daveId, 'viewer');
    const results = await revoke({ folderId: O.salesFolderId, message: 'Season over', recipientIds: [O.salesGroupId, 'bob', O.daveId] });
    expect(results.map((r) => [r.recipientId, r.success, r.change])).toEqual([
      [O.salesGroupId, true, 'REVOKED'],
      ['bob', true, 'REVOKED'],
      [O.daveId, true, 'REVOKED'],
    ]);
    expect(deletes()).toHaveLength(1);
    expect(deletes()[0]!.query).toEqual({ userID: `${O.salesGroupId},${O.bobId},${O.daveId}`, message: 'Season over' });
    expect(deletes()[0]!.body).toBe('');
    expect(members.size).toBe(0);
    expect(writes()).toHaveLength(1);
  });

  it('a member whose isSuccessful is "0" fails alone, the others are revoked', async () => {
    const members = membersOf(O.projectFolderId);
    members.set(O.bobId, 'viewer').set(O.daveId, 'viewer');
    const member = (id: string, name: string, ok: string) => ({ id, displayName: name, type: 'user', isSuccessful: ok });
    const answer = { errorCode: '0', id: O.projectFolderId, members: [member(O.bobId, 'Bob Brown', '1'), member(O.daveId, 'Dave Davis', '0')], type: 'share' };
    log().inject({ kind: 'respond', status: 200, method: 'DELETE', body: JSON.stringify(answer) });
    const results = await revoke({ folderId: O.projectFolderId, recipientIds: [O.bobId, O.daveId] });
    expect(results.map((r) => [r.success, r.change, r.error?.code ?? null])).toEqual([
      [true, 'REVOKED', null],
      [false, null, 'FORBIDDEN'],
    ]);
    expect(deletes().map((d) => d.query.userID)).toEqual([`${O.bobId},${O.daveId}`]);
  });

  it('revokes 1,000 members in a few DELETEs whose query stays short, never one per member', async () => {
    const ids = addUsers(1000);
    const members = membersOf(O.projectFolderId);
    for (const id of ids) members.set(id, 'viewer');
    const results = await revoke({ folderId: O.projectFolderId, recipientIds: ids });
    expect(results.every((r) => r.success && r.change === 'REVOKED')).toBe(true);
    const calls = deletes();
    expect(calls.flatMap((d) => d.query.userID!.split(','))).toEqual(ids);
    // 1,000 ids of 36 characters come to some 39,000 characters of query; each call stays within 7,000.
    expect(calls.length).toBeLessThanOrEqual(Math.ceil((1000 * 39) / 7000) + 1);
    for (const d of calls) expect(d.url.length).toBeLessThan(7200);
    expect(members.has(ids[0]!)).toBe(false);
    expect(members.size).toBe(1);
  });
});

describe('10. read-back from 1.2 shares/{id}/items', () => {
  it('lists users and groups, the owner from ownedBy, and tells inherited grants (currentOnly=false only) from direct ones', async () => {
    const res = await h.gql(ACCESS, { folderId: O.salesReportsFolderId });
    expect(res.errors).toBeUndefined();
    expect(res.data!.folderAccess.grants).toEqual([
      { principal: { id: O.aliceId, displayName: 'Alice Adams', kind: 'USER' }, role: 'MANAGER', locked: true, isOwner: true },
      { principal: { id: O.daveId, displayName: 'Dave Davis', kind: 'USER' }, role: 'DOWNLOADER', locked: false, isOwner: false },
      { principal: { id: O.salesGroupId, displayName: 'Sales Group', kind: 'GROUP' }, role: 'CONTRIBUTOR', locked: true, isOwner: false },
      { principal: { id: O.bobId, displayName: 'Bob Brown', kind: 'USER' }, role: 'VIEWER', locked: true, isOwner: false },
    ]);
    expect(
      log()
        .requests()
        .map((r) => [r.method, r.route, r.query.currentOnly])
        .sort(),
    ).toEqual([
      ['GET', ROUTE.items, 'false'],
      ['GET', ROUTE.items, 'true'],
      // Two grants look inherited: a second direct read confirms them.
      ['GET', ROUTE.items, 'true'],
    ]);
    expect(log().requests({ route: /folders/ })).toHaveLength(0);
  });

  it('a group shared directly is an unlocked grant, and revoking the inherited one is refused with nothing sent', async () => {
    const direct = await h.gql(ACCESS, { folderId: O.salesFolderId });
    expect(direct.data!.folderAccess.grants).toContainEqual({ principal: { id: O.salesGroupId, displayName: 'Sales Group', kind: 'GROUP' }, role: 'CONTRIBUTOR', locked: false, isOwner: false });
    const results = await revoke({ folderId: O.salesReportsFolderId, recipientIds: [O.salesGroupId] });
    expect(results[0]).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect(results[0]!.error!.message).toMatch(/inherited/);
    expect(writes()).toHaveLength(0);
  });
});

describe('dry runs and group ids', () => {
  it('judges listed users and groups exactly; a group not yet on the folder cannot be checked, and says so', async () => {
    const results = await share({
      folderId: O.salesReportsFolderId,
      dryRun: true,
      recipients: [
        { id: O.salesGroupId, role: 'VIEWER' }, // inherited contributor
        { id: O.daveId, role: 'CONTRIBUTOR' }, // direct downloader
        { id: 'carol', role: 'VIEWER' }, // a user OCM knows, not on the folder
        { id: O.fieldTeamGroupId, role: 'VIEWER' }, // a group OCM knows, not on the folder
        { id: 'NOSUCHUSER01', role: 'VIEWER' },
      ],
    });
    expect(results.map((r) => [r.recipientId, r.success, r.change, r.error?.code ?? null])).toEqual([
      [O.salesGroupId, true, 'UNCHANGED', null],
      [O.daveId, true, 'UPGRADED', null],
      ['carol', true, 'GRANTED', null],
      [O.fieldTeamGroupId, false, 'WOULD_FAIL', 'NOT_FOUND'],
      ['NOSUCHUSER01', false, 'WOULD_FAIL', 'NOT_FOUND'],
    ]);
    expect(results[3]!.error!.message).toMatch(/group id cannot be checked/);
    expect(
      log()
        .requests({ route: ROUTE.users })
        .map((r) => r.query.info),
    ).toEqual(['carol', O.fieldTeamGroupId, 'NOSUCHUSER01']);
    expect(writes()).toHaveLength(0);
    // The share settles what the dry run could not: OCM knows the group, and takes it.
    const real = await share({ folderId: O.salesReportsFolderId, recipients: [{ id: O.fieldTeamGroupId, role: 'VIEWER' }] });
    expect(real[0]).toMatchObject({ success: true, change: 'GRANTED' });
  });
});
