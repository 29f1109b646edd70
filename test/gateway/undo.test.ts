/**
 * undoOperation over real HTTP against the simulators, on the embedded
 * SQLite ledger and on PostgreSQL: a dry run says what would change and
 * writes nothing; an undo puts each change back with the caller's own
 * credential, leaves a target that changed since alone (CONFLICT), is
 * recorded itself and can be undone in turn; only the caller that made the
 * operation, or the operator token, may undo it.
 */
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';
import { DEMO_HEADERS, firstCode, startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import type { StoreLocation } from '../ledger/engines';
import { ADMIN_TOKEN, BOB_HEADERS, REVOKE, SHARE_FOLDER, SHARE_ITEM, UNDO, ledgerEngines, operationById, upstreamWrites } from '../ledger/gateway-kit';

const ENGINES = ledgerEngines('the undo suite');
const OPERATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(ENGINES)('undoOperation on the $name ledger', (engine) => {
  let location: StoreLocation;
  let h: Harness;

  beforeAll(async () => {
    location = await engine.fresh();
    h = await startHarness({ ledger: location.env, env: { ADMIN_TOKEN } });
  });
  afterAll(async () => {
    await h?.close();
    await location?.dispose();
  });
  beforeEach(() => h.reset());

  const undo = async (id: string, dryRun?: boolean, headers: Record<string, string> = DEMO_HEADERS) => {
    const res = await h.gql(UNDO, { id, dryRun }, headers);
    expect(res.errors).toBeUndefined();
    return res.data!.undoOperation;
  };
  const item = (id: string) => h.sims.arcgis.state.items.get(id)!;
  /** Forgets the requests made so far, keeping the backends' state. */
  const clearLogs = () => [h.sims.arcgis.sim, h.sims.ocm.sim, h.sims.onlyoffice.sim].forEach((sim) => sim.clearLog());

  it('ArcGIS: previews, then puts the groups and the level back, records itself, and can itself be undone', async () => {
    const shared = await h.gql(SHARE_ITEM, { input: { itemId: A.parksMap, groups: [A.publicGroup], everyone: true } });
    const id = shared.data!.shareItem.operationId!;
    expect(item(A.parksMap)).toMatchObject({ everyone: true, groups: new Set([A.publicGroup]) });
    clearLogs();

    const preview = await undo(id, true);
    expect(preview).toEqual({
      operationId: id,
      undoOperationId: null,
      results: [
        { targetId: A.parksMap, principalId: A.publicGroup, success: true, change: 'REVOKED', error: null },
        { targetId: A.parksMap, principalId: 'everyone', success: true, change: 'REVOKED', error: null },
      ],
    });
    expect(upstreamWrites(h)).toBe(0);
    expect(item(A.parksMap)).toMatchObject({ everyone: true, groups: new Set([A.publicGroup]) });

    const done = await undo(id);
    expect(done.results).toEqual(preview.results);
    expect(done.undoOperationId).toMatch(OPERATION_ID);
    expect(item(A.parksMap)).toMatchObject({ everyone: false, org: false, groups: new Set() });
    const recorded = await operationById(h, done.undoOperationId!);
    expect(recorded).toMatchObject({ backend: 'ARCGIS', mutation: 'undoOperation', caller: A.alice });
    expect(recorded.changes.map((c) => [c.principalId, c.before, c.after, c.change, c.success])).toEqual([
      [A.publicGroup, 'SHARED', null, 'REVOKED', true],
      ['everyone', 'PUBLIC', 'PRIVATE', 'REVOKED', true],
    ]);

    const redone = await undo(done.undoOperationId!);
    expect(redone.results.map((r) => [r.principalId, r.success, r.change])).toEqual([
      [A.publicGroup, true, 'GRANTED'],
      ['everyone', true, 'GRANTED'],
    ]);
    expect(item(A.parksMap)).toMatchObject({ everyone: true, groups: new Set([A.publicGroup]) });
  });

  it('OCM: a recipient changed since is left alone with CONFLICT and nothing is sent for it; the others are put back', async () => {
    const shared = await h.gql(SHARE_FOLDER, {
      input: {
        backend: 'OCM',
        folderId: O.projectFolderId,
        recipients: [
          { id: O.bobId, role: 'VIEWER' },
          { id: O.daveId, role: 'VIEWER' },
        ],
      },
    });
    const id = shared.data!.shareFolder.operationId!;
    await h.gql(SHARE_FOLDER, { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'MANAGER' }] } });
    clearLogs();

    const preview = await undo(id, true);
    expect(preview.results.map((r) => [r.principalId, r.success, r.change, r.error?.code ?? null])).toEqual([
      [O.bobId, false, null, 'CONFLICT'],
      [O.daveId, true, 'REVOKED', null],
    ]);
    expect(upstreamWrites(h)).toBe(0);

    const done = await undo(id);
    expect(done.results).toEqual(preview.results);
    const members = h.sims.ocm.state.folders.get(O.projectFolderId)!.members;
    expect(members.get(O.bobId)).toBe('manager');
    expect(members.has(O.daveId)).toBe(false);
    const writes = h.sims.ocm.sim.requests().filter((r) => r.method !== 'GET');
    expect(writes).toHaveLength(1);
    expect(writes[0]!.method).toBe('DELETE');
    expect(writes[0]!.url).toContain(O.daveId);
    expect(writes[0]!.url).not.toContain(O.bobId);
    const recorded = await operationById(h, done.undoOperationId!);
    expect(recorded.changes.map((c) => [c.principalId, c.success, c.errorCode])).toEqual([
      [O.bobId, false, 'CONFLICT'],
      [O.daveId, true, null],
    ]);
  });

  it('ONLYOFFICE: a revoke undone gives the recipient its role back', async () => {
    const revoked = await h.gql(REVOKE, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipientIds: [OO.bobId] } });
    expect(h.sims.onlyoffice.state.folders.get(OO.myFolderId)!.shares.has(OO.bobId)).toBe(false);
    const done = await undo(revoked.data!.revokeFolderShares.operationId!);
    expect(done.results).toEqual([{ targetId: OO.myFolderId, principalId: OO.bobId, success: true, change: 'GRANTED', error: null }]);
    expect(h.sims.onlyoffice.state.folders.get(OO.myFolderId)!.shares.get(OO.bobId)).toBe(2);
  });

  it('ONLYOFFICE file: the change is recorded on the FILE, and its undo goes back through files/file/{id}/share', async () => {
    const bobOnFile = () => h.sims.onlyoffice.state.files.get(OO.fileId)!.shares.get(OO.bobId);
    const before = bobOnFile();
    const shared = await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.fileId, targetKind: 'FILE', recipients: [{ id: OO.bobId, role: 'CONTRIBUTOR' }] } });
    expect(shared.errors).toBeUndefined();
    expect(shared.data!.shareFolder.results.map((r) => [r.success, r.change])).toEqual([[true, 'UPGRADED']]);
    expect(bobOnFile()).not.toBe(before);
    const id = shared.data!.shareFolder.operationId!;
    const kinds = async (operationId: string) => {
      const res = await h.gql<{ sharingHistory: { edges: Array<{ node: { changes: Array<{ targetId: string; targetKind: string | null }> } }> } }>(
        'query($id: ID!) { sharingHistory(filter: { operationId: $id }) { edges { node { changes { targetId targetKind } } } } }',
        { id: operationId },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.sharingHistory.edges.flatMap((e) => e.node.changes);
    };
    expect(await kinds(id)).toEqual([{ targetId: OO.fileId, targetKind: 'FILE' }]);
    clearLogs();

    const done = await undo(id);
    expect(done.results).toEqual([{ targetId: OO.fileId, principalId: OO.bobId, success: true, change: 'DOWNGRADED', error: null }]);
    expect(bobOnFile()).toBe(before);
    const writes = h.sims.onlyoffice.sim.requests({ method: 'PUT' }).map((r) => r.path);
    expect(writes).toEqual([`/api/2.0/files/file/${OO.fileId}/share`]);
    expect(await kinds(done.undoOperationId!)).toEqual([{ targetId: OO.fileId, targetKind: 'FILE' }]);
  });

  it('an operation that changed nothing has nothing to undo', async () => {
    const res = await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.bobId, role: 'VIEWER' }] } });
    expect(res.data!.shareFolder.results[0]!.change).toBe('UNCHANGED');
    clearLogs();
    expect(await undo(res.data!.shareFolder.operationId!)).toEqual({ operationId: res.data!.shareFolder.operationId, undoOperationId: null, results: [] });
    expect(h.upstreamCount()).toBe(0);
  });

  it("refuses another caller's operation with FORBIDDEN and sends nothing; the operator token may undo it", async () => {
    const res = await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.carolId, role: 'VIEWER' }] } });
    const id = res.data!.shareFolder.operationId!;
    clearLogs();
    const refused = await h.gql(UNDO, { id }, BOB_HEADERS);
    expect(firstCode(refused)).toBe('FORBIDDEN');
    expect(refused.data).toBeUndefined();
    expect(h.upstreamCount()).toBe(0);
    expect(firstCode(await h.gql(UNDO, { id }, { ...BOB_HEADERS, 'x-gateway-admin-token': `${ADMIN_TOKEN}x` }))).toBe('FORBIDDEN');
    expect(h.upstreamCount()).toBe(0);

    // Bob's item, undone by the operator with an org administrator's token.
    const bobs = await h.gql(SHARE_ITEM, { input: { itemId: A.bobsItem, org: true } }, BOB_HEADERS);
    const bobsId = bobs.data!.shareItem.operationId!;
    expect(firstCode(await h.gql(UNDO, { id: bobsId }))).toBe('FORBIDDEN');
    const byOperator = await undo(bobsId, false, { 'x-arcgis-token': A.adminToken, 'x-gateway-admin-token': ADMIN_TOKEN });
    expect(byOperator.results).toEqual([{ targetId: A.bobsItem, principalId: 'org', success: true, change: 'REVOKED', error: null }]);
    expect(item(A.bobsItem).org).toBe(false);
  });

  it('answers NOT_FOUND for an operation the ledger does not hold, and BAD_USER_INPUT for what is no operation id', async () => {
    expect(firstCode(await h.gql(UNDO, { id: '01900000-0000-7000-8000-000000000000' }))).toBe('NOT_FOUND');
    const bad = await h.gql(UNDO, { id: 'not-an-operation' });
    expect(firstCode(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.extensions!.field).toBe('operationId');
    expect(h.upstreamCount()).toBe(0);
  });
});
