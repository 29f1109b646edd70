/**
 * The ledger store, the same suite on both engines: the embedded SQLite file
 * always, and a real PostgreSQL server too (in CI it must be there; only a
 * developer's local run may skip it, and says why). Each test gets a fresh
 * store (engines.ts). Two store instances on one database stand for two
 * gateway instances (or two workers on one SQLite file).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config';
import { LedgerInputError, LedgerOpenError, openLedger } from '../../src/ledger';
import type { ChangeRecord, LedgerStore, OpenLedgerOptions, OperationInput, RecordedResponse } from '../../src/ledger';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider } from '../../src/ledger/migrations';
import type { LedgerDatabase } from '../../src/ledger/tables';
import { waitFor } from '../helpers/wait-for';

/** How many migrations a ledger opened today has applied: each is one row of Kysely's ledger_migration. */
const migrationCount = async () => Object.keys(await migrationProvider.getMigrations()).length;
import { IN_CI, POSTGRES_URL, postgresEngine, postgresUnreachable, sqliteEngine } from './engines';
import type { StoreLocation, TestEngine } from './engines';

const unreachable = postgresUnreachable();
if (unreachable && !IN_CI) {
  console.warn(`Skipping the ledger suite on PostgreSQL: nothing answers at ${POSTGRES_URL} (${unreachable}). Start one (as .ci/run does) to run it; with CI=true this fails instead of skipping.`);
}
const ENGINES: TestEngine[] = unreachable && !IN_CI ? [sqliteEngine] : [sqliteEngine, postgresEngine];

const DAY_MS = 24 * 3_600_000;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const PASSWORD = 'hunter2-secret';

function change(targetId: string, principalId: string, over: Partial<ChangeRecord> = {}): ChangeRecord {
  return { targetId, targetKind: 'ITEM', principalId, before: null, after: 'VIEWER', change: 'GRANTED', success: true, errorCode: null, ...over };
}

function operation(over: Partial<OperationInput> = {}): OperationInput {
  return { backend: 'ARCGIS', mutation: 'shareItems', caller: 'alice', requestId: 'req-1', changes: [change('item-1', 'group-1')], ...over };
}

const response = (body: string): RecordedResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body });

