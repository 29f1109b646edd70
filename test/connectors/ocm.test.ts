/**
 * The OCM connector against the OCM simulator over real HTTP on port 0: the
 * exact requests it sends (read back from the simulator's log), how it reads
 * each documented answer, and how it classifies failures.
 */
import { connectorTestSettings, upstreamFailure } from '../helpers/connector';
import { OcmConnector, isolate } from '../../src/connectors/ocm';
import type { OcmCallOptions, OcmMemberResult, Settled } from '../../src/connectors/ocm';
import { UpstreamClient } from '../../src/connectors/upstream/client';
import { xorshift32 } from '../../src/simulators/kit';
import type { SimServer } from '../../src/simulators/kit';
import { createOcmSimulator, OCM_DEMO } from '../../src/simulators/ocm/server';
import type { OcmState } from '../../src/simulators/ocm/server';
import { testCall } from '../helpers/call';

const SETTINGS = connectorTestSettings(3);

const ALICE: OcmCallOptions = { credential: OCM_DEMO.bearer, call: testCall('req-ocm-1') };
const D = OCM_DEMO;

let sim: SimServer;
let state: OcmState;
let client: UpstreamClient;
let ocm: OcmConnector;

beforeAll(async () => {
  ({ sim, state } = createOcmSimulator());
  await sim.listen(0);
  client = new UpstreamClient('OCM', new URL(sim.url), SETTINGS);
  ocm = new OcmConnector(client);
});

afterEach(() => sim.reset());

afterAll(async () => {
  await client.close();
  await sim.close();
});

const failure = upstreamFailure;

const CREDENTIAL_HEADERS = ['cookie', 'x-esri-authorization', 'x-api-key', 'proxy-authorization', 'x-user-id', 'x-token'];

