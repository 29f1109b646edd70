/**
 * The sharing ledger's contract: what the gateway records about every write,
 * how it reads it back, and the idempotency keys that make a retried
 * mutation happen once. One implementation (kysely-store.ts) serves both
 * engines; what differs between PostgreSQL and SQLite lives in postgres.ts
 * and sqlite.ts.
 *
 * Nothing here holds a credential, an upstream body or a message sent to
 * recipients: callers are user names or keyed fingerprints
 * (fingerprint.ts), and a recorded response is the gateway's own answer.
 * Times are ISO 8601 UTC strings (`2024-03-01T12:00:00.000Z`).
 */
import type { ShareErrorCode } from '../errors';
import type { AccessChangeName, BackendName } from '../models';

export type LedgerTargetKind = 'ITEM' | 'FOLDER' | 'FILE';

/** One target of an operation: what a principal's access was, and became. */
export interface ChangeRecord {
  /** The item, folder or file id. */
  targetId: string;
  /**
   * What `targetId` names: an ArcGIS ITEM, a FOLDER, or an ONLYOFFICE FILE.
   * Null (rows recorded before the ledger kept it) reads as the backend's
   * first kind: ITEM on ArcGIS, FOLDER elsewhere.
   */
  targetKind?: LedgerTargetKind | null;
  /** The group, user, `everyone` or `org` whose access changed. */
  principalId: string;
  /** The role or level before the write; null when there was none. */
  before: string | null;
  /** The role or level asked for; null for a revoke. */
  after: string | null;
  change: AccessChangeName | null;
  success: boolean;
  errorCode: ShareErrorCode | null;
}

/** What a mutation hands to `recordOperation`. */
export interface OperationInput {
  backend: BackendName;
  /** The GraphQL field, e.g. `shareItems`. */
  mutation: string;
  /** The backend's user name where the gateway knows it, otherwise `fingerprint(…)` of the credential. */
  caller: string;
  requestId: string | null;
  /** The operation this one undoes, for `undoOperation`. */
  undoOf?: string | null;
  /** In input order; kept in that order. */
  changes: readonly ChangeRecord[];
  /** When it happened. @default now */
  at?: Date;
}

export interface OperationRecord {
  /** Returned as `operationId` on the mutation's payload. */
  id: string;
  /** ISO 8601 UTC, millisecond precision. */
  at: string;
  backend: BackendName;
  mutation: string;
  caller: string;
  requestId: string | null;
  undoOf: string | null;
  changes: ChangeRecord[];
}

/** `SharingHistoryFilter`: every field given must match. */
export interface HistoryFilter {
  backend?: BackendName | null;
  /** Operations with at least one change on this target (all their changes are returned). */
  targetId?: string | null;
  /** Operations with at least one change for this principal. */
  principalId?: string | null;
  operationId?: string | null;
  /** ISO 8601; operations at or after it. */
  since?: string | null;
  /** ISO 8601; operations strictly before it. */
  until?: string | null;
}

/** Who a caller is on one backend, as recorded in `OperationInput.caller`. */
export interface CallerIdentity {
  backend: BackendName;
  caller: string;
}

/**
 * Whose operations a history read may see: the operator (`ADMIN_TOKEN`) sees
 * all; anyone else only those recorded under one of its identities (a
 * request may carry a credential for each backend).
 */
export type HistoryScope = { operator: true } | { operator: false; callers: readonly CallerIdentity[] };

export interface HistoryEdge {
  /** Opaque; pass as `after` to read the page that follows. */
  cursor: string;
  node: OperationRecord;
}

export interface HistoryPage {
  /** Newest first. */
  edges: HistoryEdge[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** The gateway's own HTTP answer to a mutation, kept for replays. */
export interface RecordedResponse {
  status: number;
  /** Only the headers a replay needs (e.g. content-type); never a credential. */
  headers: Record<string, string>;
  body: string;
}

export interface IdempotencyRequest {
  /** Who sent it: the same key from two callers is two keys. */
  caller: string;
  /** The `Idempotency-Key` header, 1 to 200 printable characters. */
  key: string;
  /** `hashRequest(…)` of the operation and its variables. */
  requestHash: string;
}

/**
 * What `claimIdempotencyKey` found:
 * - `claimed`: this request runs the mutation, then calls `completeIdempotencyKey` (or `releaseIdempotencyKey`) with `token`.
 * - `replay`: the key is done; answer `response` again, send nothing upstream.
 * - `running`: another request (maybe on another instance) holds it; `waitForIdempotencyKey`.
 * - `reused`: the key was used for a different request: `IDEMPOTENCY_KEY_REUSED`.
 */
export type IdempotencyClaim = { outcome: 'claimed'; token: string } | { outcome: 'replay'; response: RecordedResponse } | { outcome: 'running' } | { outcome: 'reused' };

/** `waitForIdempotencyKey` ends in a claim that is not `running`, or in `timeout`. */
export type IdempotencyWait = Exclude<IdempotencyClaim, { outcome: 'running' }> | { outcome: 'timeout' };

export interface ClaimOptions {
  /**
   * A `running` claim older than this is taken to be abandoned (its instance
   * died) and may be claimed again. Give it more than the operation deadline.
   * @default 60000
   */
  leaseMs?: number;
}

export interface WaitOptions extends ClaimOptions {
  /** Give up after this long; `OPERATION_DEADLINE_MS` in the gateway. */
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface PruneResult {
  operations: number;
  idempotencyKeys: number;
}

export interface LedgerStore {
  readonly engineName: 'sqlite' | 'postgres';

  /** Stores one operation with its changes, atomically, in one round trip on PostgreSQL. */
  recordOperation(input: OperationInput): Promise<OperationRecord>;
  /** One operation regardless of caller (check the caller before acting on it), or null. */
  getOperation(id: string): Promise<OperationRecord | null>;
  /**
   * A page of operations, newest first. The cursor is on (at, id), so rows
   * inserted between two reads neither repeat nor hide rows of later pages.
   * Throws `LedgerInputError` on a bad cursor, time or `first`.
   */
  history(filter: HistoryFilter, scope: HistoryScope, first: number, after?: string | null): Promise<HistoryPage>;

  /** Atomically claims the key (INSERT … ON CONFLICT DO NOTHING), or says who has it. */
  claimIdempotencyKey(request: IdempotencyRequest, options?: ClaimOptions): Promise<IdempotencyClaim>;
  /** Records the response of a claimed key and wakes its waiters on every instance. False: the claim was lost (lease expired and taken over). */
  completeIdempotencyKey(request: IdempotencyRequest, token: string, response: RecordedResponse): Promise<boolean>;
  /** Gives a claimed key up without a response (nothing was done), so that a retry runs it. */
  releaseIdempotencyKey(request: IdempotencyRequest, token: string): Promise<void>;
  /** The recorded response of a done key with this hash, or null. */
  replayIdempotencyKey(request: IdempotencyRequest): Promise<RecordedResponse | null>;
  /** Waits while another request holds the key, then claims again: replay, claimed (its holder gave up), reused, or timeout. */
  waitForIdempotencyKey(request: IdempotencyRequest, options: WaitOptions): Promise<IdempotencyWait>;

  /** The keyed fingerprint of a credential (see fingerprint.ts), stable across restarts and instances. */
  fingerprint(backend: BackendName, credential: string): string;

  /** Deletes, in small batches, operations older than the retention and idempotency keys past their TTL. */
  prune(options?: { now?: Date; batchSize?: number }): Promise<PruneResult>;
  /** Stops background pruning and closes the connections. */
  close(): Promise<void>;
}