describe.each(ENGINES)('the ledger on $name', (engine) => {
  let location: StoreLocation | undefined;
  const opened: LedgerStore[] = [];
  const setting = engine.name === 'postgres' ? 'DATABASE_URL' : 'LEDGER_DIR';

  async function open(env: Record<string, string> = {}, options: OpenLedgerOptions = { backgroundPrune: false }): Promise<LedgerStore> {
    const store = await openLedger(loadConfig({ ...here().env, ...env }), options);
    if (!store) throw new Error('the ledger is off');
    opened.push(store);
    return store;
  }

  function here(): StoreLocation {
    if (!location) throw new Error('no store location');
    return location;
  }

  const ids = (page: { edges: Array<{ node: { id: string } }> }) => page.edges.map((e) => e.node.id);

  beforeEach(async () => {
    location = undefined;
    location = await engine.fresh();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await location?.dispose();
  });

  describe('operations', () => {
    it('records an operation with its changes in input order and reads it back', async () => {
      const store = await open();
      const recorded = await store.recordOperation(
        operation({
          requestId: 'req-42',
          changes: [
            change('item-2', 'group-9', { before: 'PRIVATE', after: 'SHARED' }),
            change('item-1', 'group-1', { success: false, change: null, errorCode: 'FORBIDDEN' }),
            change('item-1', 'everyone', { before: 'PUBLIC', after: null, change: 'REVOKED' }),
          ],
        }),
      );
      expect(recorded).toMatchObject({ backend: 'ARCGIS', mutation: 'shareItems', caller: 'alice', requestId: 'req-42', undoOf: null });
      expect(recorded.at).toMatch(ISO_UTC);
      expect(recorded.changes.map((c) => c.principalId)).toEqual(['group-9', 'group-1', 'everyone']);

      expect(await store.getOperation(recorded.id)).toEqual(recorded);
      const page = await store.history({}, { operator: true }, 10);
      expect(page.edges.map((e) => e.node)).toEqual([recorded]);
      expect(page).toMatchObject({ hasNextPage: false, endCursor: page.edges[0]!.cursor });
      expect(await store.getOperation('no-such-operation')).toBeNull();
    });

    it('keeps an operation with thousands of changes whole, in order', async () => {
      const store = await open();
      const changes = Array.from({ length: 2500 }, (_, i) => change(`item-${i}`, `group-${i % 7}`));
      const recorded = await store.recordOperation(operation({ changes }));
      const read = await store.getOperation(recorded.id);
      expect(read!.changes).toEqual(changes);
      expect(await here().count('ledger_change')).toBe(2500);
    });

    it('keeps what it recorded across a restart', async () => {
      const first = await open();
      const recorded = await first.recordOperation(operation({ undoOf: 'an-earlier-operation' }));
      await first.close();
      const again = await open();
      expect(await again.getOperation(recorded.id)).toEqual(recorded);
    });
  });

  describe('history', () => {
    const t0 = Date.parse('2024-03-01T00:00:00.000Z');

    it('filters by backend, target, principal, operation and time, returning whole operations', async () => {
      const store = await open();
      const a = await store.recordOperation(operation({ at: new Date(t0), changes: [change('item-1', 'group-1')] }));
      const b = await store.recordOperation(
        operation({ backend: 'OCM', mutation: 'shareFolder', at: new Date(t0 + DAY_MS), changes: [change('folder-1', 'user-1'), change('folder-1', 'group-1', { after: 'MANAGER' })] }),
      );
      const c = await store.recordOperation(operation({ backend: 'ONLYOFFICE', mutation: 'shareFolder', at: new Date(t0 + 2 * DAY_MS), changes: [change('folder-2', 'user-2')] }));
      const find = async (filter: Parameters<LedgerStore['history']>[0]) => ids(await store.history(filter, { operator: true }, 50));

      expect(await find({})).toEqual([c.id, b.id, a.id]);
      expect(await find({ backend: 'OCM' })).toEqual([b.id]);
      expect(await find({ targetId: 'folder-1' })).toEqual([b.id]);
      expect(await find({ principalId: 'group-1' })).toEqual([b.id, a.id]);
      expect(await find({ backend: 'ARCGIS', principalId: 'group-1' })).toEqual([a.id]);
      expect(await find({ operationId: a.id })).toEqual([a.id]);
      expect(await find({ since: new Date(t0 + DAY_MS).toISOString() })).toEqual([c.id, b.id]);
      expect(await find({ until: new Date(t0 + DAY_MS).toISOString() })).toEqual([a.id]);
      expect(await find({ since: '2024-03-01T12:00:00Z', until: '2024-03-02T12:00:00+00:00' })).toEqual([b.id]);
      expect(await find({ since: '2024-03-02' })).toEqual([c.id, b.id]);
      expect(await find({ targetId: 'no-such-target' })).toEqual([]);

      // A filter picks the operation; the node still has every change it made.
      const [byPrincipal] = (await store.history({ principalId: 'user-1' }, { operator: true }, 50)).edges;
      expect(byPrincipal!.node.changes.map((ch) => ch.principalId)).toEqual(['user-1', 'group-1']);
    });

    it('shows a caller only its own operations, per backend; the operator sees all', async () => {
      const store = await open();
      const aliceArcgis = await store.recordOperation(operation({ caller: 'alice', at: new Date(t0) }));
      const aliceOcm = await store.recordOperation(operation({ backend: 'OCM', caller: 'alice', at: new Date(t0 + 1) }));
      const bob = await store.recordOperation(operation({ caller: 'bob', at: new Date(t0 + 2) }));
      const as = async (callers: Array<{ backend: 'ARCGIS' | 'OCM' | 'ONLYOFFICE'; caller: string }>, filter = {}) => ids(await store.history(filter, { operator: false, callers }, 50));

      expect(await as([{ backend: 'ARCGIS', caller: 'alice' }])).toEqual([aliceArcgis.id]);
      expect(
        await as([
          { backend: 'ARCGIS', caller: 'alice' },
          { backend: 'OCM', caller: 'alice' },
        ]),
      ).toEqual([aliceOcm.id, aliceArcgis.id]);
      expect(await as([{ backend: 'ARCGIS', caller: 'bob' }])).toEqual([bob.id]);
      expect(await as([{ backend: 'ARCGIS', caller: 'alice' }], { operationId: bob.id })).toEqual([]);
      expect(await as([])).toEqual([]);
      expect(ids(await store.history({}, { operator: true }, 50))).toEqual([bob.id, aliceOcm.id, aliceArcgis.id]);
    });

    it('pages newest first, and rows inserted between pages neither repeat nor hide a row', async () => {
      const writer = await open();
      const reader = await open();
      const base = Date.parse('2024-06-01T00:00:00.000Z');
      const originals = [];
      for (let i = 0; i < 7; i++) originals.push(await writer.recordOperation(operation({ at: new Date(base + i * 60_000), requestId: `original-${i}` })));
      const newestFirst = originals.map((o) => o.id).reverse();

      const first = await reader.history({}, { operator: true }, 3);
      expect(ids(first)).toEqual(newestFirst.slice(0, 3));
      expect(first.hasNextPage).toBe(true);

      // Meanwhile: two operations newer than all, and one older than all
      // (another instance whose clock is behind).
      const newer = [await writer.recordOperation(operation({ at: new Date(base + 3_600_000), requestId: 'newer-1' })), await writer.recordOperation(operation({ requestId: 'newer-2' }))];
      const older = await writer.recordOperation(operation({ at: new Date(base - 60_000), requestId: 'older' }));

      const rest: string[] = [];
      let page = first;
      while (page.hasNextPage) {
        page = await reader.history({}, { operator: true }, 3, page.endCursor);
        rest.push(...ids(page));
      }
      expect(rest).toEqual([...newestFirst.slice(3), older.id]);
      expect(ids(await reader.history({}, { operator: true }, 2))).toEqual([newer[1]!.id, newer[0]!.id]);
    });

    it('refuses a cursor, a page size or a time it cannot use, naming the argument', async () => {
      const store = await open();
      const refused = async (call: Promise<unknown>) => {
        const err = await call.then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(LedgerInputError);
        return (err as LedgerInputError).field;
      };
      expect(await refused(store.history({}, { operator: true }, 10, 'not-a-cursor'))).toBe('after');
      expect(await refused(store.history({}, { operator: true }, 10, Buffer.from('["yesterday","x"]').toString('base64url')))).toBe('after');
      expect(await refused(store.history({}, { operator: true }, 501))).toBe('first');
      expect(await refused(store.history({}, { operator: true }, -1))).toBe('first');
      expect(await refused(store.history({ since: 'last tuesday' }, { operator: true }, 10))).toBe('since');
      // A time without a zone would silently be the server's local time.
      expect(await refused(store.history({ until: '2024-03-01T10:00' }, { operator: true }, 10))).toBe('until');
    });
  });

  describe('idempotency keys', () => {
    const request = { caller: 'fp:caller-1', key: 'key-1', requestHash: 'hash-1' };

    it('claims a key once, refuses it for another request, and replays the recorded response', async () => {
      const store = await open();
      const claim = await store.claimIdempotencyKey(request);
      if (claim.outcome !== 'claimed') throw new Error(`expected a claim, got ${claim.outcome}`);
      expect(await store.claimIdempotencyKey(request)).toEqual({ outcome: 'running' });
      expect(await store.claimIdempotencyKey({ ...request, requestHash: 'hash-2' })).toEqual({ outcome: 'reused' });
      expect(await store.replayIdempotencyKey(request)).toBeNull();

      expect(await store.completeIdempotencyKey(request, 'not-the-token', response('{"forged":true}'))).toBe(false);
      expect(await store.completeIdempotencyKey(request, claim.token, response('{"data":{"ok":true}}'))).toBe(true);
      expect(await store.claimIdempotencyKey(request)).toEqual({ outcome: 'replay', response: response('{"data":{"ok":true}}') });
      expect(await store.replayIdempotencyKey(request)).toEqual(response('{"data":{"ok":true}}'));
      expect(await store.replayIdempotencyKey({ ...request, requestHash: 'hash-2' })).toBeNull();
      expect(await store.claimIdempotencyKey({ ...request, requestHash: 'hash-2' })).toEqual({ outcome: 'reused' });

      // The same key from another caller is another key.
      expect(await store.claimIdempotencyKey({ ...request, caller: 'fp:caller-2' })).toMatchObject({ outcome: 'claimed' });
    });

    it('refuses a key that is empty, too long or not printable', async () => {
      const store = await open();
      for (const key of ['', 'k'.repeat(201), 'line\nbreak']) {
        await expect(store.claimIdempotencyKey({ ...request, key })).rejects.toBeInstanceOf(LedgerInputError);
      }
      expect(await store.claimIdempotencyKey({ ...request, key: 'k'.repeat(200) })).toMatchObject({ outcome: 'claimed' });
    });

    it('two instances claiming one key at once: exactly one wins, the other waits and then replays its response', async () => {
      const a = await open();
      const b = await open();
      const claims = await Promise.all([a, b, a, b, a, b].map((s) => s.claimIdempotencyKey(request)));
      const winners = claims.flatMap((c, i) => (c.outcome === 'claimed' ? [{ store: i % 2 === 0 ? a : b, token: c.token }] : []));
      expect(winners).toHaveLength(1);
      expect(claims.filter((c) => c.outcome === 'running')).toHaveLength(5);
      const winner = winners[0]!;
      const loser = winner.store === a ? b : a;

      let settled = false;
      const waiting = loser.waitForIdempotencyKey(request, { timeoutMs: 20_000 }).finally(() => {
        settled = true;
      });
      // Still running, so the waiter is still waiting.
      expect(await loser.claimIdempotencyKey(request)).toEqual({ outcome: 'running' });
      expect(settled).toBe(false);

      expect(await winner.store.completeIdempotencyKey(request, winner.token, response('{"data":"once"}'))).toBe(true);
      expect(await waiting).toEqual({ outcome: 'replay', response: response('{"data":"once"}') });
    });

    it('a waiter whose holder gives the key up claims it itself', async () => {
      const a = await open();
      const b = await open();
      const held = await a.claimIdempotencyKey(request);
      if (held.outcome !== 'claimed') throw new Error('expected a claim');
      const waiting = b.waitForIdempotencyKey(request, { timeoutMs: 20_000 });
      await a.releaseIdempotencyKey(request, held.token);
      const after = await waiting;
      expect(after.outcome).toBe('claimed');
      expect(after).not.toEqual(held);
    });

    it('a waiter gives up at its deadline, or when its request is aborted', async () => {
      const a = await open();
      const b = await open();
      expect(await a.claimIdempotencyKey(request)).toMatchObject({ outcome: 'claimed' });
      expect(await b.waitForIdempotencyKey(request, { timeoutMs: 200 })).toEqual({ outcome: 'timeout' });
      const abort = new AbortController();
      const waiting = b.waitForIdempotencyKey(request, { timeoutMs: 20_000, signal: abort.signal });
      abort.abort();
      expect(await waiting).toEqual({ outcome: 'timeout' });
    });

    it('takes over a claim whose lease ran out; the old holder can no longer complete it', async () => {
      const a = await open();
      const b = await open();
      const stale = await a.claimIdempotencyKey(request, { leaseMs: 1 });
      if (stale.outcome !== 'claimed') throw new Error('expected a claim');
      const claimedAt = Date.now();
      await waitFor(() => Date.now() > claimedAt + 5);
      const fresh = await b.claimIdempotencyKey(request);
      if (fresh.outcome !== 'claimed') throw new Error(`expected a take-over, got ${fresh.outcome}`);
      expect(await a.completeIdempotencyKey(request, stale.token, response('"late"'))).toBe(false);
      expect(await b.completeIdempotencyKey(request, fresh.token, response('"fresh"'))).toBe(true);
      expect(await a.claimIdempotencyKey(request)).toEqual({ outcome: 'replay', response: response('"fresh"') });
    });

    it('forgets a key past IDEMPOTENCY_TTL_HOURS: it may then be used for another request', async () => {
      const store = await open({ IDEMPOTENCY_TTL_HOURS: '1' });
      const claim = await store.claimIdempotencyKey(request);
      if (claim.outcome !== 'claimed') throw new Error('expected a claim');
      await store.completeIdempotencyKey(request, claim.token, response('"old"'));
      await here().run(`update ledger_idempotency set created_at = '${new Date(Date.now() - 2 * 3_600_000).toISOString()}'`);
      expect(await store.replayIdempotencyKey(request)).toBeNull();
      expect(await store.claimIdempotencyKey({ ...request, requestHash: 'hash-2' })).toMatchObject({ outcome: 'claimed' });
    });
  });

  describe('retention', () => {
    it('prunes, in batches, only operations older than LEDGER_RETENTION_DAYS and keys past their TTL', async () => {
      const store = await open({ LEDGER_RETENTION_DAYS: '30', IDEMPOTENCY_TTL_HOURS: '24' });
      const now = Date.now();
      for (let i = 0; i < 5; i++) await store.recordOperation(operation({ at: new Date(now - 31 * DAY_MS - i * 60_000), changes: [change(`old-${i}`, 'g1'), change(`old-${i}`, 'g2')] }));
      const young = [
        await store.recordOperation(operation({ at: new Date(now - 29 * DAY_MS), changes: [change('young-1', 'g1')] })),
        await store.recordOperation(operation({ changes: [change('young-2', 'g1'), change('young-2', 'g2')] })),
      ];
      const expired = { caller: 'fp:c', key: 'expired', requestHash: 'h' };
      const fresh = { caller: 'fp:c', key: 'fresh', requestHash: 'h' };
      await store.claimIdempotencyKey(expired);
      await store.claimIdempotencyKey(fresh);
      await here().run(`update ledger_idempotency set created_at = '${new Date(now - 25 * 3_600_000).toISOString()}' where idempotency_key = 'expired'`);

      expect(await store.prune({ batchSize: 2 })).toEqual({ operations: 5, idempotencyKeys: 1 });
      expect(ids(await store.history({}, { operator: true }, 50))).toEqual([young[1]!.id, young[0]!.id]);
      // The changes of pruned operations go with them.
      expect(await here().count('ledger_change')).toBe(3);
      expect(await store.claimIdempotencyKey(fresh)).toEqual({ outcome: 'running' });
      expect(await store.prune()).toEqual({ operations: 0, idempotencyKeys: 0 });
    });

    it('two instances pruning at once delete each old operation once, and nothing else', async () => {
      const a = await open();
      const b = await open();
      const old = Date.now() - 400 * DAY_MS;
      for (let i = 0; i < 9; i++) await a.recordOperation(operation({ at: new Date(old + i) }));
      const young = await a.recordOperation(operation());
      const [byA, byB] = await Promise.all([a.prune({ batchSize: 2 }), b.prune({ batchSize: 2 })]);
      expect(byA.operations + byB.operations).toBe(9);
      expect(ids(await b.history({}, { operator: true }, 50))).toEqual([young.id]);
    });

    it('prunes in the background once open', async () => {
      const writer = await open();
      const old = await writer.recordOperation(operation({ at: new Date(Date.now() - 400 * DAY_MS) }));
      const young = await writer.recordOperation(operation());
      await open({}, { backgroundPrune: { firstAfterMs: 0, everyMs: 50 } });
      await waitFor(async () => (await writer.getOperation(old.id)) === null, 10_000);
      expect(await writer.getOperation(young.id)).toEqual(young);
    });
  });

  describe('callers and secrets', () => {
    it('names a caller by a keyed fingerprint that holds no credential and stays the same across restarts', async () => {
      const first = await open();
      const token = 'token-for-alice-0123456789';
      const name = first.fingerprint('ARCGIS', token);
      expect(name).toMatch(/^fp:[A-Za-z0-9_-]{32}$/);
      expect(name).not.toContain(token);
      expect(first.fingerprint('ARCGIS', token)).toBe(name);
      expect(first.fingerprint('ARCGIS', `${token}x`)).not.toBe(name);
      expect(first.fingerprint('OCM', token)).not.toBe(name);

      // A second instance (or the same after a restart) reads the key the first one made.
      const second = await open();
      expect(second.fingerprint('ARCGIS', token)).toBe(name);

      // LEDGER_FINGERPRINT_KEY, when set, is the key instead.
      const keyed = await open({ LEDGER_FINGERPRINT_KEY: 'k'.repeat(32) });
      expect(keyed.fingerprint('ARCGIS', token)).not.toBe(name);
      expect((await open({ LEDGER_FINGERPRINT_KEY: 'k'.repeat(32) })).fingerprint('ARCGIS', token)).toBe(keyed.fingerprint('ARCGIS', token));
    });

    it('stores no credential anywhere: only its fingerprint', async () => {
      const store = await open();
      const token = `secret-token-${Math.random().toString(36).slice(2)}`;
      const caller = store.fingerprint('OCM', token);
      await store.recordOperation(operation({ backend: 'OCM', caller }));
      const request = { caller, key: 'k-1', requestHash: 'h' };
      const claim = await store.claimIdempotencyKey(request);
      if (claim.outcome !== 'claimed') throw new Error('expected a claim');
      await store.completeIdempotencyKey(request, claim.token, response('{"data":{}}'));
      const everything = await here().dump();
      expect(everything).toContain(caller);
      expect(everything).not.toContain(token);
    });
  });

  describe('start-up', () => {
    it('a store it cannot migrate stops start-up with a message naming its setting, never the password', async () => {
      await here().run('create table ledger_operation (unexpected integer)');
      const env: Record<string, string> = engine.name === 'postgres' ? { DATABASE_URL: withPassword(here().env.DATABASE_URL!) } : {};
      const err = await open(env).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LedgerOpenError);
      const message = (err as Error).message;
      expect(message).toContain(setting);
      expect(message).toContain('0001_init');
      expect(inspect(err)).not.toContain(PASSWORD);
    });

    if (engine.name === 'postgres') {
      it('two instances starting at once on one PostgreSQL both open, and migrate once', async () => {
        const [a, b] = await Promise.all([open(), open()]);
        expect(await here().count('ledger_migration')).toBe(await migrationCount());
        const recorded = await a.recordOperation(operation());
        expect(await b.getOperation(recorded.id)).toEqual(recorded);
      });
    }

    it('LEDGER=off opens nothing', async () => {
      expect(await openLedger(loadConfig({ ...here().env, LEDGER: 'off' }))).toBeNull();
      expect(await openLedger(loadConfig({ ...here().env, LEDGER: 'off' }))).toBeNull();
    });
  });
});

