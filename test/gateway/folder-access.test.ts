/**
 * Reading a folder's access back, revoking it, and dry runs, end to end
 * against the OCM and ONLYOFFICE simulators over real HTTP. Every write the
 * gateway makes (or must not make) is read back from the simulators' logs.
 */
import { DEMO_HEADERS, startHarness } from '../helpers/harness';
import type { FolderGrant as Grant, FolderShareResult as Result, Harness } from '../helpers/harness';
import type { SimServer } from '../../src/simulators/kit';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';

const ACCESS = `query($backend: FolderBackend!, $folderId: ID!) {
  folderAccess(backend: $backend, folderId: $folderId) {
    backend folderId
    grants { principal { id displayName kind } role locked isOwner }
  }
}`;

const SHARE = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) {
    backend folderId
    results { recipientId role success change error { code message backend upstreamCode } }
  }
}`;

const REVOKE = `mutation($input: RevokeFolderSharesInput!) {
  revokeFolderShares(input: $input) {
    backend folderId
    results { recipientId role success change error { code message backend upstreamCode } }
  }
}`;

const REVOKE_WITH_RECIPIENT = `mutation($input: RevokeFolderSharesInput!) {
  revokeFolderShares(input: $input) { results { recipientId success change recipient { id displayName } } }
}`;

const UNKNOWN_GUID = '0badc0de-0000-4000-8000-000000000002';
const SECRET_BODY = 'upstream-detail-xyzzy';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const OCM_ITEMS_ROUTE = '/documents/api/1.2/shares/:folderId/items';
const OCM_REVOKE_ROUTE = '/documents/api/1.2/shares/:folderId/user';
// Either version's users/items: where the members read names a recipient, the gateway asks neither.
const ocmUserGets = () => h.sims.ocm.sim.requests({ route: /^\/documents\/api\/1\.[12]\/users\/items$/ });
const methods = (sim: SimServer) => [...new Set(sim.requests().map((r) => r.method))];
const ocmWrites = (sim: SimServer = h.sims.ocm.sim) => sim.requests().filter((r) => r.method !== 'GET');
const ooWrites = () => h.sims.onlyoffice.sim.requests().filter((r) => r.method !== 'GET');

async function access(backend: string, folderId: string, harness: Harness = h): Promise<Grant[]> {
  const res = await harness.gql(ACCESS, { backend, folderId });
  expect(res.errors).toBeUndefined();
  expect(res.data!.folderAccess).toMatchObject({ backend, folderId });
  return res.data!.folderAccess.grants;
}

async function run(doc: string, input: Record<string, unknown>, harness: Harness = h): Promise<Result[]> {
  const res = await harness.gql(doc, { input });
  expect(res.errors).toBeUndefined();
  // The document names one of the two root fields; the other is absent from the answer.
  const payload = res.data!.shareFolder ?? res.data!.revokeFolderShares;
  expect(payload).toMatchObject({ backend: input.backend, folderId: input.folderId });
  return payload.results;
}

const grantOf = (grants: Grant[], id: string) => grants.find((g) => g.principal.id.toLowerCase() === id.toLowerCase());

describe('folderAccess', () => {
  it('OCM: reads 1.2 shares/{id}/items with currentOnly true and false, marks inherited grants locked, and names the owner from ownedBy', async () => {
    const grants = await access('OCM', O.subFolderId);
    expect(grants).toEqual([
      { principal: { id: O.aliceId, displayName: 'Alice Adams', kind: 'USER' }, role: 'MANAGER', locked: true, isOwner: true },
      { principal: { id: O.daveId, displayName: 'Dave Davis', kind: 'USER' }, role: 'VIEWER', locked: false, isOwner: false },
      { principal: { id: O.carolId, displayName: 'Carol Clark', kind: 'USER' }, role: 'CONTRIBUTOR', locked: true, isOwner: false },
    ]);
    const reqs = h.sims.ocm.sim.requests();
    expect(methods(h.sims.ocm.sim)).toEqual(['GET']);
    // The owner came with the list (ownedBy) and displayName with each entry: no folder read, no user look-up.
    expect(reqs.map((r) => [r.route, r.path, r.query.currentOnly]).sort()).toEqual([
      [OCM_ITEMS_ROUTE, `/documents/api/1.2/shares/${O.subFolderId}/items`, 'false'],
      [OCM_ITEMS_ROUTE, `/documents/api/1.2/shares/${O.subFolderId}/items`, 'true'],
      // Carol looks inherited: a second direct read confirms it (src/connectors/ocm/client.ts listMembers).
      [OCM_ITEMS_ROUTE, `/documents/api/1.2/shares/${O.subFolderId}/items`, 'true'],
    ]);
    for (const r of reqs) expect(r.headers.authorization).toBe(O.bearer);
    expect(h.sims.onlyoffice.sim.log).toHaveLength(0);
  });

  it('OCM: maps every role back through the pinned table', async () => {
    const members = h.sims.ocm.state.folders.get(O.projectFolderId)!.members;
    members.clear();
    members.set(O.bobId, 'viewer').set(O.carolId, 'downloader').set(O.daveId, 'contributor');
    let grants = await access('OCM', O.projectFolderId);
    expect(grants.map((g) => [g.principal.id, g.role])).toEqual([
      [O.aliceId, 'MANAGER'],
      [O.bobId, 'VIEWER'],
      [O.carolId, 'DOWNLOADER'],
      [O.daveId, 'CONTRIBUTOR'],
    ]);
    members.set(O.bobId, 'manager');
    grants = await access('OCM', O.projectFolderId);
    expect(grantOf(grants, O.bobId)).toMatchObject({ role: 'MANAGER', locked: false, isOwner: false });
  });

  it("OCM: `self` is the caller's home folder", async () => {
    const grants = await access('OCM', 'self');
    expect(grants).toEqual([{ principal: { id: O.aliceId, displayName: 'Alice Adams', kind: 'USER' }, role: 'MANAGER', locked: true, isOwner: true }]);
    expect(h.sims.ocm.sim.requests().every((r) => r.route !== null && r.path.includes('/self'))).toBe(true);
  });

  it('OCM: an answer without ownedBy leaves the owner unknown; a failed read of either list fails the read', async () => {
    const noOwner = JSON.stringify({
      count: '1',
      id: O.subFolderId,
      type: 'share',
      errorCode: '0',
      items: [{ type: 'share', role: 'viewer', user: { id: O.daveId, displayName: 'Dave Davis', loginName: 'dave', type: 'user' } }],
    });
    h.sims.ocm.sim.inject({ kind: 'respond', status: 200, method: 'GET', path: '/items', body: noOwner, times: 2 });
    const grants = await access('OCM', O.subFolderId);
    expect(grants).toEqual([{ principal: { id: O.daveId, displayName: 'Dave Davis', kind: 'USER' }, role: 'VIEWER', locked: false, isOwner: false }]);
    h.sims.ocm.sim.inject({ kind: 'respond', status: 500, method: 'GET', path: '/items', body: SECRET_BODY });
    const res = await h.gql(ACCESS, { backend: 'OCM', folderId: O.subFolderId });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: 500 });
    // A 500 is not retried: both reads answer once, and the revoke stops there.
    h.sims.ocm.sim.inject({ kind: 'respond', status: 500, method: 'GET', path: '/items', body: SECRET_BODY, times: 2 });
    const revoke = await run(REVOKE, { backend: 'OCM', folderId: O.subFolderId, recipientIds: [O.daveId] });
    expect(revoke[0]).toMatchObject({ success: false, error: { code: 'UPSTREAM_ERROR', upstreamCode: 500 } });
    expect(h.sims.ocm.sim.requests({ method: 'DELETE' })).toHaveLength(0);
    expect(h.sims.ocm.sim.requests().filter((r) => r.route !== OCM_ITEMS_ROUTE)).toEqual([]);
  });

  it("ONLYOFFICE: reads the folder's list, its parent and the parent's list, and maps every FileShare value back", async () => {
    const extra = '3f2c5b1e-7a4d-4c1b-9e2f-e7e700000005';
    h.sims.onlyoffice.state.users.set(extra, {
      id: extra,
      userName: 'erin',
      firstName: 'Erin',
      lastName: 'Evans',
      email: 'erin@example.com',
      password: 'x',
      isVisitor: false,
      isAdmin: false,
      isOwner: false,
    });
    const shares = h.sims.onlyoffice.state.folders.get('1001')!.shares;
    shares.clear();
    shares.set(OO.bobId, 1).set(OO.carolId, 2).set(OO.visitorId, 3).set(OO.designGroupId, 5).set(OO.everyoneGroupId, 6).set(OO.adminGroupId, 7).set(extra, 8);
    const grants = await access('ONLYOFFICE', OO.myFolderId);
    expect(grants[0]).toEqual({ principal: { id: OO.aliceId, displayName: 'Alice Adams', kind: 'USER' }, role: 'CONTRIBUTOR', locked: true, isOwner: true });
    const roleOf = (id: string) => grantOf(grants, id)!.role;
    expect([OO.bobId, OO.carolId, OO.visitorId, OO.designGroupId, OO.everyoneGroupId, OO.adminGroupId, extra].map(roleOf)).toEqual([
      'CONTRIBUTOR',
      'VIEWER',
      'DENIED',
      'REVIEWER',
      'COMMENTER',
      'FORM_FILLER',
      'CUSTOM_FILTER',
    ]);
    expect(grantOf(grants, OO.designGroupId)).toEqual({ principal: { id: OO.designGroupId, displayName: 'Design', kind: 'GROUP' }, role: 'REVIEWER', locked: false, isOwner: false });
    expect(grants.filter((g) => g.locked).map((g) => g.principal.id)).toEqual([OO.aliceId]);
    // The list, the folder (for its parent) and the parent's list (for what it grants); displayName came with sharedTo.
    expect(
      h.sims.onlyoffice.sim
        .requests()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['GET /api/2.0/files/folder/1001', 'GET /api/2.0/files/folder/1001/share', 'GET /api/2.0/files/folder/101/share']);
    for (const r of h.sims.onlyoffice.sim.requests()) expect(r.headers.authorization).toBe(OO.token);
    expect(h.sims.ocm.sim.log).toHaveLength(0);
  });

  it('ONLYOFFICE: a third-party folder id travels as one segment', async () => {
    await access('ONLYOFFICE', OO.thirdPartyFolderId);
    expect(h.sims.onlyoffice.sim.requests().map((r) => r.path)).toContain('/api/2.0/files/folder/box-12/share');
  });

  it.each([
    ['OCM', 'an unknown folder', 'FNOSUCHFOLDER', 'NOT_FOUND', 404],
    ['OCM', 'a folder the caller cannot see', O.daveHomeId, 'FORBIDDEN', 403],
    ['ONLYOFFICE', "another user's folder", OO.otherUsersFolderId, 'FORBIDDEN', 403],
  ])('%s: %s fails the field with the upstream code', async (backend, _what, folderId, code, upstreamCode) => {
    const res = await h.gql(ACCESS, { backend, folderId });
    expect(res.data?.folderAccess ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]).toMatchObject({ path: ['folderAccess'], extensions: { code, backend, upstreamCode } });
  });

  it.each([
    ['OCM', O.subFolderId, ocmSim],
    ['ONLYOFFICE', OO.myFolderId, ooSim],
  ])('%s: an upstream body with a token never reaches the answer', async (backend, folderId, sim) => {
    sim().inject({
      kind: 'respond',
      status: 500,
      method: 'GET',
      body: JSON.stringify({ errorCode: '-1', errorMessage: `${SECRET_BODY} ${O.bearer} ${OO.token}`, status: 1, error: { message: `${SECRET_BODY} ${OO.token}` } }),
    });
    const res = await h.gql(ACCESS, { backend, folderId });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: 500 });
    const whole = JSON.stringify(res);
    for (const secret of [SECRET_BODY, 'demo-ocm-token', OO.token]) expect(whole).not.toContain(secret);
  });

  it('primes the recipient loader: a dry run over holders asks no user look-up (OCM) and no people GET (ONLYOFFICE)', async () => {
    const doc = `mutation($input: ShareFolderInput!) { shareFolder(input: $input) { results { change recipient { displayName } } } }`;
    const ocm = await h.gql(doc, {
      input: {
        backend: 'OCM',
        folderId: O.subFolderId,
        dryRun: true,
        recipients: [
          { id: O.daveId, role: 'VIEWER' },
          { id: O.carolId, role: 'MANAGER' },
        ],
      },
    });
    expect(ocm.data!.shareFolder.results).toEqual([
      { change: 'UNCHANGED', recipient: { displayName: 'Dave Davis' } },
      { change: 'UPGRADED', recipient: { displayName: 'Carol Clark' } },
    ]);
    expect(ocmUserGets()).toHaveLength(0);
    const oo = await h.gql(doc, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, dryRun: true, recipients: [{ id: OO.bobId, role: 'VIEWER' }] } });
    expect(oo.data!.shareFolder.results).toEqual([{ change: 'UNCHANGED', recipient: { displayName: 'Bob Brown' } }]);
    expect(
      h.sims.onlyoffice.sim
        .requests()
        .map((r) => r.route)
        .sort(),
    ).toEqual(['/api/2.0/files/folder/:folderId', '/api/2.0/files/folder/:folderId/share', '/api/2.0/files/folder/:folderId/share']);
  });
});

function ocmSim(): SimServer {
  return h.sims.ocm.sim;
}
function ooSim(): SimServer {
  return h.sims.onlyoffice.sim;
}

describe('revokeFolderShares', () => {
  it('OCM: one 1.2 DELETE shares/{id}/user?userID=a,b for the revocable recipients; owner and inherited refused with FORBIDDEN and nothing sent', async () => {
    h.sims.ocm.state.folders.get(O.subFolderId)!.members.set(O.fieldTeamGroupId, 'viewer');
    const results = await run(REVOKE, {
      backend: 'OCM',
      folderId: O.subFolderId,
      message: 'Project over',
      recipientIds: [O.carolId, O.daveId, O.aliceId, O.bobId, O.fieldTeamGroupId],
    });
    expect(results.map((r) => [r.recipientId, r.role, r.success, r.change, r.error?.code ?? null])).toEqual([
      [O.carolId, 'NONE', false, null, 'FORBIDDEN'],
      [O.daveId, 'NONE', true, 'REVOKED', null],
      [O.aliceId, 'NONE', false, null, 'FORBIDDEN'],
      [O.bobId, 'NONE', true, 'UNCHANGED', null],
      [O.fieldTeamGroupId, 'NONE', true, 'REVOKED', null],
    ]);
    expect(results[0]!.error!.message).toMatch(/inherited/);
    expect(results[2]!.error!.message).toMatch(/owner/);
    const writes = ocmWrites();
    expect(writes.map((r) => [r.method, r.path, r.route])).toEqual([['DELETE', `/documents/api/1.2/shares/${O.subFolderId}/user`, OCM_REVOKE_ROUTE]]);
    // 1.2 takes the ids and the message as query parameters, and no body.
    expect(writes[0]!.query).toEqual({ userID: `${O.daveId},${O.fieldTeamGroupId}`, message: 'Project over' });
    expect(writes[0]!.body).toBe('');
    expect(writes[0]!.headers.authorization).toBe(O.bearer);
    const members = h.sims.ocm.state.folders.get(O.subFolderId)!.members;
    expect([members.has(O.daveId), members.has(O.fieldTeamGroupId)]).toEqual([false, false]);
    expect(h.sims.onlyoffice.sim.log).toHaveLength(0);
  });

  it('OCM: a recipient named by login name is matched to its grant from the members read and revoked by GUID, with no user look-up', async () => {
    const results = await run(REVOKE, { backend: 'OCM', folderId: O.subFolderId, recipientIds: ['dave', 'alice', 'carol'] });
    expect(results.map((r) => [r.success, r.change, r.error?.code ?? null])).toEqual([
      [true, 'REVOKED', null],
      [false, null, 'FORBIDDEN'],
      [false, null, 'FORBIDDEN'],
    ]);
    const writes = ocmWrites();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.query).toEqual({ userID: O.daveId });
    expect(ocmUserGets()).toHaveLength(0);
    expect(h.sims.ocm.state.folders.get(O.subFolderId)!.members.has(O.daveId)).toBe(false);
  });

  it('OCM: a failed DELETE is the error of every recipient sent in it, and the refusals stay as they were', async () => {
    const members = h.sims.ocm.state.folders.get(O.projectFolderId)!.members;
    members.set(O.bobId, 'viewer').set(O.daveId, 'viewer');
    h.sims.ocm.sim.inject({ kind: 'respond', method: 'DELETE', status: 500, body: JSON.stringify({ errorCode: '-1', errorMessage: SECRET_BODY }) });
    const results = await run(REVOKE, { backend: 'OCM', folderId: O.projectFolderId, recipientIds: [O.bobId, O.aliceId, O.daveId] });
    expect(results.map((r) => [r.success, r.change, r.error?.code ?? null, r.error?.upstreamCode ?? null])).toEqual([
      [false, null, 'UPSTREAM_ERROR', 500],
      [false, null, 'FORBIDDEN', null],
      [false, null, 'UPSTREAM_ERROR', 500],
    ]);
    // A 500 is not retried, and the one DELETE named both members.
    expect(ocmWrites().map((r) => r.query.userID)).toEqual([`${O.bobId},${O.daveId}`]);
    expect([members.has(O.bobId), members.has(O.daveId)]).toEqual([true, true]);
    expect(JSON.stringify(results)).not.toContain(SECRET_BODY);
  });

  it('ONLYOFFICE: one PUT with Access 0 for the revocable recipients, each checked against the returned list', async () => {
    h.sims.onlyoffice.state.folders.get('1001')!.shares.set(OO.designGroupId, 6);
    const results = await run(REVOKE, { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipientIds: [OO.bobId.toUpperCase(), OO.aliceId, OO.carolId, UNKNOWN_GUID, OO.designGroupId] });
    expect(results.map((r) => [r.recipientId, r.role, r.success, r.change, r.error?.code ?? null])).toEqual([
      [OO.bobId.toUpperCase(), 'NONE', true, 'REVOKED', null],
      [OO.aliceId, 'NONE', false, null, 'FORBIDDEN'],
      [OO.carolId, 'NONE', true, 'UNCHANGED', null],
      [UNKNOWN_GUID, 'NONE', true, 'UNCHANGED', null],
      [OO.designGroupId, 'NONE', true, 'REVOKED', null],
    ]);
    expect(results[1]!.error!.message).toMatch(/owner/);
    const writes = ooWrites();
    expect(writes).toHaveLength(1);
    expect(writes[0]!.path).toBe('/api/2.0/files/folder/1001/share');
    expect((JSON.parse(writes[0]!.body) as { share: unknown[] }).share).toEqual([
      { ShareTo: OO.bobId.toUpperCase(), Access: 0 },
      { ShareTo: OO.designGroupId, Access: 0 },
    ]);
    expect([...h.sims.onlyoffice.state.folders.get('1001')!.shares.keys()]).toEqual([]);
  });

  it('ONLYOFFICE: an entry the PUT keeps is a failure, not a success', async () => {
    // The server answers the PUT with bob still listed (as if it refused to drop him).
    const still = [
      { access: 1, sharedTo: { id: OO.aliceId, displayName: 'Alice Adams' }, isLocked: true, isOwner: true },
      { access: 2, sharedTo: { id: OO.bobId, displayName: 'Bob Brown' }, isLocked: true, isOwner: false },
    ];
    h.sims.onlyoffice.sim.inject({ kind: 'respond', status: 200, method: 'PUT', body: JSON.stringify({ count: 2, status: 0, statusCode: 200, response: still }) });
    const results = await run(REVOKE, { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipientIds: [OO.bobId] });
    expect(results[0]).toMatchObject({ success: false, change: null, error: { code: 'FORBIDDEN' } });
  });

  it('sends no write at all when every recipient is locked or holds nothing', async () => {
    const ocm = await run(REVOKE, { backend: 'OCM', folderId: O.subFolderId, recipientIds: [O.aliceId, O.carolId, O.bobId] });
    expect(ocm.map((r) => r.error?.code ?? r.change)).toEqual(['FORBIDDEN', 'FORBIDDEN', 'UNCHANGED']);
    const oo = await run(REVOKE, { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipientIds: [OO.aliceId, OO.carolId] });
    expect(oo.map((r) => r.error?.code ?? r.change)).toEqual(['FORBIDDEN', 'UNCHANGED']);
    expect(methods(h.sims.ocm.sim)).toEqual(['GET']);
    expect(methods(h.sims.onlyoffice.sim)).toEqual(['GET']);
  });

  it.each([
    ['OCM', O.subFolderId, [O.daveId, O.bobId], ocmSim],
    ['ONLYOFFICE', OO.myFolderId, [OO.bobId, OO.carolId], ooSim],
  ])('%s: a failed read gives every recipient its error and nothing is written', async (backend, folderId, recipientIds, sim) => {
    sim().inject({ kind: 'respond', status: 500, method: 'GET', body: SECRET_BODY });
    const res = await h.gql(REVOKE, { input: { backend, folderId, recipientIds } });
    const results = res.data!.revokeFolderShares.results;
    expect(results.map((r) => r.recipientId)).toEqual(recipientIds);
    for (const r of results) expect(r).toMatchObject({ success: false, error: { code: 'UPSTREAM_ERROR', backend, upstreamCode: 500 } });
    expect(methods(sim())).toEqual(['GET']);
    expect(JSON.stringify(res)).not.toContain(SECRET_BODY);
  });

  it('ONLYOFFICE: a failed PUT gives every sent recipient its error and keeps the refusals', async () => {
    h.sims.onlyoffice.sim.inject({ kind: 'respond', status: 401, method: 'PUT', body: JSON.stringify({ status: 1, statusCode: 401, error: { message: OO.token } }) });
    const results = await run(REVOKE, { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipientIds: [OO.aliceId, OO.bobId] });
    expect(results.map((r) => [r.success, r.error?.code, r.error?.upstreamCode ?? null])).toEqual([
      [false, 'FORBIDDEN', null],
      [false, 'UNAUTHENTICATED', 401],
    ]);
  });

  it('recipients who held a grant are resolved from the read, without a look-up', async () => {
    const res = await h.gql(REVOKE_WITH_RECIPIENT, { input: { backend: 'OCM', folderId: O.subFolderId, recipientIds: [O.daveId, O.carolId] } });
    expect(res.data!.revokeFolderShares.results).toEqual([
      { recipientId: O.daveId, success: true, change: 'REVOKED', recipient: { id: O.daveId, displayName: 'Dave Davis' } },
      { recipientId: O.carolId, success: false, change: null, recipient: { id: O.carolId, displayName: 'Carol Clark' } },
    ]);
    expect(ocmUserGets()).toHaveLength(0);
    const oo = await h.gql(REVOKE_WITH_RECIPIENT, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipientIds: [OO.bobId] } });
    expect(oo.data!.revokeFolderShares.results[0]!.recipient).toEqual({ id: OO.bobId, displayName: 'Bob Brown' });
    expect(
      h.sims.onlyoffice.sim
        .requests({ method: 'GET' })
        .map((r) => r.route)
        .sort(),
    ).toEqual(['/api/2.0/files/folder/:folderId', '/api/2.0/files/folder/:folderId/share', '/api/2.0/files/folder/:folderId/share']);
  });
});

describe('dry runs read and never write', () => {
  it('OCM shareFolder: GRANTED, UPGRADED, DOWNGRADED, UNCHANGED and WOULD_FAIL, with GETs only', async () => {
    h.sims.ocm.state.folders.get(O.subFolderId)!.members.set(O.bobId, 'manager');
    const results = await run(SHARE, {
      backend: 'OCM',
      folderId: O.subFolderId,
      dryRun: true,
      recipients: [
        { id: O.daveId, role: 'CONTRIBUTOR' },
        { id: O.bobId, role: 'DOWNLOADER' },
        { id: O.carolId, role: 'VIEWER' },
        { id: O.aliceId, role: 'VIEWER' },
        { id: 'NOSUCHUSER01', role: 'VIEWER' },
      ],
    });
    expect(results.map((r) => [r.recipientId, r.success, r.change, r.error?.code ?? null])).toEqual([
      [O.daveId, true, 'UPGRADED', null],
      [O.bobId, true, 'DOWNGRADED', null],
      [O.carolId, true, 'UNCHANGED', null], // inherited contributor: a direct viewer share changes nothing
      [O.aliceId, false, 'WOULD_FAIL', 'FORBIDDEN'],
      ['NOSUCHUSER01', false, 'WOULD_FAIL', 'NOT_FOUND'],
    ]);
    expect(results[3]!.error!.message).toMatch(/owner/);
    const granted = await run(SHARE, {
      backend: 'OCM',
      folderId: O.projectFolderId,
      dryRun: true,
      recipients: [
        { id: 'bob', role: 'VIEWER' },
        { id: O.carolId, role: 'CONTRIBUTOR' },
      ],
    });
    expect(granted.map((r) => r.change)).toEqual(['GRANTED', 'UNCHANGED']);
    expect(methods(h.sims.ocm.sim)).toEqual(['GET']);
    expect(h.sims.ocm.state.folders.get(O.subFolderId)!.members.get(O.daveId)).toBe('viewer');
    expect(h.sims.ocm.state.folders.get(O.projectFolderId)!.members.has(O.bobId)).toBe(false);
  });

  it('ONLYOFFICE shareFolder: every change kind, one GET, no PUT', async () => {
    h.sims.onlyoffice.state.folders.get('1001')!.shares.set(OO.carolId, 1);
    const results = await run(SHARE, {
      backend: 'ONLYOFFICE',
      folderId: OO.myFolderId,
      dryRun: true,
      recipients: [
        { id: OO.bobId, role: 'CONTRIBUTOR' },
        { id: OO.carolId, role: 'COMMENTER' },
        { id: OO.designGroupId, role: 'VIEWER' },
        { id: OO.aliceId, role: 'VIEWER' },
        { id: UNKNOWN_GUID, role: 'VIEWER' },
        { id: OO.visitorId, role: 'NONE' },
      ],
    });
    expect(results.map((r) => [r.success, r.change, r.error?.code ?? null])).toEqual([
      [true, 'UPGRADED', null],
      [true, 'DOWNGRADED', null],
      [true, 'GRANTED', null],
      [false, 'WOULD_FAIL', 'FORBIDDEN'],
      [false, 'WOULD_FAIL', 'NOT_FOUND'],
      [true, 'UNCHANGED', null],
    ]);
    const same = await run(SHARE, { backend: 'ONLYOFFICE', folderId: OO.myFolderId, dryRun: true, recipients: [{ id: OO.bobId, role: 'VIEWER' }] });
    expect(same[0]!.change).toBe('UNCHANGED');
    expect(methods(h.sims.onlyoffice.sim)).toEqual(['GET']);
    expect(h.sims.onlyoffice.state.folders.get('1001')!.shares.get(OO.bobId)).toBe(2);
  });

  it.each([
    ['OCM', O.subFolderId, [O.daveId, O.carolId, O.aliceId, O.bobId], ['REVOKED', 'WOULD_FAIL', 'WOULD_FAIL', 'UNCHANGED'], ocmSim],
    ['ONLYOFFICE', OO.myFolderId, [OO.bobId, OO.aliceId, OO.carolId], ['REVOKED', 'WOULD_FAIL', 'UNCHANGED'], ooSim],
  ])('%s revokeFolderShares: previews each recipient and sends only GETs', async (backend, folderId, recipientIds, changes, sim) => {
    const results = await run(REVOKE, { backend, folderId, recipientIds, dryRun: true });
    expect(results.map((r) => r.change)).toEqual(changes);
    for (const r of results) expect(r.success).toBe(r.change !== 'WOULD_FAIL');
    for (const r of results.filter((x) => x.change === 'WOULD_FAIL')) expect(r.error).toMatchObject({ code: 'FORBIDDEN', backend });
    expect(methods(sim())).toEqual(['GET']);
    // The preview changed nothing: a second look shows the same grants.
    expect(await access(backend, folderId)).toHaveLength(backend === 'OCM' ? 3 : 2);
  });

  it.each([
    ['OCM', O.subFolderId, O.daveId, ocmSim],
    ['ONLYOFFICE', OO.myFolderId, OO.bobId, ooSim],
  ])('%s: a dry run whose read fails is WOULD_FAIL with the upstream error', async (backend, folderId, id, sim) => {
    sim().inject({ kind: 'respond', status: 404, method: 'GET', path: '/share', body: SECRET_BODY });
    const results = await run(SHARE, { backend, folderId, dryRun: true, recipients: [{ id, role: 'VIEWER' }] });
    expect(results[0]).toMatchObject({ success: false, change: 'WOULD_FAIL', error: { code: 'NOT_FOUND', backend, upstreamCode: 404 } });
    expect(methods(sim())).toEqual(['GET']);
  });
});

describe('round trip: share, read back, revoke, read back', () => {
  it('OCM', async () => {
    const shared = await run(SHARE, { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'DOWNLOADER' }] });
    expect(shared[0]).toMatchObject({ success: true });
    expect(grantOf(await access('OCM', O.projectFolderId), O.bobId)).toEqual({ principal: { id: O.bobId, displayName: 'Bob Brown', kind: 'USER' }, role: 'DOWNLOADER', locked: false, isOwner: false });
    const revoked = await run(REVOKE, { backend: 'OCM', folderId: O.projectFolderId, recipientIds: [O.bobId] });
    expect(revoked[0]).toMatchObject({ success: true, change: 'REVOKED' });
    expect(grantOf(await access('OCM', O.projectFolderId), O.bobId)).toBeUndefined();
    const again = await run(REVOKE, { backend: 'OCM', folderId: O.projectFolderId, recipientIds: [O.bobId] });
    expect(again[0]).toMatchObject({ success: true, change: 'UNCHANGED' });
    expect(h.sims.ocm.sim.requests({ method: 'POST' })).toHaveLength(1);
    expect(h.sims.ocm.sim.requests({ method: 'DELETE' })).toHaveLength(1);
  });

  it('ONLYOFFICE', async () => {
    const shared = await run(SHARE, { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.designGroupId, role: 'REVIEWER' }] });
    expect(shared[0]).toMatchObject({ success: true });
    expect(grantOf(await access('ONLYOFFICE', OO.myFolderId), OO.designGroupId)).toEqual({
      principal: { id: OO.designGroupId, displayName: 'Design', kind: 'GROUP' },
      role: 'REVIEWER',
      locked: false,
      isOwner: false,
    });
    const revoked = await run(REVOKE, { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipientIds: [OO.designGroupId] });
    expect(revoked[0]).toMatchObject({ success: true, change: 'REVOKED' });
    expect(grantOf(await access('ONLYOFFICE', OO.myFolderId), OO.designGroupId)).toBeUndefined();
    expect(h.sims.onlyoffice.sim.requests({ method: 'PUT' })).toHaveLength(2);
  });
});

describe('credentials for read-back and revoke', () => {
  it.each([
    ['OCM', O.subFolderId, 'x-ocm-authorization'],
    ['ONLYOFFICE', OO.myFolderId, 'x-onlyoffice-authorization'],
  ])('%s: a refused credential fails folderAccess with UNAUTHENTICATED and every revoke recipient with it', async (backend, folderId, header) => {
    const headers = { ...DEMO_HEADERS, [header]: 'Bearer nope' };
    const read = await h.gql(ACCESS, { backend, folderId }, headers);
    expect(read.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 401 });
    const revoke = await h.gql(REVOKE, { input: { backend, folderId, recipientIds: [backend === 'OCM' ? O.daveId : OO.bobId] } }, headers);
    expect(revoke.data!.revokeFolderShares.results[0]!.error).toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 401 });
    expect(JSON.stringify([read, revoke])).not.toContain('nope');
  });
});
