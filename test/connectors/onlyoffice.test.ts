import { UpstreamClient } from '../../src/connectors/upstream/client';
import type { UpstreamSettings } from '../../src/config';
import { UpstreamError } from '../../src/errors';
import {
  Access,
  ONLYOFFICE_BUILTIN_GROUP_IDS,
  ONLYOFFICE_ROUTES,
  OnlyofficeConnector,
  markOnlyofficeInherited,
  onlyofficeAccessShownFor,
  onlyofficeInheritanceParentOf,
} from '../../src/connectors/onlyoffice';
import type { OnlyofficeCallOptions, OnlyofficeMarkedEntry, OnlyofficeShareEntry } from '../../src/connectors/onlyoffice';
import { createOnlyofficeSimulator, ONLYOFFICE_DEMO as D } from '../../src/simulators/onlyoffice/server';
import type { SimServer } from '../../src/simulators/kit';
import { testCall } from '../helpers/call';

const settings: UpstreamSettings = {
  connectTimeoutMs: 500,
  headersTimeoutMs: 1000,
  bodyTimeoutMs: 1000,
  callDeadlineMs: 4000,
  operationDeadlineMs: 5000,
  connections: 4,
  maxResponseBytes: 1024 * 1024,
  maxAttempts: 3,
  maxInFlight: 10,
  maxQueued: 10,
};

const UNKNOWN_GUID = '0badf00d-0000-4000-8000-000000000099';
const alice: OnlyofficeCallOptions = { credential: D.token };

let sim: SimServer;
let client: UpstreamClient;
let oo: OnlyofficeConnector;

beforeAll(async () => {
  sim = createOnlyofficeSimulator().sim;
  await sim.listen(0);
  client = new UpstreamClient('ONLYOFFICE', new URL(sim.url), settings);
  oo = new OnlyofficeConnector(client);
});

afterAll(async () => {
  await client.close();
  await sim.close();
});

beforeEach(() => sim.reset());

