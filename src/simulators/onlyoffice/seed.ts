/**
 * The demo portal: alice (portal owner and admin) with a folder already
 * shared with bob, a Common folder, a third-party (Box) folder, and a folder
 * of bob's that alice may not share. Below alice's shared folder sit a
 * subfolder and a sub-subfolder that inherit its grants and add their own,
 * with a guest among the recipients, and a file in the subfolder: the cases
 * of inherited grants (SecurityDao: nearest level wins), the guest shown at
 * Read (FileSharing.GetSharedInfo) and the cascading revoke (SecurityDao.SetShare).
 * Ids are fixed so that docs, tests and the demo script can name them.
 */
import type { OnlyofficeSeed } from './state';

export const ONLYOFFICE_DEMO = {
  /** alice's token; also accepted as `Bearer …` and as the asc_auth_key cookie. */
  token: 'demo-onlyoffice-token',
  /** `Authorization: Basic` for alice (user name or email, password `alice`). */
  basic: `Basic ${Buffer.from('alice:alice').toString('base64')}`,
  bobToken: 'demo-onlyoffice-token-bob',
  carolToken: 'demo-onlyoffice-token-carol',
  visitorToken: 'demo-onlyoffice-token-visitor',
  aliceId: '3f2c5b1e-7a4d-4c1b-9e2f-a11ce0000001',
  bobId: '3f2c5b1e-7a4d-4c1b-9e2f-b0b000000002',
  carolId: '3f2c5b1e-7a4d-4c1b-9e2f-ca7010000003',
  visitorId: '3f2c5b1e-7a4d-4c1b-9e2f-715170000004',
  designGroupId: '9d3e6f20-1b2c-4d5e-8f90-de5160000001',
  /** Groups with no members, for the picker's examples (GET group, matched on name by the gateway). */
  designReviewGroupId: '9d3e6f20-1b2c-4d5e-8f90-de5160000002',
  marketingGroupId: '9d3e6f20-1b2c-4d5e-8f90-de5160000003',
  everyoneGroupId: 'c5cc67d1-c3e8-43c0-a3ad-3928ae3e5b5e',
  adminGroupId: 'cd84e66b-b803-40fc-99f9-b2969a54a1de',
  /** In alice's My documents, shared with bob as Read (2). */
  myFolderId: '1001',
  /** In Common documents; only admins (alice) may share it. */
  commonFolderId: '1002',
  /** In bob's My documents: alice gets 403. */
  otherUsersFolderId: '1003',
  /** A Box folder connected to alice's My documents: it inherits nothing from there (ProviderSecurityDao). */
  thirdPartyFolderId: 'box-12',
  /** Root folders: Common documents, alice's and bob's My documents (their parentId is 0). */
  commonRootId: '1',
  myRootId: '101',
  bobRootId: '102',
  /** "Shared with me": the parentId a folder shows when its parent is out of the caller's sight. */
  shareRootId: '3',
  /**
   * In Project Phoenix (1001): inherits bob (Read) from it; its own rows
   * give carol ReadWrite, the Design group Review and the guest victor
   * ReadWrite, which the list shows as Read.
   */
  childFolderId: '1004',
  /**
   * In 1004: inherits carol, Design and victor from it and bob from 1001;
   * its own rows give bob ReadWrite (over the Read from 1001) and carol
   * Comment (over the ReadWrite from 1004).
   */
  grandchildFolderId: '1005',
  /** In 1004: its own row gives bob Comment; the rest comes from 1004 and 1001. */
  fileId: '2001',
} as const;

const D = ONLYOFFICE_DEMO;

export const DEMO_ONLYOFFICE_SEED: OnlyofficeSeed = {
  users: [
    { id: D.aliceId, userName: 'alice', firstName: 'Alice', lastName: 'Adams', email: 'alice@example.com', password: 'alice', tokens: [D.token], isAdmin: true, isOwner: true },
    { id: D.bobId, userName: 'bob', firstName: 'Bob', lastName: 'Brown', email: 'bob@example.com', password: 'bob', tokens: [D.bobToken] },
    { id: D.carolId, userName: 'carol', firstName: 'Carol', lastName: 'Chen', email: 'carol@example.com', password: 'carol', tokens: [D.carolToken] },
    { id: D.visitorId, userName: 'victor', firstName: 'Victor', lastName: 'Visitor', email: 'victor@example.com', password: 'victor', tokens: [D.visitorToken], isVisitor: true },
  ],
  groups: [
    { id: D.designGroupId, name: 'Design', managerId: D.carolId, memberIds: [D.bobId, D.carolId] },
    { id: D.designReviewGroupId, name: 'Design Review Board' },
    { id: D.marketingGroupId, name: 'Marketing' },
  ],
  folders: [
    { id: 1, title: 'Common documents', ownerId: D.aliceId, rootType: 'COMMON' },
    { id: 101, title: 'My documents', ownerId: D.aliceId, rootType: 'USER' },
    { id: 102, title: 'My documents', ownerId: D.bobId, rootType: 'USER' },
    { id: 1001, title: 'Project Phoenix', parentId: 101, shares: [{ subjectId: D.bobId, access: 2 }] },
    { id: 1002, title: 'Company handbook', parentId: 1 },
    { id: 1003, title: "Bob's notes", parentId: 102 },
    { id: 'box-12', title: 'Contracts (Box)', parentId: 101 },
    {
      id: 1004,
      title: 'Phoenix designs',
      parentId: 1001,
      shares: [
        { subjectId: D.carolId, access: 1 },
        { subjectId: D.designGroupId, access: 5 },
        { subjectId: D.visitorId, access: 1 },
      ],
    },
    {
      id: 1005,
      title: 'Phoenix drafts',
      parentId: 1004,
      shares: [
        { subjectId: D.bobId, access: 1 },
        { subjectId: D.carolId, access: 6 },
      ],
    },
  ],
  files: [{ id: 2001, title: 'Budget.xlsx', folderId: 1004, shares: [{ subjectId: D.bobId, access: 6 }] }],
  shareRootFolderId: 3,
};
