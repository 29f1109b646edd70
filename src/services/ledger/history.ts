/**
 * Query.sharingHistory: a page of recorded operations, newest first. A
 * caller sees the operations recorded under its own names (identity.ts: the
 * ArcGIS user name and each credential's fingerprint); the operator token
 * sees them all. The cursor is the store's, on (time, id), so a page read
 * while others are recorded neither repeats nor skips one.
 */
import { LedgerInputError } from '../../ledger';
import type { HistoryFilter, HistoryPage, HistoryScope } from '../../ledger';
import { badInput } from '../../errors';
import type { LedgerContext } from './record';
import { ledgerUnavailable } from './errors';

export interface HistoryInput {
  filter?: HistoryFilter | null;
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_HISTORY_PAGE = 50;

export async function sharingHistory(ledger: LedgerContext, input: HistoryInput): Promise<HistoryPage> {
  const scope: HistoryScope = ledger.operator ? { operator: true } : { operator: false, callers: await ledger.identities.all() };
  try {
    return await ledger.store.history(input.filter ?? {}, scope, input.first ?? DEFAULT_HISTORY_PAGE, input.after);
  } catch (err) {
    if (err instanceof LedgerInputError) throw badInput(err.field, err.message);
    throw ledgerUnavailable(err);
  }
}