const ids = (entries: OnlyofficeShareEntry[]) => entries.map((e) => e.principal?.id);
const accessOf = (entries: OnlyofficeShareEntry[], id: string) => entries.find((e) => e.principal?.id === id)?.access;

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('shareFolder', () => {
  it('sends exactly one PUT with the documented body and only the given credential', async () => {
    const entries = await oo.shareFolder({ ...alice, call: testCall('req-1') }, D.myFolderId, [{ ShareTo: D.carolId, Access: Access.ReadWrite }], false, 'hello');

    const [logged, ...rest] = sim.requests();
    expect(rest).toHaveLength(0);
    expect(logged!.method).toBe('PUT');
    expect(logged!.path).toBe('/api/2.0/files/folder/1001/share');
    expect(logged!.route).toBe(ONLYOFFICE_ROUTES.folderShare);
    expect(JSON.parse(logged!.body)).toEqual({ share: [{ ShareTo: D.carolId, Access: 1 }], notify: false, sharingMessage: 'hello' });
    expect(logged!.headers.authorization).toBe(D.token);
    expect(logged!.headers['content-type']).toBe('application/json');
    expect(logged!.headers.accept).toBe('application/json');
    expect(logged!.headers['x-request-id']).toBe('req-1');
    const allowed = new Set(['host', 'connection', 'content-length', 'authorization', 'accept', 'content-type', 'x-request-id']);
    expect(Object.keys(logged!.headers).filter((h) => !allowed.has(h))).toEqual([]);

    // The answer is the folder's list: caller (the owner here) first, then the rest by name.
    expect(entries[0]).toEqual({ access: 1, principal: { id: D.aliceId, displayName: 'Alice Adams', kind: 'USER' }, isLink: false, isLocked: true, isOwner: true });
    expect(ids(entries)).toEqual([D.aliceId, D.bobId, D.carolId]);
    expect(accessOf(entries, D.carolId)).toBe(Access.ReadWrite);
  });

  it('omits notify and sharingMessage when they are not given', async () => {
    await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.carolId, Access: Access.Read }]);
    expect(JSON.parse(sim.requests()[0]!.body)).toEqual({ share: [{ ShareTo: D.carolId, Access: 2 }] });
  });

  it('merges per subject instead of replacing the list', async () => {
    await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.designGroupId, Access: Access.Comment }]);
    const entries = await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.carolId, Access: Access.Review }]);
    expect(accessOf(entries, D.bobId)).toBe(Access.Read);
    expect(accessOf(entries, D.carolId)).toBe(Access.Review);
    const design = entries.find((e) => e.principal?.id === D.designGroupId);
    expect(design).toEqual({ access: Access.Comment, principal: { id: D.designGroupId, displayName: 'Design', kind: 'GROUP' }, isLink: false, isLocked: false, isOwner: false });
  });

  it('removes a subject with Access 0 (None)', async () => {
    const entries = await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.bobId, Access: Access.None }]);
    expect(ids(entries)).toEqual([D.aliceId]);
  });

  it('accepts an unknown Guid but drops it from the answer', async () => {
    const entries = await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: UNKNOWN_GUID, Access: Access.Read }]);
    expect(ids(entries)).not.toContain(UNKNOWN_GUID);
    expect(ids(entries)).toEqual([D.aliceId, D.bobId]);
  });

  it('skips an entry for the owner without an error', async () => {
    const entries = await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.aliceId, Access: Access.Read }]);
    expect(entries[0]).toMatchObject({ access: Access.ReadWrite, isOwner: true });
    expect(entries.filter((e) => e.principal?.id === D.aliceId)).toHaveLength(1);
  });

  it('shares with a built-in group and a third-party folder id', async () => {
    const entries = await oo.shareFolder(alice, D.thirdPartyFolderId, [{ ShareTo: ONLYOFFICE_BUILTIN_GROUP_IDS.Everyone, Access: Access.Read }]);
    expect(sim.requests()[0]!.path).toBe('/api/2.0/files/folder/box-12/share');
    expect(entries.find((e) => e.principal?.id === ONLYOFFICE_BUILTIN_GROUP_IDS.Everyone)?.principal?.kind).toBe('GROUP');
  });

  it("is FORBIDDEN on someone else's folder and on a folder that does not exist", async () => {
    const other = await failure(oo.shareFolder(alice, D.otherUsersFolderId, [{ ShareTo: D.carolId, Access: Access.Read }]));
    expect(other).toMatchObject({ code: 'FORBIDDEN', backend: 'ONLYOFFICE', upstreamCode: 403 });
    const missing = await failure(oo.shareFolder(alice, '999999', [{ ShareTo: D.carolId, Access: Access.Read }]));
    expect(missing.code).toBe('FORBIDDEN');
  });

  it('is FORBIDDEN for a visitor', async () => {
    const err = await failure(oo.shareFolder({ credential: D.visitorToken }, D.myFolderId, [{ ShareTo: D.carolId, Access: Access.Read }]));
    expect(err.code).toBe('FORBIDDEN');
  });

  it('is UNAUTHENTICATED with a bad token, and never repeats the upstream message', async () => {
    const err = await failure(oo.shareFolder({ credential: 'Bearer nope' }, D.myFolderId, [{ ShareTo: D.carolId, Access: Access.Read }]));
    expect(err).toMatchObject({ code: 'UNAUTHENTICATED', upstreamCode: 401 });
    expect(err.message).not.toMatch(/Unauthorized/);
    expect(sim.requests()).toHaveLength(1);
  });

  it('works with Bearer and Basic credentials too', async () => {
    await expect(oo.getFolderShares({ credential: `Bearer ${D.token}` }, D.myFolderId)).resolves.toHaveLength(2);
    await expect(oo.getFolderShares({ credential: D.basic }, D.myFolderId)).resolves.toHaveLength(2);
  });
});

describe('getFolderShares', () => {
  it('reads the list in the documented order with integer access', async () => {
    const entries = await oo.getFolderShares(alice, D.myFolderId);
    expect(entries).toEqual([
      { access: 1, principal: { id: D.aliceId, displayName: 'Alice Adams', kind: 'USER' }, isLink: false, isLocked: true, isOwner: true },
      { access: 2, principal: { id: D.bobId, displayName: 'Bob Brown', kind: 'USER' }, isLink: false, isLocked: false, isOwner: false },
    ]);
    expect(sim.requests()[0]).toMatchObject({ method: 'GET', path: '/api/2.0/files/folder/1001/share', body: '' });
    expect(sim.requests()[0]!.headers['content-type']).toBeUndefined();
  });

  it('parses a link entry as a link without a principal', async () => {
    const link = { access: 2, sharedTo: { id: 'd77bd6af-828b-41f5-84ed-7ffe2565b13a', shareLink: 'https://portal/s/abc' }, isLocked: false, isOwner: false };
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: 1, status: 0, statusCode: 200, response: [link] }) });
    expect(await oo.getFolderShares(alice, D.myFolderId)).toEqual([{ access: 2, principal: null, isLink: true, isLocked: false, isOwner: false }]);
  });
});

