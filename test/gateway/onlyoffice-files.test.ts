/**
 * Sharing files (issue 17, point 6), end to end over real HTTP: with
 * `targetKind: FILE`, ONLYOFFICE's share, revoke, read-back and dry run go
 * to `files/file/{id}/share`, with the folder route's shapes and rules; a
 * file inherits its folder's grants. OCM shares folders only: FILE there is
 * UNSUPPORTED_TARGET, and nothing is sent (read from the simulator's log).
 *
 * Budget.xlsx (2001) is alice's, in Phoenix designs (1004): its own row
 * gives bob Comment; 1004 gives carol ReadWrite, Design Review and the guest
 * victor ReadWrite (shown Read), and passes on bob's Read from 1001.
 */
import { startHarness } from '../helpers/harness';
import type { FolderGrant, FolderShareResult, Harness } from '../helpers/harness';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';

const ACCESS = `query($backend: FolderBackend!, $folderId: ID!, $targetKind: ShareTargetKind) {
  folderAccess(backend: $backend, folderId: $folderId, targetKind: $targetKind) {
    backend folderId targetKind
    grants { principal { id kind } role locked isOwner source inheritedFrom }
  }
}`;

const SHARE = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) { backend folderId targetKind results { recipientId role success change error { code message } } }
}`;

const REVOKE = `mutation($input: RevokeFolderSharesInput!) {
  revokeFolderShares(input: $input) { backend folderId targetKind results { recipientId role success change error { code message } } }
}`;

const CAPABILITIES = `{ capabilities { backend targetKinds } }`;

const FILE_SHARE = `/api/2.0/files/file/${OO.fileId}/share`;
const FILE_INFO = `/api/2.0/files/file/${OO.fileId}`;
const FOLDER_SHARE = `/api/2.0/files/folder/${OO.childFolderId}/share`;
const UNKNOWN_GUID = '0badc0de-0000-4000-8000-000000000002';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const sim = () => h.sims.onlyoffice.sim;
const fileRows = () => h.sims.onlyoffice.state.files.get(OO.fileId)!.shares;
const sent = () =>
  sim()
    .requests()
    .map((r) => `${r.method} ${r.path}`)
    .sort();
const puts = () => sim().requests({ method: 'PUT' });
const putBody = (i = 0) => (JSON.parse(puts()[i]!.body) as { share: unknown[] }).share;
const outcome = (r: FolderShareResult) => [r.recipientId, r.success, r.change ?? null, r.error?.code ?? null];
/** The three reads of a file's ACL: its list, its info (for folderId) and its folder's list. */
const ACL_READS = [`GET ${FILE_INFO}`, `GET ${FILE_SHARE}`, `GET ${FOLDER_SHARE}`].sort();

async function fileAccess(): Promise<FolderGrant[]> {
  const res = await h.gql(ACCESS, { backend: 'ONLYOFFICE', folderId: OO.fileId, targetKind: 'FILE' });
  expect(res.errors).toBeUndefined();
  expect(res.data!.folderAccess).toMatchObject({ backend: 'ONLYOFFICE', folderId: OO.fileId, targetKind: 'FILE' });
  return res.data!.folderAccess.grants;
}

async function run(doc: string, input: Record<string, unknown>): Promise<FolderShareResult[]> {
  const res = await h.gql(doc, { input: { backend: 'ONLYOFFICE', targetKind: 'FILE', folderId: OO.fileId, ...input } });
  expect(res.errors).toBeUndefined();
  const payload = res.data!.shareFolder ?? res.data!.revokeFolderShares;
  expect(payload).toMatchObject({ backend: 'ONLYOFFICE', folderId: OO.fileId, targetKind: 'FILE' });
  return payload.results;
}

describe('ONLYOFFICE: folderAccess with targetKind FILE', () => {
  it("reads the file's list, marked against its folder's: the owner OWNER, the rest INHERITED from the folder, no link entry", async () => {
    const grants = await fileAccess();
    expect(grants.map((g) => [g.principal.id, g.role, g.source, g.inheritedFrom ?? null, g.locked, g.isOwner])).toEqual([
      [OO.aliceId, 'CONTRIBUTOR', 'OWNER', null, true, true],
      [OO.bobId, 'COMMENTER', 'INHERITED', OO.childFolderId, true, false], // his own Comment row, over the Read 1004 passes on
      [OO.carolId, 'CONTRIBUTOR', 'INHERITED', OO.childFolderId, true, false],
      [OO.designGroupId, 'REVIEWER', 'INHERITED', OO.childFolderId, true, false],
      [OO.visitorId, 'VIEWER', 'INHERITED', OO.childFolderId, true, false],
    ]);
    expect(sent()).toEqual(ACL_READS);
  });

  it('a share on the file alone is DIRECT; the folder is untouched', async () => {
    h.sims.onlyoffice.state.files.get(OO.fileId)!.shares.set(OO.marketingGroupId, 2);
    const grants = await fileAccess();
    expect(grants.find((g) => g.principal.id === OO.marketingGroupId)).toMatchObject({ role: 'VIEWER', source: 'DIRECT', inheritedFrom: null, locked: false });
  });

  it('without targetKind the id is a folder id (FOLDER by default): 2001 is no folder, and the folder route says so', async () => {
    const res = await h.gql(ACCESS, { backend: 'ONLYOFFICE', folderId: OO.fileId });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      sim()
        .requests()
        .map((r) => r.route),
    ).not.toContain('/api/2.0/files/file/:fileId/share');
    expect(sent()).toContain(`GET /api/2.0/files/folder/${OO.fileId}/share`);
  });
});

describe('ONLYOFFICE: shareFolder with targetKind FILE', () => {
  it('is one PUT to files/file/{id}/share, read off its answer, and the file (not its folder) holds the rows', async () => {
    const results = await run(SHARE, {
      recipients: [
        { id: OO.marketingGroupId, role: 'VIEWER' },
        { id: OO.carolId, role: 'COMMENTER' },
        { id: UNKNOWN_GUID, role: 'VIEWER' },
      ],
      notify: false,
    });
    expect(results.map(outcome)).toEqual([
      [OO.marketingGroupId, true, null, null],
      [OO.carolId, true, null, null], // the file's own row wins over the ReadWrite from its folder
      [UNKNOWN_GUID, false, null, 'NOT_FOUND'],
    ]);
    expect(puts().map((r) => r.path)).toEqual([FILE_SHARE]);
    expect(putBody()).toEqual([
      { ShareTo: OO.marketingGroupId, Access: 2 },
      { ShareTo: OO.carolId, Access: 6 },
      { ShareTo: UNKNOWN_GUID, Access: 2 },
    ]);
    expect([fileRows().get(OO.marketingGroupId), fileRows().get(OO.carolId)]).toEqual([2, 6]);
    expect(h.sims.onlyoffice.state.folders.get(OO.childFolderId)!.shares.has(OO.marketingGroupId)).toBe(false);
  });

  it("refuses the owner with the file's words, and a guest asked more than Read, as on folders", async () => {
    const results = await run(SHARE, {
      recipients: [
        { id: OO.aliceId, role: 'VIEWER' },
        { id: OO.visitorId, role: 'CONTRIBUTOR' },
      ],
    });
    expect(results.map(outcome)).toEqual([
      [OO.aliceId, false, null, 'FORBIDDEN'],
      [OO.visitorId, false, null, 'FORBIDDEN'],
    ]);
    expect(results[0]!.error!.message).toMatch(/file owner/);
    expect(puts().map((r) => r.path)).toEqual([FILE_SHARE]);
  });

  it("dry run: reads the file's ACL and writes nothing; the changes come from the file's list", async () => {
    const results = await run(SHARE, {
      dryRun: true,
      recipients: [
        { id: OO.bobId, role: 'CONTRIBUTOR' },
        { id: OO.marketingGroupId, role: 'VIEWER' },
        { id: OO.carolId, role: 'NONE' },
        { id: UNKNOWN_GUID, role: 'VIEWER' },
      ],
    });
    expect(results.map(outcome)).toEqual([
      [OO.bobId, true, 'UPGRADED', null], // Comment on the file, not the folder's Read
      [OO.marketingGroupId, true, 'GRANTED', null],
      [OO.carolId, false, 'WOULD_FAIL', 'ACCESS_INHERITED'],
      [UNKNOWN_GUID, false, 'WOULD_FAIL', 'NOT_FOUND'],
    ]);
    expect(results[2]!.error!.message).toMatch(/file's folder/);
    expect(
      sim()
        .requests()
        .every((r) => r.method === 'GET'),
    ).toBe(true);
    expect(sent().filter((s) => s.includes('/files/'))).toEqual(ACL_READS);
  });
});

describe('ONLYOFFICE: revokeFolderShares with targetKind FILE', () => {
  it("removes the file's own row in one PUT; refuses what its folder grants (ACCESS_INHERITED) and the owner, sending nothing for them", async () => {
    fileRows().set(OO.marketingGroupId, 2);
    const results = await run(REVOKE, { recipientIds: [OO.marketingGroupId, OO.bobId, OO.aliceId, UNKNOWN_GUID] });
    expect(results.map(outcome)).toEqual([
      [OO.marketingGroupId, true, 'REVOKED', null],
      [OO.bobId, false, null, 'ACCESS_INHERITED'],
      [OO.aliceId, false, null, 'FORBIDDEN'],
      [UNKNOWN_GUID, true, 'UNCHANGED', null],
    ]);
    expect(puts().map((r) => r.path)).toEqual([FILE_SHARE]);
    expect(putBody()).toEqual([{ ShareTo: OO.marketingGroupId, Access: 0 }]);
    expect(fileRows().has(OO.marketingGroupId)).toBe(false);
    expect(fileRows().get(OO.bobId)).toBe(6);
  });

  it('dry run: WOULD_FAIL for what the folder grants, REVOKED for an own row, and only reads', async () => {
    fileRows().set(OO.marketingGroupId, 2);
    const results = await run(REVOKE, { dryRun: true, recipientIds: [OO.bobId, OO.marketingGroupId] });
    expect(results.map(outcome)).toEqual([
      [OO.bobId, false, 'WOULD_FAIL', 'ACCESS_INHERITED'],
      [OO.marketingGroupId, true, 'REVOKED', null],
    ]);
    expect(sent()).toEqual(ACL_READS);
    expect(fileRows().get(OO.marketingGroupId)).toBe(2);
  });
});

describe('ONLYOFFICE: input', () => {
  it.each([
    ['a path', '../1001'],
    ['a GUID', OO.aliceId],
  ])('a file id that is %s is BAD_USER_INPUT naming the file id, and nothing is sent', async (_what, id) => {
    const res = await h.gql(ACCESS, { backend: 'ONLYOFFICE', folderId: id, targetKind: 'FILE' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'folderId' });
    expect(res.errors?.[0]?.message).toMatch(/ONLYOFFICE file id/);
    expect(sim().log).toHaveLength(0);
  });
});

describe('OCM shares folders only', () => {
  const ocmInputs: Array<[string, string, Record<string, unknown>]> = [
    ['shareFolder', SHARE, { recipients: [{ id: O.daveId, role: 'VIEWER' }] }],
    ['shareFolder dry run', SHARE, { recipients: [{ id: O.daveId, role: 'VIEWER' }], dryRun: true }],
    ['revokeFolderShares', REVOKE, { recipientIds: [O.daveId] }],
    ['revokeFolderShares dry run', REVOKE, { recipientIds: [O.daveId], dryRun: true }],
  ];

  it.each(ocmInputs)('%s with targetKind FILE is UNSUPPORTED_TARGET, and nothing reaches OCM', async (_name, doc, input) => {
    const res = await h.gql(doc, { input: { backend: 'OCM', targetKind: 'FILE', folderId: O.subFolderId, ...input } });
    expect(res.data).toBeUndefined();
    expect(res.errors?.map((e) => e.extensions)).toEqual([{ code: 'UNSUPPORTED_TARGET', backend: 'OCM', targetKind: 'FILE', supportedTargetKinds: ['FOLDER'] }]);
    expect(h.sims.ocm.sim.log).toHaveLength(0);
  });

  it('folderAccess with targetKind FILE is UNSUPPORTED_TARGET, and nothing reaches OCM', async () => {
    const res = await h.gql(ACCESS, { backend: 'OCM', folderId: O.subFolderId, targetKind: 'FILE' });
    expect(res.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_TARGET');
    expect(res.errors?.[0]?.message).toMatch(/OCM does not share targetKind FILE/);
    expect(h.sims.ocm.sim.log).toHaveLength(0);
  });

  it('says so before asking for a credential: the same code with no OCM header', async () => {
    const res = await h.gql(ACCESS, { backend: 'OCM', folderId: O.subFolderId, targetKind: 'FILE' }, {});
    expect(res.errors?.[0]?.extensions?.code).toBe('UNSUPPORTED_TARGET');
    expect(h.upstreamCount()).toBe(0);
  });

  it('targetKind FOLDER, said or not, is what OCM did before', async () => {
    const res = await h.gql(ACCESS, { backend: 'OCM', folderId: O.subFolderId, targetKind: 'FOLDER' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.folderAccess.targetKind).toBe('FOLDER');
    expect(h.sims.ocm.sim.log.length).toBeGreaterThan(0);
  });
});

it('capabilities: ONLYOFFICE shares folders and files, OCM folders, ArcGIS neither (it shares items)', async () => {
  const res = await h.gql(CAPABILITIES);
  expect(res.errors).toBeUndefined();
  expect(res.data!.capabilities.map((c) => [c.backend, c.targetKinds])).toEqual([
    ['ARCGIS', []],
    ['OCM', ['FOLDER']],
    ['ONLYOFFICE', ['FOLDER', 'FILE']],
  ]);
  expect(h.upstreamCount()).toBe(0);
});
