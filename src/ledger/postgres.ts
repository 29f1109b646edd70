/**
 * The shared engine: the PostgreSQL in `DATABASE_URL`, through `pg`, for
 * several gateway instances at once. What it does that SQLite cannot:
 * - an operation and all its changes go in ONE statement (a data-modifying
 *   CTE, the changes as one JSON parameter), so recording costs one round
 *   trip however many targets it has, and is atomic without a transaction;
 * - pruners on several instances skip each other's rows (`SKIP LOCKED`);
 * - completing an idempotency key NOTIFYs, in the same statement, so a
 *   request waiting on another instance wakes at once (LISTEN) rather than
 *   on its next poll.
 * Migrations take Kysely's advisory lock, so instances starting together
 * migrate once.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Insertable, SelectQueryBuilder } from 'kysely';
import pg from 'pg';
import { maskDatabaseUrl } from '../config';
import type { Engine, EngineOptions, KeyWrite } from './engine';
import { LedgerOpenError, messageOf } from './errors';
import type { ChangeTable, LedgerDatabase, OperationTable } from './tables';

/** One channel per database; the payload says which key (see kysely-store.ts `signalOf`). */
const CHANNEL = 'ledger_idempotency';

export async function openPostgresEngine(url: string, options: EngineOptions = {}): Promise<Engine> {
  const description = `the PostgreSQL in DATABASE_URL (${maskDatabaseUrl(url)})`;
  const secrets = passwordsIn(url);
  const scrub = (text: string) => secrets.reduce((out, s) => out.split(s).join('***'), text);
  const config: pg.PoolConfig = {
    connectionString: url,
    application_name: 'sharing-gateway-ledger',
    // An unreachable server fails start-up in seconds, and a stuck one never holds a request for long.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    max: 10,
  };
  const pool = new pg.Pool(config);
  pool.on('error', (err) => options.onBackgroundError?.(new Error(scrub(messageOf(err)))));
  let schema: string | null;
  try {
    const result = await pool.query<{ schema: string | null }>('select current_schema() as schema');
    schema = result.rows[0]?.schema ?? null;
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new LedgerOpenError(`Cannot reach ${description}: ${scrub(messageOf(err))}. Check DATABASE_URL, unset it for the embedded SQLite ledger, or set LEDGER=off.`);
  }
  if (schema === null) {
    await pool.end().catch(() => undefined);
    throw new LedgerOpenError(`Cannot use ${description}: its search_path names no schema that exists, so the ledger has nowhere to create its tables.`);
  }
  return new PostgresEngine(pool, config, schema, description, scrub, options);
}

/** The password as written in the URL and as decoded, wherever it appears. */
function passwordsIn(url: string): string[] {
  const found: string[] = [];
  try {
    const parsed = new URL(url);
    for (const raw of [parsed.password, ...[...parsed.searchParams].filter(([name]) => /pass/i.test(name)).map(([, v]) => v)]) {
      if (!raw) continue;
      found.push(raw);
      try {
        found.push(decodeURIComponent(raw));
      } catch {
        // Not percent-encoded after all: the raw form is enough.
      }
    }
  } catch {
    // openLedger only gets URLs that config.ts parsed.
  }
  return [...new Set(found)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

class PostgresEngine implements Engine {
  readonly name = 'postgres' as const;
  readonly db: Kysely<LedgerDatabase>;
  readonly pollIntervalMs = 500;
  private readonly listeners = new Set<(signal: string) => void>();
  private listening: Promise<pg.Client> | null = null;
  private closed = false;

  constructor(
    pool: pg.Pool,
    private readonly config: pg.PoolConfig,
    readonly migrationTableSchema: string,
    readonly description: string,
    readonly scrub: (text: string) => string,
    private readonly options: EngineOptions,
  ) {
    this.db = new Kysely<LedgerDatabase>({ dialect: new PostgresDialect({ pool }) });
  }

  async insertOperation(operation: Insertable<OperationTable>, changes: Insertable<ChangeTable>[]): Promise<void> {
    const insertOperation = this.db.insertInto('ledger_operation').values(operation);
    if (changes.length === 0) {
      await insertOperation.execute();
      return;
    }
    // Data-modifying CTEs always run to completion, and the foreign key is
    // checked at the end of the statement, when both inserts are done.
    await this.db
      .with('operation', () => insertOperation.returning('id'))
      .insertInto('ledger_change')
      .columns(['operation_id', 'seq', 'target_id', 'target_kind', 'principal_id', 'access_before', 'access_after', 'change', 'success', 'error_code'])
      .expression(
        sql`select operation_id, seq, target_id, target_kind, principal_id, access_before, access_after, change, success, error_code
            from jsonb_to_recordset(${JSON.stringify(changes)}::jsonb)
            as x(operation_id text, seq integer, target_id text, target_kind text, principal_id text, access_before text, access_after text, change text, success integer, error_code text)`,
      )
      .execute();
  }

  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
    return query.forUpdate().skipLocked();
  }

  async writeAndNotify(write: KeyWrite, signal: string): Promise<number> {
    const rows = await this.db
      .with('written', () => write)
      .selectFrom('written')
      .select(sql<string>`pg_notify(${CHANNEL}, ${signal})`.as('notified'))
      .execute();
    return rows.length;
  }

  async subscribe(listener: (signal: string) => void): Promise<() => void> {
    this.listeners.add(listener);
    const unsubscribe = () => {
      this.listeners.delete(listener);
    };
    // Waiters still poll: a LISTEN that fails (reported by `listen`) only makes them slower to wake.
    await this.listen().catch(() => undefined);
    return unsubscribe;
  }

  /** One LISTEN connection per store, opened on first use and again after it drops. */
  private listen(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('ledger closed'));
    if (this.listening) return this.listening;
    const client = new pg.Client(this.config);
    const dropped = (err?: Error) => {
      if (this.listening === attempt) this.listening = null;
      if (err && !this.closed) this.options.onBackgroundError?.(new Error(this.scrub(messageOf(err))));
      client.end().catch(() => undefined);
    };
    client.on('error', dropped);
    client.on('end', () => dropped());
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || message.payload === undefined) return;
      for (const listener of this.listeners) listener(message.payload);
    });
    const attempt = client
      .connect()
      .then(() => client.query(`listen ${CHANNEL}`))
      .then(() => client);
    attempt.catch((err: Error) => dropped(err));
    this.listening = attempt;
    return attempt;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    const listening = this.listening;
    this.listening = null;
    if (listening) await listening.then((c) => c.end()).catch(() => undefined);
    await this.db.destroy();
  }
}
