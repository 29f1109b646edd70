/**
 * The OCM simulator on its own, spoken to with plain undici requests: the
 * documented v1.1 shapes, status codes and errorCodes, the seed's ids, and
 * reset.
 */
import { request } from 'undici';
import type { SimServer } from '../../src/simulators/kit';
import { createOcmSimulator, DEMO_OCM_SEED, OCM_DEMO } from '../../src/simulators/ocm/server';
import type { OcmState } from '../../src/simulators/ocm/server';

const D = OCM_DEMO;
let sim: SimServer;
let state: OcmState;

beforeAll(async () => {
  ({ sim, state } = createOcmSimulator());
  await sim.listen(0);
});

afterEach(() => sim.reset());

afterAll(() => sim.close());

async function call(method: 'GET' | 'POST' | 'DELETE', path: string, options: { auth?: string | null; body?: unknown } = {}) {
  const headers: Record<string, string> = { accept: 'application/json' };
  const auth = options.auth === undefined ? D.bearer : options.auth;
  if (auth !== null) headers.authorization = auth;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await request(`${sim.url}${path}`, { method, headers, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}

const shares = (folderId: string) => `/documents/api/1.1/shares/${encodeURIComponent(folderId)}`;

describe('seed', () => {
  it('uses the documented id forms', () => {
    for (const u of DEMO_OCM_SEED.users) expect(u.id).toMatch(/^U[0-9A-F]{23}T\d{11}$/);
    for (const f of DEMO_OCM_SEED.folders) expect(f.id).toMatch(/^F[0-9A-F]{23}T\d{19}$/);
    expect(new Set(DEMO_OCM_SEED.folders.map((f) => f.id)).size).toBe(DEMO_OCM_SEED.folders.length);
  });
});

describe('authentication', () => {
  it.each([
    ['no header', null],
    ['an unknown token', 'Bearer nope'],
    ['a wrong password', `Basic ${Buffer.from('alice:wrong').toString('base64')}`],
    ['another scheme', 'Token demo-ocm-token'],
  ])('refuses %s with 401 and errorCode -1', async (_, auth) => {
    const res = await call('GET', `${shares(D.projectFolderId)}/items`, { auth });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ errorCode: '-1', errorKey: expect.any(String), errorMessage: expect.any(String) });
  });

  it('takes Basic alice:alice as Alice', async () => {
    const res = await call('GET', `${shares(D.projectFolderId)}/items`, { auth: D.basic });
    expect(res.status).toBe(200);
  });
});

describe('POST shares/{folderId}', () => {
  it('shares and answers {errorCode, id, role, type, user}', async () => {
    const res = await call('POST', shares(D.projectFolderId), { body: { userID: D.bobId, role: 'manager', message: 'hi' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ errorCode: '0', id: D.projectFolderId, role: 'manager', type: 'share', user: { id: D.bobId, displayName: 'Bob Brown', type: 'user' } });
    // Bob is now a manager and may share in turn.
    const again = await call('POST', shares(D.projectFolderId), { auth: `Bearer ${D.bobToken}`, body: { userID: 'dave', role: 'viewer' } });
    expect(again.json).toMatchObject({ errorCode: '0', user: { id: D.daveId } });
  });

  it('resolves `self` to the caller home folder', async () => {
    const res = await call('POST', shares('self'), { body: { userID: D.bobId, role: 'viewer' } });
    expect(res.json).toMatchObject({ errorCode: '0', id: D.aliceHomeId });
  });

  it.each([
    ['a viewer', D.bobsFolderId, { userID: D.carolId, role: 'viewer' }, 403, '-20'],
    ['an unknown folder', 'F0000', { userID: D.carolId, role: 'viewer' }, 404, '-16'],
    ['an unknown user', D.projectFolderId, { userID: 'UNOBODY', role: 'viewer' }, 400, '-1'],
    ['an invalid role', D.projectFolderId, { userID: D.bobId, role: 'owner' }, 400, '-1'],
    ['no userID', D.projectFolderId, { role: 'viewer' }, 400, '-1'],
    ['a body that is not JSON', D.projectFolderId, 'userID=x', 400, '-1'],
  ])('refuses %s', async (_, folder, body, status, errorCode) => {
    const res = await call('POST', shares(folder), { body });
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ errorCode });
  });
});

