/**
 * What differs between the two engines, and nothing else: the shared store
 * (kysely-store.ts) writes every query once, and asks its engine only for
 * these few things. postgres.ts and sqlite.ts implement it.
 */
import type { DeleteQueryBuilder, Insertable, Kysely, SelectQueryBuilder, UpdateQueryBuilder } from 'kysely';
import type { ChangeTable, LedgerDatabase, OperationTable } from './tables';

/** An update or delete of an idempotency key that returns the keys it wrote. */
export type KeyWrite =
  UpdateQueryBuilder<LedgerDatabase, 'ledger_idempotency', 'ledger_idempotency', { idempotency_key: string }> | DeleteQueryBuilder<LedgerDatabase, 'ledger_idempotency', { idempotency_key: string }>;

export interface Engine {
  readonly name: 'sqlite' | 'postgres';
  readonly db: Kysely<LedgerDatabase>;
  /** For messages: which store, named by its setting, never with a password. */
  readonly description: string;
  /** Where Kysely's migration tables go (PostgreSQL: the connection's current schema). */
  readonly migrationTableSchema: string | undefined;
  /** How often a waiter re-reads a key, in case a wake-up was missed or (SQLite) cannot cross processes. */
  readonly pollIntervalMs: number;

  /** An operation and its changes, all or nothing, without holding a lock across an await. */
  insertOperation(operation: Insertable<OperationTable>, changes: Insertable<ChangeTable>[]): Promise<void>;
  /** Marks the rows a pruner selects so that pruners on other instances skip them instead of waiting. */
  skipLocked<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Runs `write` and wakes `signal`'s waiters on every instance it can reach; the number of rows written. */
  writeAndNotify(write: KeyWrite, signal: string): Promise<number>;
  /** Calls `listener` with each signal; resolves once listening. */
  subscribe(listener: (signal: string) => void): Promise<() => void>;
  /** Removes the password from text about to go into a message. */
  scrub(text: string): string;
  close(): Promise<void>;
}

export interface EngineOptions {
  /** Errors outside any request (a dropped idle connection, a lost LISTEN): reported, never thrown. */
  onBackgroundError?: (err: unknown) => void;
}
