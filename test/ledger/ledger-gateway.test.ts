/**
 * The sharing ledger in the gateway, over real HTTP against the simulators,
 * on the embedded SQLite store and on PostgreSQL: every real write is
 * recorded as one operation with what it changed per target and principal
 * (and `change` is set on every real write on every backend), dry runs are
 * not, history filters, pages and keeps callers apart, nothing recorded holds
 * a credential or a message, a failed ledger write loses nothing but the
 * record, and old operations are pruned in the background.
 */
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';
import { DEMO_HEADERS, firstCode, startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { metric, scrape } from '../helpers/metrics';
import { waitFor } from '../helpers/wait-for';
import type { StoreLocation } from './engines';
import { ADMIN_TOKEN, BOB_HEADERS, HISTORY, REVOKE, SHARE_FOLDER, SHARE_ITEM, SHARE_ITEMS, UNDO, UNSHARE_ITEMS, ledgerEngines, operationById, postRaw, upstreamWrites } from './gateway-kit';

const ENGINES = ledgerEngines('the ledger gateway suite');
const OPERATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const OPERATOR = { 'x-gateway-admin-token': ADMIN_TOKEN };

describe.each(ENGINES)('the gateway on the $name ledger', (engine) => {
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

  describe('what is recorded', () => {
    it('ArcGIS: one operation per shareItems, a change per item and principal read from the state before, and change set on each result', async () => {
      const res = await h.gql(
        SHARE_ITEMS,
        { input: { itemIds: [A.parksMap, A.trailsLayer], groups: [A.fieldTeamGroup, A.financeGroup], org: true } },
        { ...DEMO_HEADERS, 'x-request-id': 'ledger-arcgis-1' },
      );
      expect(res.errors).toBeUndefined();
      const payload = res.data!.shareItems;
      expect(payload.operationId).toMatch(OPERATION_ID);
      expect(payload.results.map((r) => [r.itemId, r.success, r.change, r.operationId])).toEqual([
        [A.parksMap, true, 'GRANTED', payload.operationId],
        [A.trailsLayer, true, 'UPGRADED', payload.operationId],
      ]);

      const op = await operationById(h, payload.operationId!);
      expect(op).toMatchObject({ backend: 'ARCGIS', mutation: 'shareItems', caller: A.alice, requestId: 'ledger-arcgis-1' });
      expect(op.at).toMatch(ISO_UTC);
      expect(op.changes).toEqual([
        { targetId: A.parksMap, principalId: A.fieldTeamGroup, before: null, after: 'SHARED', change: 'GRANTED', success: true, errorCode: null },
        { targetId: A.parksMap, principalId: A.financeGroup, before: null, after: null, change: null, success: false, errorCode: 'FORBIDDEN' },
        { targetId: A.parksMap, principalId: 'org', before: 'PRIVATE', after: 'ORG', change: 'GRANTED', success: true, errorCode: null },
        { targetId: A.trailsLayer, principalId: A.fieldTeamGroup, before: 'SHARED', after: 'SHARED', change: 'UNCHANGED', success: true, errorCode: null },
        { targetId: A.trailsLayer, principalId: A.financeGroup, before: null, after: null, change: null, success: false, errorCode: 'FORBIDDEN' },
        { targetId: A.trailsLayer, principalId: 'org', before: 'SHARED', after: 'ORG', change: 'UPGRADED', success: true, errorCode: null },
      ]);
      // The state before is read as a dry run reads it: one GET per item, batched, and one write.
      const arcgis = h.sims.arcgis.sim;
      expect(arcgis.requests({ method: 'GET', route: /\/content\/items\/:id$/ })).toHaveLength(2);
      expect(arcgis.requests({ method: 'POST' })).toHaveLength(1);
    });

    it('ArcGIS: shareItem and unshareItems are recorded too, with the level withdrawn', async () => {
      const shared = await h.gql(SHARE_ITEM, { input: { itemId: A.parksMap, everyone: true } });
      expect(shared.data!.shareItem).toMatchObject({ success: true, change: 'GRANTED' });
      const op = await operationById(h, shared.data!.shareItem.operationId!);
      expect(op.changes).toEqual([{ targetId: A.parksMap, principalId: 'everyone', before: 'PRIVATE', after: 'PUBLIC', change: 'GRANTED', success: true, errorCode: null }]);

      const res = await h.gql(UNSHARE_ITEMS, { input: { itemIds: [A.trailsLayer, A.surveyForm], groups: [A.fieldTeamGroup], withdrawPublic: true } });
      expect(res.errors).toBeUndefined();
      const unshared = res.data!.unshareItems;
      expect(unshared.results.map((r) => [r.itemId, r.success, r.change])).toEqual([
        [A.trailsLayer, true, 'REVOKED'],
        [A.surveyForm, true, 'REVOKED'],
      ]);
      expect((await operationById(h, unshared.operationId!)).changes).toEqual([
        { targetId: A.trailsLayer, principalId: A.fieldTeamGroup, before: 'SHARED', after: null, change: 'REVOKED', success: true, errorCode: null },
        { targetId: A.trailsLayer, principalId: 'org', before: 'SHARED', after: 'PRIVATE', change: 'REVOKED', success: true, errorCode: null },
        { targetId: A.surveyForm, principalId: A.fieldTeamGroup, before: null, after: null, change: 'UNCHANGED', success: true, errorCode: null },
        { targetId: A.surveyForm, principalId: 'org', before: 'ORG', after: 'PRIVATE', change: 'REVOKED', success: true, errorCode: null },
      ]);
      expect(h.sims.arcgis.state.items.get(A.trailsLayer)!.groups.size).toBe(0);
    });

    it('OCM: each recipient with the role it held before, from the one members read the write makes anyway', async () => {
      const res = await h.gql(SHARE_FOLDER, {
        input: {
          backend: 'OCM',
          folderId: O.projectFolderId,
          recipients: [
            { id: O.bobId, role: 'VIEWER' },
            { id: O.carolId, role: 'MANAGER' },
            { id: O.aliceId, role: 'VIEWER' },
          ],
        },
      });
      expect(res.errors).toBeUndefined();
      const op = await operationById(h, res.data!.shareFolder.operationId!);
      expect(op.backend).toBe('OCM');
      expect(op.caller).toMatch(/^fp:[A-Za-z0-9_-]{32}$/);
      expect(op.changes).toEqual([
        { targetId: O.projectFolderId, principalId: O.bobId, before: null, after: 'VIEWER', change: 'GRANTED', success: true, errorCode: null },
        { targetId: O.projectFolderId, principalId: O.carolId, before: 'CONTRIBUTOR', after: 'MANAGER', change: 'UPGRADED', success: true, errorCode: null },
        { targetId: O.projectFolderId, principalId: O.aliceId, before: 'MANAGER', after: 'MANAGER', change: null, success: false, errorCode: 'FORBIDDEN' },
      ]);
    });

    it('ONLYOFFICE: a share reads the folder list once before its PUT, so that change is set; a revoke is recorded as REVOKED', async () => {
      const res = await h.gql(SHARE_FOLDER, {
        input: {
          backend: 'ONLYOFFICE',
          folderId: OO.myFolderId,
          recipients: [
            { id: OO.carolId, role: 'REVIEWER' },
            { id: OO.bobId, role: 'CONTRIBUTOR' },
          ],
        },
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.shareFolder.results.map((r) => [r.recipientId, r.success, r.change])).toEqual([
        [OO.carolId, true, 'GRANTED'],
        [OO.bobId, true, 'UPGRADED'],
      ]);
      expect(h.sims.onlyoffice.sim.requests().map((r) => `${r.method} ${r.route}`)).toEqual(['GET /api/2.0/files/folder/:folderId/share', 'PUT /api/2.0/files/folder/:folderId/share']);
      expect((await operationById(h, res.data!.shareFolder.operationId!)).changes.map((c) => [c.principalId, c.before, c.after, c.change])).toEqual([
        [OO.carolId, null, 'REVIEWER', 'GRANTED'],
        [OO.bobId, 'VIEWER', 'CONTRIBUTOR', 'UPGRADED'],
      ]);

      const revoked = await h.gql(REVOKE, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipientIds: [OO.bobId] } });
      expect(revoked.data!.revokeFolderShares.results[0]).toMatchObject({ success: true, change: 'REVOKED' });
      const op = await operationById(h, revoked.data!.revokeFolderShares.operationId!);
      expect(op).toMatchObject({ mutation: 'revokeFolderShares', backend: 'ONLYOFFICE' });
      expect(op.changes).toEqual([{ targetId: OO.myFolderId, principalId: OO.bobId, before: 'CONTRIBUTOR', after: null, change: 'REVOKED', success: true, errorCode: null }]);
    });

    it('records nothing for a dry run, and answers operationId null', async () => {
      const before = await location.count('ledger_operation');
      const items = await h.gql(SHARE_ITEMS, { input: { itemIds: [A.parksMap], groups: [A.fieldTeamGroup], dryRun: true } });
      const folder = await h.gql(SHARE_FOLDER, { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'VIEWER' }], dryRun: true } });
      expect(items.data!.shareItems).toMatchObject({ operationId: null, results: [{ change: 'GRANTED', operationId: null }] });
      expect(folder.data!.shareFolder).toMatchObject({ operationId: null, results: [{ change: 'GRANTED' }] });
      expect(upstreamWrites(h)).toBe(0);
      expect(await location.count('ledger_operation')).toBe(before);
    });

    it('keeps no credential, no upstream body and no message to recipients', async () => {
      const message = 'Confidential note for the recipients 7f3a';
      await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, notify: true, message, recipients: [{ id: OO.carolId, role: 'VIEWER' }] } });
      await h.gql(SHARE_FOLDER, { input: { backend: 'OCM', folderId: O.projectFolderId, message, recipients: [{ id: O.daveId, role: 'VIEWER' }] } });
      await h.gql(SHARE_ITEM, { input: { itemId: A.parksMap, groups: [A.fieldTeamGroup] } });
      const dump = await location.dump();
      expect(dump).toContain(OO.carolId);
      for (const secret of [OO.token, O.token, A.aliceToken, message, 'sharedTo', 'notSharedWith', 'isSuccessful']) expect(dump).not.toContain(secret);
    });
  });

  describe('sharingHistory', () => {
    it('shows a caller its own operations only; the operator token shows all; a wrong token is no operator', async () => {
      const mine = await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.designGroupId, role: 'VIEWER' }] } });
      const id = mine.data!.shareFolder.operationId!;
      const seenBy = async (headers: Record<string, string>) => {
        const res = await h.gql(HISTORY, { first: 500 }, headers);
        expect(res.errors).toBeUndefined();
        return res.data!.sharingHistory.edges.map((e) => e.node);
      };
      const alice = await seenBy(DEMO_HEADERS);
      expect(alice.map((n) => n.operationId)).toContain(id);
      const bob = await seenBy(BOB_HEADERS);
      expect(bob.map((n) => n.operationId)).not.toContain(id);
      expect(await seenBy({})).toEqual([]);
      expect(await seenBy({ 'x-gateway-admin-token': `${ADMIN_TOKEN}-not` })).toEqual([]);
      const operator = await seenBy(OPERATOR);
      expect(operator.map((n) => n.operationId)).toContain(id);
      expect(operator).toHaveLength(await location.count('ledger_operation'));
      // Alice's ArcGIS operations are hers by user name, whichever token made them.
      const arcgis = await h.gql(SHARE_ITEM, { input: { itemId: A.parksMap, org: true } });
      const byName = await seenBy({ 'x-arcgis-token': A.aliceToken });
      expect(byName.map((n) => n.operationId)).toContain(arcgis.data!.shareItem.operationId);
      expect(byName.every((n) => n.backend === 'ARCGIS' && n.caller === A.alice)).toBe(true);
    });

    it('filters by backend, target, principal, operation and time', async () => {
      const since = new Date().toISOString();
      const a = (await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.carolId, role: 'VIEWER' }] } })).data!.shareFolder.operationId!;
      const b = (await h.gql(SHARE_FOLDER, { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.daveId, role: 'VIEWER' }] } })).data!.shareFolder.operationId!;
      const c = (await h.gql(SHARE_ITEM, { input: { itemId: A.surveyForm, groups: [A.fieldTeamGroup] } })).data!.shareItem.operationId!;
      const find = async (filter: Record<string, unknown>) => {
        const res = await h.gql(HISTORY, { filter: { since, ...filter } }, OPERATOR);
        expect(res.errors).toBeUndefined();
        return res.data!.sharingHistory.edges.map((e) => e.node.operationId);
      };
      expect(await find({})).toEqual([c, b, a]);
      expect(await find({ backend: 'OCM' })).toEqual([b]);
      expect(await find({ targetId: OO.myFolderId })).toEqual([a]);
      expect(await find({ principalId: A.fieldTeamGroup })).toEqual([c]);
      expect(await find({ operationId: b })).toEqual([b]);
      const at = (await operationById(h, b)).at;
      expect(await find({ until: at })).toEqual([a]);
      expect(await find({ since: at })).toEqual([c, b]);
    });

    it('pages newest first with a cursor that neither repeats nor skips while operations are recorded in between', async () => {
      const since = new Date().toISOString();
      const share = async (role: string) =>
        (await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.carolId, role }] } })).data!.shareFolder.operationId!;
      const made: string[] = [];
      for (const role of ['VIEWER', 'REVIEWER', 'COMMENTER', 'VIEWER', 'CONTRIBUTOR']) made.push(await share(role));
      const page = async (after: string | null) => {
        const res = await h.gql(HISTORY, { filter: { since }, first: 2, after }, DEMO_HEADERS);
        expect(res.errors).toBeUndefined();
        return res.data!.sharingHistory;
      };
      const first = await page(null);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const newer = [await share('VIEWER'), await share('REVIEWER')];
      const second = await page(first.pageInfo.endCursor);
      const third = await page(second.pageInfo.endCursor);
      expect(third.pageInfo.hasNextPage).toBe(false);
      const read = [first, second, third].flatMap((p) => p.edges.map((e) => e.node.operationId));
      expect(read).toEqual([...made].reverse());
      expect(read).not.toContain(newer[0]);
      expect(first.edges.at(-1)!.cursor).toBe(first.pageInfo.endCursor);
    });

    it('refuses a bad time, page size or cursor with BAD_USER_INPUT naming it', async () => {
      for (const [variables, field] of [
        [{ filter: { since: 'yesterday' } }, 'since'],
        [{ filter: { until: '2024-03-01T12:00:00' } }, 'until'],
        [{ first: 501 }, 'first'],
        [{ first: -1 }, 'first'],
        [{ after: 'not-a-cursor' }, 'after'],
      ] as const) {
        const res = await h.gql(HISTORY, variables, OPERATOR);
        expect(firstCode(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0]!.extensions!.field).toBe(field);
      }
      expect(h.upstreamCount()).toBe(0);
    });
  });
});

