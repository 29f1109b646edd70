/**
 * Recording a write in the sharing ledger, in one place: every mutation
 * resolver runs its write through `recordWrite`, which
 * - asks for a traced write (`track`: the service reads what it needs to say
 *   what changed) only when the ledger will record it, so that LEDGER=off
 *   and dry runs do exactly what they did without a ledger;
 * - names the caller (identity.ts) while the write runs, not after it;
 * - stores the operation and its changes, one database round trip, after the
 *   write and before the answer, whose `operationId` it is;
 * - never loses the write's result to the ledger: if storing fails, the
 *   answer goes out with a null `operationId`, the response carries
 *   `extensions.LEDGER_WRITE_FAILED` (src/server.ts adds it from
 *   `failures`), and `gateway_ledger_write_failures_total` counts it.
 * Nothing recorded holds a credential, an upstream body or a message to
 * recipients: only ids, roles, levels, codes and the caller's name.
 */
import type { ChangeRecord, LedgerStore, LedgerTargetKind } from '../../ledger';
import type { AccessChangeModel, BackendName, FolderShareResultModel, ItemShareResultModel } from '../../models';
import type { CallerIdentities } from './identity';

/** A write the ledger could not record, as the response's LEDGER_WRITE_FAILED extension lists it. */
export interface LedgerWriteFailure {
  /** The response path of the mutation field, e.g. `["shareItems"]`. */
  path: ReadonlyArray<string | number>;
  mutation: string;
}

/** The request's view of the ledger (made per request in src/context.ts). */
export interface LedgerContext {
  store: LedgerStore;
  /** `X-Gateway-Admin-Token` is the `ADMIN_TOKEN`: sees every caller's history, may undo any operation. */
  operator: boolean;
  identities: CallerIdentities;
  requestId: string;
  /** Writes of this request the ledger failed to record. */
  failures: LedgerWriteFailure[];
  /** Counts a failed ledger write (the metric) and notes why (the log). */
  onWriteFailed(err: unknown, what: 'operation' | 'idempotency'): void;
}

/** A write to run and record: `V` is what the service answers, `P` the payload with its operation id. */
export interface WriteToRecord<V, P> {
  backend: BackendName;
  /** The GraphQL field, e.g. `shareItems`. */
  mutation: string;
  /** What the targets are: ITEM (ArcGIS), or the folder mutation's targetKind; an undo writes back to the same kind. */
  targetKind: LedgerTargetKind;
  /** The field's response path, for the failure notice. */
  path: ReadonlyArray<string | number>;
  dryRun: boolean;
  /** Runs the write; with `track`, its results must carry what changed. */
  run(track: boolean): Promise<V>;
  /** The changes to record, from what `run` returned. */
  changes(value: V): readonly AccessChangeModel[];
  /** The payload: what `run` returned with the operation id (null when nothing was recorded). */
  withOperationId(value: V, operationId: string | null): P;
}

/** Runs a write and records it; see the module comment. */
export async function recordWrite<V, P>(ledger: LedgerContext | null, write: WriteToRecord<V, P>): Promise<P> {
  if (!ledger || write.dryRun) return write.withOperationId(await write.run(false), null);
  const caller = ledger.identities.callerFor(write.backend);
  const value = await write.run(true);
  let operationId: string | null = null;
  try {
    const recorded = await ledger.store.recordOperation({
      backend: write.backend,
      mutation: write.mutation,
      caller: await caller,
      requestId: ledger.requestId,
      changes: write.changes(value).map((c) => toRecord(c, write.targetKind)),
    });
    operationId = recorded.id;
  } catch (err) {
    ledger.failures.push({ path: write.path, mutation: write.mutation });
    ledger.onWriteFailed(err, 'operation');
  }
  return write.withOperationId(value, operationId);
}

function toRecord(c: AccessChangeModel, targetKind: LedgerTargetKind): ChangeRecord {
  return { targetId: c.targetId, targetKind, principalId: c.principalId, before: c.before, after: c.after, change: c.change, success: c.success, errorCode: c.errorCode };
}

/** What an ArcGIS write changed: each traced result's changes, in input order. */
export function itemChanges(results: readonly ItemShareResultModel[]): AccessChangeModel[] {
  return results.flatMap((r) => r.changes ?? []);
}

/**
 * What a folder write changed, one change per recipient in input order: the
 * role before, as the write read it, and the role after, which is the role
 * asked for where it succeeded and changed something (NONE: no access), and
 * the role before otherwise.
 */
export function folderChanges(folderId: string, results: readonly FolderShareResultModel[]): AccessChangeModel[] {
  return results.map((r) => {
    const before = r.before ?? null;
    const asked = r.role === 'NONE' ? null : r.role;
    const after = r.success && r.change !== 'UNCHANGED' ? asked : before;
    return { targetId: folderId, principalId: r.recipientId, before, after, change: r.change, success: r.success, errorCode: r.error?.code ?? null };
  });
}