function withPassword(url: string): string {
  const u = new URL(url);
  u.password = PASSWORD;
  return u.href;
}

describe('start-up on PostgreSQL that cannot be reached or used', () => {
  async function openFails(url: string): Promise<LedgerOpenError> {
    const err = await openLedger(loadConfig({ DATABASE_URL: url })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LedgerOpenError);
    return err as LedgerOpenError;
  }

  it('names DATABASE_URL, with the password masked, when nothing listens', async () => {
    const err = await openFails(`postgres://gateway:${PASSWORD}@127.0.0.1:9/ledger`);
    expect(err.code).toBe('LEDGER_UNAVAILABLE');
    expect(err.message).toContain('DATABASE_URL (postgres://gateway:***@127.0.0.1:9/ledger)');
    for (const text of [err.message, String(err), err.stack ?? '', inspect(err)]) expect(text).not.toContain(PASSWORD);
  });

  (unreachable && !IN_CI ? it.skip : it)('names DATABASE_URL, with the password masked, when the database does not exist', async () => {
    const url = new URL(POSTGRES_URL);
    url.password = PASSWORD;
    url.pathname = '/ledger_no_such_database';
    const err = await openFails(url.href);
    expect(err.message).toContain('DATABASE_URL');
    expect(err.message).toContain('ledger_no_such_database');
    expect(inspect(err)).not.toContain(PASSWORD);
  });
});