describe('getFolderInfo', () => {
  it('reads the parent in one GET, null for a root', async () => {
    expect(await oo.getFolderInfo(alice, D.childFolderId)).toEqual({ id: D.childFolderId, parentId: D.myFolderId, title: 'Phoenix designs', rootFolderType: 5, shared: true });
    expect(sim.requests()).toHaveLength(1);
    expect(sim.requests()[0]).toMatchObject({ method: 'GET', path: '/api/2.0/files/folder/1004', route: ONLYOFFICE_ROUTES.folder });
    expect(await oo.getFolderInfo(alice, D.myRootId)).toMatchObject({ id: D.myRootId, parentId: null, shared: false });
    expect(await oo.getFolderInfo(alice, D.thirdPartyFolderId)).toMatchObject({ id: 'box-12', parentId: D.myRootId });
  });

  it('is FORBIDDEN for a folder that does not exist', async () => {
    expect((await failure(oo.getFolderInfo(alice, '424242'))).code).toBe('FORBIDDEN');
  });

  it.each([
    ['no parentId', { id: 5, title: 'x' }],
    ['a parentId that is neither an id nor 0', { id: 5, parentId: true }],
    ['no id', { parentId: 1 }],
    ['a non-integer rootFolderType', { id: 5, parentId: 1, rootFolderType: 'USER' }],
  ])('treats %s as UPSTREAM_ERROR', async (_what, response) => {
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: 1, status: 0, statusCode: 200, response }) });
    expect((await failure(oo.getFolderInfo(alice, '5'))).code).toBe('UPSTREAM_ERROR');
  });
});

