/**
 * The sharing ledger: what the gateway records about every write, history,
 * and idempotency keys. Start with `openLedger(config)`; the contract is
 * `LedgerStore` (store.ts).
 */
export { openLedger } from './open';
export type { OpenLedgerOptions } from './open';
export { LedgerInputError, LedgerOpenError } from './errors';
export { FINGERPRINT_PREFIX, hashRequest, isOperatorToken } from './fingerprint';
export type { HashedRequest } from './fingerprint';
export { MAX_HISTORY_PAGE, isValidIdempotencyKey } from './kysely-store';
export type * from './store';