describe('the embedded store shared by several processes (WORKERS > 1)', () => {
  const DIST = path.resolve(__dirname, '../../dist/ledger/index.js');
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-workers-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function worker(name: string): Promise<{ code: number | null; out: string; err: string }> {
    const script = path.join(dir, `${name}.js`);
    writeFileSync(
      script,
      `const { openLedger } = require(${JSON.stringify(DIST)});
       const { loadConfig } = require(${JSON.stringify(path.resolve(__dirname, '../../dist/config.js'))});
       (async () => {
         const store = await openLedger(loadConfig({ LEDGER_DIR: ${JSON.stringify(dir)} }), { backgroundPrune: false });
         for (let i = 0; i < 20; i++) await store.recordOperation({ backend: 'ARCGIS', mutation: 'shareItems', caller: ${JSON.stringify(name)}, requestId: null, changes: [] });
         const request = { caller: 'fp:shared', key: 'same-key', requestHash: 'h' };
         const done = { status: 200, headers: {}, body: ${JSON.stringify(name)} };
         let result = await store.claimIdempotencyKey(request);
         const first = result.outcome;
         if (result.outcome === 'claimed') result = (await store.completeIdempotencyKey(request, result.token, done)) ? { response: done } : result;
         if (result.outcome === 'running') result = await store.waitForIdempotencyKey(request, { timeoutMs: 20000 });
         console.log(JSON.stringify({ name: ${JSON.stringify(name)}, first, body: result.response ? result.response.body : null }));
         await store.close();
       })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
  }

  it('two processes starting at once migrate once, write side by side, and do a key once', async () => {
    if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npm run build\` first (npm test does)`);
    const runs = await Promise.all([worker('worker-a'), worker('worker-b')]);
    for (const run of runs) expect(run).toMatchObject({ code: 0, err: '' });
    const results = runs.map((r) => JSON.parse(r.out.trim()) as { name: string; first: string; body: string });
    const winners = results.filter((r) => r.first === 'claimed');
    expect(winners).toHaveLength(1);
    // Both answer with the winner's response: the other one replayed it.
    expect(results.map((r) => r.body)).toEqual([winners[0]!.name, winners[0]!.name]);

    const db = new Database(path.join(dir, 'ledger.sqlite'), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect((db.prepare('select count(*) as n from ledger_operation').get() as { n: number }).n).toBe(40);
      expect((db.prepare('select count(*) as n from ledger_migration').get() as { n: number }).n).toBe(await migrationCount());
    } finally {
      db.close();
    }
  });

  it('a LEDGER_DIR it cannot write stops start-up with a message naming LEDGER_DIR', async () => {
    const notADir = path.join(dir, 'a-file');
    writeFileSync(notADir, 'not a folder');
    const err = await openLedger(loadConfig({ LEDGER_DIR: notADir })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LedgerOpenError);
    expect((err as Error).message).toContain('LEDGER_DIR');
  });
});