describe('getFolderAcl (inherited grants)', () => {
  const byId = (entries: OnlyofficeMarkedEntry[]) => Object.fromEntries(entries.map((e) => [e.principal?.id ?? 'link', { access: e.access, parentAccess: e.parentAccess, inherited: e.inherited }]));

  it("marks what the parent's list grants, in three calls", async () => {
    const acl = await oo.getFolderAcl(alice, D.childFolderId);
    expect(acl.parentId).toBe(D.myFolderId);
    expect(byId(acl.entries)).toEqual({
      [D.aliceId]: { access: 1, parentAccess: null, inherited: false },
      [D.bobId]: { access: 2, parentAccess: 2, inherited: true },
      [D.carolId]: { access: 1, parentAccess: null, inherited: false },
      [D.designGroupId]: { access: 5, parentAccess: null, inherited: false },
      [D.visitorId]: { access: 2, parentAccess: null, inherited: false },
    });
    const calls = sim.requests().map((r) => `${r.method} ${r.path}`);
    expect(calls.sort()).toEqual(['GET /api/2.0/files/folder/1001/share', 'GET /api/2.0/files/folder/1004', 'GET /api/2.0/files/folder/1004/share']);
  });

  it("marks a child's own row over a parent's grant too: a revoke would leave the parent's access", async () => {
    const acl = await oo.getFolderAcl(alice, D.grandchildFolderId);
    expect(byId(acl.entries)).toMatchObject({
      [D.bobId]: { access: 1, parentAccess: 2, inherited: true },
      [D.carolId]: { access: 6, parentAccess: 1, inherited: true },
      [D.designGroupId]: { access: 5, parentAccess: 5, inherited: true },
    });
    // What the marks predict is what the backend does:
    const after = await oo.shareFolder(alice, D.grandchildFolderId, [
      { ShareTo: D.bobId, Access: Access.None },
      { ShareTo: D.carolId, Access: Access.None },
    ]);
    expect(accessOf(after, D.bobId)).toBe(2);
    expect(accessOf(after, D.carolId)).toBe(1);
  });

  it('does not mark a subject the parent denies (Restrict): a revoke here does take its access', async () => {
    await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.carolId, Access: Access.Restrict }]);
    const acl = await oo.getFolderAcl(alice, D.childFolderId);
    expect(byId(acl.entries)[D.carolId]).toEqual({ access: 1, parentAccess: 3, inherited: false });
  });

  it("marks a write's answer with the parent's list read before it", async () => {
    const acl = await oo.getFolderAcl(alice, D.childFolderId);
    sim.clearLog();
    const answer = await oo.shareFolder(alice, D.childFolderId, [
      { ShareTo: D.bobId, Access: Access.None },
      { ShareTo: D.carolId, Access: Access.None },
    ]);
    expect(sim.requests()).toHaveLength(1);
    const marked = markOnlyofficeInherited(answer, acl.parentEntries);
    expect(marked.find((e) => e.principal?.id === D.bobId)).toMatchObject({ access: 2, inherited: true });
    expect(marked.find((e) => e.principal?.id === D.carolId)).toBeUndefined();
  });

  it('reads no parent for a root folder or a connected account mounted in a native folder (two calls)', async () => {
    for (const id of [D.myRootId, D.thirdPartyFolderId]) {
      sim.clearLog();
      const acl = await oo.getFolderAcl(alice, id);
      expect([id, acl.parentId, acl.parentEntries, acl.entries.some((e) => e.inherited)]).toEqual([id, null, null, false]);
      expect(sim.requests()).toHaveLength(2);
    }
  });

  it("marks nothing when the parent's list is refused (403), and fails on any other failure there", async () => {
    const forbidden = JSON.stringify({ count: 0, status: 1, statusCode: 403, error: { message: 'x', hresult: -2146233079 } });
    sim.inject({ kind: 'respond', status: 403, body: forbidden, path: '/api/2.0/files/folder/1001/share' });
    const acl = await oo.getFolderAcl(alice, D.childFolderId);
    expect([acl.parentId, acl.parentEntries, acl.entries.some((e) => e.inherited)]).toEqual([D.myFolderId, null, false]);

    sim.inject({ kind: 'respond', status: 500, body: '{"status":1,"statusCode":500,"error":{"message":"x"}}', path: '/api/2.0/files/folder/1001/share' });
    expect((await failure(oo.getFolderAcl(alice, D.childFolderId))).code).toBe('UPSTREAM_ERROR');
  });

  it('fails when the folder itself cannot be read', async () => {
    expect((await failure(oo.getFolderAcl(alice, D.otherUsersFolderId))).code).toBe('FORBIDDEN');
  });

  it('matches subjects case-insensitively and never marks links or the owner', () => {
    const entry = (id: string | null, access: number, extra: Partial<OnlyofficeShareEntry> = {}): OnlyofficeShareEntry => ({
      access,
      principal: id === null ? null : { id, displayName: null, kind: 'USER' },
      isLink: id === null,
      isLocked: false,
      isOwner: false,
      ...extra,
    });
    const marked = markOnlyofficeInherited(
      [entry(D.bobId.toUpperCase(), 2), entry(null, 2), entry(D.aliceId, 1, { isOwner: true })],
      [entry(D.bobId, 2), entry(null, 2), entry(D.aliceId, 1, { isOwner: true })],
    );
    expect(marked.map((e) => e.inherited)).toEqual([true, false, false]);
    expect(markOnlyofficeInherited([entry(D.bobId, 2)], null)[0]).toMatchObject({ parentAccess: null, inherited: false });
  });

  it('names the inheritance source by the id rules', () => {
    expect(onlyofficeInheritanceParentOf('1004', '1001')).toBe('1001');
    expect(onlyofficeInheritanceParentOf('101', null)).toBeNull();
    expect(onlyofficeInheritanceParentOf('box-12', '101')).toBeNull();
    expect(onlyofficeInheritanceParentOf('box-12-7', 'box-12')).toBe('box-12');
    expect(onlyofficeInheritanceParentOf('box-13', 'box-12-4')).toBeNull();
  });
});

describe('revoking cascades (SecurityDao.SetShare)', () => {
  it('removes the subject from every folder and file below', async () => {
    await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.bobId, Access: Access.None }]);
    expect(ids(await oo.getFolderShares(alice, D.childFolderId))).not.toContain(D.bobId);
    expect(ids(await oo.getFolderShares(alice, D.grandchildFolderId))).not.toContain(D.bobId);
    expect(ids(await oo.getFileShares(alice, D.fileId))).not.toContain(D.bobId);
  });
});

