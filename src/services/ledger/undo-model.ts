/**
 * What undoing one recorded change comes to, in the shape UndoResult takes,
 * plus the access before and after the undo for the undo's own record.
 */
import type { ChangeRecord } from '../../ledger';
import type { ShareErrorValue } from '../../errors';
import type { AccessChangeName } from '../../models';

export interface UndoResultModel {
  targetId: string;
  principalId: string;
  /** Done (or, on a dry run, would be done). */
  success: boolean;
  /** What the undo changes (or would change); null where it fails. */
  change: AccessChangeName | null;
  error: ShareErrorValue | null;
  /** The access found now: the operation's `after` unless it has changed since. */
  before: string | null;
  /** The access the undo leaves. */
  after: string | null;
}

/** The changes an undo puts back: those that succeeded and changed something. */
export function isUndoable(c: ChangeRecord): boolean {
  return c.success && (c.change === 'GRANTED' || c.change === 'UPGRADED' || c.change === 'DOWNGRADED' || c.change === 'REVOKED') && c.before !== c.after;
}

export const CONFLICT_MESSAGE = 'Changed since the operation: the access found now is not what the operation left, so the undo leaves it alone';

export function conflict(c: ChangeRecord, now: string | null, backend: ShareErrorValue['backend']): UndoResultModel {
  return {
    targetId: c.targetId,
    principalId: c.principalId,
    success: false,
    change: null,
    error: { code: 'CONFLICT', message: CONFLICT_MESSAGE, backend, upstreamCode: null },
    before: now,
    after: now,
  };
}

export function failed(c: ChangeRecord, error: ShareErrorValue, now: string | null = null): UndoResultModel {
  return { targetId: c.targetId, principalId: c.principalId, success: false, change: null, error, before: now, after: now };
}

/** The targets of `changes`, once each, in the order they first appear. */
export function targetsOf(changes: readonly ChangeRecord[]): string[] {
  return [...new Set(changes.map((c) => c.targetId))];
}
