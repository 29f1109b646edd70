/**
 * The ledger's tables as Kysely sees them (migrations/ creates them). Both
 * engines store the same types: times as fixed-width ISO 8601 UTC text,
 * which sorts like the instants it names, and booleans as 0/1 integers,
 * so that one set of queries and migrations serves PostgreSQL and SQLite.
 */

export interface OperationTable {
  id: string;
  at: string;
  backend: string;
  mutation: string;
  caller: string;
  request_id: string | null;
  undo_of: string | null;
}

export interface ChangeTable {
  operation_id: string;
  /** The change's place in the operation's input order. */
  seq: number;
  target_id: string;
  /** ITEM, FOLDER or FILE (migration 0002); null on rows recorded before it. */
  target_kind: string | null;
  principal_id: string;
  access_before: string | null;
  access_after: string | null;
  change: string | null;
  success: number;
  error_code: string | null;
}

export interface IdempotencyTable {
  caller: string;
  idempotency_key: string;
  request_hash: string;
  state: 'running' | 'done';
  /** Who holds a running claim; completing or releasing needs it. */
  token: string;
  created_at: string;
  /** A running claim past this is taken to be abandoned. */
  lease_until: string;
  response_status: number | null;
  response_headers: string | null;
  response_body: string | null;
}

export interface SettingTable {
  name: string;
  value: string;
  created_at: string;
}

export interface LedgerDatabase {
  ledger_operation: OperationTable;
  ledger_change: ChangeTable;
  ledger_idempotency: IdempotencyTable;
  ledger_setting: SettingTable;
}
