/**
 * shareFolder end to end: the gateway on port 0 in front of the OCM and
 * ONLYOFFICE simulators, every upstream request read back from their logs.
 * Misuse (bad ids, sizes, roles, missing credentials) lives in
 * folder-abuse.test.ts; read-back, revoke and dry runs in folder-access.test.ts.
 */
import { DEMO_HEADERS, startHarness } from '../helpers/harness';
import type { Aliased, FolderShareResult, Harness } from '../helpers/harness';
import type { SimServer } from '../../src/simulators/kit';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';
import { ARCGIS_DEMO } from '../../src/simulators/arcgis/seed';

const SHARE = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) {
    backend folderId
    results { recipientId role success change error { code message backend upstreamCode } }
  }
}`;

const SHARE_WITH_RECIPIENT = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) {
    results { recipientId success error { code } recipient { id displayName kind } }
  }
}`;

const UNKNOWN_GUID = '0badc0de-0000-4000-8000-000000000001';
const OCM_SHARE_ROUTE = '/documents/api/1.2/shares/:folderId';
const OCM_ROLE_ROUTE = '/documents/api/1.2/shares/:folderId/role';
const OCM_ITEMS_ROUTE = '/documents/api/1.2/shares/:folderId/items';
const OO_SHARE_ROUTE = '/api/2.0/files/folder/:folderId/share';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const ocmPosts = (sim: SimServer = h.sims.ocm.sim) => sim.requests({ method: 'POST', route: OCM_SHARE_ROUTE });
// Either version's users/items: the gateway must use neither where the members read already named the recipient.
const ocmUserGets = (sim: SimServer = h.sims.ocm.sim) => sim.requests({ route: /^\/documents\/api\/1\.[12]\/users\/items$/ });
const ooPuts = () => h.sims.onlyoffice.sim.requests({ method: 'PUT', route: OO_SHARE_ROUTE });
const ooPeopleGets = () => h.sims.onlyoffice.sim.requests({ route: '/api/2.0/people/:id' });
const ooGroupGets = () => h.sims.onlyoffice.sim.requests({ route: '/api/2.0/group/:id' });

async function share(input: Record<string, unknown>, harness: Harness = h): Promise<FolderShareResult[]> {
  const res = await harness.gql(SHARE, { input });
  expect(res.errors).toBeUndefined();
  return res.data!.shareFolder.results;
}

function addOcmUsers(harness: Harness, n: number): string[] {
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const id = `UE${String(i).padStart(2, '0')}0000000000000000000000T00000000100`;
    harness.sims.ocm.state.users.set(id, { id, displayName: `Extra ${i}`, loginName: `extra${i}`, email: `extra${i}@example.com`, homeFolderId: O.aliceHomeId });
    ids.push(id);
  }
  return ids;
}

