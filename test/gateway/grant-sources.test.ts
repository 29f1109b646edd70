/**
 * Where access comes from (issue 17, point 5): `folderAccess` gives every
 * grant its `source`, end to end over real HTTP against the simulators.
 * ONLYOFFICE: by comparing the folder's list with its parent's (a subject
 * the parent grants cannot lose access here: INHERITED, from that parent);
 * OCM: from the share list read with `currentOnly=true` against `false`;
 * the owner is OWNER on both. INHERITED and OWNER grants stay locked.
 *
 * The ONLYOFFICE demo tree: Project Phoenix (1001, in alice's My documents
 * 101) gives bob Read; Phoenix designs (1004) below it gives carol
 * ReadWrite, Design Review and the guest victor ReadWrite; Phoenix drafts
 * (1005) below that gives bob ReadWrite and carol Comment. OCM: Drafts
 * (subFolder) gives dave viewer and inherits carol from Project Apollo.
 */
import { startHarness } from '../helpers/harness';
import type { FolderGrant, Harness } from '../helpers/harness';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';

const ACCESS = `query($backend: FolderBackend!, $folderId: ID!) {
  folderAccess(backend: $backend, folderId: $folderId) {
    backend folderId targetKind
    grants { principal { id } role locked isOwner source inheritedFrom }
  }
}`;

