/**
 * ArcGIS portal error codes to ShareErrorCode. The portal usually answers
 * errors with HTTP 200 and `{"error":{"code","message"}}`; per-item failures
 * inside shareItems come back as `results[].error`.
 */
import { codeForHttpStatus } from '../../errors';
import type { ShareErrorCode } from '../../errors';

/** The portal reports a missing item as a 400 or 500 with this wording. */
const NOT_FOUND_WORDING = /does not exist or is inaccessible|not found/i;

export function arcgisErrorCode(code: number | null, message: string): ShareErrorCode {
  if (NOT_FOUND_WORDING.test(message)) return 'NOT_FOUND';
  // The portal's error codes follow HTTP's, plus 498 (invalid token) and 499 (token required).
  return code === null ? 'UPSTREAM_ERROR' : codeForHttpStatus(code);
}