describe('shareFolder', () => {
  it('POSTs {userID, role, message} as JSON with the caller credential and nothing else that identifies them', async () => {
    const out = await ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'downloader', message: 'Have a look' });
    expect(out).toEqual({ user: { id: D.bobId, displayName: 'Bob Brown', kind: 'USER' }, role: 'downloader' });

    const [req, ...rest] = sim.requests();
    expect(rest).toHaveLength(0);
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe(`/documents/api/1.1/shares/${D.projectFolderId}`);
    expect(req!.route).toBe('/documents/api/1.1/shares/:folderId');
    expect(req!.url).toBe(req!.path); // no query string: nothing travels in the URL
    expect(JSON.parse(req!.body)).toEqual({ userID: D.bobId, role: 'downloader', message: 'Have a look' });
    expect(Object.keys(JSON.parse(req!.body) as object)).toEqual(['userID', 'role', 'message']);
    expect(req!.headers.authorization).toBe('Bearer demo-ocm-token');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers.accept).toBe('application/json');
    expect(req!.headers['x-request-id']).toBe('req-ocm-1');
    for (const name of CREDENTIAL_HEADERS) expect(req!.headers[name]).toBeUndefined();

    expect(state.folders.get(D.projectFolderId)!.members.get(D.bobId)).toBe('downloader');
  });

  it('leaves message out when absent and sends no x-request-id when none is given', async () => {
    await ocm.shareFolder({ credential: OCM_DEMO.bearer }, D.projectFolderId, { userID: D.daveId, role: 'viewer' });
    const [req] = sim.requests();
    expect(JSON.parse(req!.body)).toEqual({ userID: D.daveId, role: 'viewer' });
    expect(req!.headers['x-request-id']).toBeUndefined();
  });

  it('works with Basic credentials, for the `self` folder and for a collection', async () => {
    const basic = { credential: OCM_DEMO.basic };
    await expect(ocm.shareFolder(basic, 'self', { userID: D.carolId, role: 'viewer' })).resolves.toMatchObject({ role: 'viewer' });
    expect(state.folders.get(D.aliceHomeId)!.members.get(D.carolId)).toBe('viewer');
    expect(sim.requests()[0]!.path).toBe('/documents/api/1.1/shares/self');
    await expect(ocm.shareFolder(ALICE, D.collectionId, { userID: D.bobId, role: 'contributor' })).resolves.toMatchObject({ role: 'contributor' });
  });

  it('lets a manager who is not the owner share', async () => {
    await expect(ocm.shareFolder(ALICE, D.carolsFolderId, { userID: D.daveId, role: 'viewer' })).resolves.toMatchObject({ role: 'viewer' });
  });

  it('maps a viewer trying to share to FORBIDDEN (403, errorCode -20)', async () => {
    const err = await failure(ocm.shareFolder(ALICE, D.bobsFolderId, { userID: D.carolId, role: 'viewer' }));
    expect(err).toMatchObject({ code: 'FORBIDDEN', backend: 'OCM', upstreamCode: 403 });
    expect(state.folders.get(D.bobsFolderId)!.members.has(D.carolId)).toBe(false);
  });

  it('maps an unknown folder to NOT_FOUND', async () => {
    const err = await failure(ocm.shareFolder(ALICE, 'F00000000000000000000000T0000000000000000000', { userID: D.bobId, role: 'viewer' }));
    expect(err).toMatchObject({ code: 'NOT_FOUND', upstreamCode: 404 });
  });

  it('maps an unknown user and an invalid role to BAD_REQUEST', async () => {
    await expect(failure(ocm.shareFolder(ALICE, D.projectFolderId, { userID: 'UNOBODY', role: 'viewer' }))).resolves.toMatchObject({ code: 'BAD_REQUEST', upstreamCode: 400 });
    await expect(failure(ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'owner' }))).resolves.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('maps a bad token to UNAUTHENTICATED and never repeats the token in its message', async () => {
    const err = await failure(ocm.shareFolder({ credential: 'Bearer not-a-token-s3cr3t' }, D.projectFolderId, { userID: D.bobId, role: 'viewer' }));
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 401 });
    expect(err.message).not.toContain('s3cr3t');
  });

  it('never copies an upstream errorMessage', async () => {
    sim.inject({ kind: 'respond', status: 403, body: JSON.stringify({ errorCode: '-20', errorKey: 'x', errorMessage: 'token Bearer leaked-abc was refused' }) });
    const err = await failure(ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' }));
    expect(err).toMatchObject({ code: 'FORBIDDEN', upstreamCode: 403 });
    expect(err.message).not.toMatch(/leaked|Bearer/);
  });

  it('reads a 200 with a non-zero errorCode as an error', async () => {
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '-16', errorKey: 'k', errorMessage: 'm' }) });
    await expect(failure(ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' }))).resolves.toMatchObject({ code: 'NOT_FOUND', upstreamCode: -16 });
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '-17' }) });
    await expect(failure(ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' }))).resolves.toMatchObject({ code: 'CONFLICT', upstreamCode: -17 });
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '-1' }) });
    await expect(failure(ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' }))).resolves.toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: -1 });
  });

  it('reads the v1.2 answer shape (members[], no user) and its isSuccessful:"0"', async () => {
    const member = { id: D.bobId, displayName: 'Bob Brown', type: 'user', isSuccessful: '1' };
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '0', id: D.projectFolderId, role: 'viewer', type: 'share', members: [member] }) });
    await expect(ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' })).resolves.toEqual({
      user: { id: D.bobId, displayName: 'Bob Brown', kind: 'USER' },
      role: 'viewer',
    });
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '0', members: [{ ...member, isSuccessful: '0' }] }) });
    await expect(failure(ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' }))).resolves.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses answers of the wrong shape as UPSTREAM_ERROR', async () => {
    for (const body of ['', '[]', '"ok"', JSON.stringify({ errorCode: '0', user: { displayName: 'no id' } }), JSON.stringify({ errorCode: {} }), JSON.stringify({ errorCode: '0', role: 7 })]) {
      sim.inject({ kind: 'respond', status: 200, body });
      await expect(failure(ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' }))).resolves.toMatchObject({ code: 'UPSTREAM_ERROR' });
    }
  });

  it('ignores __proto__ keys in an answer', async () => {
    sim.inject({ kind: 'respond', status: 200, body: '{"errorCode":"0","role":"viewer","__proto__":{"polluted":true},"user":{"id":"U1","__proto__":{"x":1},"type":"user"}}' });
    const out = await ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' });
    expect(out).toEqual({ user: { id: 'U1', displayName: null, kind: 'USER' }, role: 'viewer' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('ids as one encoded path segment', () => {
  it.each([
    ['../../x', '..%2F..%2Fx'],
    ['a%2Fb', 'a%252Fb'],
    ['a b?c#d', 'a%20b%3Fc%23d'],
  ])('%s reaches OCM as %s and matches the route', async (id, encoded) => {
    const err = await failure(ocm.shareFolder(ALICE, id, { userID: D.bobId, role: 'viewer' }));
    expect(err.code).toBe('NOT_FOUND');
    const [req] = sim.requests();
    expect(req!.route).toBe('/documents/api/1.1/shares/:folderId');
    expect(req!.path).toBe(`/documents/api/1.1/shares/${encoded}`);
  });

  it('refuses . and .. before sending anything', async () => {
    await expect(ocm.listShares(ALICE, '..')).rejects.toThrow(/dot path segment/);
    expect(sim.requests()).toHaveLength(0);
  });
});

describe('listShares', () => {
  it('reads currentOnly=true and =false and marks entries only in the full list as inherited', async () => {
    const grants = await ocm.listShares(ALICE, D.subFolderId);
    expect(grants).toEqual([
      { principal: { id: D.daveId, displayName: 'Dave Davis', kind: 'USER' }, role: 'viewer', inherited: false },
      { principal: { id: D.carolId, displayName: 'Carol Clark', kind: 'USER' }, role: 'contributor', inherited: true },
    ]);
    const reqs = sim.requests({ method: 'GET' });
    expect(reqs).toHaveLength(2);
    for (const r of reqs) {
      expect(r.route).toBe('/documents/api/1.1/shares/:folderId/items');
      expect(r.path).toBe(`/documents/api/1.1/shares/${D.subFolderId}/items`);
      expect(r.body).toBe('');
      expect(r.headers['content-type']).toBeUndefined();
      expect(r.headers.authorization).toBe('Bearer demo-ocm-token');
    }
    expect(reqs.map((r) => r.query.currentOnly).sort()).toEqual(['false', 'true']);
  });

  it('gives a direct share that also exists on a parent as direct, with the folder role', async () => {
    await ocm.shareFolder(ALICE, D.subFolderId, { userID: D.carolId, role: 'manager' });
    const grants = await ocm.listShares(ALICE, D.subFolderId);
    expect(grants.find((g) => g.principal.id === D.carolId)).toMatchObject({ role: 'manager', inherited: false });
  });

  it('reads a server that ignores currentOnly as all direct', async () => {
    const items = [{ type: 'share', role: 'viewer', user: { id: D.daveId, displayName: 'Dave', type: 'user' } }];
    const body = JSON.stringify({ count: '1', errorCode: '0', items });
    sim.inject({ kind: 'respond', status: 200, body, times: 2 });
    await expect(ocm.listShares(ALICE, D.subFolderId)).resolves.toEqual([{ principal: { id: D.daveId, displayName: 'Dave', kind: 'USER' }, role: 'viewer', inherited: false }]);
  });

  it('accepts the single-object `items` of the v1.1 schema example and a missing `items`', async () => {
    const one = { type: 'share', role: 'manager', user: { id: 'U7ECC74059E0FEDFEC66BF5AT00000000001', displayName: 'User BB', loginName: 'userBBLoginName', type: 'user' } };
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: '1', errorCode: '0', items: one }), times: 2 });
    await expect(ocm.listShares(ALICE, D.subFolderId)).resolves.toHaveLength(1);
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: 0, errorCode: 0 }), times: 2 });
    await expect(ocm.listShares(ALICE, D.subFolderId)).resolves.toEqual([]);
  });

  it('refuses items that are not a list of shares', async () => {
    for (const items of ['x', 3, {}, [null], [{ role: 'viewer' }], [{ role: 'viewer', user: { id: 5 } }], [{ user: { id: 'U1' } }]]) {
      sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: '1', errorCode: '0', items }), times: 2 });
      await expect(failure(ocm.listShares(ALICE, D.subFolderId))).resolves.toMatchObject({ code: 'UPSTREAM_ERROR' });
      sim.clearFaults();
    }
  });

  it('maps a folder the caller cannot see to FORBIDDEN and an unknown one to NOT_FOUND', async () => {
    await expect(failure(ocm.listShares({ credential: `Bearer ${D.daveToken}` }, D.bobsFolderId))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    await expect(failure(ocm.listShares(ALICE, 'nope'))).resolves.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('revokeUser', () => {
  it('DELETEs with a JSON body {userID, message} and removes the direct share', async () => {
    await ocm.revokeUser(ALICE, D.subFolderId, D.daveId, 'Project over');
    const [req] = sim.requests();
    expect(req!.method).toBe('DELETE');
    expect(req!.path).toBe(`/documents/api/1.1/shares/${D.subFolderId}/user`);
    expect(req!.route).toBe('/documents/api/1.1/shares/:folderId/user');
    expect(req!.url).toBe(req!.path);
    expect(JSON.parse(req!.body)).toEqual({ userID: D.daveId, message: 'Project over' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(state.folders.get(D.subFolderId)!.members.has(D.daveId)).toBe(false);
  });

  it('is idempotent: a second revoke succeeds, and a dropped connection is retried', async () => {
    await ocm.revokeUser(ALICE, D.subFolderId, D.daveId);
    expect(JSON.parse(sim.requests()[0]!.body)).toEqual({ userID: D.daveId });
    await expect(ocm.revokeUser(ALICE, D.subFolderId, D.daveId)).resolves.toBeUndefined();
    sim.clearLog();
    sim.inject({ kind: 'reset', method: 'DELETE' });
    await expect(ocm.revokeUser(ALICE, D.projectFolderId, D.carolId)).resolves.toBeUndefined();
    expect(sim.requests({ method: 'DELETE' })).toHaveLength(2);
  });

  it('accepts a 204 with no body', async () => {
    sim.inject({ kind: 'respond', status: 204 });
    await expect(ocm.revokeUser(ALICE, D.subFolderId, D.daveId)).resolves.toBeUndefined();
  });

  it('maps a non-manager to FORBIDDEN', async () => {
    await expect(failure(ocm.revokeUser(ALICE, D.bobsFolderId, D.aliceId))).resolves.toMatchObject({ code: 'FORBIDDEN', upstreamCode: 403 });
  });
});

describe('getUser', () => {
  it('finds a user by exact id through users/items?info=', async () => {
    await expect(ocm.getUser(ALICE, D.bobId)).resolves.toEqual({ id: D.bobId, displayName: 'Bob Brown', kind: 'USER' });
    const [req] = sim.requests();
    expect(req!.route).toBe('/documents/api/1.1/users/items');
    expect(req!.query).toEqual({ info: D.bobId });
    expect(req!.body).toBe('');
  });

  it('finds a user by exact login name, not by a fuzzy hit', async () => {
    await expect(ocm.getUser(ALICE, 'carol')).resolves.toMatchObject({ id: D.carolId });
    // "a" matches every demo user somewhere, but none of them is exactly "a".
    await expect(ocm.getUser(ALICE, 'a')).resolves.toBeNull();
  });

  it('gives null when nothing matches (count "0", no items) and for an empty id', async () => {
    await expect(ocm.getUser(ALICE, 'UNOBODY00000000000000000T00000000099')).resolves.toBeNull();
    await expect(ocm.getUser(ALICE, '')).resolves.toBeNull();
    expect(sim.requests()).toHaveLength(1);
  });

  it('refuses a user without a string id', async () => {
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: '1', errorCode: '0', items: [{ id: 1, loginName: 'x' }] }) });
    await expect(failure(ocm.getUser(ALICE, 'x'))).resolves.toMatchObject({ code: 'UPSTREAM_ERROR' });
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: '1', errorCode: '0', items: { id: 'U1' } }) });
    await expect(failure(ocm.getUser(ALICE, 'U1'))).resolves.toMatchObject({ code: 'UPSTREAM_ERROR' });
  });
});

