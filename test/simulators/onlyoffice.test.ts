import { request } from 'undici';
import { createOnlyofficeSimulator, ONLYOFFICE_DEMO as D } from '../../src/simulators/onlyoffice/server';
import type { OnlyofficeSeed } from '../../src/simulators/onlyoffice/server';
import { ONLYOFFICE_BUILTIN_GROUP_IDS, ONLYOFFICE_ROUTES } from '../../src/connectors/onlyoffice';
import { ONLYOFFICE_SIM_ROUTES } from '../../src/simulators/onlyoffice/routes';
import type { SimServer } from '../../src/simulators/kit';

interface Envelope {
  count?: number;
  status: number;
  statusCode: number;
  response?: unknown;
  error?: { message: string; hresult: number };
}

type ShareJson = { access: number; sharedTo: Record<string, unknown>; isLocked: boolean; isOwner: boolean };

let sim: SimServer;

async function call(method: 'GET' | 'PUT' | 'POST', path: string, headers: Record<string, string>, body?: unknown) {
  const res = await request(sim.url + path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.statusCode, body: (await res.body.json()) as Envelope };
}

const asAlice = { authorization: D.token };

describe('ONLYOFFICE simulator', () => {
  beforeAll(async () => {
    sim = createOnlyofficeSimulator().sim;
    await sim.listen(0);
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('uses the same route templates as the connector', () => {
    expect(ONLYOFFICE_SIM_ROUTES.folderShare).toBe(ONLYOFFICE_ROUTES.folderShare);
    expect(ONLYOFFICE_SIM_ROUTES.person).toBe(ONLYOFFICE_ROUTES.person);
    expect(ONLYOFFICE_SIM_ROUTES.group).toBe(ONLYOFFICE_ROUTES.group);
    expect([D.everyoneGroupId, D.adminGroupId]).toEqual([ONLYOFFICE_BUILTIN_GROUP_IDS.Everyone, ONLYOFFICE_BUILTIN_GROUP_IDS.Admin]);
  });

  it('accepts the token raw, as Bearer, as Basic and as the asc_auth_key cookie', async () => {
    const forms: Array<Record<string, string>> = [asAlice, { authorization: `Bearer ${D.token}` }, { authorization: D.basic }, { authorization: `Basic ${Buffer.from('alice@example.com:alice').toString('base64')}` }, { cookie: `asc_auth_key=${D.token}` }];
    for (const headers of forms) {
      const { status, body } = await call('GET', '/api/2.0/people/@self', headers);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 0, statusCode: 200, count: 1, response: { id: D.aliceId, userName: 'alice', displayName: 'Alice Adams' } });
    }
  });

  it('answers 401 with the error envelope for a missing or unknown credential', async () => {
    const bad: Array<Record<string, string>> = [{}, { authorization: 'nope' }, { authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}` }];
    for (const headers of bad) {
      const { status, body } = await call('GET', '/api/2.0/files/folder/1001/share', headers);
      expect(status).toBe(401);
      expect(body).toMatchObject({ status: 1, statusCode: 401, error: { message: expect.any(String), hresult: expect.any(Number) } });
    }
  });

  it('issues a working token from POST authentication with 201', async () => {
    const { status, body } = await call('POST', '/api/2.0/authentication', {}, { userName: 'bob', password: 'bob' });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 0, statusCode: 201 });
    const token = (body.response as { token: string }).token;
    const self = await call('GET', '/api/2.0/people/@self', { authorization: token });
    expect((self.body.response as { id: string }).id).toBe(D.bobId);
  });

  it('lists shares with integer access, full users and group summaries, in the documented order', async () => {
    await call('PUT', '/api/2.0/files/folder/1001/share', asAlice, {
      share: [
        { ShareTo: D.designGroupId, Access: 5 },
        { ShareTo: D.carolId, Access: 6 },
      ],
    });
    const { status, body } = await call('GET', '/api/2.0/files/folder/1001/share', asAlice);
    expect(status).toBe(200);
    const list = body.response as ShareJson[];
    expect(body.count).toBe(4);
    // caller (= owner), then the rest by name: Bob Brown, Carol Chen, Design
    expect(list.map((e) => e.sharedTo.id)).toEqual([D.aliceId, D.bobId, D.carolId, D.designGroupId]);
    expect(list[0]).toMatchObject({ access: 1, isOwner: true, isLocked: true });
    expect(list[1]).toMatchObject({ access: 2, isOwner: false, isLocked: false, sharedTo: { userName: 'bob', email: 'bob@example.com', isVisitor: false } });
    expect(list[3]).toEqual({ access: 5, isOwner: false, isLocked: false, sharedTo: { id: D.designGroupId, name: 'Design', manager: 'carol' } });
  });

  it('puts the caller before the owner when an admin reads a Common folder', async () => {
    const seed: OnlyofficeSeed = {
      users: [
        { id: D.aliceId, userName: 'alice', firstName: 'Alice', lastName: 'Adams', email: 'a@x', password: 'a', tokens: ['t-alice'], isAdmin: true },
        { id: D.bobId, userName: 'bob', firstName: 'Bob', lastName: 'Brown', email: 'b@x', password: 'b', tokens: ['t-bob'] },
        { id: D.carolId, userName: 'carol', firstName: 'Carol', lastName: 'Chen', email: 'c@x', password: 'c', tokens: ['t-carol'], isAdmin: true },
      ],
      groups: [],
      folders: [{ id: 7, title: 'Common', ownerId: D.bobId, rootType: 'COMMON', shares: [{ subjectId: D.aliceId, access: 2 }] }],
    };
    const own = createOnlyofficeSimulator({ seed }).sim;
    await own.listen(0);
    try {
      const res = await request(`${own.url}/api/2.0/files/folder/7/share`, { headers: { authorization: 't-carol' } });
      const list = ((await res.body.json()) as Envelope).response as ShareJson[];
      // carol is the caller but has no entry; the owner bob comes first, then alice by name.
      expect(list.map((e) => [e.sharedTo.id, e.isOwner, e.isLocked])).toEqual([
        [D.bobId, true, true],
        [D.aliceId, false, false],
      ]);
      const asAliceRes = await request(`${own.url}/api/2.0/files/folder/7/share`, { headers: { authorization: 't-alice' } });
      const asAliceList = ((await asAliceRes.body.json()) as Envelope).response as ShareJson[];
      expect(asAliceList.map((e) => [e.sharedTo.id, e.isLocked])).toEqual([
        [D.aliceId, true],
        [D.bobId, true],
      ]);
      // Non-admins may not set or read access in Common documents.
      const asBob = await request(`${own.url}/api/2.0/files/folder/7/share`, { headers: { authorization: 't-bob' } });
      expect(asBob.statusCode).toBe(403);
      await asBob.body.dump();
    } finally {
      await own.close();
    }
  });

  it('merges, removes with Access 0, skips the owner and drops unknown Guids', async () => {
    const unknown = '0badf00d-0000-4000-8000-000000000099';
    const { status, body } = await call('PUT', '/api/2.0/files/folder/1001/share', asAlice, {
      share: [
        { ShareTo: D.bobId, Access: 0 },
        { ShareTo: D.aliceId, Access: 2 },
        { ShareTo: unknown, Access: 2 },
        { ShareTo: D.carolId, Access: 1 },
      ],
      notify: true,
      sharingMessage: 'hi',
    });
    expect(status).toBe(200);
    const list = body.response as ShareJson[];
    expect(list.map((e) => [e.sharedTo.id, e.access])).toEqual([
      [D.aliceId, 1],
      [D.carolId, 1],
    ]);
  });

  it('answers 403 for a folder of someone else, an unknown folder, a visitor, and a non-admin in Common', async () => {
    const put = (folder: string, headers: Record<string, string>) => call('PUT', `/api/2.0/files/folder/${folder}/share`, headers, { share: [{ ShareTo: D.carolId, Access: 2 }] });
    for (const [folder, headers] of [
      [D.otherUsersFolderId, asAlice],
      ['424242', asAlice],
      [D.myFolderId, { authorization: D.visitorToken }],
      [D.commonFolderId, { authorization: D.bobToken }],
    ] as const) {
      const { status, body } = await put(folder, headers);
      expect([folder, status]).toEqual([folder, 403]);
      expect(body).toMatchObject({ status: 1, statusCode: 403 });
    }
    expect((await put(D.commonFolderId, asAlice)).status).toBe(200);
  });

  it('answers 400 for a body that is not a share list', async () => {
    for (const body of [{}, { share: 'x' }, { share: [{ ShareTo: 'not-a-guid', Access: 2 }] }, { share: [{ ShareTo: D.carolId, Access: 42 }] }]) {
      const res = await call('PUT', '/api/2.0/files/folder/1001/share', asAlice, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: 1, statusCode: 400 });
    }
  });

  it('looks up people and groups, 404 with the envelope when unknown', async () => {
    expect((await call('GET', `/api/2.0/people/${D.carolId}`, asAlice)).body.response).toMatchObject({ id: D.carolId, displayName: 'Carol Chen' });
    const missing = await call('GET', '/api/2.0/people/nobody', asAlice);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 1, statusCode: 404, error: { message: 'User not found' } });
    expect((await call('GET', `/api/2.0/group/${D.designGroupId}`, asAlice)).body.response).toMatchObject({ id: D.designGroupId, name: 'Design' });
    expect((await call('GET', '/api/2.0/group/0badf00d-0000-4000-8000-000000000099', asAlice)).status).toBe(404);
  });

  it('restores the seed on reset', async () => {
    await call('PUT', '/api/2.0/files/folder/1001/share', asAlice, { share: [{ ShareTo: D.bobId, Access: 0 }] });
    sim.reset();
    expect(sim.log).toHaveLength(0);
    const list = (await call('GET', '/api/2.0/files/folder/1001/share', asAlice)).body.response as ShareJson[];
    expect(list.map((e) => e.sharedTo.id)).toEqual([D.aliceId, D.bobId]);
  });
});
