/**
 * The OCM connector against the OCM simulator over real HTTP on port 0: the
 * exact requests it sends (read back from the simulator's log), how it reads
 * each documented answer, and how it classifies failures.
 */
import type { UpstreamSettings } from '../../src/config';
import { OcmConnector } from '../../src/connectors/ocm';
import type { OcmCallOptions } from '../../src/connectors/ocm';
import { UpstreamClient } from '../../src/connectors/upstream/client';
import { UpstreamError } from '../../src/errors';
import type { SimServer } from '../../src/simulators/kit';
import { createOcmSimulator, OCM_DEMO } from '../../src/simulators/ocm/server';
import type { OcmState } from '../../src/simulators/ocm/server';
import { testCall } from '../helpers/call';

const SETTINGS: UpstreamSettings = {
  connectTimeoutMs: 1000,
  headersTimeoutMs: 2000,
  bodyTimeoutMs: 2000,
  callDeadlineMs: 5000,
  operationDeadlineMs: 10000,
  connections: 4,
  maxResponseBytes: 1024 * 1024,
  maxAttempts: 3,
  maxInFlight: 10,
  maxQueued: 10,
};

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

/** The error a promise rejects with, so that code and upstreamCode can be checked together. */
async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

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
