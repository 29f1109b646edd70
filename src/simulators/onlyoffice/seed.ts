/**
 * The demo portal: alice (portal owner and admin) with a folder already
 * shared with bob, a Common folder, a third-party (Box) folder, and a folder
 * of bob's that alice may not share. Ids are fixed so that docs, tests and
 * the demo script can name them.
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
  everyoneGroupId: 'c5cc67d1-c3e8-43c0-a3ad-3928ae3e5b5e',
  adminGroupId: 'cd84e66b-b803-40fc-99f9-b2969a54a1de',
  /** In alice's My documents, shared with bob as Read (2). */
  myFolderId: '1001',
  /** In Common documents; only admins (alice) may share it. */
  commonFolderId: '1002',
  /** In bob's My documents: alice gets 403. */
  otherUsersFolderId: '1003',
  /** A Box folder connected to alice's My documents. */
  thirdPartyFolderId: 'box-12',
} as const;

const D = ONLYOFFICE_DEMO;

export const DEMO_ONLYOFFICE_SEED: OnlyofficeSeed = {
  users: [
    { id: D.aliceId, userName: 'alice', firstName: 'Alice', lastName: 'Adams', email: 'alice@example.com', password: 'alice', tokens: [D.token], isAdmin: true, isOwner: true },
    { id: D.bobId, userName: 'bob', firstName: 'Bob', lastName: 'Brown', email: 'bob@example.com', password: 'bob', tokens: [D.bobToken] },
    { id: D.carolId, userName: 'carol', firstName: 'Carol', lastName: 'Chen', email: 'carol@example.com', password: 'carol', tokens: [D.carolToken] },
    { id: D.visitorId, userName: 'victor', firstName: 'Victor', lastName: 'Visitor', email: 'victor@example.com', password: 'victor', tokens: [D.visitorToken], isVisitor: true },
  ],
  groups: [{ id: D.designGroupId, name: 'Design', managerId: D.carolId, memberIds: [D.bobId, D.carolId] }],
  folders: [
    { id: 1001, title: 'Project Phoenix', ownerId: D.aliceId, rootType: 'USER', shares: [{ subjectId: D.bobId, access: 2 }] },
    { id: 1002, title: 'Company handbook', ownerId: D.aliceId, rootType: 'COMMON' },
    { id: 1003, title: "Bob's notes", ownerId: D.bobId, rootType: 'USER' },
    { id: 'box-12', title: 'Contracts (Box)', ownerId: D.aliceId, rootType: 'USER' },
  ],
};
