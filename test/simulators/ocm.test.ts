/**
 * The OCM simulator on its own, spoken to with plain undici requests: the
 * documented v1.1 and 1.2 shapes, status codes and errorCodes, the seed's
 * ids, and reset.
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

async function call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, options: { auth?: string | null; body?: unknown } = {}) {
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
    for (const g of DEMO_OCM_SEED.groups ?? []) expect(g.id).toMatch(/^GS\d+$/);
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
    state.groups.get(D.salesGroupId)!.memberIds.add(D.bobId);
    sim.reset();
    expect(state.folders.get(D.projectFolderId)!.members.has(D.bobId)).toBe(false);
    expect(state.folders.get(D.projectFolderId)!.members.get(D.carolId)).toBe('contributor');
    expect([...state.groups.get(D.salesGroupId)!.memberIds]).toEqual([D.carolId, D.daveId]);
    expect(sim.log).toHaveLength(0);
  });
});

// ---- Documents API 1.2 --------------------------------------------------------

const v12 = (folderId: string) => `/documents/api/1.2/shares/${encodeURIComponent(folderId)}`;
const revokeUrl = (folderId: string, userID: string, message?: string) => `${v12(folderId)}/user?${new URLSearchParams(message === undefined ? { userID } : { userID, message }).toString()}`;
const membersOf = (folderId: string) => Object.fromEntries(state.folders.get(folderId)!.members);

describe('1.1 alongside 1.2', () => {
  it('keeps 1.1 listings to users (its schema documents "Item type user"), and 1.1 shares to users', async () => {
    const list = await call('GET', `${shares(D.salesFolderId)}/items`);
    expect(list.json).toMatchObject({ count: '1', items: [{ role: 'viewer', user: { id: D.bobId } }] });
    expect(list.json).not.toHaveProperty('ownedBy');
    const group = await call('POST', shares(D.projectFolderId), { body: { userID: D.salesGroupId, role: 'viewer' } });
    expect(group).toMatchObject({ status: 400, json: { errorCode: '-1' } });
  });
});

describe('1.2 POST shares/{folderId}', () => {
  it('shares with users, a login name and a group in one call, answering members[] with the ids as supplied', async () => {
    const res = await call('POST', v12(D.projectFolderId), { body: { userID: `${D.bobId}, dave,${D.fieldTeamGroupId}`, role: 'downloader', message: 'hi' } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      errorCode: '0',
      id: D.projectFolderId,
      members: [
        { id: D.bobId, displayName: 'Bob Brown', type: 'user', isSuccessful: '1', provisioningStatus: 'active' },
        { id: 'dave', displayName: 'Dave Davis', type: 'user', isSuccessful: '1', provisioningStatus: 'active' },
        { id: D.fieldTeamGroupId, displayName: 'Field Team', type: 'group', isSuccessful: '1' },
      ],
      role: 'downloader',
      type: 'share',
      // The role page's multi-member example: the resolved ids joined, typed "user".
      user: { id: `${D.bobId},${D.daveId},${D.fieldTeamGroupId}`, type: 'user' },
    });
    expect(membersOf(D.projectFolderId)).toEqual({ [D.carolId]: 'contributor', [D.bobId]: 'downloader', [D.daveId]: 'downloader', [D.fieldTeamGroupId]: 'downloader' });
  });

  it('answers a one-member call with that member as `user`', async () => {
    const res = await call('POST', v12(D.projectFolderId), { body: { userID: D.salesGroupId, role: 'viewer' } });
    expect(res.json).toMatchObject({ user: { id: D.salesGroupId, displayName: 'Sales Group', type: 'group' } });
  });

  it('refuses the whole call with 403 when one id names nobody, and writes nothing', async () => {
    const res = await call('POST', v12(D.projectFolderId), { body: { userID: `${D.bobId},UNOBODY,${D.daveId}`, role: 'viewer' } });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ errorCode: '-1', errorKey: expect.any(String), errorMessage: expect.any(String), title: expect.any(String), errorType: 'share' });
    expect(JSON.stringify(res.json)).not.toContain('UNOBODY');
    expect(membersOf(D.projectFolderId)).toEqual({ [D.carolId]: 'contributor' });
  });

  it('answers an unknown lone user with 403, not the 400 of 1.1', async () => {
    expect((await call('POST', v12(D.projectFolderId), { body: { userID: 'UNOBODY', role: 'viewer' } })).status).toBe(403);
  });

  it('gives isSuccessful "0" to the owner and to a member already shared here, changing neither', async () => {
    const res = await call('POST', v12(D.projectFolderId), { body: { userID: `${D.aliceId},${D.carolId},${D.bobId}`, role: 'manager' } });
    expect((res.json!.members as Array<{ isSuccessful: string }>).map((m) => m.isSuccessful)).toEqual(['0', '0', '1']);
    expect(membersOf(D.projectFolderId)).toEqual({ [D.carolId]: 'contributor', [D.bobId]: 'manager' });
  });

  it('gives a member who has access only from a parent a direct share', async () => {
    const res = await call('POST', v12(D.subFolderId), { body: { userID: D.carolId, role: 'manager' } });
    expect(res.json).toMatchObject({ members: [{ isSuccessful: '1' }] });
    expect(membersOf(D.subFolderId)[D.carolId]).toBe('manager');
  });

  it.each([
    ['a viewer caller', D.bobsFolderId, { userID: D.carolId, role: 'viewer' }, 403, '-20'],
    ['an unknown folder', 'F0000', { userID: D.carolId, role: 'viewer' }, 404, '-16'],
    ['no userID (the role page example: -97)', D.projectFolderId, { role: 'viewer' }, 400, '-97'],
    ['an empty entry in the list', D.projectFolderId, { userID: `${D.bobId},,${D.daveId}`, role: 'viewer' }, 400, '-1'],
    ['more than 1,000 ids', D.projectFolderId, { userID: Array.from({ length: 1001 }, (_, i) => `U${i}`).join(','), role: 'viewer' }, 400, '-1'],
    ['an invalid role', D.projectFolderId, { userID: D.bobId, role: 'owner' }, 400, '-1'],
    ['a body that is not JSON', D.projectFolderId, 'userID=x', 400, '-1'],
  ])('refuses %s', async (_, folder, body, status, errorCode) => {
    const res = await call('POST', v12(folder), { body });
    expect(res.status).toBe(status);
    expect(res.json).toMatchObject({ errorCode });
  });

  it('takes exactly 1,000 ids', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `UX${String(i).padStart(4, '0')}`);
    for (const id of ids) state.users.set(id, { id, displayName: id, loginName: id.toLowerCase(), email: `${id}@example.com`, homeFolderId: D.aliceHomeId });
    const res = await call('POST', v12(D.projectFolderId), { body: { userID: ids.join(','), role: 'viewer' } });
    expect(res.status).toBe(200);
    expect(res.json!.members).toHaveLength(1000);
  });

  it('lets a member of a group shared as manager share', async () => {
    state.folders.get(D.bobsFolderId)!.members.set(D.salesGroupId, 'manager');
    const res = await call('POST', v12(D.bobsFolderId), { auth: `Bearer ${D.carolToken}`, body: { userID: D.daveId, role: 'viewer' } });
    expect(res.json).toMatchObject({ errorCode: '0', members: [{ id: D.daveId, isSuccessful: '1' }] });
    // A group shared as viewer gives its members no right to share.
    state.folders.get(D.bobsFolderId)!.members.set(D.salesGroupId, 'viewer');
    expect((await call('POST', v12(D.bobsFolderId), { auth: `Bearer ${D.carolToken}`, body: { userID: D.daveId, role: 'viewer' } })).status).toBe(403);
  });
});

describe('1.2 PUT shares/{folderId}/role', () => {
  it('changes existing members, users and groups, in one call', async () => {
    const res = await call('PUT', `${v12(D.salesFolderId)}/role`, { body: { userID: `${D.salesGroupId},bob`, role: 'manager', message: 'promoted' } });
    expect(res.json).toEqual({
      errorCode: '0',
      id: D.salesFolderId,
      members: [
        { id: D.salesGroupId, displayName: 'Sales Group', type: 'group', isSuccessful: '1' },
        { id: 'bob', displayName: 'Bob Brown', type: 'user', isSuccessful: '1', provisioningStatus: 'active' },
      ],
      role: 'manager',
      type: 'share',
      user: { id: `${D.salesGroupId},${D.bobId}`, type: 'user' },
    });
    expect(membersOf(D.salesFolderId)).toEqual({ [D.salesGroupId]: 'manager', [D.bobId]: 'manager' });
  });

  it('gives "0" to a listed user with no direct share here (inherited access is edited on the parent)', async () => {
    const res = await call('PUT', `${v12(D.salesReportsFolderId)}/role`, { body: { userID: `${D.bobId},${D.daveId}`, role: 'contributor' } });
    expect((res.json!.members as Array<{ isSuccessful: string }>).map((m) => m.isSuccessful)).toEqual(['0', '1']);
    expect(membersOf(D.salesReportsFolderId)).toEqual({ [D.daveId]: 'contributor' });
  });

  it('refuses the whole call with 403 for an unknown id, and a caller who is not a manager with 403 -20', async () => {
    expect(await call('PUT', `${v12(D.salesFolderId)}/role`, { body: { userID: `${D.bobId},GS99999`, role: 'manager' } })).toMatchObject({ status: 403, json: { errorCode: '-1' } });
    expect(membersOf(D.salesFolderId)[D.bobId]).toBe('viewer');
    expect(await call('PUT', `${v12(D.salesFolderId)}/role`, { auth: `Bearer ${D.bobToken}`, body: { userID: D.bobId, role: 'manager' } })).toMatchObject({ status: 403, json: { errorCode: '-20' } });
  });
});

describe('1.2 DELETE shares/{folderId}/user', () => {
  it('takes userID and message as query parameters, and answers members[] and user', async () => {
    const res = await call('DELETE', revokeUrl(D.salesFolderId, `${D.salesGroupId},${D.bobId}`, 'bye'));
    expect(res.json).toEqual({
      errorCode: '0',
      id: D.salesFolderId,
      members: [
        { id: D.salesGroupId, displayName: 'Sales Group', type: 'group', isSuccessful: '1' },
        { id: D.bobId, displayName: 'Bob Brown', type: 'user', isSuccessful: '1', provisioningStatus: 'active' },
      ],
      type: 'share',
      user: { id: `${D.salesGroupId},${D.bobId}`, type: 'user' },
    });
    expect(membersOf(D.salesFolderId)).toEqual({});
  });

  it("also reads a JSON body, as Oracle's toolkit sends one", async () => {
    await call('DELETE', `${v12(D.salesFolderId)}/user`, { body: { userID: D.bobId } });
    expect(membersOf(D.salesFolderId)).toEqual({ [D.salesGroupId]: 'contributor' });
  });

  it('gives the owner "0", and answers a repeat as the first (idempotent)', async () => {
    const first = await call('DELETE', revokeUrl(D.salesFolderId, `${D.aliceId},${D.bobId}`));
    expect((first.json!.members as Array<{ isSuccessful: string }>).map((m) => m.isSuccessful)).toEqual(['0', '1']);
    const again = await call('DELETE', revokeUrl(D.salesFolderId, `${D.aliceId},${D.bobId}`));
    expect(again.json).toEqual(first.json);
  });

  it('refuses an unknown id with 403 for the whole call, and a missing userID with 400', async () => {
    expect((await call('DELETE', revokeUrl(D.salesFolderId, `${D.bobId},UNOBODY`))).status).toBe(403);
    expect(membersOf(D.salesFolderId)[D.bobId]).toBe('viewer');
    expect(await call('DELETE', `${v12(D.salesFolderId)}/user`)).toMatchObject({ status: 400, json: { errorCode: '-97' } });
  });
});

describe('1.2 GET shares/{folderId}/items', () => {
  it('lists users and groups, inherited ones too, and the owner as ownedBy', async () => {
    const res = await call('GET', `${v12(D.salesReportsFolderId)}/items`);
    expect(res.json).toEqual({
      count: '3',
      id: D.salesReportsFolderId,
      type: 'share',
      errorCode: '0',
      items: [
        { type: 'share', role: 'downloader', user: { id: D.daveId, displayName: 'Dave Davis', loginName: 'dave', provisioningStatus: 'active', type: 'user' } },
        { type: 'share', role: 'contributor', user: { id: D.salesGroupId, displayName: 'Sales Group', type: 'group' } },
        { type: 'share', role: 'viewer', user: { id: D.bobId, displayName: 'Bob Brown', loginName: 'bob', provisioningStatus: 'active', type: 'user' } },
      ],
      ownedBy: { id: D.aliceId, displayName: 'Alice Adams', loginName: 'alice', type: 'user' },
    });
  });

  it("lists only this folder's own shares with currentOnly=true", async () => {
    const res = await call('GET', `${v12(D.salesReportsFolderId)}/items?currentOnly=true`);
    expect(res.json).toMatchObject({ count: '1', items: [{ user: { id: D.daveId } }], ownedBy: { id: D.aliceId } });
  });

  it('lets a group member read, and keeps out a user whose group has no share', async () => {
    expect((await call('GET', `${v12(D.salesReportsFolderId)}/items`, { auth: `Bearer ${D.carolToken}` })).status).toBe(200);
    expect(await call('GET', `${v12(D.projectFolderId)}/items`, { auth: `Bearer ${D.bobToken}` })).toMatchObject({ status: 403, json: { errorCode: '-20' } });
    state.folders.get(D.projectFolderId)!.members.set(D.fieldTeamGroupId, 'viewer');
    expect((await call('GET', `${v12(D.projectFolderId)}/items`, { auth: `Bearer ${D.bobToken}` })).status).toBe(200);
  });
});

describe('1.2 GET users/items', () => {
  it('answers as 1.1 does', async () => {
    expect((await call('GET', '/documents/api/1.2/users/items?info=carol')).json).toEqual({
      count: '1',
      errorCode: '0',
      items: [{ id: D.carolId, displayName: 'Carol Clark', loginName: 'carol', type: 'user' }],
    });
    expect((await call('GET', '/documents/api/1.2/users/items')).status).toBe(400);
  });
});
