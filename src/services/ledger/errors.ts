/**
 * The ledger's operation errors, as clients see them: the ledger is off
 * (LEDGER_DISABLED), or its store failed to answer (LEDGER_UNAVAILABLE,
 * without the store's own message, which may name the database).
 */
import type { GraphQLError } from 'graphql';
import { gatewayError } from '../../errors';
import type { LedgerContext } from './record';

export function ledgerDisabled(): GraphQLError {
  return gatewayError('LEDGER_DISABLED', 'The sharing ledger is off on this gateway (LEDGER=off)');
}

export function ledgerUnavailable(cause: unknown): GraphQLError {
  const error = gatewayError('LEDGER_UNAVAILABLE', 'The sharing ledger cannot be read or written right now; try again shortly');
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/** The request's ledger, or LEDGER_DISABLED. */
export function requireLedger(ledger: LedgerContext | null): LedgerContext {
  if (!ledger) throw ledgerDisabled();
  return ledger;
}