describe('OCM: one POST per distinct role (Documents API 1.2)', () => {
  it('reads the members once, POSTs every new recipient of a role in one comma-separated userID, PUTs /role for a changed member, in input order', async () => {
    const results = await share({
      backend: 'OCM',
      folderId: O.projectFolderId,
      message: 'Welcome aboard',
      recipients: [
        { id: O.bobId, role: 'VIEWER' },
        { id: O.daveId, role: 'VIEWER' },
        { id: O.fieldTeamGroupId, role: 'VIEWER' },
        { id: O.carolId, role: 'MANAGER' },
      ],
    });
    expect(results).toEqual([
      { recipientId: O.bobId, role: 'VIEWER', success: true, change: 'GRANTED', error: null },
      { recipientId: O.daveId, role: 'VIEWER', success: true, change: 'GRANTED', error: null },
      { recipientId: O.fieldTeamGroupId, role: 'VIEWER', success: true, change: 'GRANTED', error: null },
      { recipientId: O.carolId, role: 'MANAGER', success: true, change: 'UPGRADED', error: null },
    ]);
    const posts = ocmPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]!.path).toBe(`/documents/api/1.2/shares/${O.projectFolderId}`);
    expect(posts[0]!.headers['content-type']).toBe('application/json');
    expect(Object.keys(JSON.parse(posts[0]!.body) as object)).toEqual(['userID', 'role', 'message']);
    expect(JSON.parse(posts[0]!.body)).toEqual({ userID: `${O.bobId},${O.daveId},${O.fieldTeamGroupId}`, role: 'viewer', message: 'Welcome aboard' });
    const puts = h.sims.ocm.sim.requests({ method: 'PUT', route: OCM_ROLE_ROUTE });
    expect(puts.map((p) => JSON.parse(p.body) as unknown)).toEqual([{ userID: O.carolId, role: 'manager', message: 'Welcome aboard' }]);
    // Two reads of the members (currentOnly true and false) and the two writes: nothing else.
    expect(
      h.sims.ocm.sim
        .requests()
        .map((r) => `${r.method} ${r.route}`)
        .sort(),
    ).toEqual([`GET ${OCM_ITEMS_ROUTE}`, `GET ${OCM_ITEMS_ROUTE}`, `POST ${OCM_SHARE_ROUTE}`, `PUT ${OCM_ROLE_ROUTE}`].sort());
    const members = h.sims.ocm.state.folders.get(O.projectFolderId)!.members;
    expect(Object.fromEntries(members)).toEqual({ [O.carolId]: 'manager', [O.bobId]: 'viewer', [O.daveId]: 'viewer', [O.fieldTeamGroupId]: 'viewer' });
  });

  it('leaves an absent message out of the body', async () => {
    await share({ backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'CONTRIBUTOR' }] });
    expect(JSON.parse(ocmPosts()[0]!.body)).toEqual({ userID: O.bobId, role: 'contributor' });
  });

  it('sends one POST per role however many recipients, and keeps results in input order when roles interleave', async () => {
    const ids = addOcmUsers(h, 6);
    const roles = ['VIEWER', 'CONTRIBUTOR', 'VIEWER', 'CONTRIBUTOR', 'VIEWER', 'CONTRIBUTOR'];
    const results = await share({ backend: 'OCM', folderId: O.projectFolderId, recipients: ids.map((id, i) => ({ id, role: roles[i] })) });
    expect(results.map((r) => [r.recipientId, r.role, r.success, r.change])).toEqual(ids.map((id, i) => [id, roles[i], true, 'GRANTED']));
    expect(ocmPosts().map((p) => JSON.parse(p.body) as unknown)).toEqual([
      { userID: [ids[0], ids[2], ids[4]].join(','), role: 'viewer' },
      { userID: [ids[1], ids[3], ids[5]].join(','), role: 'contributor' },
    ]);
    const members = h.sims.ocm.state.folders.get(O.projectFolderId)!.members;
    ids.forEach((id, i) => expect(members.get(id)).toBe(roles[i]!.toLowerCase()));
  });

  it('primes the recipient loader from the members read and the answer: asking for recipient costs no users/items GET', async () => {
    const res = await h.gql(SHARE_WITH_RECIPIENT, {
      input: {
        backend: 'OCM',
        folderId: O.projectFolderId,
        recipients: [
          { id: O.bobId, role: 'VIEWER' },
          { id: 'dave', role: 'VIEWER' },
          { id: O.fieldTeamGroupId, role: 'VIEWER' },
          { id: 'carol', role: 'MANAGER' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.shareFolder.results).toEqual([
      { recipientId: O.bobId, success: true, error: null, recipient: { id: O.bobId, displayName: 'Bob Brown', kind: 'USER' } },
      // 1.2 answers each member under the id supplied, so a new member named by login name keeps that name here.
      { recipientId: 'dave', success: true, error: null, recipient: { id: 'dave', displayName: 'Dave Davis', kind: 'USER' } },
      { recipientId: O.fieldTeamGroupId, success: true, error: null, recipient: { id: O.fieldTeamGroupId, displayName: 'Field Team', kind: 'GROUP' } },
      // Carol is a member already: the read names her GUID for her login name.
      { recipientId: 'carol', success: true, error: null, recipient: { id: O.carolId, displayName: 'Carol Clark', kind: 'USER' } },
    ]);
    expect(ocmUserGets()).toHaveLength(0);
    expect(h.sims.ocm.sim.requests({ method: 'GET' }).map((r) => r.route)).toEqual([OCM_ITEMS_ROUTE, OCM_ITEMS_ROUTE]);
    expect(ocmPosts()).toHaveLength(1);
  });

  it('an unknown recipient is NOT_FOUND, the others are shared, and only it is looked up', async () => {
    const res = await h.gql(SHARE_WITH_RECIPIENT, {
      input: {
        backend: 'OCM',
        folderId: O.projectFolderId,
        recipients: [
          { id: O.bobId, role: 'VIEWER' },
          { id: 'UNKNOWNUSER0001', role: 'VIEWER' },
          { id: O.daveId, role: 'VIEWER' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareFolder.results;
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ recipientId: 'UNKNOWNUSER0001', error: { code: 'NOT_FOUND' }, recipient: null });
    expect(results[0]!.recipient!.displayName).toBe('Bob Brown');
    expect(ocmUserGets().map((r) => r.query.info)).toEqual(['UNKNOWNUSER0001']);
    // The whole-call 403 is split: [b, u, d] → [b, u] + [d] → [b] + [u]: 5 POSTs, not one per recipient after the first.
    expect(ocmPosts()).toHaveLength(5);
    const members = h.sims.ocm.state.folders.get(O.projectFolderId)!.members;
    expect([members.get(O.bobId), members.get(O.daveId)]).toEqual(['viewer', 'viewer']);
  });
});

describe('ONLYOFFICE: one PUT for every recipient', () => {
  it('PUTs {share:[{ShareTo, Access}], notify, sharingMessage} once and judges each recipient off the returned list', async () => {
    const results = await share({
      backend: 'ONLYOFFICE',
      folderId: OO.myFolderId,
      notify: true,
      message: 'For review',
      recipients: [
        { id: OO.carolId, role: 'REVIEWER' },
        { id: OO.designGroupId, role: 'COMMENTER' },
        { id: OO.bobId.toUpperCase(), role: 'CONTRIBUTOR' },
        { id: OO.everyoneGroupId, role: 'FORM_FILLER' },
      ],
    });
    expect(results.map((r) => [r.recipientId, r.success, r.error])).toEqual([
      [OO.carolId, true, null],
      [OO.designGroupId, true, null],
      [OO.bobId.toUpperCase(), true, null],
      [OO.everyoneGroupId, true, null],
    ]);
    const puts = ooPuts();
    expect(puts).toHaveLength(1);
    expect(h.sims.onlyoffice.sim.requests()).toHaveLength(1);
    expect(puts[0]!.path).toBe('/api/2.0/files/folder/1001/share');
    expect(JSON.parse(puts[0]!.body)).toEqual({
      share: [
        { ShareTo: OO.carolId, Access: 5 },
        { ShareTo: OO.designGroupId, Access: 6 },
        { ShareTo: OO.bobId.toUpperCase(), Access: 1 },
        { ShareTo: OO.everyoneGroupId, Access: 7 },
      ],
      notify: true,
      sharingMessage: 'For review',
    });
  });

  it('sends every role through the pinned FileShare table', async () => {
    const roles: Array<[string, number]> = [
      ['VIEWER', 2],
      ['CONTRIBUTOR', 1],
      ['REVIEWER', 5],
      ['COMMENTER', 6],
      ['FORM_FILLER', 7],
      ['CUSTOM_FILTER', 8],
      ['DENIED', 3],
    ];
    // No guest here: ONLYOFFICE shows a guest at most Read (FileSharing.GetSharedInfo), which is not what this test is about.
    const subjects = [OO.bobId, OO.carolId, OO.designGroupId, OO.everyoneGroupId];
    for (const [i, [role, access]] of roles.entries()) {
      h.reset();
      const results = await share({ backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: subjects[i % subjects.length], role }] });
      expect(results[0]).toMatchObject({ role, success: true, error: null });
      expect((JSON.parse(ooPuts()[0]!.body) as { share: unknown[] }).share).toEqual([{ ShareTo: subjects[i % subjects.length], Access: access }]);
    }
  });

  it('gives an unknown id NOT_FOUND and the owner an error saying why, keeping the others', async () => {
    const results = await share({
      backend: 'ONLYOFFICE',
      folderId: OO.myFolderId,
      recipients: [
        { id: UNKNOWN_GUID, role: 'VIEWER' },
        { id: OO.aliceId, role: 'VIEWER' },
        { id: OO.carolId, role: 'VIEWER' },
      ],
    });
    expect(results[0]).toMatchObject({ success: false, error: { code: 'NOT_FOUND', backend: 'ONLYOFFICE' } });
    expect(results[1]).toMatchObject({ success: false, error: { code: 'FORBIDDEN', backend: 'ONLYOFFICE' } });
    expect(results[1]!.error!.message).toMatch(/owner/i);
    expect(results[2]).toMatchObject({ success: true, error: null });
    expect(ooPuts()).toHaveLength(1);
  });

  it('tells a known subject that ONLYOFFICE skipped (an admin on Common documents) from an unknown one', async () => {
    const results = await share({
      backend: 'ONLYOFFICE',
      folderId: OO.commonFolderId,
      recipients: [
        { id: OO.adminGroupId, role: 'VIEWER' },
        { id: OO.bobId, role: 'VIEWER' },
      ],
    });
    expect(results[0]).toMatchObject({ success: false, error: { code: 'FORBIDDEN' } });
    expect(results[0]!.error!.message).not.toMatch(/does not know/);
    expect(results[1]).toMatchObject({ success: true });
  });

  it('NONE succeeds once the entry is gone', async () => {
    const results = await share({ backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.bobId, role: 'NONE' }] });
    expect(results[0]).toMatchObject({ role: 'NONE', success: true, error: null });
    expect(h.sims.onlyoffice.state.folders.get('1001')!.shares.has(OO.bobId)).toBe(false);
    expect((JSON.parse(ooPuts()[0]!.body) as { share: unknown[] }).share).toEqual([{ ShareTo: OO.bobId, Access: 0 }]);
  });

  it('primes the recipient loader from sharedTo: no people or group GET for recipients in the answer, one look-up for the rest', async () => {
    const res = await h.gql(SHARE_WITH_RECIPIENT, {
      input: {
        backend: 'ONLYOFFICE',
        folderId: OO.myFolderId,
        recipients: [
          { id: OO.carolId, role: 'VIEWER' },
          { id: OO.designGroupId, role: 'VIEWER' },
          { id: UNKNOWN_GUID, role: 'VIEWER' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.shareFolder.results).toEqual([
      { recipientId: OO.carolId, success: true, error: null, recipient: { id: OO.carolId, displayName: 'Carol Chen', kind: 'USER' } },
      { recipientId: OO.designGroupId, success: true, error: null, recipient: { id: OO.designGroupId, displayName: 'Design', kind: 'GROUP' } },
      { recipientId: UNKNOWN_GUID, success: false, error: { code: 'NOT_FOUND' }, recipient: null },
    ]);
    expect(ooPeopleGets().map((r) => r.path)).toEqual([`/api/2.0/people/${UNKNOWN_GUID}`]);
    expect(ooGroupGets().map((r) => r.path)).toEqual([`/api/2.0/group/${UNKNOWN_GUID}`]);
  });
});

describe('upstream errors land on the recipients concerned', () => {
  const TOKEN_BODY = JSON.stringify({ errorCode: '-1', errorKey: 'x', errorMessage: `upstream-detail-xyzzy ${O.bearer} and ${OO.token}` });
  const OO_TOKEN_BODY = JSON.stringify({ count: 0, status: 1, statusCode: 500, error: { message: `upstream-detail-xyzzy ${OO.token} / ${O.bearer}`, hresult: 1 } });

  it.each([
    ['HTTP 400', 'BAD_REQUEST', 400, { kind: 'respond' as const, status: 400, body: TOKEN_BODY }],
    ['HTTP 401', 'UNAUTHENTICATED', 401, { kind: 'respond' as const, status: 401, body: TOKEN_BODY }],
    // 1.2's 403 for "a problem with one or more supplied users or groups": alone in its call, the recipient is the problem.
    ['HTTP 403 (errorCode -1)', 'NOT_FOUND', 403, { kind: 'respond' as const, status: 403, body: TOKEN_BODY }],
    ['HTTP 403 with errorCode -20 (no privilege)', 'FORBIDDEN', 403, { kind: 'respond' as const, status: 403, body: TOKEN_BODY.replace('"-1"', '"-20"') }],
    ['HTTP 404', 'NOT_FOUND', 404, { kind: 'respond' as const, status: 404, body: TOKEN_BODY }],
    ['HTTP 409', 'CONFLICT', 409, { kind: 'respond' as const, status: 409, body: TOKEN_BODY }],
    ['HTTP 429', 'RATE_LIMITED', 429, { kind: 'respond' as const, status: 429, body: TOKEN_BODY }],
    ['HTTP 500', 'UPSTREAM_ERROR', 500, { kind: 'respond' as const, status: 500, body: TOKEN_BODY }],
    ['HTTP 503', 'UPSTREAM_ERROR', 503, { kind: 'respond' as const, status: 503, body: TOKEN_BODY }],
    ['HTTP 200 with errorCode -20', 'FORBIDDEN', -20, { kind: 'respond' as const, status: 200, body: JSON.stringify({ errorCode: '-20', errorMessage: O.bearer }) }],
    ['a reset connection', 'UPSTREAM_UNAVAILABLE', null, { kind: 'reset' as const }],
    ['no answer in time', 'UPSTREAM_TIMEOUT', null, { kind: 'delay' as const, ms: 1500 }],
  ])("OCM: %s on one POST gives its recipients %s and leaves the other role's POST intact", async (_name, code, upstreamCode, fault) => {
    // Two roles, two POSTs (viewer first, in input order): the first passes, the second meets the fault.
    h.sims.ocm.sim.inject({ kind: 'delay', ms: 0, method: 'POST' }, { ...fault, method: 'POST' });
    const res = await h.gql(SHARE, {
      input: {
        backend: 'OCM',
        folderId: O.projectFolderId,
        recipients: [
          { id: O.bobId, role: 'VIEWER' },
          { id: O.daveId, role: 'CONTRIBUTOR' },
          { id: O.fieldTeamGroupId, role: 'VIEWER' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareFolder.results;
    expect(results.map((r) => r.recipientId)).toEqual([O.bobId, O.daveId, O.fieldTeamGroupId]);
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(results[1]!.error).toMatchObject({ code, backend: 'OCM', upstreamCode });
    expect(results[1]!.change).toBeNull();
    const whole = JSON.stringify(res);
    expect(whole).not.toContain('demo-ocm-token');
    expect(whole).not.toContain(OO.token);
    expect(whole).not.toContain('upstream-detail-xyzzy');
    expect(ocmPosts().map((p) => (JSON.parse(p.body) as { userID: string }).userID)).toEqual([`${O.bobId},${O.fieldTeamGroupId}`, O.daveId]);
    const members = h.sims.ocm.state.folders.get(O.projectFolderId)!.members;
    expect([members.get(O.bobId), members.get(O.fieldTeamGroupId)]).toEqual(['viewer', 'viewer']);
  });

  it.each([
    ['HTTP 400', 'BAD_REQUEST', 400, { kind: 'respond' as const, status: 400, body: OO_TOKEN_BODY }],
    ['HTTP 401', 'UNAUTHENTICATED', 401, { kind: 'respond' as const, status: 401, body: OO_TOKEN_BODY }],
    ['HTTP 403', 'FORBIDDEN', 403, { kind: 'respond' as const, status: 403, body: OO_TOKEN_BODY }],
    ['HTTP 404', 'NOT_FOUND', 404, { kind: 'respond' as const, status: 404, body: OO_TOKEN_BODY }],
    ['HTTP 409', 'CONFLICT', 409, { kind: 'respond' as const, status: 409, body: OO_TOKEN_BODY }],
    ['HTTP 429 on every attempt', 'RATE_LIMITED', 429, { kind: 'respond' as const, status: 429, body: OO_TOKEN_BODY, times: 3 }],
    ['HTTP 500', 'UPSTREAM_ERROR', 500, { kind: 'respond' as const, status: 500, body: OO_TOKEN_BODY }],
    ['HTTP 503 on every attempt', 'UPSTREAM_ERROR', 503, { kind: 'respond' as const, status: 503, body: OO_TOKEN_BODY, times: 3 }],
    ['HTTP 200 with an error envelope', 'FORBIDDEN', 403, { kind: 'respond' as const, status: 200, body: OO_TOKEN_BODY.replace('"statusCode":500', '"statusCode":403') }],
    ['a reset connection on every attempt', 'UPSTREAM_UNAVAILABLE', null, { kind: 'reset' as const, times: 3 }],
    ['no answer in time', 'UPSTREAM_TIMEOUT', null, { kind: 'delay' as const, ms: 1500 }],
  ])('ONLYOFFICE: %s on the PUT gives every recipient %s', async (_name, code, upstreamCode, fault) => {
    h.sims.onlyoffice.sim.inject({ ...fault, method: 'PUT' });
    const res = await h.gql(SHARE, {
      input: {
        backend: 'ONLYOFFICE',
        folderId: OO.myFolderId,
        recipients: [
          { id: OO.carolId, role: 'VIEWER' },
          { id: OO.designGroupId, role: 'VIEWER' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareFolder.results;
    expect(results.map((r) => r.recipientId)).toEqual([OO.carolId, OO.designGroupId]);
    for (const r of results) expect(r).toMatchObject({ success: false, error: { code, backend: 'ONLYOFFICE', upstreamCode } });
    const whole = JSON.stringify(res);
    expect(whole).not.toContain(OO.token);
    expect(whole).not.toContain('demo-ocm-token');
    expect(whole).not.toContain('upstream-detail-xyzzy');
  });

  it('a backend that refuses connections gives every recipient UPSTREAM_UNAVAILABLE', async () => {
    const dead = await startHarness({ env: { OCM_URL: 'http://127.0.0.1:1', ONLYOFFICE_URL: 'http://127.0.0.1:1' } });
    try {
      const ocm = await share(
        {
          backend: 'OCM',
          folderId: O.projectFolderId,
          recipients: [
            { id: O.bobId, role: 'VIEWER' },
            { id: O.daveId, role: 'VIEWER' },
          ],
        },
        dead,
      );
      expect(ocm.map((r) => r.error?.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
      const oo = await share(
        {
          backend: 'ONLYOFFICE',
          folderId: OO.myFolderId,
          recipients: [
            { id: OO.bobId, role: 'VIEWER' },
            { id: OO.carolId, role: 'VIEWER' },
          ],
        },
        dead,
      );
      expect(oo.map((r) => r.error?.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    } finally {
      await dead.close();
    }
  });

  it('a refused credential is UNAUTHENTICATED on each recipient (OCM) and on all of them (ONLYOFFICE)', async () => {
    const headers = { ...DEMO_HEADERS, 'x-ocm-authorization': 'Bearer wrong', 'x-onlyoffice-authorization': 'wrong' };
    const ocm = await h.gql(
      SHARE,
      {
        input: {
          backend: 'OCM',
          folderId: O.projectFolderId,
          recipients: [
            { id: O.bobId, role: 'VIEWER' },
            { id: O.daveId, role: 'VIEWER' },
          ],
        },
      },
      headers,
    );
    expect(ocm.data!.shareFolder.results.map((r) => [r.error?.code, r.error?.upstreamCode])).toEqual([
      ['UNAUTHENTICATED', 401],
      ['UNAUTHENTICATED', 401],
    ]);
    const oo = await h.gql(SHARE, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.bobId, role: 'VIEWER' }] } }, headers);
    expect(oo.data!.shareFolder.results[0]!.error).toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 401 });
  });

  it('OCM: a folder the caller may not share fails every recipient with FORBIDDEN (errorCode -20)', async () => {
    const results = await share({
      backend: 'OCM',
      folderId: O.bobsFolderId,
      recipients: [
        { id: O.carolId, role: 'VIEWER' },
        { id: O.daveId, role: 'VIEWER' },
      ],
    });
    for (const r of results) expect(r).toMatchObject({ success: false, error: { code: 'FORBIDDEN', backend: 'OCM', upstreamCode: 403 } });
  });
});

describe('recipients are resolved through one DataLoader per backend per request', () => {
  it('OCM: the same failed recipients in two mutations of one request are looked up once each; a new request looks them up again', async () => {
    const doc = `mutation($a: ShareFolderInput!, $b: ShareFolderInput!) {
      a: shareFolder(input: $a) { results { success recipient { displayName } } }
      b: shareFolder(input: $b) { results { success recipient { displayName } } }
    }`;
    const input = {
      backend: 'OCM',
      folderId: O.bobsFolderId,
      recipients: [
        { id: O.carolId, role: 'VIEWER' },
        { id: O.daveId, role: 'VIEWER' },
      ],
    };
    const res = await h.gql<Aliased<{ a: 'shareFolder'; b: 'shareFolder' }>>(doc, { a: input, b: { ...input, recipients: [...input.recipients].reverse() } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.results).toEqual([
      { success: false, recipient: { displayName: 'Carol Clark' } },
      { success: false, recipient: { displayName: 'Dave Davis' } },
    ]);
    expect(res.data!.b.results.map((r) => r.recipient?.displayName)).toEqual(['Dave Davis', 'Carol Clark']);
    expect(
      ocmUserGets()
        .map((r) => r.query.info)
        .sort(),
    ).toEqual([O.carolId, O.daveId].sort());
    h.sims.ocm.sim.clearLog();
    await h.gql(doc, { a: input, b: input });
    expect(ocmUserGets()).toHaveLength(2);
  });

  it('ONLYOFFICE: failed recipients are looked up once per request (people first, then groups); answered ones never', async () => {
    const doc = `mutation($a: ShareFolderInput!, $b: ShareFolderInput!, $c: ShareFolderInput!) {
      a: shareFolder(input: $a) { results { success recipient { displayName kind } } }
      b: shareFolder(input: $b) { results { success recipient { displayName kind } } }
      c: shareFolder(input: $c) { results { success recipient { displayName kind } } }
    }`;
    const failing = {
      backend: 'ONLYOFFICE',
      folderId: OO.otherUsersFolderId,
      recipients: [
        { id: OO.carolId, role: 'VIEWER' },
        { id: OO.designGroupId, role: 'VIEWER' },
      ],
    };
    const ok = { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.visitorId, role: 'VIEWER' }] };
    const res = await h.gql<Aliased<{ a: 'shareFolder'; b: 'shareFolder'; c: 'shareFolder' }>>(doc, { a: failing, b: { ...failing, recipients: [...failing.recipients].reverse() }, c: ok });
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.results).toEqual([
      { success: false, recipient: { displayName: 'Carol Chen', kind: 'USER' } },
      { success: false, recipient: { displayName: 'Design', kind: 'GROUP' } },
    ]);
    expect(res.data!.c.results).toEqual([{ success: true, recipient: { displayName: 'Victor Visitor', kind: 'USER' } }]);
    expect(
      ooPeopleGets()
        .map((r) => r.path)
        .sort(),
    ).toEqual([`/api/2.0/people/${OO.carolId}`, `/api/2.0/people/${OO.designGroupId}`].sort());
    expect(ooGroupGets().map((r) => r.path)).toEqual([`/api/2.0/group/${OO.designGroupId}`]);
  });
});

describe('credentials go to their own backend only', () => {
  const everySecret = [O.token, OO.token, ARCGIS_DEMO.aliceToken];

  it('OCM gets X-OCM-Authorization as Authorization, and nobody else sees it', async () => {
    await share({ backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'VIEWER' }] });
    const [req] = h.sims.ocm.sim.requests();
    expect(req!.headers.authorization).toBe(O.bearer);
    expect(req!.headers['x-ocm-authorization']).toBeUndefined();
    const otherValues = Object.entries(req!.headers)
      .filter(([k]) => k !== 'authorization')
      .map(([, v]) => String(v))
      .join('\n');
    for (const secret of everySecret) expect(otherValues).not.toContain(secret);
    expect(h.sims.onlyoffice.sim.log).toHaveLength(0);
    expect(h.sims.arcgis.sim.log).toHaveLength(0);
  });

  it('ONLYOFFICE gets X-ONLYOFFICE-Authorization as Authorization, and nobody else sees it', async () => {
    await share({ backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.carolId, role: 'VIEWER' }] });
    const [req] = h.sims.onlyoffice.sim.requests();
    expect(req!.headers.authorization).toBe(OO.token);
    expect(req!.headers['x-onlyoffice-authorization']).toBeUndefined();
    const otherValues = Object.entries(req!.headers)
      .filter(([k]) => k !== 'authorization')
      .map(([, v]) => String(v))
      .join('\n');
    for (const secret of everySecret) expect(otherValues).not.toContain(secret);
    expect(h.sims.ocm.sim.log).toHaveLength(0);
    expect(h.sims.arcgis.sim.log).toHaveLength(0);
  });

  it('each backend works with only its own header present', async () => {
    const ocm = await h.gql(SHARE, { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'VIEWER' }] } }, { 'x-ocm-authorization': O.basic });
    expect(ocm.data!.shareFolder.results[0]!.success).toBe(true);
    expect(h.sims.ocm.sim.requests()[0]!.headers.authorization).toBe(O.basic);
    const oo = await h.gql(
      SHARE,
      { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.carolId, role: 'VIEWER' }] } },
      { 'x-onlyoffice-authorization': `Bearer ${OO.token}` },
    );
    expect(oo.data!.shareFolder.results[0]!.success).toBe(true);
  });
});