const SHARE = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) { results { recipientId success error { code } } }
}`;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

async function access(backend: 'OCM' | 'ONLYOFFICE', folderId: string): Promise<FolderGrant[]> {
  const res = await h.gql(ACCESS, { backend, folderId });
  expect(res.errors).toBeUndefined();
  expect(res.data!.folderAccess).toMatchObject({ backend, folderId, targetKind: 'FOLDER' });
  return res.data!.folderAccess.grants;
}

/** `[id, role, source, inheritedFrom, locked]` per grant, in the backend's order. */
const sources = (grants: FolderGrant[]) => grants.map((g) => [g.principal.id, g.role, g.source, g.inheritedFrom ?? null, g.locked]);
const oo = () => h.sims.onlyoffice;
const ooSent = () =>
  oo()
    .sim.requests()
    .map((r) => `${r.method} ${r.path}`)
    .sort();

describe('ONLYOFFICE: compared with the parent folder', () => {
  it("marks what the parent grants INHERITED from it, the folder's own rows DIRECT and the owner OWNER, from three reads", async () => {
    expect(sources(await access('ONLYOFFICE', OO.childFolderId))).toEqual([
      [OO.aliceId, 'CONTRIBUTOR', 'OWNER', null, true],
      [OO.bobId, 'VIEWER', 'INHERITED', OO.myFolderId, true],
      [OO.carolId, 'CONTRIBUTOR', 'DIRECT', null, false],
      [OO.designGroupId, 'REVIEWER', 'DIRECT', null, false],
      [OO.visitorId, 'VIEWER', 'DIRECT', null, false],
    ]);
    // GET files/folder/1004 gives parentId 1001, whose list is the comparison.
    expect(ooSent()).toEqual(['GET /api/2.0/files/folder/1001/share', 'GET /api/2.0/files/folder/1004', 'GET /api/2.0/files/folder/1004/share']);
  });

  it('names the parent, one level up, for a grant that reaches it from further up (the parent tells the rest)', async () => {
    const drafts = await access('ONLYOFFICE', OO.grandchildFolderId);
    // bob's Read comes from 1001 through 1004; carol, Design and victor from 1004. Own rows showing more (bob, carol) cannot lose what the parent gives.
    expect(sources(drafts).filter(([, , source]) => source !== 'OWNER')).toEqual([
      [OO.bobId, 'CONTRIBUTOR', 'INHERITED', OO.childFolderId, true],
      [OO.carolId, 'COMMENTER', 'INHERITED', OO.childFolderId, true],
      [OO.designGroupId, 'REVIEWER', 'INHERITED', OO.childFolderId, true],
      [OO.visitorId, 'VIEWER', 'INHERITED', OO.childFolderId, true],
    ]);
    const designs = await access('ONLYOFFICE', OO.childFolderId);
    expect(designs.find((g) => g.principal.id === OO.bobId)).toMatchObject({ source: 'INHERITED', inheritedFrom: OO.myFolderId });
  });

  it("follows the parent's list as it is now: a row added on the parent makes the child's grant INHERITED", async () => {
    oo().state.folders.get(OO.myFolderId)!.shares.set(OO.carolId, 2);
    const grants = await access('ONLYOFFICE', OO.childFolderId);
    // carol's own ReadWrite still shows; the Read she now has from Project Phoenix survives a revoke here.
    expect(grants.find((g) => g.principal.id === OO.carolId)).toMatchObject({ role: 'CONTRIBUTOR', source: 'INHERITED', inheritedFrom: OO.myFolderId, locked: true });
  });

  it('a folder just under My documents inherits nothing the root does not grant: DIRECT, compared with the root', async () => {
    expect(sources(await access('ONLYOFFICE', OO.myFolderId))).toEqual([
      [OO.aliceId, 'CONTRIBUTOR', 'OWNER', null, true],
      [OO.bobId, 'VIEWER', 'DIRECT', null, false],
    ]);
    expect(ooSent()).toContain(`GET /api/2.0/files/folder/${OO.myRootId}/share`);
  });

  it('a connected account inherits nothing from the folder it is mounted in: DIRECT, and no parent is read', async () => {
    oo().state.folders.get(OO.myRootId)!.shares.set(OO.carolId, 1);
    oo().state.folders.get(OO.thirdPartyFolderId)!.shares.set(OO.carolId, 1);
    const grants = await access('ONLYOFFICE', OO.thirdPartyFolderId);
    expect(grants.find((g) => g.principal.id === OO.carolId)).toMatchObject({ source: 'DIRECT', inheritedFrom: null, locked: false });
    expect(ooSent()).toEqual(['GET /api/2.0/files/folder/box-12', 'GET /api/2.0/files/folder/box-12/share']);
  });
});

describe('OCM: currentOnly=true against false', () => {
  it('reads both lists: OWNER for the owner, INHERITED for a grant only the full list shows, DIRECT for the rest', async () => {
    expect(sources(await access('OCM', O.subFolderId))).toEqual([
      [O.aliceId, 'MANAGER', 'OWNER', null, true],
      [O.daveId, 'VIEWER', 'DIRECT', null, false],
      [O.carolId, 'CONTRIBUTOR', 'INHERITED', null, true],
    ]);
    const reads = h.sims.ocm.sim.requests({ method: 'GET' }).filter((r) => r.query.currentOnly !== undefined);
    // Both lists at once, then the current-only list once more: a grant only the full list shows is inherited once a second read confirms it.
    expect(reads.map((r) => r.query.currentOnly).sort()).toEqual(['false', 'true', 'true']);
    expect(h.sims.ocm.sim.requests().every((r) => r.method === 'GET')).toBe(true);
  });

  it('a user the parent shares is INHERITED; a direct share below it is DIRECT', async () => {
    const grants = await access('OCM', O.salesReportsFolderId);
    const byId = new Map(grants.map((g) => [g.principal.id, g.source]));
    expect([byId.get(O.bobId), byId.get(O.daveId), byId.get(O.aliceId)]).toEqual(['INHERITED', 'DIRECT', 'OWNER']);
  });

  it('a share on the folder itself turns an inherited grant DIRECT (it now shows with currentOnly=true)', async () => {
    const shared = await h.gql(SHARE, { input: { backend: 'OCM', folderId: O.subFolderId, recipients: [{ id: O.carolId, role: 'MANAGER' }] } });
    expect(shared.data!.shareFolder.results).toEqual([{ recipientId: O.carolId, success: true, error: null }]);
    const grants = await access('OCM', O.subFolderId);
    expect(grants.find((g) => g.principal.id === O.carolId)).toMatchObject({ role: 'MANAGER', source: 'DIRECT', locked: false });
  });
});

describe('on both backends', () => {
  const folders: Array<['OCM' | 'ONLYOFFICE', string]> = [
    ['ONLYOFFICE', OO.myFolderId],
    ['ONLYOFFICE', OO.childFolderId],
    ['ONLYOFFICE', OO.grandchildFolderId],
    ['ONLYOFFICE', OO.commonFolderId],
    ['OCM', O.subFolderId],
    ['OCM', O.salesReportsFolderId],
    ['OCM', O.projectFolderId],
  ];

  it.each(folders)('%s %s: the owner is OWNER and only the owner; INHERITED and OWNER are locked; only INHERITED names a folder', async (backend, folderId) => {
    const grants = await access(backend, folderId);
    expect(grants.filter((g) => g.source === 'OWNER').map((g) => g.principal.id)).toEqual(grants.filter((g) => g.isOwner).map((g) => g.principal.id));
    expect(grants.filter((g) => g.source !== 'DIRECT' && !g.locked)).toEqual([]);
    expect(grants.filter((g) => g.source !== 'INHERITED' && g.inheritedFrom !== null)).toEqual([]);
  });
});
