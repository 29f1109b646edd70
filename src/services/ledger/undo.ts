/**
 * Mutation.undoOperation: puts back, target by target, the access each
 * successful change of a recorded operation found, where the target still
 * shows what the operation left (CONFLICT otherwise, nothing sent for it).
 *
 * Only the caller that made the operation (by the names the ledger records,
 * identity.ts) or the operator token may undo it: anyone else gets
 * FORBIDDEN before anything is sent. The undo writes with the request's own
 * credential for the operation's backend. It is an operation of its own in
 * the ledger (`undoOf` naming the one it undoes), so it can be undone too.
 * With `dryRun`, nothing is written and each result says what would change.
 */
import { gatewayError } from '../../errors';
import type { ChangeRecord, OperationRecord } from '../../ledger';
import type { FolderBackendName } from '../../models';
import type { ArcgisSession } from '../../sessions/arcgis';
import type { FolderSession } from '../../sessions/folders';
import type { FolderSettings } from '../folders';
import { ledgerUnavailable } from './errors';
import type { LedgerContext } from './record';
import { undoFolderChanges } from './undo-folders';
import { undoItemChanges } from './undo-items';
import { isUndoable } from './undo-model';
import type { UndoResultModel } from './undo-model';

export type { UndoResultModel } from './undo-model';

export interface UndoInput {
  operationId: string;
  dryRun?: boolean | null;
}

export interface UndoPayloadModel {
  operationId: string;
  /** The undo's own operation; null on a dry run, when there was nothing to undo, or when recording it failed. */
  undoOperationId: string | null;
  results: UndoResultModel[];
}

/** The request's sessions, made only for the backend the operation was on. */
export interface UndoSessions {
  arcgis(): ArcgisSession;
  folder(backend: FolderBackendName): FolderSession;
}

export interface UndoTarget {
  /** The response path of the field, for a failed recording. */
  path: ReadonlyArray<string | number>;
}

async function operationOf(ledger: LedgerContext, id: string): Promise<OperationRecord> {
  let op: OperationRecord | null;
  try {
    op = await ledger.store.getOperation(id);
  } catch (err) {
    throw ledgerUnavailable(err);
  }
  if (!op) throw gatewayError('NOT_FOUND', 'The ledger holds no operation with this id (it may have been pruned)', { field: 'operationId' });
  return op;
}

async function checkMayUndo(ledger: LedgerContext, op: OperationRecord): Promise<void> {
  if (ledger.operator) return;
  const names = await ledger.identities.namesOn(op.backend);
  if (!names.includes(op.caller)) throw gatewayError('FORBIDDEN', 'Only the caller that made an operation, or the operator token, may undo it');
}

export async function undoOperation(ledger: LedgerContext, sessions: UndoSessions, input: UndoInput, settings: FolderSettings, target: UndoTarget): Promise<UndoPayloadModel> {
  const op = await operationOf(ledger, input.operationId);
  await checkMayUndo(ledger, op);
  const dryRun = input.dryRun === true;
  const changes = op.changes.filter(isUndoable);
  const caller = dryRun || changes.length === 0 ? null : ledger.identities.callerFor(op.backend);
  const results =
    changes.length === 0
      ? []
      : op.backend === 'ARCGIS'
        ? await undoItemChanges(sessions.arcgis(), changes, dryRun, settings.fanOutConcurrency)
        : await undoFolderChanges(sessions.folder(op.backend), changes, dryRun, settings);
  if (!caller) return { operationId: op.id, undoOperationId: null, results };
  try {
    const recorded = await ledger.store.recordOperation({
      backend: op.backend,
      mutation: 'undoOperation',
      caller: await caller,
      requestId: ledger.requestId,
      undoOf: op.id,
      changes: results.map((r, i) => undoneChange(changes[i]!, r)),
    });
    return { operationId: op.id, undoOperationId: recorded.id, results };
  } catch (err) {
    ledger.failures.push({ path: target.path, mutation: 'undoOperation' });
    ledger.onWriteFailed(err, 'operation');
    return { operationId: op.id, undoOperationId: null, results };
  }
}

function undoneChange(c: ChangeRecord, r: UndoResultModel): ChangeRecord {
  return {
    targetId: c.targetId,
    targetKind: c.targetKind ?? null,
    principalId: c.principalId,
    before: r.before,
    after: r.after,
    change: r.change,
    success: r.success,
    errorCode: r.error?.code ?? null,
  };
}
