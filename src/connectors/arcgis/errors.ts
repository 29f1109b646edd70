/**
 * ArcGIS portal error codes to ShareErrorCode. The portal usually answers
 * errors with HTTP 200 and `{"error":{"code","message"}}`; per-item failures
 * inside shareItems come back as `results[].error`.
 */
import type { ShareErrorCode } from '../../errors';

const BY_CODE: Record<number, ShareErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  498: 'UNAUTHENTICATED', // invalid token
  499: 'UNAUTHENTICATED', // token required
};

/** The portal reports a missing item as a 400 or 500 with this wording. */
const NOT_FOUND_WORDING = /does not exist or is inaccessible|not found/i;

export function arcgisErrorCode(code: number | null, message: string): ShareErrorCode {
  if (NOT_FOUND_WORDING.test(message)) return 'NOT_FOUND';
  if (code === null) return 'UPSTREAM_ERROR';
  return BY_CODE[code] ?? 'UPSTREAM_ERROR';
}
