/**
 * ONLYOFFICE folders as Community Server has them, end to end over real
 * HTTP against the simulator: grants inherited from parent folders (listed
 * with no flag, the nearest level winning), a revoke that deletes only the
 * folder's own rows (and the subject's rows below it), and guests shown at
 * most Read. Calls and "nothing sent" are read from the simulator's log,
 * and what the backend now holds from its state.
 *
 * The demo tree: Project Phoenix (1001) gives bob Read; Phoenix designs
 * (1004) below it gives carol ReadWrite, Design Review and the guest victor
 * ReadWrite (shown Read); Phoenix drafts (1005) below that gives bob
 * ReadWrite and carol Comment; Budget.xlsx (2001) in 1004 gives bob Comment.
 */
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';

const ACCESS = `query($folderId: ID!) {
  folderAccess(backend: ONLYOFFICE, folderId: $folderId) {
    grants { principal { id displayName kind } role locked isOwner }
  }
}`;

const SHARE = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) { results { recipientId role success change error { code message backend } } }
}`;

const REVOKE = `mutation($input: RevokeFolderSharesInput!) {
  revokeFolderShares(input: $input) { results { recipientId role success change error { code message backend } } }
}`;

const SHARE_WITH_RECIPIENT = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) { results { recipientId success change error { code message } recipient { id displayName kind } } }
}`;

const SHARE_ROUTE = '/api/2.0/files/folder/:folderId/share';
const FOLDER_ROUTE = '/api/2.0/files/folder/:folderId';
const PEOPLE_ROUTE = '/api/2.0/people/:id';
const GUEST_MESSAGE = /less than asked/;

