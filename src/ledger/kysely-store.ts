/**
 * The ledger store, written once for both engines with Kysely. Every query
 * here is plain SQL both PostgreSQL and SQLite run; the few places where
 * they differ are calls on `this.engine` (engine.ts).
 *
 * Idempotency keys are claimed with INSERT … ON CONFLICT DO NOTHING: the
 * database decides, atomically and across instances, which request runs.
 * Every later change of a key's row (complete, release, take-over of an
 * abandoned or expired claim) is a compare-and-set on its `token`, so two
 * instances can never both believe they hold it.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { LedgerSettings } from '../config';
import type { ShareErrorCode } from '../errors';
import type { AccessChangeName, BackendName } from '../models';
import type { Engine } from './engine';
import { LedgerInputError } from './errors';
import { fingerprint } from './fingerprint';
import { operationId } from './ids';
import type {
  ChangeRecord,
  LedgerTargetKind,
  ClaimOptions,
  HistoryFilter,
  HistoryPage,
  HistoryScope,
  IdempotencyClaim,
  IdempotencyRequest,
  IdempotencyWait,
  LedgerStore,
  OperationInput,
  OperationRecord,
  PruneResult,
  RecordedResponse,
  WaitOptions,
} from './store';
import type { ChangeTable, IdempotencyTable, OperationTable } from './tables';

/** The `Idempotency-Key` header: 1 to 200 printable ASCII characters. */
export function isValidIdempotencyKey(key: string): boolean {
  return /^[\x20-\x7e]{1,200}$/.test(key);
}

/** The largest `first` a history page takes. */
export const MAX_HISTORY_PAGE = 500;
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_PRUNE_BATCH = 500;
const FINGERPRINT_KEY_SETTING = 'fingerprint_key';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** ISO 8601 as the ledger stores it: fixed width, so text order is time order. */
const STORED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
/** What history accepts for since/until: a date, or a date-time with its zone (a zoneless time would be the server's local time). */
const ISO_INPUT = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

type LedgerSettingsUsed = Pick<LedgerSettings, 'idempotencyTtlHours' | 'retentionDays' | 'fingerprintKey'>;

