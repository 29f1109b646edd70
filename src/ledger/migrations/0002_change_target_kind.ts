/**
 * What kind of target a change was on: ONLYOFFICE shares files as well as
 * folders (`targetKind: FILE`), through another route, so an undo must know
 * which one to write back to. Rows recorded before this column are null,
 * which reads as the backend's only kind then (an ArcGIS item, a folder).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ledger_change').addColumn('target_kind', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ledger_change').dropColumn('target_kind').execute();
}
