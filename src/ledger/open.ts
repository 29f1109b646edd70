/**
 * Start-up: `openLedger(config)` picks the engine from the settings, creates
 * or migrates the schema (Kysely's Migrator, versioned migrations in
 * migrations/), settles the fingerprint key and starts background pruning.
 * A store it cannot reach or migrate stops start-up with a `LedgerOpenError`
 * naming the setting to fix (DATABASE_URL or LEDGER_DIR), never a password.
 *
 * The engines load lazily, so a gateway on SQLite never loads `pg`, and one
 * on PostgreSQL never loads the native SQLite addon; with `LEDGER=off` none
 * of it loads, Kysely included (13 MB of RSS once loaded).
 */
import type { Config } from '../config';
import type { Engine, EngineOptions } from './engine';
import { LedgerOpenError, messageOf } from './errors';
import { KyselyLedgerStore } from './kysely-store';
import { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrationProvider } from './migrations';
import type { LedgerStore } from './store';

export interface OpenLedgerOptions extends EngineOptions {
  /**
   * When background pruning runs; `false` leaves pruning to explicit `prune()` calls.
   * @default { firstAfterMs: 60000, everyMs: 3600000 }
   */
  backgroundPrune?: false | { firstAfterMs?: number; everyMs?: number };
  /** How often the embedded store copies its WAL back into its file (src/ledger/sqlite.ts). @default 1000 */
  checkpointIntervalMs?: number;
}

/** The ledger the settings ask for, migrated and ready; null with `LEDGER=off`. */
export async function openLedger(config: Pick<Config, 'ledger'>, options: OpenLedgerOptions = {}): Promise<LedgerStore | null> {
  const settings = config.ledger;
  if (!settings.enabled) return null;
  const engine = settings.databaseUrl ? await (await import('./postgres')).openPostgresEngine(settings.databaseUrl, options) : await (await import('./sqlite')).openSqliteEngine(settings.dir, options);
  let store: KyselyLedgerStore;
  try {
    await migrate(engine);
    store = await KyselyLedgerStore.create(engine, settings);
  } catch (err) {
    await engine.close().catch(() => undefined);
    throw err instanceof LedgerOpenError ? err : new LedgerOpenError(`Cannot use ${engine.description}: ${engine.scrub(messageOf(err))}`);
  }
  if (options.backgroundPrune !== false) {
    const report = options.onBackgroundError ?? (() => undefined);
    store.startPruning({ firstAfterMs: options.backgroundPrune?.firstAfterMs ?? 60_000, everyMs: options.backgroundPrune?.everyMs ?? 3_600_000 }, report);
  }
  return store;
}

/** Brings the schema to the latest migration; safe when several instances start at once (see the engines). */
export async function migrate(engine: Engine): Promise<void> {
  const { Migrator } = await import('kysely');
  const migrator = new Migrator({
    db: engine.db,
    provider: migrationProvider,
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    migrationTableSchema: engine.migrationTableSchema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new LedgerOpenError(`Cannot migrate ${engine.description}${failed ? ` (migration ${failed})` : ''}: ${engine.scrub(messageOf(error))}`);
  }
}