describe('faults', () => {
  const share = () => ocm.shareFolder(ALICE, D.projectFolderId, { userID: D.bobId, role: 'viewer' });

  it('a 500 with a non-JSON body is UPSTREAM_ERROR', async () => {
    sim.inject({ kind: 'respond', status: 500, body: 'Internal error, see log' });
    await expect(failure(share())).resolves.toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: 500 });
  });

  it('a 200 with HTML is UPSTREAM_ERROR', async () => {
    sim.inject({ kind: 'respond', status: 200, body: '<html><body>Sign in</body></html>' });
    await expect(failure(share())).resolves.toMatchObject({ code: 'UPSTREAM_ERROR' });
  });

  it('a 401 with an HTML body is still UNAUTHENTICATED', async () => {
    sim.inject({ kind: 'respond', status: 401, body: '<html>login</html>', headers: { 'content-type': 'text/html' } });
    await expect(failure(ocm.getUser(ALICE, D.bobId))).resolves.toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 401 });
  });

  it('a dropped connection on the POST is UPSTREAM_UNAVAILABLE and is not retried', async () => {
    sim.inject({ kind: 'reset' });
    await expect(failure(share())).resolves.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(sim.requests({ method: 'POST' })).toHaveLength(1);
    expect(state.folders.get(D.projectFolderId)!.members.has(D.bobId)).toBe(false);
  });

  it('a 503 on the POST is not retried', async () => {
    sim.inject({ kind: 'respond', status: 503, body: '' });
    await expect(failure(share())).resolves.toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: 503 });
    expect(sim.requests({ method: 'POST' })).toHaveLength(1);
  });

  it('a 503 on a read is retried', async () => {
    sim.inject({ kind: 'respond', status: 503, body: '', method: 'GET', path: '/users/items' });
    await expect(ocm.getUser(ALICE, D.bobId)).resolves.toMatchObject({ id: D.bobId });
    expect(sim.requests({ route: '/documents/api/1.1/users/items' })).toHaveLength(2);
  });

  it('reads that keep failing end as UPSTREAM_UNAVAILABLE', async () => {
    sim.inject({ kind: 'reset', times: 10 });
    await expect(failure(ocm.getUser(ALICE, D.bobId))).resolves.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(sim.requests()).toHaveLength(SETTINGS.maxAttempts);
  });
});

