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
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver, Insertable, SelectQueryBuilder } from 'kysely';
import type { Engine, KeyWrite } from './engine';
import { LedgerOpenError, messageOf } from './errors';
import type { ChangeTable, LedgerDatabase, OperationTable } from './tables';

export const SQLITE_FILE = 'ledger.sqlite';
/** How long a writer waits for another process's lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
/** The columns of a change row, in the order the one prepared INSERT binds them. */
const CHANGE_COLUMNS = ['operation_id', 'seq', 'target_id', 'target_kind', 'principal_id', 'access_before', 'access_after', 'change', 'success', 'error_code'] as const;

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

export function openSqliteEngine(dir: string): Promise<Engine> {
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
  } catch (err) {
    return Promise.reject(new LedgerOpenError(`Cannot open ${description}: ${messageOf(err)}. Set LEDGER_DIR to a writable folder, DATABASE_URL for PostgreSQL, or LEDGER=off.`));
  }
  return Promise.resolve(new SqliteEngine(database, description));
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
  ) {
    this.db = new Kysely<LedgerDatabase>({ dialect: new LedgerSqliteDialect(database) });
  }

  private insertChange: Database.Statement | null = null;

  /**
   * The operation, then each change through one prepared single-row INSERT,
   * in one transaction. better-sqlite3 runs a prepared statement in
   * microseconds, where compiling and preparing multi-row INSERTs for a
   * 1,000-item share of 20 groups (20,000 rows) took half a second of the
   * event loop (measured with --cpu-prof).
   */
  insertOperation(operation: Insertable<OperationTable>, changes: Insertable<ChangeTable>[]): Promise<void> {
    // The executor turns a failed statement's throw into the rejection the Engine contract promises.
    return new Promise((resolve) => {
      const head = this.db.insertInto('ledger_operation').values(operation).compile();
      const insertChange = (this.insertChange ??= this.database.prepare(
        this.db
          .insertInto('ledger_change')
          .values(Object.fromEntries(CHANGE_COLUMNS.map((c) => [c, null])) as unknown as Insertable<ChangeTable>)
          .compile().sql,
      ));
      // Synchronous, so nothing else runs between BEGIN IMMEDIATE and COMMIT.
      this.database
        .transaction(() => {
          this.database.prepare(head.sql).run(...head.parameters);
          for (const row of changes) insertChange.run(...CHANGE_COLUMNS.map((c) => row[c] ?? null));
        })
        .immediate();
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
    this.signals.removeAllListeners();
    await this.db.destroy();
  }
}