describe('guests', () => {
  it('come back at Read whatever was asked, flagged as guests', async () => {
    const entries = await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.visitorId, Access: Access.ReadWrite }]);
    expect(entries.find((e) => e.principal?.id === D.visitorId)).toEqual({
      access: Access.Read,
      principal: { id: D.visitorId, displayName: 'Victor Visitor', kind: 'USER' },
      isLink: false,
      isLocked: false,
      isOwner: false,
      isVisitor: true,
    });
    expect(entries.find((e) => e.principal?.id === D.bobId)!.isVisitor).toBeUndefined();
  });

  it('are told apart in advance by getPersonInfo, and accessShownFor predicts the answer', async () => {
    expect(await oo.getPersonInfo(alice, D.visitorId)).toEqual({ principal: { id: D.visitorId, displayName: 'Victor Visitor', kind: 'USER' }, isVisitor: true });
    expect((await oo.getPersonInfo(alice, D.bobId))!.isVisitor).toBe(false);
    expect(await oo.getPersonInfo(alice, UNKNOWN_GUID)).toBeNull();
    for (const asked of [Access.ReadWrite, Access.Review, Access.Comment, Access.FillForms, Access.CustomFilter, Access.Read, Access.Restrict]) {
      const answer = await oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.visitorId, Access: asked }]);
      expect([asked, onlyofficeAccessShownFor(asked, true)]).toEqual([asked, accessOf(answer, D.visitorId)]);
      expect(onlyofficeAccessShownFor(asked, false)).toBe(asked);
    }
  });
});