// ---- Documents API 1.2 --------------------------------------------------------

const V12 = {
  share: '/documents/api/1.2/shares/:folderId',
  role: '/documents/api/1.2/shares/:folderId/role',
  items: '/documents/api/1.2/shares/:folderId/items',
  revoke: '/documents/api/1.2/shares/:folderId/user',
};

/** `n` extra users in the simulator, ids in the documented `U…T…` form. */
function addUsers(n: number, prefix = 'E'): string[] {
  return Array.from({ length: n }, (_, i) => {
    const id = `U${prefix}${String(i).padStart(4, '0')}${'0'.repeat(22 - prefix.length - 4)}T${String(i).padStart(11, '0')}`;
    state.users.set(id, { id, displayName: `Extra ${i}`, loginName: `extra-${prefix}${i}`, email: `extra${i}@example.com`, homeFolderId: D.aliceHomeId });
    return id;
  });
}

const outcome = (r: OcmMemberResult) => [r.id, r.ok, r.error?.code ?? null];
const bodyIds = (body: string) => (JSON.parse(body) as { userID: string }).userID.split(',');
const ceilLog2 = (n: number) => Math.ceil(Math.log2(n));

describe('shareMembers (1.2)', () => {
  it('POSTs every id in one call as a comma-separated userID, and reads one outcome per id', async () => {
    const out = await ocm.shareMembers(ALICE, D.projectFolderId, [D.bobId, 'dave', D.fieldTeamGroupId], 'downloader', 'Welcome');
    expect(out).toEqual([
      { id: D.bobId, ok: true, member: { id: D.bobId, displayName: 'Bob Brown', kind: 'USER' }, error: null },
      { id: 'dave', ok: true, member: { id: 'dave', displayName: 'Dave Davis', kind: 'USER' }, error: null },
      { id: D.fieldTeamGroupId, ok: true, member: { id: D.fieldTeamGroupId, displayName: 'Field Team', kind: 'GROUP' }, error: null },
    ]);
    const [req, ...rest] = sim.requests();
    expect(rest).toHaveLength(0);
    expect([req!.method, req!.route, req!.path, req!.url]).toEqual(['POST', V12.share, `/documents/api/1.2/shares/${D.projectFolderId}`, req!.path]);
    expect(JSON.parse(req!.body)).toEqual({ userID: `${D.bobId},dave,${D.fieldTeamGroupId}`, role: 'downloader', message: 'Welcome' });
    expect(req!.headers.authorization).toBe('Bearer demo-ocm-token');
    expect(req!.headers['content-type']).toBe('application/json');
    for (const name of CREDENTIAL_HEADERS) expect(req!.headers[name]).toBeUndefined();
    expect(Object.fromEntries(state.folders.get(D.projectFolderId)!.members)).toMatchObject({ [D.bobId]: 'downloader', [D.daveId]: 'downloader', [D.fieldTeamGroupId]: 'downloader' });
  });

  it('sends nothing for no ids, and asks a repeated id once', async () => {
    await expect(ocm.shareMembers(ALICE, D.projectFolderId, [], 'viewer')).resolves.toEqual([]);
    expect(sim.requests()).toHaveLength(0);
    const out = await ocm.shareMembers(ALICE, D.projectFolderId, [D.bobId, D.bobId], 'viewer');
    expect(out.map(outcome)).toEqual([
      [D.bobId, true, null],
      [D.bobId, true, null],
    ]);
    expect(bodyIds(sim.requests()[0]!.body)).toEqual([D.bobId]);
  });

  it('isolates one bad id among 16 in at most 1 + 2·log2(16) calls, sharing every good one', async () => {
    const ids = addUsers(16);
    ids[11] = 'UNOBODY0000000000000000T00000000099';
    const out = await ocm.shareMembers(ALICE, D.projectFolderId, ids, 'viewer');
    expect(out.map(outcome)).toEqual(ids.map((id, i) => [id, i !== 11, i === 11 ? 'NOT_FOUND' : null]));
    expect(out[11]!.error!.upstreamCode).toBe(403);
    const posts = sim.requests({ method: 'POST', route: V12.share });
    expect(posts.length).toBeLessThanOrEqual(1 + 2 * 4);
    expect(posts.length).toBeLessThan(16);
    const members = state.folders.get(D.projectFolderId)!.members;
    for (const [i, id] of ids.entries()) expect(members.get(id)).toBe(i === 11 ? undefined : 'viewer');
    // Each good id was written by exactly one accepted POST: nobody is shared (or notified) twice.
    const accepted = posts.filter((p) => !bodyIds(p.body).includes(ids[11]!)).flatMap((p) => bodyIds(p.body));
    expect(accepted.sort()).toEqual(ids.filter((_, i) => i !== 11).sort());
  });

  it('isolates three bad ids among 40 within 1 + 2·3·⌈log2 40⌉ calls', async () => {
    const ids = addUsers(40);
    const bad = new Set([0, 17, 39]);
    for (const i of bad) ids[i] = `GS9${i}`;
    const out = await ocm.shareMembers(ALICE, D.projectFolderId, ids, 'contributor');
    expect(out.map((r) => r.ok)).toEqual(ids.map((_, i) => !bad.has(i)));
    expect(out.filter((r) => !r.ok).map((r) => r.error!.code)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    expect(sim.requests({ route: V12.share }).length).toBeLessThanOrEqual(1 + 2 * 3 * ceilLog2(40));
    expect([...state.folders.get(D.projectFolderId)!.members.keys()].filter((k) => k.startsWith('UE'))).toHaveLength(37);
  });

  it('a lone unknown recipient is NOT_FOUND after one call', async () => {
    const [r] = await ocm.shareMembers(ALICE, D.projectFolderId, ['UNOBODY'], 'viewer');
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', upstreamCode: 403 } });
    expect(sim.requests()).toHaveLength(1);
  });

  it('a caller who may not share (403 -20) gets FORBIDDEN for everyone in 1 + 2·⌈log2 n⌉ calls, not 2n − 1', async () => {
    const ids = addUsers(16);
    const out = await ocm.shareMembers(ALICE, D.bobsFolderId, ids, 'viewer');
    expect(new Set(out.map((r) => `${r.ok}/${r.error?.code}/${r.error?.upstreamCode}`))).toEqual(new Set(['false/FORBIDDEN/403']));
    expect(sim.requests({ route: V12.share })).toHaveLength(1 + 2 * 4);
    expect([...state.folders.get(D.bobsFolderId)!.members.keys()]).toEqual([D.aliceId]);
  });

  it('keeps isSuccessful "0" on its member (the owner, an existing member) and shares the rest', async () => {
    const out = await ocm.shareMembers(ALICE, D.projectFolderId, [D.aliceId, D.carolId, D.bobId], 'manager');
    expect(out.map(outcome)).toEqual([
      [D.aliceId, false, 'FORBIDDEN'],
      [D.carolId, false, 'FORBIDDEN'],
      [D.bobId, true, null],
    ]);
    expect(out[0]!.error!.upstreamCode).toBeNull();
    expect(sim.requests()).toHaveLength(1);
  });

  it('gives every id the failure of a call that is not a 403, without splitting', async () => {
    const out = await ocm.shareMembers(ALICE, 'F00000000000000000000000T0000000000000000000', [D.bobId, D.daveId], 'viewer');
    expect(out.map(outcome)).toEqual([
      [D.bobId, false, 'NOT_FOUND'],
      [D.daveId, false, 'NOT_FOUND'],
    ]);
    sim.clearLog();
    sim.inject({ kind: 'reset', method: 'POST' });
    const dropped = await ocm.shareMembers(ALICE, D.projectFolderId, [D.bobId, D.daveId], 'viewer');
    expect(dropped.map((r) => r.error?.code)).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    expect(sim.requests({ method: 'POST' })).toHaveLength(1);
  });

  it('refuses . and .. as a folder before sending anything', async () => {
    await expect(ocm.shareMembers(ALICE, '..', [D.bobId], 'viewer')).rejects.toThrow(/dot path segment/);
    expect(sim.requests()).toHaveLength(0);
  });

  it('pairs members answered under other ids (the role page example answers a GUID for what it was sent) in order', async () => {
    const members = [
      { id: D.bobId, displayName: 'Bob Brown', type: 'user', isSuccessful: '1' },
      { id: D.daveId, displayName: 'Dave Davis', type: 'user', isSuccessful: '0' },
    ];
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '0', members, type: 'share' }) });
    const out = await ocm.shareMembers(ALICE, D.projectFolderId, ['bob', 'dave'], 'viewer');
    expect(out.map(outcome)).toEqual([
      ['bob', true, null],
      ['dave', false, 'FORBIDDEN'],
    ]);
    expect(out[0]!.member).toEqual({ id: D.bobId, displayName: 'Bob Brown', kind: 'USER' });
  });

  it('never reports success for an id the answer does not confirm', async () => {
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '0', members: [{ id: D.bobId, type: 'user', isSuccessful: '1' }] }) });
    expect((await ocm.shareMembers(ALICE, D.projectFolderId, [D.bobId, D.daveId], 'viewer')).map(outcome)).toEqual([
      [D.bobId, true, null],
      [D.daveId, false, 'UPSTREAM_ERROR'],
    ]);
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '0', members: [{ id: D.bobId, type: 'user', isSuccessful: 'yes' }] }) });
    expect((await ocm.shareMembers(ALICE, D.projectFolderId, [D.bobId], 'viewer')).map(outcome)).toEqual([[D.bobId, false, 'UPSTREAM_ERROR']]);
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ errorCode: '0', members: 'all' }) });
    expect((await ocm.shareMembers(ALICE, D.projectFolderId, [D.bobId], 'viewer')).map(outcome)).toEqual([[D.bobId, false, 'UPSTREAM_ERROR']]);
  });

  it('never copies an upstream message into an outcome', async () => {
    sim.inject({ kind: 'respond', status: 403, body: JSON.stringify({ errorCode: '-1', errorMessage: 'token Bearer leaked-abc', title: 'leaked-abc' }), times: 3 });
    const out = await ocm.shareMembers(ALICE, D.projectFolderId, [D.bobId, D.daveId], 'viewer');
    for (const r of out) expect(r.error!.message).not.toMatch(/leaked|Bearer/);
  });
});