describe.each(ENGINES)('a ledger write that fails, on $name', (engine) => {
  let location: StoreLocation;
  let h: Harness;

  beforeAll(async () => {
    location = await engine.fresh();
    h = await startHarness({ ledger: location.env });
  });
  afterAll(async () => {
    await h?.close();
    await location?.dispose();
  });

  it('without ADMIN_TOKEN, X-Gateway-Admin-Token gives no operator access', async () => {
    const res = await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.carolId, role: 'VIEWER' }] } });
    const id = res.data!.shareFolder.operationId!;
    const asOperator = await h.gql(HISTORY, {}, { 'x-gateway-admin-token': ADMIN_TOKEN });
    expect(asOperator.data!.sharingHistory.edges).toEqual([]);
    const asAlice = await h.gql(HISTORY, {}, DEMO_HEADERS);
    expect(asAlice.data!.sharingHistory.edges.map((e) => e.node.operationId)).toEqual([id]);
  });

  it('keeps the write and its answer, says LEDGER_WRITE_FAILED in extensions, and counts it', async () => {
    const ok = await postRaw(h.url, { query: SHARE_FOLDER, variables: { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.daveId, role: 'VIEWER' }] } } }, DEMO_HEADERS);
    expect(ok.body.data!.shareFolder.operationId).toMatch(OPERATION_ID);
    expect(ok.body.extensions).toBeUndefined();

    await location.run('drop table ledger_change');
    const input = { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'VIEWER' }] };
    const res = await postRaw(h.url, { query: SHARE_FOLDER, variables: { input } }, DEMO_HEADERS);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.shareFolder).toEqual({ operationId: null, results: [{ recipientId: O.bobId, role: 'VIEWER', success: true, change: 'GRANTED', error: null }] });
    expect(res.body.extensions).toEqual({
      LEDGER_WRITE_FAILED: { code: 'LEDGER_WRITE_FAILED', message: expect.stringMatching(/could not record/), fields: [{ path: ['shareFolder'], mutation: 'shareFolder' }] },
    });
    expect(h.sims.ocm.state.folders.get(O.projectFolderId)!.members.get(O.bobId)).toBe('viewer');
    expect(metric(await scrape(h.url), 'gateway_ledger_write_failures_total', { what: 'operation' })).toBe(1);
  });
});