describe('files', () => {
  it('shareFile sends one PUT with the documented body and answers the list, link first', async () => {
    const entries = await oo.shareFile(alice, D.fileId, [{ ShareTo: D.carolId, Access: Access.Comment }], false);
    expect(sim.requests()).toHaveLength(1);
    expect(sim.requests()[0]).toMatchObject({ method: 'PUT', path: '/api/2.0/files/file/2001/share', route: ONLYOFFICE_ROUTES.fileShare });
    expect(JSON.parse(sim.requests()[0]!.body)).toEqual({ share: [{ ShareTo: D.carolId, Access: 6 }], notify: false });
    expect(entries[0]).toEqual({ access: Access.Restrict, principal: null, isLink: true, isLocked: false, isOwner: false });
    expect(accessOf(entries, D.carolId)).toBe(Access.Comment);
  });

  it("getFileAcl compares with the file's folder, in three calls", async () => {
    expect(await oo.getFileInfo(alice, D.fileId)).toEqual({ id: D.fileId, folderId: D.childFolderId, title: 'Budget.xlsx', rootFolderType: 5, shared: true });
    sim.clearLog();
    const acl = await oo.getFileAcl(alice, D.fileId);
    expect(acl.parentId).toBe(D.childFolderId);
    expect(acl.entries.find((e) => e.principal?.id === D.bobId)).toMatchObject({ access: 6, parentAccess: 2, inherited: true });
    expect(acl.entries.find((e) => e.isLink)).toMatchObject({ inherited: false, parentAccess: null });
    expect(
      sim
        .requests()
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/api/2.0/files/file/2001', '/api/2.0/files/file/2001/share', '/api/2.0/files/folder/1004/share']);
  });

  it('is FORBIDDEN for a file that does not exist', async () => {
    expect((await failure(oo.getFileShares(alice, '999'))).code).toBe('FORBIDDEN');
    expect((await failure(oo.getFileInfo(alice, '999'))).code).toBe('FORBIDDEN');
  });
});

describe('getPerson / getGroup', () => {
  it('finds a user by Guid and by user name', async () => {
    expect(await oo.getPerson(alice, D.bobId)).toEqual({ id: D.bobId, displayName: 'Bob Brown', kind: 'USER' });
    expect(await oo.getPerson(alice, 'carol')).toEqual({ id: D.carolId, displayName: 'Carol Chen', kind: 'USER' });
    expect(sim.requests().map((r) => r.route)).toEqual([ONLYOFFICE_ROUTES.person, ONLYOFFICE_ROUTES.person]);
  });

  it('answers null for an unknown user or group', async () => {
    expect(await oo.getPerson(alice, UNKNOWN_GUID)).toBeNull();
    expect(await oo.getGroup(alice, UNKNOWN_GUID)).toBeNull();
  });

  it('finds a group', async () => {
    expect(await oo.getGroup(alice, D.designGroupId)).toEqual({ id: D.designGroupId, displayName: 'Design', kind: 'GROUP' });
    expect(sim.requests()[0]!.path).toBe(`/api/2.0/group/${D.designGroupId}`);
  });

  it('sends a hostile id as one encoded segment', async () => {
    expect(await oo.getPerson(alice, '../../x')).toBeNull();
    expect(await oo.getGroup(alice, 'a%2Fb')).toBeNull();
    const [person, group] = sim.requests();
    expect(person).toMatchObject({ path: '/api/2.0/people/..%2F..%2Fx', route: ONLYOFFICE_ROUTES.person });
    expect(group).toMatchObject({ path: '/api/2.0/group/a%252Fb', route: ONLYOFFICE_ROUTES.group });
  });

  it('still throws for failures other than not found', async () => {
    await expect(oo.getPerson({ credential: 'wrong' }, D.bobId)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('faults and odd answers', () => {
  const share = () => oo.shareFolder(alice, D.myFolderId, [{ ShareTo: D.carolId, Access: Access.Read }]);

  it('maps a 500 to UPSTREAM_ERROR without copying its body', async () => {
    sim.inject({ kind: 'respond', status: 500, body: '{"status":1,"statusCode":500,"error":{"message":"secret token abc"}}' });
    const err = await failure(share());
    expect(err).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: 500 });
    expect(err.message).not.toContain('secret');
  });

  it('maps an HTML page with 200 to UPSTREAM_ERROR', async () => {
    sim.inject({ kind: 'respond', status: 200, body: '<html><body>Login</body></html>', headers: { 'content-type': 'text/html' } });
    expect((await failure(share())).code).toBe('UPSTREAM_ERROR');
  });

  it('maps an error envelope that arrives with 200 by its statusCode', async () => {
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ count: 0, status: 1, statusCode: 404, error: { message: 'x', hresult: -1 } }) });
    expect(await failure(share())).toMatchObject({ code: 'NOT_FOUND', upstreamCode: 404 });
    sim.inject({ kind: 'respond', status: 200, body: JSON.stringify({ status: 1, statusCode: 409, error: { message: 'x' } }) });
    expect((await failure(share())).code).toBe('CONFLICT');
    sim.inject({ kind: 'respond', status: 400, body: JSON.stringify({ status: 1, statusCode: 400, error: { message: 'x' } }) });
    expect((await failure(share())).code).toBe('BAD_REQUEST');
  });

  it.each([
    ['an empty body', ''],
    ['a bare array', '[]'],
    ['a list that is not an array', JSON.stringify({ status: 0, statusCode: 200, response: { access: 1 } })],
    ['no response key', JSON.stringify({ status: 0, statusCode: 200 })],
    ['an entry without numeric access', JSON.stringify({ status: 0, statusCode: 200, response: [{ access: 'Read', sharedTo: { id: 'x', displayName: 'X' } }] })],
    ['an entry without sharedTo', JSON.stringify({ status: 0, statusCode: 200, response: [{ access: 1 }] })],
    ['a sharedTo without id', JSON.stringify({ status: 0, statusCode: 200, response: [{ access: 1, sharedTo: { displayName: 'X' } }] })],
    ['a non-boolean isOwner', JSON.stringify({ status: 0, statusCode: 200, response: [{ access: 1, sharedTo: { id: 'x' }, isOwner: 'yes' }] })],
    ['access only under __proto__', '{"__proto__":{"status":0},"status":0,"statusCode":200,"response":[{"__proto__":{"access":1},"sharedTo":{"id":"x"}}]}'],
  ])('treats %s as UPSTREAM_ERROR', async (_what, body) => {
    sim.inject({ kind: 'respond', status: 200, body });
    expect((await failure(share())).code).toBe('UPSTREAM_ERROR');
  });

  it('survives __proto__ keys in an otherwise valid answer', async () => {
    const body =
      '{"status":0,"statusCode":200,"count":1,"response":[{"__proto__":{"polluted":true},"access":2,"sharedTo":{"id":"u1","displayName":"U","__proto__":{"x":1}},"isLocked":false,"isOwner":false}]}';
    sim.inject({ kind: 'respond', status: 200, body });
    expect(await share()).toEqual([{ access: 2, principal: { id: 'u1', displayName: 'U', kind: 'USER' }, isLink: false, isLocked: false, isOwner: false }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('retries a reset connection (the PUT is idempotent) and then reports UPSTREAM_UNAVAILABLE', async () => {
    sim.inject({ kind: 'reset', times: 10 });
    expect((await failure(share())).code).toBe('UPSTREAM_UNAVAILABLE');
    const attempts = sim.requests({ method: 'PUT' }).length;
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThanOrEqual(3);
  });

  it('recovers when a reset happens once', async () => {
    sim.inject({ kind: 'reset' });
    const entries = await share();
    expect(accessOf(entries, D.carolId)).toBe(Access.Read);
    expect(sim.requests({ method: 'PUT' })).toHaveLength(2);
  });
});