describe('changeRole (1.2)', () => {
  it('PUTs /role with the list, and reads each outcome', async () => {
    const out = await ocm.changeRole(ALICE, D.salesFolderId, [D.salesGroupId, D.bobId, D.daveId], 'manager', 'More rights');
    expect(out.map(outcome)).toEqual([
      [D.salesGroupId, true, null],
      [D.bobId, true, null],
      [D.daveId, false, 'FORBIDDEN'],
    ]);
    const [req] = sim.requests();
    expect([req!.method, req!.route]).toEqual(['PUT', V12.role]);
    expect(JSON.parse(req!.body)).toEqual({ userID: `${D.salesGroupId},${D.bobId},${D.daveId}`, role: 'manager', message: 'More rights' });
    expect(Object.fromEntries(state.folders.get(D.salesFolderId)!.members)).toEqual({ [D.salesGroupId]: 'manager', [D.bobId]: 'manager' });
  });

  it('isolates a bad id the same way, and is not retried on a dropped connection', async () => {
    const out = await ocm.changeRole(ALICE, D.salesFolderId, [D.bobId, 'GS404', D.salesGroupId], 'downloader');
    expect(out.map(outcome)).toEqual([
      [D.bobId, true, null],
      ['GS404', false, 'NOT_FOUND'],
      [D.salesGroupId, true, null],
    ]);
    sim.clearLog();
    sim.inject({ kind: 'reset', method: 'PUT' });
    await ocm.changeRole(ALICE, D.salesFolderId, [D.bobId], 'viewer');
    expect(sim.requests({ method: 'PUT' })).toHaveLength(1);
  });
});

