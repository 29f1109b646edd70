import { request } from 'undici';
import { createOnlyofficeSimulator, ONLYOFFICE_DEMO as D } from '../../src/simulators/onlyoffice/server';
import type { OnlyofficeState } from '../../src/simulators/onlyoffice/server';
import type { OnlyofficeSeed } from '../../src/simulators/onlyoffice/server';
import { ONLYOFFICE_BUILTIN_GROUP_IDS, ONLYOFFICE_ROUTES, ONLYOFFICE_SHARE_LINK_ID } from '../../src/connectors/onlyoffice';
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
let state: OnlyofficeState;

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
    ({ sim, state } = createOnlyofficeSimulator());
    await sim.listen(0);
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('uses the same route templates as the connector', () => {
    expect(ONLYOFFICE_SIM_ROUTES.folderShare).toBe(ONLYOFFICE_ROUTES.folderShare);
    expect(ONLYOFFICE_SIM_ROUTES.person).toBe(ONLYOFFICE_ROUTES.person);
    expect(ONLYOFFICE_SIM_ROUTES.group).toBe(ONLYOFFICE_ROUTES.group);
    expect(ONLYOFFICE_SIM_ROUTES.folder).toBe(ONLYOFFICE_ROUTES.folder);
    expect(ONLYOFFICE_SIM_ROUTES.fileShare).toBe(ONLYOFFICE_ROUTES.fileShare);
    expect(ONLYOFFICE_SIM_ROUTES.file).toBe(ONLYOFFICE_ROUTES.file);
    expect([D.everyoneGroupId, D.adminGroupId]).toEqual([ONLYOFFICE_BUILTIN_GROUP_IDS.Everyone, ONLYOFFICE_BUILTIN_GROUP_IDS.Admin]);
  });

  it('accepts the token raw, as Bearer, as Basic and as the asc_auth_key cookie', async () => {
    const forms: Array<Record<string, string>> = [
      asAlice,
      { authorization: `Bearer ${D.token}` },
      { authorization: D.basic },
      { authorization: `Basic ${Buffer.from('alice@example.com:alice').toString('base64')}` },
      { cookie: `asc_auth_key=${D.token}` },
    ];
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

  describe('parent folders (SecurityDao: nearest level wins)', () => {
    const list = async (path: string, headers: Record<string, string> = asAlice) => {
      const res = await call('GET', path, headers);
      expect(res.status).toBe(200);
      return res.body.response as ShareJson[];
    };
    const folderList = (id: string) => list(`/api/2.0/files/folder/${id}/share`);
    const put = async (kind: 'folder' | 'file', id: string, share: Array<{ ShareTo: string; Access: number }>) => {
      const res = await call('PUT', `/api/2.0/files/${kind}/${id}/share`, asAlice, { share });
      expect(res.status).toBe(200);
      return res.body.response as ShareJson[];
    };
    const accessById = (entries: ShareJson[]) => Object.fromEntries(entries.map((e) => [e.sharedTo.id as string, e.access]));

    it("lists a parent's grant on the child like the child's own, with no flag", async () => {
      const entries = await folderList(D.childFolderId);
      // alice (caller and owner), then by name: Bob Brown (from 1001), Carol Chen, Design, Victor Visitor
      expect(entries.map((e) => e.sharedTo.id)).toEqual([D.aliceId, D.bobId, D.carolId, D.designGroupId, D.visitorId]);
      expect(accessById(entries)).toEqual({ [D.aliceId]: 1, [D.bobId]: 2, [D.carolId]: 1, [D.designGroupId]: 5, [D.visitorId]: 2 });
      for (const e of entries) expect(Object.keys(e).sort()).toEqual(['access', 'isLocked', 'isOwner', 'sharedTo']);
      expect(state.folders.get(D.childFolderId)!.shares.has(D.bobId)).toBe(false);
    });

    it("lets the nearest level win, whether it allows more or less than the parent's", async () => {
      const entries = await folderList(D.grandchildFolderId);
      // bob: own ReadWrite over Read from 1001; carol: own Comment over ReadWrite from 1004; Design and victor from 1004.
      expect(accessById(entries)).toEqual({ [D.aliceId]: 1, [D.bobId]: 1, [D.carolId]: 6, [D.designGroupId]: 5, [D.visitorId]: 2 });
      const lowered = await put('folder', D.grandchildFolderId, [{ ShareTo: D.designGroupId, Access: 3 }]);
      expect(accessById(lowered)[D.designGroupId]).toBe(3);
      expect(accessById(await folderList(D.childFolderId))[D.designGroupId]).toBe(5);
    });

    it("keeps a parent's grant when the child's own entry is revoked", async () => {
      // bob has no row on 1004: None there changes nothing, he still reads 1004 through 1001.
      expect(accessById(await put('folder', D.childFolderId, [{ ShareTo: D.bobId, Access: 0 }]))[D.bobId]).toBe(2);
      // On 1005 his own ReadWrite goes, and the Read from 1001 shows again.
      expect(accessById(await put('folder', D.grandchildFolderId, [{ ShareTo: D.bobId, Access: 0 }]))[D.bobId]).toBe(2);
      expect(state.folders.get(D.grandchildFolderId)!.shares.has(D.bobId)).toBe(false);
      expect(state.folders.get(D.myFolderId)!.shares.get(D.bobId)).toBe(2);
    });

    it('removes the subject from every folder and file below on a revoke', async () => {
      const after = await put('folder', D.myFolderId, [{ ShareTo: D.bobId, Access: 0 }]);
      expect(after.map((e) => e.sharedTo.id)).toEqual([D.aliceId]);
      expect(accessById(await folderList(D.childFolderId))[D.bobId]).toBeUndefined();
      expect(accessById(await folderList(D.grandchildFolderId))[D.bobId]).toBeUndefined();
      expect(accessById(await list(`/api/2.0/files/file/${D.fileId}/share`))[D.bobId]).toBeUndefined();
      // carol keeps her rows: the cascade is per subject.
      expect(accessById(await folderList(D.grandchildFolderId))[D.carolId]).toBe(6);
    });

    it("cascades from the middle too, leaving the parent's rows alone", async () => {
      await put('folder', D.childFolderId, [{ ShareTo: D.carolId, Access: 0 }]);
      expect(accessById(await folderList(D.grandchildFolderId))[D.carolId]).toBeUndefined();
      expect(state.folders.get(D.grandchildFolderId)!.shares.has(D.carolId)).toBe(false);
      await put('folder', D.myFolderId, [{ ShareTo: D.carolId, Access: 6 }]);
      await put('folder', D.childFolderId, [{ ShareTo: D.carolId, Access: 0 }]);
      expect(accessById(await folderList(D.myFolderId))[D.carolId]).toBe(6);
      expect(accessById(await folderList(D.childFolderId))[D.carolId]).toBe(6);
    });

    it("inherits a root folder's rows too", async () => {
      await put('folder', D.myRootId, [{ ShareTo: D.carolId, Access: 2 }]);
      expect(accessById(await folderList(D.myFolderId))[D.carolId]).toBe(2);
    });

    it('keeps a third-party folder apart from the native folder it is mounted in, and does not cascade there', async () => {
      await put('folder', D.myRootId, [{ ShareTo: D.carolId, Access: 2 }]);
      expect(accessById(await folderList(D.thirdPartyFolderId))[D.carolId]).toBeUndefined();

      const seed: OnlyofficeSeed = {
        users: [
          { id: D.aliceId, userName: 'alice', firstName: 'Alice', lastName: 'Adams', email: 'a@x', password: 'a', tokens: ['t-alice'] },
          { id: D.carolId, userName: 'carol', firstName: 'Carol', lastName: 'Chen', email: 'c@x', password: 'c' },
        ],
        groups: [],
        folders: [
          { id: 101, title: 'My documents', ownerId: D.aliceId, rootType: 'USER' },
          { id: 'box-12', title: 'Box', parentId: 101, shares: [{ subjectId: D.carolId, access: 2 }] },
          { id: 'box-12-7', title: 'Box sub', parentId: 'box-12', shares: [{ subjectId: D.carolId, access: 1 }] },
        ],
      };
      const own = createOnlyofficeSimulator({ seed });
      await own.sim.listen(0);
      try {
        const put3p = async (id: string, share: unknown) => {
          const res = await request(`${own.sim.url}/api/2.0/files/folder/${id}/share`, {
            method: 'PUT',
            headers: { authorization: 't-alice', 'content-type': 'application/json' },
            body: JSON.stringify({ share }),
          });
          return ((await res.body.json()) as Envelope).response as ShareJson[];
        };
        await put3p('box-12', [{ ShareTo: D.carolId, Access: 0 }]);
        // SecurityDao.SetShare deletes only the named row when the id is not an integer.
        expect(own.state.folders.get('box-12-7')!.shares.get(D.carolId)).toBe(1);
        expect(accessById(await put3p('box-12-7', []))[D.carolId]).toBe(1);
      } finally {
        await own.sim.close();
      }
    });

    it('removes a lost subject from every entry it appears on', async () => {
      const lost = '0badf00d-0000-4000-8000-000000000099';
      state.folders.get(D.myFolderId)!.shares.set(lost, 2);
      state.files.get(D.fileId)!.shares.set(lost, 2);
      expect((await folderList(D.childFolderId)).map((e) => e.sharedTo.id)).not.toContain(lost);
      expect(state.folders.get(D.myFolderId)!.shares.has(lost)).toBe(false);
      expect(state.files.get(D.fileId)!.shares.has(lost)).toBe(false);
    });
  });

  describe('guests (FileSharing.GetSharedInfo)', () => {
    it('stores what was asked but lists a guest at most Read', async () => {
      const shown = async (access: number) => {
        const { body } = await call('PUT', `/api/2.0/files/folder/${D.myFolderId}/share`, asAlice, { share: [{ ShareTo: D.visitorId, Access: access }] });
        const entry = (body.response as ShareJson[]).find((e) => e.sharedTo.id === D.visitorId)!;
        expect(entry.sharedTo.isVisitor).toBe(true);
        return [access, entry.access, state.folders.get(D.myFolderId)!.shares.get(D.visitorId)];
      };
      // ReadWrite, Review, Comment, FillForms and CustomFilter rank above Read; Read and Restrict do not.
      expect(await shown(1)).toEqual([1, 2, 1]);
      expect(await shown(5)).toEqual([5, 2, 5]);
      expect(await shown(6)).toEqual([6, 2, 6]);
      expect(await shown(7)).toEqual([7, 2, 7]);
      expect(await shown(8)).toEqual([8, 2, 8]);
      expect(await shown(2)).toEqual([2, 2, 2]);
      expect(await shown(3)).toEqual([3, 3, 3]);
    });

    it('does not lower a full user', async () => {
      const { body } = await call('PUT', `/api/2.0/files/folder/${D.myFolderId}/share`, asAlice, { share: [{ ShareTo: D.carolId, Access: 1 }] });
      expect((body.response as ShareJson[]).find((e) => e.sharedTo.id === D.carolId)).toMatchObject({ access: 1, sharedTo: { isVisitor: false } });
    });
  });

  describe('GET files/folder/{id}', () => {
    const info = async (id: string, headers: Record<string, string> = asAlice) => call('GET', `/api/2.0/files/folder/${id}`, headers);

    it('answers the parent, 0 for a root, ids as numbers (third-party ones as strings)', async () => {
      const child = await info(D.childFolderId);
      expect(child.status).toBe(200);
      expect(child.body.response).toMatchObject({ id: 1004, parentId: 1001, title: 'Phoenix designs', rootFolderType: 5, shared: true, foldersCount: 1, filesCount: 1, access: 0 });
      expect((await info(D.myFolderId)).body.response).toMatchObject({ id: 1001, parentId: 101 });
      expect((await info(D.myRootId)).body.response).toMatchObject({ id: 101, parentId: 0, shared: false });
      expect((await info(D.thirdPartyFolderId)).body.response).toMatchObject({ id: 'box-12', parentId: 101 });
      expect((await info(D.commonFolderId)).body.response).toMatchObject({ id: 1002, parentId: 1, rootFolderType: 1 });
    });

    it("shows someone else's folder as SHARE, with the Shared root as parent when the parent is out of sight", async () => {
      expect((await info(D.childFolderId, { authorization: D.bobToken })).body.response).toMatchObject({ parentId: 1001, rootFolderType: 6, access: 2 });
      // carol holds rows on 1004 but nothing on 1001.
      expect((await info(D.childFolderId, { authorization: D.carolToken })).body.response).toMatchObject({ parentId: Number(D.shareRootId), rootFolderType: 6, access: 1 });
      const hidden = await info(D.myFolderId, { authorization: D.carolToken });
      expect(hidden.status).toBe(403);
      expect(hidden.body).toMatchObject({ status: 1, statusCode: 403 });
    });

    it('answers 403 for a folder that does not exist', async () => {
      expect((await info('424242')).status).toBe(403);
    });
  });

  describe('file shares (DocumentsApi file/{id}/share)', () => {
    it("lists the link first and inherits from the file's folder", async () => {
      const { status, body } = await call('GET', `/api/2.0/files/file/${D.fileId}/share`, asAlice);
      expect(status).toBe(200);
      const list = body.response as ShareJson[];
      expect(list[0]).toEqual({ access: 3, sharedTo: { id: ONLYOFFICE_SHARE_LINK_ID, shareLink: expect.any(String) }, isLocked: false, isOwner: false });
      expect(list.slice(1).map((e) => [e.sharedTo.id, e.access])).toEqual([
        [D.aliceId, 1],
        [D.bobId, 6],
        [D.carolId, 1],
        [D.designGroupId, 5],
        [D.visitorId, 2],
      ]);
    });

    it("revokes only the file's own row, so the folder's grant shows again", async () => {
      const { body } = await call('PUT', `/api/2.0/files/file/${D.fileId}/share`, asAlice, {
        share: [
          { ShareTo: D.bobId, Access: 0 },
          { ShareTo: D.carolId, Access: 2 },
        ],
      });
      const list = body.response as ShareJson[];
      expect(list.find((e) => e.sharedTo.id === D.bobId)?.access).toBe(2);
      expect(list.find((e) => e.sharedTo.id === D.carolId)?.access).toBe(2);
      expect(state.folders.get(D.childFolderId)!.shares.get(D.carolId)).toBe(1);
    });

    it('answers the file with its folder, and 403 for a file that does not exist or a caller who may not share it', async () => {
      expect((await call('GET', `/api/2.0/files/file/${D.fileId}`, asAlice)).body.response).toMatchObject({ id: 2001, folderId: 1004, title: 'Budget.xlsx', fileExst: '.xlsx', shared: true });
      expect((await call('GET', '/api/2.0/files/file/999', asAlice)).status).toBe(403);
      expect((await call('GET', `/api/2.0/files/file/${D.fileId}/share`, { authorization: D.bobToken })).status).toBe(403);
      expect((await call('PUT', `/api/2.0/files/file/${D.fileId}/share`, { authorization: D.visitorToken }, { share: [] })).status).toBe(403);
    });
  });

  it('restores the seed on reset', async () => {
    await call('PUT', '/api/2.0/files/folder/1001/share', asAlice, { share: [{ ShareTo: D.bobId, Access: 0 }] });
    expect(state.files.get(D.fileId)!.shares.has(D.bobId)).toBe(false);
    sim.reset();
    expect(state.files.get(D.fileId)!.shares.get(D.bobId)).toBe(6);
    expect(sim.log).toHaveLength(0);
    const list = (await call('GET', '/api/2.0/files/folder/1001/share', asAlice)).body.response as ShareJson[];
    expect(list.map((e) => e.sharedTo.id)).toEqual([D.aliceId, D.bobId]);
  });
});