describe("the embedded store's checkpoints", () => {
  let dir: string;
  const file = () => path.join(dir, 'ledger.sqlite');
  const size = (name: string) => (existsSync(name) ? statSync(name).size : 0);
  /** A WAL file is a 32-byte header, then frames of a 24-byte header and a page (4,096 bytes by default). */
  const walFrames = () => Math.max(0, Math.floor((size(`${file()}-wal`) - 32) / (24 + 4096)));
  // 1,000 items x 20 groups, as a large shareItems records: far past the 1,000 pages SQLite's own checkpoint waits for.
  const batch = Array.from({ length: 20_000 }, (_, i) => change(`item-${Math.floor(i / 20)}`, `group-${i % 20}`));

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-checkpoint-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a commit never copies the WAL into the file, however large; closing the store does', async () => {
    const store = await openLedger(loadConfig({ LEDGER_DIR: dir }), { backgroundPrune: false, checkpointIntervalMs: 3_600_000 });
    const before = size(file());
    await store!.recordOperation(operation({ changes: batch }));
    // SQLite's automatic checkpoint would have run inside this commit and grown the file.
    expect(size(file())).toBe(before);
    expect(walFrames()).toBeGreaterThan(1000);
    await store!.close();
    expect(size(file())).toBeGreaterThan(before);
  });

  it('copies it on its timer, with the store open, and then the new rows are in the file itself', async () => {
    const store = await openLedger(loadConfig({ LEDGER_DIR: dir }), { backgroundPrune: false, checkpointIntervalMs: 20 });
    try {
      const before = size(file());
      const recorded = await store!.recordOperation(operation({ changes: batch }));
      await waitFor(() => size(file()) > before, 10_000);
      // Read without the WAL: what the file alone holds.
      const copy = path.join(dir, 'copy.sqlite');
      copyFileSync(file(), copy);
      const db = new Database(copy);
      try {
        expect((db.prepare('select count(*) as n from ledger_change where operation_id = ?').get(recorded.id) as { n: number }).n).toBe(20_000);
      } finally {
        db.close();
      }
    } finally {
      await store!.close();
    }
  });
});