export class KyselyLedgerStore implements LedgerStore {
  private closed = false;
  private pruning: Promise<unknown> | null = null;
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    private readonly engine: Engine,
    private readonly settings: LedgerSettingsUsed,
    private readonly fingerprintKey: Buffer,
  ) {}

  /** The store on a migrated engine, with its fingerprint key settled. */
  static async create(engine: Engine, settings: LedgerSettingsUsed): Promise<KyselyLedgerStore> {
    const key = settings.fingerprintKey ?? (await storedFingerprintKey(engine));
    return new KyselyLedgerStore(engine, settings, Buffer.from(key, 'utf8'));
  }

  get engineName(): 'sqlite' | 'postgres' {
    return this.engine.name;
  }

  private get db() {
    return this.engine.db;
  }

  async recordOperation(input: OperationInput): Promise<OperationRecord> {
    const when = input.at ?? new Date();
    const id = operationId(when.getTime());
    const at = when.toISOString();
    const operation: OperationTable = {
      id,
      at,
      backend: input.backend,
      mutation: input.mutation,
      caller: input.caller,
      request_id: input.requestId,
      undo_of: input.undoOf ?? null,
    };
    const changes: ChangeTable[] = input.changes.map((c, seq) => ({
      operation_id: id,
      seq,
      target_id: c.targetId,
      target_kind: c.targetKind ?? null,
      principal_id: c.principalId,
      access_before: c.before,
      access_after: c.after,
      change: c.change,
      success: c.success ? 1 : 0,
      error_code: c.errorCode,
    }));
    await this.engine.insertOperation(operation, changes);
    return toOperation(operation, changes.map(toChange));
  }

  async getOperation(id: string): Promise<OperationRecord | null> {
    const row = await this.db.selectFrom('ledger_operation').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return null;
    const changes = await this.changesOf([id]);
    return toOperation(row, changes.get(id) ?? []);
  }

  async history(filter: HistoryFilter, scope: HistoryScope, first: number, after?: string | null): Promise<HistoryPage> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_HISTORY_PAGE) {
      throw new LedgerInputError('first', `first must be a whole number from 0 to ${MAX_HISTORY_PAGE}, got ${first}`);
    }
    const since = filter.since ? isoInput('since', filter.since) : null;
    const until = filter.until ? isoInput('until', filter.until) : null;
    const cursor = after ? decodeCursor(after) : null;
    if (!scope.operator && scope.callers.length === 0) return { edges: [], hasNextPage: false, endCursor: null };

    let query = this.db.selectFrom('ledger_operation as o').selectAll('o');
    if (!scope.operator) {
      const callers = scope.callers;
      query = query.where((eb) => eb.or(callers.map((c) => eb.and([eb('o.backend', '=', c.backend), eb('o.caller', '=', c.caller)]))));
    }
    if (filter.backend) query = query.where('o.backend', '=', filter.backend);
    if (filter.operationId) query = query.where('o.id', '=', filter.operationId);
    if (since) query = query.where('o.at', '>=', since);
    if (until) query = query.where('o.at', '<', until);
    const { targetId, principalId } = filter;
    if (targetId) {
      query = query.where((eb) => eb.exists(eb.selectFrom('ledger_change as c').select('c.seq').whereRef('c.operation_id', '=', 'o.id').where('c.target_id', '=', targetId)));
    }
    if (principalId) {
      query = query.where((eb) => eb.exists(eb.selectFrom('ledger_change as c').select('c.seq').whereRef('c.operation_id', '=', 'o.id').where('c.principal_id', '=', principalId)));
    }
    if (cursor) query = query.where((eb) => eb(eb.refTuple('o.at', 'o.id'), '<', eb.tuple(cursor.at, cursor.id)));
    const rows = await query
      .orderBy('o.at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(first + 1)
      .execute();

    const page = rows.slice(0, first);
    const changes = await this.changesOf(page.map((r) => r.id));
    const edges = page.map((row) => ({ cursor: encodeCursor(row.at, row.id), node: toOperation(row, changes.get(row.id) ?? []) }));
    return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null };
  }

  private async changesOf(ids: string[]): Promise<Map<string, ChangeRecord[]>> {
    const byOperation = new Map<string, ChangeRecord[]>();
    if (ids.length === 0) return byOperation;
    const rows = await this.db.selectFrom('ledger_change').selectAll().where('operation_id', 'in', ids).orderBy('operation_id').orderBy('seq').execute();
    for (const row of rows) {
      const list = byOperation.get(row.operation_id) ?? [];
      list.push(toChange(row));
      byOperation.set(row.operation_id, list);
    }
    return byOperation;
  }

  async claimIdempotencyKey(request: IdempotencyRequest, options: ClaimOptions = {}): Promise<IdempotencyClaim> {
    if (!isValidIdempotencyKey(request.key)) throw new LedgerInputError('Idempotency-Key', 'Idempotency-Key must be 1 to 200 printable ASCII characters');
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    // Three tries: each lost race means another request changed the row in
    // between, and the next read sees what it did.
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = Date.now();
      const token = randomUUID();
      const fresh = {
        request_hash: request.requestHash,
        state: 'running' as const,
        token,
        created_at: new Date(now).toISOString(),
        lease_until: new Date(now + leaseMs).toISOString(),
        response_status: null,
        response_headers: null,
        response_body: null,
      };
      const inserted = await this.db
        .insertInto('ledger_idempotency')
        .values({ caller: request.caller, idempotency_key: request.key, ...fresh })
        .onConflict((oc) => oc.columns(['caller', 'idempotency_key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { outcome: 'claimed', token };

      const row = await this.keyRow(request);
      if (!row) continue;
      const expired = row.created_at < new Date(now - this.settings.idempotencyTtlHours * HOUR_MS).toISOString();
      const abandoned = row.state === 'running' && row.lease_until < new Date(now).toISOString();
      if (expired || abandoned) {
        const taken = await this.db
          .updateTable('ledger_idempotency')
          .set(fresh)
          .where('caller', '=', request.caller)
          .where('idempotency_key', '=', request.key)
          .where('token', '=', row.token)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) === 1) return { outcome: 'claimed', token };
        continue;
      }
      if (row.request_hash !== request.requestHash) return { outcome: 'reused' };
      if (row.state === 'done') return { outcome: 'replay', response: toResponse(row) };
      return { outcome: 'running' };
    }
    // Still changing under us after three reads: report it as busy, and a waiter reads again.
    return { outcome: 'running' };
  }

  async completeIdempotencyKey(request: IdempotencyRequest, token: string, response: RecordedResponse): Promise<boolean> {
    const write = this.db
      .updateTable('ledger_idempotency')
      .set({ state: 'done', response_status: response.status, response_headers: JSON.stringify(response.headers), response_body: response.body })
      .where('caller', '=', request.caller)
      .where('idempotency_key', '=', request.key)
      .where('token', '=', token)
      .where('state', '=', 'running')
      .returning('idempotency_key');
    return (await this.engine.writeAndNotify(write, signalOf(request))) > 0;
  }

  async releaseIdempotencyKey(request: IdempotencyRequest, token: string): Promise<void> {
    const write = this.db
      .deleteFrom('ledger_idempotency')
      .where('caller', '=', request.caller)
      .where('idempotency_key', '=', request.key)
      .where('token', '=', token)
      .where('state', '=', 'running')
      .returning('idempotency_key');
    await this.engine.writeAndNotify(write, signalOf(request));
  }

  async replayIdempotencyKey(request: IdempotencyRequest): Promise<RecordedResponse | null> {
    const row = await this.keyRow(request);
    const oldest = new Date(Date.now() - this.settings.idempotencyTtlHours * HOUR_MS).toISOString();
    if (!row || row.state !== 'done' || row.request_hash !== request.requestHash || row.created_at < oldest) return null;
    return toResponse(row);
  }

  async waitForIdempotencyKey(request: IdempotencyRequest, options: WaitOptions): Promise<IdempotencyWait> {
    const deadline = Date.now() + options.timeoutMs;
    const signal = signalOf(request);
    const wake = new Wakeup();
    // Listen before the first read, so a completion between the two is not missed.
    const unsubscribe = await this.engine.subscribe((s) => {
      if (s === signal) wake.fire();
    });
    try {
      for (;;) {
        const claim = await this.claimIdempotencyKey(request, options);
        if (claim.outcome !== 'running') return claim;
        const left = deadline - Date.now();
        if (left <= 0 || options.signal?.aborted || this.closed) return { outcome: 'timeout' };
        await wake.wait(Math.min(left, this.engine.pollIntervalMs), options.signal);
      }
    } finally {
      unsubscribe();
    }
  }

  private keyRow(request: IdempotencyRequest): Promise<Selectable<IdempotencyTable> | undefined> {
    return this.db.selectFrom('ledger_idempotency').selectAll().where('caller', '=', request.caller).where('idempotency_key', '=', request.key).executeTakeFirst();
  }

  fingerprint(backend: BackendName, credential: string): string {
    return fingerprint(this.fingerprintKey, backend, credential);
  }

  async prune(options: { now?: Date; batchSize?: number } = {}): Promise<PruneResult> {
    const now = (options.now ?? new Date()).getTime();
    const batch = options.batchSize ?? DEFAULT_PRUNE_BATCH;
    const oldestOperation = new Date(now - this.settings.retentionDays * DAY_MS).toISOString();
    const oldestKey = new Date(now - this.settings.idempotencyTtlHours * HOUR_MS).toISOString();
    const result: PruneResult = { operations: 0, idempotencyKeys: 0 };
    // Small batches, each its own statement, with the event loop let go in
    // between: requests writing meanwhile wait for one batch at most.
    for (;;) {
      const doomed = this.engine.skipLocked(this.db.selectFrom('ledger_operation').select('id').where('at', '<', oldestOperation).orderBy('at').limit(batch));
      const deleted = await this.db.deleteFrom('ledger_operation').where('id', 'in', doomed).executeTakeFirst();
      const n = Number(deleted.numDeletedRows);
      result.operations += n;
      if (n < batch || this.closed) break;
      await yieldToRequests();
    }
    for (;;) {
      const doomed = this.engine.skipLocked(this.db.selectFrom('ledger_idempotency').select(['caller', 'idempotency_key']).where('created_at', '<', oldestKey).orderBy('created_at').limit(batch));
      const deleted = await this.db
        .deleteFrom('ledger_idempotency')
        .where((eb) => eb(eb.refTuple('caller', 'idempotency_key'), 'in', doomed.$asTuple('caller', 'idempotency_key')))
        .executeTakeFirst();
      const n = Number(deleted.numDeletedRows);
      result.idempotencyKeys += n;
      if (n < batch || this.closed) break;
      await yieldToRequests();
    }
    return result;
  }

  /**
   * Prunes now and then in the background: first after `firstAfterMs`, then
   * every `everyMs`, one run at a time. The timer is unref'd, so it never
   * keeps a process alive; failures go to `onError`.
   */
  startPruning(schedule: { firstAfterMs: number; everyMs: number }, onError: (err: unknown) => void): void {
    const run = () => {
      if (this.closed || this.pruning) return;
      this.pruning = this.prune()
        .catch(onError)
        .finally(() => {
          this.pruning = null;
        });
    };
    const first = setTimeout(() => {
      run();
      const every = setInterval(run, schedule.everyMs);
      every.unref();
      this.timers.push(every);
    }, schedule.firstAfterMs);
    first.unref();
    this.timers.push(first);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    await this.pruning;
    await this.engine.close();
  }
}