describe('revokeMembers (1.2)', () => {
  it('DELETEs with userID and message in the query and no body, reading each outcome', async () => {
    const out = await ocm.revokeMembers(ALICE, D.salesFolderId, [D.salesGroupId, D.bobId, D.aliceId], 'Project over');
    expect(out.map(outcome)).toEqual([
      [D.salesGroupId, true, null],
      [D.bobId, true, null],
      [D.aliceId, false, 'FORBIDDEN'],
    ]);
    const [req] = sim.requests();
    expect([req!.method, req!.route, req!.body]).toEqual(['DELETE', V12.revoke, '']);
    expect(req!.headers['content-type']).toBeUndefined();
    expect(req!.query).toEqual({ userID: `${D.salesGroupId},${D.bobId},${D.aliceId}`, message: 'Project over' });
    expect(state.folders.get(D.salesFolderId)!.members.size).toBe(0);
  });

  it('isolates an unknown id, and retries a dropped DELETE (it is idempotent)', async () => {
    expect((await ocm.revokeMembers(ALICE, D.salesFolderId, ['UNOBODY', D.bobId])).map(outcome)).toEqual([
      ['UNOBODY', false, 'NOT_FOUND'],
      [D.bobId, true, null],
    ]);
    sim.clearLog();
    sim.inject({ kind: 'reset', method: 'DELETE' });
    expect((await ocm.revokeMembers(ALICE, D.salesFolderId, [D.salesGroupId])).map(outcome)).toEqual([[D.salesGroupId, true, null]]);
    expect(sim.requests({ method: 'DELETE' })).toHaveLength(2);
  });

  it('cuts a long list so that no query passes 7,000 characters, and revokes everyone', async () => {
    const ids = addUsers(400);
    const members = state.folders.get(D.projectFolderId)!.members;
    for (const id of ids) members.set(id, 'viewer');
    const out = await ocm.revokeMembers(ALICE, D.projectFolderId, ids, 'é'.repeat(100));
    expect(out.every((r) => r.ok)).toBe(true);
    const reqs = sim.requests({ route: V12.revoke });
    expect(reqs.length).toBeGreaterThan(1);
    for (const r of reqs) expect(r.url.length - r.path.length - 1).toBeLessThanOrEqual(7000);
    expect(reqs.flatMap((r) => r.query.userID!.split(','))).toEqual(ids);
    expect([...members.keys()]).toEqual([D.carolId]);
  });
});