describe('a ledger made before a migration', () => {
  it('is migrated at start-up, and keeps what it held: changes recorded before 0002 read with targetKind null', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-upgrade-'));
    try {
      // The ledger as a gateway of migration 0001 left it, with one operation recorded.
      const old = new Kysely<LedgerDatabase>({ dialect: new SqliteDialect({ database: new Database(path.join(dir, 'ledger.sqlite')) }) });
      const migrated = await new Migrator({ db: old, provider: migrationProvider, migrationTableName: MIGRATION_TABLE, migrationLockTableName: MIGRATION_LOCK_TABLE }).migrateTo('0001_init');
      expect(migrated.error).toBeUndefined();
      const at = new Date().toISOString();
      await old.insertInto('ledger_operation').values({ id: 'op-from-0001', at, backend: 'ONLYOFFICE', mutation: 'shareFolder', caller: 'fp:x', request_id: null, undo_of: null }).execute();
      await sql`insert into ledger_change (operation_id, seq, target_id, principal_id, access_before, access_after, change, success, error_code)
                values ('op-from-0001', 0, '1001', 'user-1', null, 'VIEWER', 'GRANTED', 1, null)`.execute(old);
      await old.destroy();

      const store = await openLedger(loadConfig({ LEDGER_DIR: dir }), { backgroundPrune: false });
      try {
        expect((await store!.getOperation('op-from-0001'))!.changes).toEqual([
          { targetId: '1001', targetKind: null, principalId: 'user-1', before: null, after: 'VIEWER', change: 'GRANTED', success: true, errorCode: null },
        ]);
        const file = await store!.recordOperation(operation({ backend: 'ONLYOFFICE', mutation: 'shareFolder', changes: [change('2001', 'user-1', { targetKind: 'FILE' })] }));
        expect((await store!.getOperation(file.id))!.changes[0]!.targetKind).toBe('FILE');
      } finally {
        await store!.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
