/**
 * The embedded engine: one SQLite file under `LEDGER_DIR`, through
 * better-sqlite3, so that `npm start` has a ledger with nothing to install.
 * Workers of one gateway (`WORKERS` > 1) are separate processes on the same
 * file: WAL lets them read while one writes, and the busy timeout makes a
 * writer wait for the file's lock instead of failing.
 *
 * better-sqlite3 is synchronous, and its busy wait blocks the event loop.
 * So no lock is ever held across an `await`: every write is one statement
 * or one synchronous transaction, and a second process waits at most for
 * that. (Two stores on one file in one process would wait on each other's
 * locks with the loop blocked; the gateway opens one per process.)
 */
import { mkdirSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Statement, Transaction } from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver, Insertable, SelectQueryBuilder } from 'kysely';
import type { Engine, EngineOptions, KeyWrite } from './engine';
import { LedgerOpenError, messageOf } from './errors';
import type { ChangeTable, LedgerDatabase, OperationTable } from './tables';

export const SQLITE_FILE = 'ledger.sqlite';
/** How long a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/** The columns of an operation row and of a change row, in the order their prepared INSERTs bind them. */
const OPERATION_COLUMNS = ['id', 'at', 'backend', 'mutation', 'caller', 'request_id', 'undo_of'] as const;
const CHANGE_COLUMNS = ['operation_id', 'seq', 'target_id', 'target_kind', 'principal_id', 'access_before', 'access_after', 'change', 'success', 'error_code'] as const;
/** How often the WAL is copied back into the database file (see checkpointEvery). */
export const CHECKPOINT_INTERVAL_MS = 1000;
/** What the WAL file is cut back to once checkpointed, so that one large batch does not keep its size on disk. */
const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Kysely's SQLite adapter says DDL is not transactional and takes no
 * migration lock, which is right for one connection but lets two workers
 * starting at once both run a migration. SQLite's DDL is transactional,
 * though, so the migrator may run each batch in a transaction, and that
 * transaction begins IMMEDIATE: it takes the file's write lock first, so a
 * second worker waits, then finds the migrations done.
 */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateTransactionDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class LedgerSqliteDialect extends SqliteDialect {
  constructor(private readonly database: Database.Database) {
    super({ database });
  }
  override createDriver(): Driver {
    return new ImmediateTransactionDriver({ database: this.database });
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

export interface SqliteEngineOptions extends EngineOptions {
  /** How often the WAL is copied back into the file (checkpointEvery). @default CHECKPOINT_INTERVAL_MS */
  checkpointIntervalMs?: number;
}

export function openSqliteEngine(dir: string, options: SqliteEngineOptions = {}): Promise<Engine> {
  const file = path.resolve(dir, SQLITE_FILE);
  const description = `the SQLite ledger in LEDGER_DIR (${file})`;
  let database: Database.Database;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    database = new Database(file);
    // The busy timeout first: switching to WAL takes the file's lock, and a
    // second process (a worker starting beside another) found it taken and
    // failed at once with "database is locked" instead of waiting for it.
    database.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // WAL: readers in other workers do not wait for a writer. NORMAL is safe
    // in WAL (an app crash loses nothing; a power cut at most the last commits).
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    // Off by default in SQLite; pruning an operation deletes its changes by cascade.
    database.pragma('foreign_keys = ON');
    // No checkpoint inside a commit: the engine checkpoints on a timer instead (checkpointEvery).
    database.pragma('wal_autocheckpoint = 0');
    database.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  } catch (err) {
    return Promise.reject(new LedgerOpenError(`Cannot open ${description}: ${messageOf(err)}. Set LEDGER_DIR to a writable folder, DATABASE_URL for PostgreSQL, or LEDGER=off.`));
  }
  const checkpoints = checkpointEvery(database, options.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS, options.onBackgroundError ?? (() => undefined));
  return Promise.resolve(new SqliteEngine(database, description, checkpoints));
}

/**
 * Copies the WAL back into the database file every `ms`, on a timer that
 * does not keep the process alive.
 *
 * Why not SQLite's own automatic checkpoint: it runs inside the commit that
 * takes the WAL past 1,000 pages, and a checkpoint is where WAL mode with
 * synchronous=NORMAL syncs, the WAL and then the database file. That commit
 * was some request's, with the event loop blocked (better-sqlite3 is
 * synchronous) for the copy and two fsyncs: every 80 or so recorded
 * shareItems (12 pages each), and in the very commit of a 1,000-item batch
 * (20,000 change rows, 1,300 pages). A PASSIVE checkpoint a second copies
 * each page once however many commits rewrote it, syncs once, and waits for
 * no reader or writer; it is cheap when there is nothing to copy. Workers
 * of one gateway each run one; two at once is harmless (one reports busy
 * and copies nothing). Durability is what it was: a commit is in the WAL
 * either way, and the WAL on disk holds about a second of writes.
 */
function checkpointEvery(database: Database.Database, ms: number, onError: (err: unknown) => void): NodeJS.Timeout {
  const timer = setInterval(() => {
    try {
      database.pragma('wal_checkpoint(PASSIVE)');
    } catch (err) {
      onError(err);
    }
  }, ms);
  timer.unref();
  return timer;
}

/** The statements one recorded operation runs, prepared once per engine. */
interface Recorder {
  operation: Statement;
  change: Statement;
  transaction: Transaction<(operation: Insertable<OperationTable>, changes: Insertable<ChangeTable>[]) => void>;
}

class SqliteEngine implements Engine {
  readonly name = 'sqlite' as const;
  readonly db: Kysely<LedgerDatabase>;
  readonly migrationTableSchema = undefined;
  readonly pollIntervalMs = 50;
  /** Wakes waiters in this process at once; other processes see the change on their next poll. */
  private readonly signals = new EventEmitter().setMaxListeners(0);

  constructor(
    private readonly database: Database.Database,
    readonly description: string,
    private readonly checkpoints: NodeJS.Timeout,
  ) {
    this.db = new Kysely<LedgerDatabase>({ dialect: new LedgerSqliteDialect(database) });
  }

  private recorder: Recorder | null = null;

  /** Kysely writes each INSERT once (its quoting, its table names); better-sqlite3 prepares it once. */
  private prepareRecorder(): Recorder {
    // Every column bound to a placeholder (null here), in the order given.
    const prepared = (table: 'ledger_operation' | 'ledger_change', columns: readonly string[]) =>
      this.database.prepare(
        this.db
          .insertInto(table)
          .values(Object.fromEntries(columns.map((c) => [c, null])) as never)
          .compile().sql,
      );
    const operation = prepared('ledger_operation', OPERATION_COLUMNS);
    const change = prepared('ledger_change', CHANGE_COLUMNS);
    const transaction = this.database.transaction((op: Insertable<OperationTable>, changes: Insertable<ChangeTable>[]) => {
      operation.run(...OPERATION_COLUMNS.map((c) => op[c] ?? null));
      for (const row of changes) change.run(...CHANGE_COLUMNS.map((c) => row[c] ?? null));
    });
    return { operation, change, transaction };
  }

  /**
   * The operation, then each change through one prepared single-row INSERT,
   * in one transaction, every statement prepared once per engine.
   * better-sqlite3 runs a prepared statement in microseconds, where
   * compiling and preparing multi-row INSERTs for a 1,000-item share of 20
   * groups (20,000 rows) took half a second of the event loop, and compiling
   * and preparing the operation's INSERT and the transaction's wrapper for
   * every shareItem a twentieth of the CPU of a recorded one (both measured
   * with --cpu-prof).
   */
  insertOperation(operation: Insertable<OperationTable>, changes: Insertable<ChangeTable>[]): Promise<void> {
    // The executor turns a failed statement's throw into the rejection the Engine contract promises.
    return new Promise((resolve) => {
      this.recorder ??= this.prepareRecorder();
      // Synchronous, so nothing else runs between BEGIN IMMEDIATE and COMMIT.
      this.recorder.transaction.immediate(operation, changes);
      resolve();
    });
  }

  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O> {
    // A DELETE takes the whole file's write lock: there is nothing to skip.
    return query;
  }

  async writeAndNotify(write: KeyWrite, signal: string): Promise<number> {
    const rows = await write.execute();
    if (rows.length > 0) this.signals.emit('signal', signal);
    return rows.length;
  }

  subscribe(listener: (signal: string) => void): Promise<() => void> {
    this.signals.on('signal', listener);
    return Promise.resolve(() => this.signals.off('signal', listener));
  }

  scrub(text: string): string {
    return text;
  }

  async close(): Promise<void> {
    clearInterval(this.checkpoints);
    this.signals.removeAllListeners();
    // The last connection to close checkpoints the whole WAL into the file and removes it (SQLite's own rule).
    await this.db.destroy();
  }
}