describe('listMembers (1.2)', () => {
  it('reads users and groups, inherited flags from currentOnly=true against false, and the owner from ownedBy', async () => {
    const list = await ocm.listMembers(ALICE, D.salesReportsFolderId);
    expect(list).toEqual({
      owner: { principal: { id: D.aliceId, displayName: 'Alice Adams', kind: 'USER' }, loginName: 'alice' },
      grants: [
        { principal: { id: D.daveId, displayName: 'Dave Davis', kind: 'USER' }, loginName: 'dave', role: 'downloader', inherited: false },
        { principal: { id: D.salesGroupId, displayName: 'Sales Group', kind: 'GROUP' }, loginName: null, role: 'contributor', inherited: true },
        { principal: { id: D.bobId, displayName: 'Bob Brown', kind: 'USER' }, loginName: 'bob', role: 'viewer', inherited: true },
      ],
    });
    // Two entries look inherited, so a second direct read, after both, confirms them (test/faults/ocm-read-race.test.ts).
    const reqs = sim.requests();
    expect(reqs.map((r) => r.route)).toEqual([V12.items, V12.items, V12.items]);
    expect(reqs.map((r) => r.query.currentOnly).sort()).toEqual(['false', 'true', 'true']);
    expect(reqs.every((r) => r.body === '')).toBe(true);
  });

  it('makes one read with {currentOnly: true}, every grant direct', async () => {
    const list = await ocm.listMembers(ALICE, D.salesReportsFolderId, { currentOnly: true });
    expect(list.grants).toEqual([{ principal: { id: D.daveId, displayName: 'Dave Davis', kind: 'USER' }, loginName: 'dave', role: 'downloader', inherited: false }]);
    expect(list.owner!.principal.id).toBe(D.aliceId);
    expect(sim.requests().map((r) => r.query)).toEqual([{ currentOnly: 'true' }]);
  });

  it('leaves the owner unknown when the answer has no ownedBy, and maps a refused read', async () => {
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: '0', errorCode: '0', items: [] }), times: 2 });
    await expect(ocm.listMembers(ALICE, D.salesFolderId)).resolves.toEqual({ owner: null, grants: [] });
    await expect(failure(ocm.listMembers({ credential: `Bearer ${D.bobToken}` }, D.projectFolderId))).resolves.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('grantMembers (1.2, the toolkit flow)', () => {
  it('shares 20 recipients at two roles in 2 POSTs after one read of the members', async () => {
    const ids = addUsers(20);
    const out = await ocm.grantMembers(
      ALICE,
      D.projectFolderId,
      ids.map((id, i) => ({ id, role: i % 2 ? 'viewer' : 'contributor' })),
      { message: 'Hello' },
    );
    expect(out.map((r) => [r.ok, r.change, r.write])).toEqual(ids.map(() => [true, 'GRANTED', 'POST']));
    const posts = sim.requests({ route: V12.share });
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => (JSON.parse(p.body) as { role: string }).role).sort()).toEqual(['contributor', 'viewer']);
    expect(sim.requests({ route: V12.items })).toHaveLength(2);
    expect(sim.requests()).toHaveLength(4);
    const members = state.folders.get(D.projectFolderId)!.members;
    ids.forEach((id, i) => expect(members.get(id)).toBe(i % 2 ? 'viewer' : 'contributor'));
  });

  it('POSTs new members, PUTs changed roles, writes nothing for members at the role or for the owner, naming each change', async () => {
    const out = await ocm.grantMembers(ALICE, D.salesReportsFolderId, [
      { id: D.daveId, role: 'contributor' }, // direct downloader
      { id: 'bob', role: 'viewer' }, // inherited viewer, by login name
      { id: D.carolId, role: 'viewer' }, // nothing yet
      { id: D.aliceId, role: 'viewer' }, // the owner
      { id: D.salesGroupId, role: 'manager' }, // inherited contributor
      { id: D.fieldTeamGroupId, role: 'viewer' }, // nothing yet
    ]);
    expect(out.map((r) => [r.id, r.ok, r.change, r.write, r.error?.code ?? null])).toEqual([
      [D.daveId, true, 'UPGRADED', 'PUT', null],
      ['bob', true, 'UNCHANGED', null, null],
      [D.carolId, true, 'GRANTED', 'POST', null],
      [D.aliceId, false, 'UNCHANGED', null, 'FORBIDDEN'],
      [D.salesGroupId, true, 'UPGRADED', 'POST', null],
      [D.fieldTeamGroupId, true, 'GRANTED', 'POST', null],
    ]);
    // One call per write and role, all in one wave, so in no fixed order.
    const writes = sim.requests().filter((r) => r.method !== 'GET');
    const sent = writes.map((r) => [r.method, bodyIds(r.body), (JSON.parse(r.body) as { role: string }).role] as const);
    expect([...sent].sort((a, b) => `${a[0]} ${a[2]}`.localeCompare(`${b[0]} ${b[2]}`))).toEqual([
      ['POST', [D.salesGroupId], 'manager'],
      ['POST', [D.carolId, D.fieldTeamGroupId], 'viewer'],
      ['PUT', [D.daveId], 'contributor'],
    ]);
    expect(Object.fromEntries(state.folders.get(D.salesReportsFolderId)!.members)).toEqual({
      [D.daveId]: 'contributor',
      [D.carolId]: 'viewer',
      [D.fieldTeamGroupId]: 'viewer',
      [D.salesGroupId]: 'manager',
    });
  });

  it('reports DOWNGRADED on a real write, and sends nothing at all when everyone is already there', async () => {
    const down = await ocm.grantMembers(ALICE, D.salesFolderId, [{ id: D.salesGroupId, role: 'viewer' }]);
    expect(down.map((r) => [r.ok, r.change, r.write])).toEqual([[true, 'DOWNGRADED', 'PUT']]);
    sim.clearLog();
    const same = await ocm.grantMembers(ALICE, D.salesFolderId, [
      { id: D.salesGroupId, role: 'viewer' },
      { id: D.bobId, role: 'viewer' },
    ]);
    expect(same.map((r) => r.change)).toEqual(['UNCHANGED', 'UNCHANGED']);
    expect(sim.requests().filter((r) => r.method !== 'GET')).toHaveLength(0);
  });

  it('uses a members read it is given instead of reading again, and keeps a bad recipient on itself', async () => {
    const current = await ocm.listMembers(ALICE, D.projectFolderId);
    sim.clearLog();
    const ids = addUsers(7);
    const out = await ocm.grantMembers(
      ALICE,
      D.projectFolderId,
      [...ids, 'UNOBODY'].map((id) => ({ id, role: 'viewer' })),
      { current },
    );
    expect(out.map((r) => r.ok)).toEqual([...ids.map(() => true), false]);
    expect(out[7]!.error!.code).toBe('NOT_FOUND');
    expect(sim.requests({ method: 'GET' })).toHaveLength(0);
    expect(sim.requests({ route: V12.share }).length).toBeLessThanOrEqual(1 + 2 * 3);
  });

  it('rejects, writing nothing, when the members cannot be read', async () => {
    await expect(failure(ocm.grantMembers({ credential: `Bearer ${D.bobToken}` }, D.projectFolderId, [{ id: D.daveId, role: 'viewer' }]))).resolves.toMatchObject({ code: 'FORBIDDEN' });
    expect(sim.requests().filter((r) => r.method !== 'GET')).toHaveLength(0);
  });
});