describe.each(ENGINES)('retention on $name', (engine) => {
  let location: StoreLocation;
  let h: Harness;

  beforeAll(async () => {
    location = await engine.fresh();
    h = await startHarness({ ledger: location.env, env: { LEDGER_RETENTION_DAYS: '30', ADMIN_TOKEN }, ledgerOptions: { backgroundPrune: { firstAfterMs: 20, everyMs: 50 } } });
  });
  afterAll(async () => {
    await h?.close();
    await location?.dispose();
  });

  it('prunes operations older than LEDGER_RETENTION_DAYS in the background, while requests are answered and recorded', async () => {
    const old = new Date(Date.now() - 31 * 24 * 3_600_000).toISOString();
    // One transaction: the prune runs every 50 ms and could otherwise delete the
    // operation between the two inserts, failing the change's foreign key.
    await location.runTogether([
      `insert into ledger_operation (id, at, backend, mutation, caller, request_id, undo_of) values ('old-operation', '${old}', 'OCM', 'shareFolder', 'fp:old', null, null)`,
      `insert into ledger_change (operation_id, seq, target_id, principal_id, access_before, access_after, change, success, error_code) values ('old-operation', 0, 'folder', 'user', null, 'VIEWER', 'GRANTED', 1, null)`,
    ]);
    const res = await h.gql(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: OO.myFolderId, recipients: [{ id: OO.carolId, role: 'VIEWER' }] } });
    const kept = res.data!.shareFolder.operationId!;
    await waitFor(async () => (await location.count('ledger_operation')) === 1, 10_000);
    expect(await location.count('ledger_change')).toBe(1);
    expect((await operationById(h, kept)).operationId).toBe(kept);
  });
});

describe('LEDGER=off', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { LEDGER: 'off', ADMIN_TOKEN } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers operationId null, and LEDGER_DISABLED on sharingHistory and undoOperation, sending nothing for them', async () => {
    const res = await h.gql(SHARE_FOLDER, { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'VIEWER' }] } });
    expect(res.data!.shareFolder).toMatchObject({ operationId: null, results: [{ success: true }] });
    h.reset();
    expect(firstCode(await h.gql(HISTORY, {}, OPERATOR))).toBe('LEDGER_DISABLED');
    expect(firstCode(await h.gql(UNDO, { id: '01900000-0000-7000-8000-000000000000' }))).toBe('LEDGER_DISABLED');
    expect(h.upstreamCount()).toBe(0);
  });
});
