/**
 * Demo data for the OCM simulator. The README, the GraphiQL examples and the
 * gateway tests use these ids and tokens. Ids follow the documented forms:
 * users `U` + 23 hex + `T` + 11 digits, folders `F` + 23 hex + `T` + 19 digits,
 * groups `GS` + digits (the Documents API 1.2 role example shares with
 * `GS18003`, "Sales Group":
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-role-put.html).
 */
export type OcmRole = 'viewer' | 'downloader' | 'contributor' | 'manager';

export interface OcmSeedUser {
  id: string;
  displayName: string;
  loginName: string;
  email: string;
  /** Accepted as `Basic base64(loginName:password)`. */
  password: string;
  /** Accepted as `Bearer <token>`. */
  tokens: string[];
  /** The folder `self` stands for when this user calls. */
  homeFolderId: string;
}

/**
 * A group, as Documents API 1.2 takes it in `userID` ("GUID for the group").
 * Its members hold whatever is shared with the group.
 */
export interface OcmSeedGroup {
  id: string;
  displayName: string;
  memberIds: string[];
}

export interface OcmSeedFolder {
  id: string;
  name: string;
  /** Collections hold assets; v1.1 shares them through the same endpoints. @default 'folder' */
  kind?: 'folder' | 'collection';
  ownerId: string;
  /** Null for a home folder or a collection. */
  parentId: string | null;
  /** Direct shares of this folder (not those inherited from parents); `userId` is a user's or a group's id. */
  members: Array<{ userId: string; role: OcmRole }>;
}

export interface OcmSeed {
  users: OcmSeedUser[];
  /** @default [] */
  groups?: OcmSeedGroup[];
  folders: OcmSeedFolder[];
}

export const OCM_DEMO = {
  /** Alice's bearer token; Basic alice:alice works too. */
  token: 'demo-ocm-token',
  bobToken: 'demo-ocm-token-bob',
  carolToken: 'demo-ocm-token-carol',
  daveToken: 'demo-ocm-token-dave',
  /** `Authorization` header values for Alice. */
  bearer: 'Bearer demo-ocm-token',
  basic: `Basic ${Buffer.from('alice:alice').toString('base64')}`,
  aliceId: 'UA11CE0D4C3B2A1F0E9D8C7BT00000000001',
  bobId: 'UB0B0D4C3B2A1F0E9D8C7B6AT00000000002',
  carolId: 'UCA7010D4C3B2A1F0E9D8C7BT00000000003',
  daveId: 'UDA7E00D4C3B2A1F0E9D8C7BT00000000004',
  aliceHomeId: 'FA11CE000000000000000000T0000000000100000001',
  bobHomeId: 'FB0B00000000000000000000T0000000000100000002',
  carolHomeId: 'FCA701000000000000000000T0000000000100000003',
  daveHomeId: 'FDA7E0000000000000000000T0000000000100000004',
  /** Alice's; Carol is a contributor here, so she inherits access to the subfolder. */
  projectFolderId: 'F9A0E1C7F01DE4C0FA7B3C21T0000000000100000011',
  /** Inside the project folder; Dave is a direct viewer, Carol's access is inherited. */
  subFolderId: 'F5B0F01DE4C0FA7B3C219A0ET0000000000100000012',
  /** Bob's; Alice is only a viewer, so her shares fail with 403 (errorCode -20). */
  bobsFolderId: 'FB0B5F01DE4C0FA7B3C219A0T0000000000100000021',
  /** Carol's; Alice is a manager, so she may share it although she does not own it. */
  carolsFolderId: 'FCA70F01DE4C0FA7B3C219A0T0000000000100000031',
  /** A collection owned by Alice. */
  collectionId: 'FC011EC7100E4C0FA7B3C219T0000000000100000041',
  /** Carol and Dave; contributor on the sales folder. */
  salesGroupId: 'GS18003',
  /** Bob; shared nowhere, a group recipient for tests. */
  fieldTeamGroupId: 'GS18004',
  /** Alice's; the Sales Group is a contributor and Bob a viewer here, both inherited by the reports folder. */
  salesFolderId: 'F5A1E5F01DE4C0FA7B3C219AT0000000000100000051',
  /** Inside the sales folder; Dave is a direct downloader (and a contributor through the Sales Group above). */
  salesReportsFolderId: 'F5A1E5BE9087C0FA7B3C219AT0000000000100000052',
} as const;

const D = OCM_DEMO;

export const DEMO_OCM_SEED: OcmSeed = {
  users: [
    { id: D.aliceId, displayName: 'Alice Adams', loginName: 'alice', email: 'alice@example.com', password: 'alice', tokens: [D.token], homeFolderId: D.aliceHomeId },
    { id: D.bobId, displayName: 'Bob Brown', loginName: 'bob', email: 'bob@example.com', password: 'bob', tokens: [D.bobToken], homeFolderId: D.bobHomeId },
    { id: D.carolId, displayName: 'Carol Clark', loginName: 'carol', email: 'carol@example.com', password: 'carol', tokens: [D.carolToken], homeFolderId: D.carolHomeId },
    { id: D.daveId, displayName: 'Dave Davis', loginName: 'dave', email: 'dave@example.com', password: 'dave', tokens: [D.daveToken], homeFolderId: D.daveHomeId },
  ],
  groups: [
    { id: D.salesGroupId, displayName: 'Sales Group', memberIds: [D.carolId, D.daveId] },
    { id: D.fieldTeamGroupId, displayName: 'Field Team', memberIds: [D.bobId] },
  ],
  folders: [
    { id: D.aliceHomeId, name: 'Home', ownerId: D.aliceId, parentId: null, members: [] },
    { id: D.bobHomeId, name: 'Home', ownerId: D.bobId, parentId: null, members: [] },
    { id: D.carolHomeId, name: 'Home', ownerId: D.carolId, parentId: null, members: [] },
    { id: D.daveHomeId, name: 'Home', ownerId: D.daveId, parentId: null, members: [] },
    { id: D.projectFolderId, name: 'Project Apollo', ownerId: D.aliceId, parentId: D.aliceHomeId, members: [{ userId: D.carolId, role: 'contributor' }] },
    { id: D.subFolderId, name: 'Drafts', ownerId: D.aliceId, parentId: D.projectFolderId, members: [{ userId: D.daveId, role: 'viewer' }] },
    { id: D.bobsFolderId, name: "Bob's reports", ownerId: D.bobId, parentId: D.bobHomeId, members: [{ userId: D.aliceId, role: 'viewer' }] },
    { id: D.carolsFolderId, name: 'Team space', ownerId: D.carolId, parentId: D.carolHomeId, members: [{ userId: D.aliceId, role: 'manager' }] },
    { id: D.collectionId, name: 'Brand assets', kind: 'collection', ownerId: D.aliceId, parentId: null, members: [] },
    {
      id: D.salesFolderId,
      name: 'Sales',
      ownerId: D.aliceId,
      parentId: D.aliceHomeId,
      members: [
        { userId: D.salesGroupId, role: 'contributor' },
        { userId: D.bobId, role: 'viewer' },
      ],
    },
    { id: D.salesReportsFolderId, name: 'Quarterly reports', ownerId: D.aliceId, parentId: D.salesFolderId, members: [{ userId: D.daveId, role: 'downloader' }] },
  ],
};