describe('GET shares/{folderId}/items', () => {
  it('lists direct and inherited shares, the owner left out', async () => {
    const res = await call('GET', `${shares(D.subFolderId)}/items`);
    expect(res.json).toEqual({
      count: '2',
      id: D.subFolderId,
      type: 'share',
      errorCode: '0',
      items: [
        { type: 'share', role: 'viewer', user: { id: D.daveId, displayName: 'Dave Davis', loginName: 'dave', type: 'user' } },
        { type: 'share', role: 'contributor', user: { id: D.carolId, displayName: 'Carol Clark', loginName: 'carol', type: 'user' } },
      ],
    });
  });

  it('lists only direct shares with currentOnly=true, in the query or (as the schema has it) the body', async () => {
    const q = await call('GET', `${shares(D.subFolderId)}/items?currentOnly=true`);
    expect((q.json!.items as unknown[]).length).toBe(1);
    const b = await call('GET', `${shares(D.subFolderId)}/items`, { body: { currentOnly: 'true' } });
    expect(b.json).toMatchObject({ count: '1', items: [{ user: { id: D.daveId } }] });
  });

  it('refuses a user with no access with 403', async () => {
    const res = await call('GET', `${shares(D.projectFolderId)}/items`, { auth: `Bearer ${D.bobToken}` });
    expect(res).toMatchObject({ status: 403, json: { errorCode: '-20' } });
  });
});

describe('DELETE shares/{folderId}/user', () => {
  it('removes a direct share and answers {id, type, errorCode}', async () => {
    const res = await call('DELETE', `${shares(D.subFolderId)}/user`, { body: { userID: D.daveId, message: 'bye' } });
    expect(res).toMatchObject({ status: 200, json: { id: D.subFolderId, type: 'share', errorCode: '0' } });
    expect(state.folders.get(D.subFolderId)!.members.size).toBe(0);
    const again = await call('DELETE', `${shares(D.subFolderId)}/user`, { body: { userID: D.daveId } });
    expect(again.status).toBe(200);
  });

  it('refuses a viewer (403), an unknown folder (404) and a missing userID (400)', async () => {
    expect(await call('DELETE', `${shares(D.bobsFolderId)}/user`, { body: { userID: D.aliceId } })).toMatchObject({ status: 403, json: { errorCode: '-20' } });
    expect(await call('DELETE', `${shares('F0000')}/user`, { body: { userID: D.aliceId } })).toMatchObject({ status: 404, json: { errorCode: '-16' } });
    expect(await call('DELETE', `${shares(D.subFolderId)}/user`, { body: {} })).toMatchObject({ status: 400 });
  });
});

describe('GET users/items', () => {
  it('matches names and emails case-insensitively, and ids exactly', async () => {
    const res = await call('GET', '/documents/api/1.1/users/items?info=BOB');
    expect(res.json).toEqual({ count: '1', errorCode: '0', items: [{ id: D.bobId, displayName: 'Bob Brown', loginName: 'bob', type: 'user' }] });
    expect((await call('GET', '/documents/api/1.1/users/items?info=example.com')).json).toMatchObject({ count: '4' });
    expect((await call('GET', `/documents/api/1.1/users/items?info=${D.carolId}`)).json).toMatchObject({ count: '1', items: [{ id: D.carolId }] });
  });

  it('answers no match with count "0" and no items', async () => {
    const res = await call('GET', '/documents/api/1.1/users/items?info=zzz');
    expect(res.json).toEqual({ count: '0', errorCode: '0' });
  });

  it('refuses a missing info with 400', async () => {
    expect((await call('GET', '/documents/api/1.1/users/items')).status).toBe(400);
    expect((await call('GET', '/documents/api/1.1/users/items?info=')).status).toBe(400);
  });
});

describe('reset', () => {
  it('restores the seed', async () => {
    await call('POST', shares(D.projectFolderId), { body: { userID: D.bobId, role: 'viewer' } });
    expect(state.folders.get(D.projectFolderId)!.members.has(D.bobId)).toBe(true);
    sim.reset();
    expect(state.folders.get(D.projectFolderId)!.members.has(D.bobId)).toBe(false);
    expect(state.folders.get(D.projectFolderId)!.members.get(D.carolId)).toBe('contributor');
    expect(sim.log).toHaveLength(0);
  });
});