interface Grant {
  principal: { id: string; displayName: string | null; kind: string | null };
  role: string;
  locked: boolean;
  isOwner: boolean;
}
interface Result {
  recipientId: string;
  role: string;
  success: boolean;
  change: string | null;
  error: { code: string; message: string; backend: string } | null;
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const sim = () => h.sims.onlyoffice.sim;
const state = () => h.sims.onlyoffice.state;
const puts = () => sim().requests({ method: 'PUT' });
const putBody = (i = 0) => (JSON.parse(puts()[i]!.body) as { share: unknown[] }).share;
/** The requests sent, as `METHOD path`, sorted: the folder's list and its info go out together, in either order. */
const sent = () =>
  sim()
    .requests()
    .map((r) => `${r.method} ${r.path}`)
    .sort();
/** A subject's own row on a folder, as the backend stores it. */
const ownRow = (folderId: string, subjectId: string) => state().folders.get(folderId)!.shares.get(subjectId);

async function access(folderId: string): Promise<Grant[]> {
  const res = await h.gql(ACCESS, { folderId });
  expect(res.errors).toBeUndefined();
  return res.data!.folderAccess.grants;
}

async function run(doc: string, input: Record<string, unknown>): Promise<Result[]> {
  const res = await h.gql(doc, { input: { backend: 'ONLYOFFICE', ...input } });
  expect(res.errors).toBeUndefined();
  return (res.data!.shareFolder ?? res.data!.revokeFolderShares).results;
}

const grantOf = (grants: Grant[], id: string) => grants.find((g) => g.principal.id.toLowerCase() === id.toLowerCase());
const outcome = (r: Result) => [r.recipientId, r.success, r.change, r.error?.code ?? null];

describe('folderAccess: inherited grants are locked', () => {
  it("marks what the parent grants locked, from the folder's list, its info and the parent's list", async () => {
    const grants = await access(OO.childFolderId);
    expect(grants.map((g) => [g.principal.id, g.role, g.locked, g.isOwner])).toEqual([
      [OO.aliceId, 'CONTRIBUTOR', true, true],
      [OO.bobId, 'VIEWER', true, false], // from Project Phoenix
      [OO.carolId, 'CONTRIBUTOR', false, false],
      [OO.designGroupId, 'REVIEWER', false, false],
      [OO.visitorId, 'VIEWER', false, false], // the guest's own ReadWrite, shown as Read
    ]);
    expect(sent()).toEqual(['GET /api/2.0/files/folder/1001/share', 'GET /api/2.0/files/folder/1004', 'GET /api/2.0/files/folder/1004/share']);
  });

  it("locks a folder's own row over a parent's grant too: a revoke here would leave the parent's access", async () => {
    const grants = await access(OO.grandchildFolderId);
    expect(grants.filter((g) => !g.isOwner).map((g) => [g.principal.id, g.role, g.locked])).toEqual([
      [OO.bobId, 'CONTRIBUTOR', true],
      [OO.carolId, 'COMMENTER', true],
      [OO.designGroupId, 'REVIEWER', true],
      [OO.visitorId, 'VIEWER', true],
    ]);
  });

  it('locks nothing on a connected account mounted in My documents, which inherits nothing (two calls)', async () => {
    state().folders.get('box-12')!.shares.set(OO.carolId, 2);
    state().folders.get(OO.myRootId)!.shares.set(OO.carolId, 1);
    const grants = await access(OO.thirdPartyFolderId);
    expect(grantOf(grants, OO.carolId)).toMatchObject({ role: 'VIEWER', locked: false });
    expect(sent()).toEqual(['GET /api/2.0/files/folder/box-12', 'GET /api/2.0/files/folder/box-12/share']);
  });
});

describe('revoking an inherited grant', () => {
  it('refuses the subject the parent grants with ACCESS_INHERITED and sends only the rest, in one PUT', async () => {
    const results = await run(REVOKE, { folderId: OO.childFolderId, recipientIds: [OO.bobId, OO.designGroupId] });
    expect(results.map(outcome)).toEqual([
      [OO.bobId, false, null, 'ACCESS_INHERITED'],
      [OO.designGroupId, true, 'REVOKED', null],
    ]);
    expect(results[0]!.error).toMatchObject({ backend: 'ONLYOFFICE', message: expect.stringMatching(/parent folder/) });
    expect(puts()).toHaveLength(1);
    expect(putBody()).toEqual([{ ShareTo: OO.designGroupId, Access: 0 }]);
    expect(sim().requests({ method: 'GET' })).toHaveLength(3);
    // bob keeps Read from Project Phoenix; Design is gone here and, as the README says, below too.
    const after = await access(OO.childFolderId);
    expect(grantOf(after, OO.bobId)).toMatchObject({ role: 'VIEWER', locked: true });
    expect(grantOf(after, OO.designGroupId)).toBeUndefined();
    expect(grantOf(await access(OO.grandchildFolderId), OO.designGroupId)).toBeUndefined();
  });

  it('sends nothing for it, so the overrides below the folder stay (None would delete every row of the subject below)', async () => {
    const results = await run(REVOKE, { folderId: OO.childFolderId, recipientIds: [OO.bobId] });
    expect(results.map(outcome)).toEqual([[OO.bobId, false, null, 'ACCESS_INHERITED']]);
    expect(puts()).toHaveLength(0);
    expect(ownRow(OO.grandchildFolderId, OO.bobId)).toBe(1);
    expect(state().files.get(OO.fileId)!.shares.get(OO.bobId)).toBe(6);
  });

  it("refuses a folder's own override of a parent's grant as well, and keeps that override", async () => {
    const results = await run(REVOKE, { folderId: OO.grandchildFolderId, recipientIds: [OO.carolId, OO.bobId] });
    expect(results.map((r) => r.error?.code)).toEqual(['ACCESS_INHERITED', 'ACCESS_INHERITED']);
    expect(puts()).toHaveLength(0);
    expect([ownRow(OO.grandchildFolderId, OO.carolId), ownRow(OO.grandchildFolderId, OO.bobId)]).toEqual([6, 1]);
  });

  it('shareFolder with NONE refuses it the same way and shares the rest', async () => {
    const results = await run(SHARE, {
      folderId: OO.childFolderId,
      recipients: [
        { id: OO.bobId, role: 'NONE' },
        { id: OO.carolId, role: 'VIEWER' },
      ],
    });
    expect(results.map(outcome)).toEqual([
      [OO.bobId, false, null, 'ACCESS_INHERITED'],
      [OO.carolId, true, null, null],
    ]);
    expect(putBody()).toEqual([{ ShareTo: OO.carolId, Access: 2 }]);
    expect(ownRow(OO.grandchildFolderId, OO.bobId)).toBe(1);
  });

  it("a share at another role on it works: the folder's own row wins, lower (DENIED cuts it here) or higher", async () => {
    const results = await run(SHARE, {
      folderId: OO.grandchildFolderId,
      recipients: [
        { id: OO.bobId, role: 'DENIED' },
        { id: OO.designGroupId, role: 'CONTRIBUTOR' },
      ],
    });
    expect(results.map(outcome)).toEqual([
      [OO.bobId, true, null, null],
      [OO.designGroupId, true, null, null],
    ]);
    // A share with no NONE needs no read before it: the PUT alone.
    expect(sent()).toEqual(['PUT /api/2.0/files/folder/1005/share']);
    const after = await access(OO.grandchildFolderId);
    expect([grantOf(after, OO.bobId), grantOf(after, OO.designGroupId)].map((g) => [g!.role, g!.locked])).toEqual([
      ['DENIED', true],
      ['CONTRIBUTOR', true],
    ]);
  });

  it("judges the PUT's answer: a subject still listed when the parent's list was refused (403) is ACCESS_INHERITED", async () => {
    const forbidden = JSON.stringify({ count: 0, status: 1, statusCode: 403, error: { message: 'no', hresult: -2146233079 } });
    sim().inject({ kind: 'respond', status: 403, method: 'GET', path: '/api/2.0/files/folder/1001/share', body: forbidden });
    expect(grantOf(await access(OO.childFolderId), OO.bobId)).toMatchObject({ locked: false });
    sim().inject({ kind: 'respond', status: 403, method: 'GET', path: '/api/2.0/files/folder/1001/share', body: forbidden });
    const results = await run(REVOKE, { folderId: OO.childFolderId, recipientIds: [OO.bobId] });
    expect(results.map(outcome)).toEqual([[OO.bobId, false, null, 'ACCESS_INHERITED']]);
    // Not knowing the parent, the gateway sent it; the server kept the parent's Read.
    expect(putBody()).toEqual([{ ShareTo: OO.bobId, Access: 0 }]);
  });

  it("counts a parent's deny left behind as no access: REVOKED, and a second revoke is UNCHANGED with nothing sent", async () => {
    state().folders.get(OO.myFolderId)!.shares.set(OO.bobId, 3);
    state().folders.get(OO.childFolderId)!.shares.set(OO.bobId, 1);
    expect(grantOf(await access(OO.childFolderId), OO.bobId)).toMatchObject({ role: 'CONTRIBUTOR', locked: false });
    const first = await run(REVOKE, { folderId: OO.childFolderId, recipientIds: [OO.bobId] });
    expect(first.map(outcome)).toEqual([[OO.bobId, true, 'REVOKED', null]]);
    expect(grantOf(await access(OO.childFolderId), OO.bobId)).toMatchObject({ role: 'DENIED' });
    sim().clearLog();
    const again = await run(REVOKE, { folderId: OO.childFolderId, recipientIds: [OO.bobId] });
    expect(again.map(outcome)).toEqual([[OO.bobId, true, 'UNCHANGED', null]]);
    expect(puts()).toHaveLength(0);
  });
});

describe('dry runs predict it, and send only reads', () => {
  it('revokeFolderShares: WOULD_FAIL with ACCESS_INHERITED for the inherited subject, REVOKED for the rest', async () => {
    const results = await run(REVOKE, { folderId: OO.childFolderId, dryRun: true, recipientIds: [OO.bobId, OO.carolId, OO.aliceId] });
    expect(results.map(outcome)).toEqual([
      [OO.bobId, false, 'WOULD_FAIL', 'ACCESS_INHERITED'],
      [OO.carolId, true, 'REVOKED', null],
      [OO.aliceId, false, 'WOULD_FAIL', 'FORBIDDEN'],
    ]);
    expect(sent()).toEqual(['GET /api/2.0/files/folder/1001/share', 'GET /api/2.0/files/folder/1004', 'GET /api/2.0/files/folder/1004/share']);
    expect(ownRow(OO.childFolderId, OO.carolId)).toBe(1);
  });

  it('shareFolder: NONE on an inherited subject would fail; any other role on it changes its access', async () => {
    const results = await run(SHARE, {
      folderId: OO.grandchildFolderId,
      dryRun: true,
      recipients: [
        { id: OO.designGroupId, role: 'NONE' },
        { id: OO.bobId, role: 'VIEWER' },
        { id: OO.carolId, role: 'CONTRIBUTOR' },
        { id: OO.visitorId, role: 'DENIED' },
      ],
    });
    expect(results.map(outcome)).toEqual([
      [OO.designGroupId, false, 'WOULD_FAIL', 'ACCESS_INHERITED'],
      [OO.bobId, true, 'DOWNGRADED', null],
      [OO.carolId, true, 'UPGRADED', null],
      [OO.visitorId, true, 'DOWNGRADED', null],
    ]);
    expect(
      sim()
        .requests()
        .every((r) => r.method === 'GET'),
    ).toBe(true);
  });
});

describe('guests: ONLYOFFICE grants them at most Read', () => {
  it('a share asking more fails for the guest, saying the backend granted less; the answer and the read-back show Read', async () => {
    const results = await run(SHARE, {
      folderId: OO.myFolderId,
      recipients: [
        { id: OO.visitorId, role: 'CONTRIBUTOR' },
        { id: OO.carolId, role: 'CONTRIBUTOR' },
      ],
    });
    expect(results.map(outcome)).toEqual([
      [OO.visitorId, false, null, 'FORBIDDEN'],
      [OO.carolId, true, null, null],
    ]);
    expect(results[0]!.error!.message).toMatch(GUEST_MESSAGE);
    expect(puts()).toHaveLength(1);
    expect(grantOf(await access(OO.myFolderId), OO.visitorId)).toMatchObject({ role: 'VIEWER' });
    // What the cap leaves as asked (Read, DENIED) works for the guest.
    const viewer = await run(SHARE, { folderId: OO.myFolderId, recipients: [{ id: OO.visitorId, role: 'VIEWER' }] });
    const denied = await run(SHARE, { folderId: OO.childFolderId, recipients: [{ id: OO.visitorId, role: 'DENIED' }] });
    expect([...viewer, ...denied].map(outcome)).toEqual([
      [OO.visitorId, true, null, null],
      [OO.visitorId, true, null, null],
    ]);
  });

  it('a dry run predicts it: one people GET for a guest not listed yet (which the recipient field reuses), none for a listed one', async () => {
    const res = await h.gql(SHARE_WITH_RECIPIENT, {
      input: {
        backend: 'ONLYOFFICE',
        folderId: OO.myFolderId,
        dryRun: true,
        recipients: [
          { id: OO.visitorId, role: 'REVIEWER' },
          { id: OO.carolId, role: 'CONTRIBUTOR' },
        ],
      },
    });
    expect(res.errors).toBeUndefined();
    const results = res.data!.shareFolder.results as Array<Result & { recipient: { id: string } | null }>;
    expect(results.map((r) => [r.success, r.change, r.error?.code ?? null, r.recipient?.id ?? null])).toEqual([
      [false, 'WOULD_FAIL', 'FORBIDDEN', OO.visitorId],
      [true, 'GRANTED', null, OO.carolId],
    ]);
    expect(results[0]!.error!.message).toMatch(GUEST_MESSAGE);
    expect(
      sim()
        .requests({ route: PEOPLE_ROUTE })
        .map((r) => r.path)
        .sort(),
    ).toEqual([`/api/2.0/people/${OO.carolId}`, `/api/2.0/people/${OO.visitorId}`].sort());
    expect(puts()).toHaveLength(0);

    const viewer = await run(SHARE, { folderId: OO.myFolderId, dryRun: true, recipients: [{ id: OO.visitorId, role: 'VIEWER' }] });
    expect(viewer.map(outcome)).toEqual([[OO.visitorId, true, 'GRANTED', null]]);

    sim().clearLog();
    const listed = await run(SHARE, { folderId: OO.childFolderId, dryRun: true, recipients: [{ id: OO.visitorId, role: 'COMMENTER' }] });
    expect(listed.map(outcome)).toEqual([[OO.visitorId, false, 'WOULD_FAIL', 'FORBIDDEN']]);
    expect(listed[0]!.error!.message).toMatch(GUEST_MESSAGE);
    expect(
      sim()
        .requests()
        .map((r) => r.route)
        .sort(),
    ).toEqual([FOLDER_ROUTE, SHARE_ROUTE, SHARE_ROUTE]);
  });
});
