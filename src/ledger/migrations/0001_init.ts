/**
 * The first ledger schema. Written with Kysely's schema builder and only
 * types both engines share (text, integer), so the same migration runs on
 * PostgreSQL and SQLite; see tables.ts for why times are text.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ledger_operation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('backend', 'text', (c) => c.notNull())
    .addColumn('mutation', 'text', (c) => c.notNull())
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('undo_of', 'text')
    .execute();
  // History pages newest first on (at, id); retention deletes by `at`.
  await db.schema.createIndex('ledger_operation_at_id').on('ledger_operation').columns(['at', 'id']).execute();
  // A caller's own history.
  await db.schema.createIndex('ledger_operation_caller').on('ledger_operation').columns(['backend', 'caller', 'at', 'id']).execute();

  await db.schema
    .createTable('ledger_change')
    .addColumn('operation_id', 'text', (c) => c.notNull().references('ledger_operation.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('access_before', 'text')
    .addColumn('access_after', 'text')
    .addColumn('change', 'text')
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addPrimaryKeyConstraint('ledger_change_pk', ['operation_id', 'seq'])
    .execute();
  await db.schema.createIndex('ledger_change_target').on('ledger_change').columns(['target_id', 'operation_id']).execute();
  await db.schema.createIndex('ledger_change_principal').on('ledger_change').columns(['principal_id', 'operation_id']).execute();

  await db.schema
    .createTable('ledger_idempotency')
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('lease_until', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_headers', 'text')
    .addColumn('response_body', 'text')
    .addPrimaryKeyConstraint('ledger_idempotency_pk', ['caller', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('ledger_idempotency_created').on('ledger_idempotency').column('created_at').execute();

  await db.schema
    .createTable('ledger_setting')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['ledger_setting', 'ledger_idempotency', 'ledger_change', 'ledger_operation']) {
    await db.schema.dropTable(table).execute();
  }
}
