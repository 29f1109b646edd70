/**
 * Every ledger migration, in order. Listed in code rather than read from the
 * folder so that the same list works from ts-jest (`.ts`) and from dist
 * (`.js`), and a bundler cannot drop one. Names are versions: append, never
 * rename or edit one that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as init from './0001_init';
import * as changeTargetKind from './0002_change_target_kind';

const MIGRATIONS: Record<string, Migration> = {
  '0001_init': init,
  '0002_change_target_kind': changeTargetKind,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};

/** Kysely's own bookkeeping tables, named for the ledger so that they sit beside any other app's. */
export const MIGRATION_TABLE = 'ledger_migration';
export const MIGRATION_LOCK_TABLE = 'ledger_migration_lock';