describe('searchUsers (1.2)', () => {
  it('asks users/items?info= on 1.2 and reads login names', async () => {
    await expect(ocm.searchUsers(ALICE, 'dave')).resolves.toEqual([{ principal: { id: D.daveId, displayName: 'Dave Davis', kind: 'USER' }, loginName: 'dave' }]);
    expect(sim.requests().map((r) => [r.route, r.query])).toEqual([['/documents/api/1.2/users/items', { info: 'dave' }]]);
    await expect(ocm.searchUsers(ALICE, ' ')).resolves.toEqual([]);
    expect(sim.requests()).toHaveLength(1);
  });
});

describe('isolate, on its own', () => {
  /** A backend that refuses, as a whole, any call naming a bad id (or every call when `refuseAll`). */
  function backend(bad: ReadonlySet<string>, refuseAll = false) {
    const calls: string[][] = [];
    const refusal = new Error('refused');
    const send = async (ids: readonly string[]): Promise<Array<Settled<string, string>>> => {
      calls.push([...ids]);
      if (refuseAll || ids.some((id) => bad.has(id))) throw refusal;
      return ids.map((id) => ({ ok: true, value: id }));
    };
    const options = { send, isRefusal: (e: unknown) => e === refusal, alone: (_: unknown, accepted: boolean) => (accepted ? 'alone' : 'alone-unaccepted'), whole: () => 'whole' };
    return { calls, options };
  }

  it.each([
    [1, 1],
    [2, 1],
    [16, 1],
    [16, 2],
    [100, 3],
    [1000, 1],
    [1000, 5],
  ])('n=%i with %i bad: every good id accepted, every bad one alone, within 1 + 2·k·⌈log2 n⌉ calls', async (n, k) => {
    const random = xorshift32(n * 31 + k);
    for (let trial = 0; trial < 5; trial++) {
      const ids = Array.from({ length: n }, (_, i) => `id${i}`);
      const bad = new Set<string>();
      while (bad.size < k) bad.add(ids[Math.floor(random() * n)]!);
      const { calls, options } = backend(bad);
      const out = await isolate(ids, options);
      expect(out).toEqual(ids.map((id) => (bad.has(id) ? { ok: false, error: n === 1 ? 'alone-unaccepted' : 'alone' } : { ok: true, value: id })));
      expect(calls.length).toBeLessThanOrEqual(1 + 2 * k * Math.max(ceilLog2(n), 0));
    }
  });

  it('stops splitting for a refused caller: 1 + 2·⌈log2 n⌉ calls for 1,000 ids, every id failed', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `id${i}`);
    const { calls, options } = backend(new Set(), true);
    const out = await isolate(ids, options);
    expect(calls).toHaveLength(1 + 2 * 10);
    expect(out.every((o) => !o.ok)).toBe(true);
    expect(new Set(out.map((o) => (o.ok ? '' : o.error)))).toEqual(new Set(['alone-unaccepted', 'whole']));
  });

  it('gives every id of a call that fails otherwise the whole-call error, with no split', async () => {
    const calls: number[] = [];
    const out = await isolate(['a', 'b', 'c'], {
      send: async (ids) => {
        calls.push(ids.length);
        throw new Error('down');
      },
      isRefusal: () => false,
      alone: () => 'alone',
      whole: () => 'whole',
    });
    expect(out).toEqual([
      { ok: false, error: 'whole' },
      { ok: false, error: 'whole' },
      { ok: false, error: 'whole' },
    ]);
    expect(calls).toEqual([3]);
  });
});