/** The fingerprint key kept in the store: the first instance to start makes it, every other one reads it. */
async function storedFingerprintKey(engine: Engine): Promise<string> {
  await engine.db
    .insertInto('ledger_setting')
    .values({ name: FINGERPRINT_KEY_SETTING, value: randomBytes(32).toString('base64url'), created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await engine.db.selectFrom('ledger_setting').select('value').where('name', '=', FINGERPRINT_KEY_SETTING).executeTakeFirstOrThrow();
  return row.value;
}

/** What a completion tells waiters: which key, without naming the caller or the key on the wire. */
function signalOf(request: IdempotencyRequest): string {
  return createHash('sha256').update(request.caller).update('\0').update(request.key).digest('base64url').slice(0, 32);
}

function toOperation(row: Selectable<OperationTable>, changes: ChangeRecord[]): OperationRecord {
  return {
    id: row.id,
    at: row.at,
    backend: row.backend as BackendName,
    mutation: row.mutation,
    caller: row.caller,
    requestId: row.request_id,
    undoOf: row.undo_of,
    changes,
  };
}

function toChange(row: Selectable<ChangeTable>): ChangeRecord {
  return {
    targetId: row.target_id,
    targetKind: (row.target_kind as LedgerTargetKind | null) ?? null,
    principalId: row.principal_id,
    before: row.access_before,
    after: row.access_after,
    change: row.change as AccessChangeName | null,
    success: row.success === 1,
    errorCode: row.error_code as ShareErrorCode | null,
  };
}

function toResponse(row: Selectable<IdempotencyTable>): RecordedResponse {
  return { status: row.response_status ?? 200, headers: JSON.parse(row.response_headers ?? '{}') as Record<string, string>, body: row.response_body ?? '' };
}

function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' || !STORED_TIME.test(parsed[0])) {
    throw new LedgerInputError('after', 'after is not a cursor from sharingHistory');
  }
  return { at: parsed[0], id: parsed[1] };
}

/** since/until as the stored form, so that text comparison is time comparison. */
function isoInput(field: string, value: string): string {
  const ms = ISO_INPUT.test(value.trim()) ? Date.parse(value.trim()) : NaN;
  if (Number.isNaN(ms)) {
    throw new LedgerInputError(field, `${field} must be an ISO 8601 date or date-time with a time zone (e.g. 2024-03-01 or 2024-03-01T12:00:00Z), got ${JSON.stringify(value)}`);
  }
  return new Date(ms).toISOString();
}

function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A wake-up that a notification fires, or a timeout, or an abort. */
class Wakeup {
  private pending: (() => void) | null = null;
  private fired = false;

  fire(): void {
    this.fired = true;
    this.pending?.();
  }

  wait(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.fired) {
      this.fired = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.pending = null;
        this.fired = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      this.pending = done;
    });
  }
}
