/**
 * The ledger's failures, as typed values. `LedgerOpenError` stops start-up
 * (the store cannot be reached or migrated); `LedgerInputError` is a bad
 * history argument, which the resolver turns into `BAD_USER_INPUT` naming
 * `field`. Neither message ever holds a password.
 */
export class LedgerOpenError extends Error {
  override name = 'LedgerOpenError';
  readonly code = 'LEDGER_UNAVAILABLE';
}

export class LedgerInputError extends Error {
  override name = 'LedgerInputError';
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The message of an unknown thrown value, for wrapping it in one of ours. */
export function messageOf(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return err.errors.map(messageOf).join('; ');
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}
