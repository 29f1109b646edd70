/**
 * OCM failures to ShareErrorCode. OCM reports errors with an HTTP status and
 * a body `{errorCode, errorKey, errorMessage}`, errorCode "0" meaning success
 * and -1…-99 an error; some answers are HTTP 200 with a non-zero errorCode.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/Error-Messages.html
 */
import type { ShareErrorCode } from '../../errors';

const BY_HTTP_STATUS = new Map<number, ShareErrorCode>([
  [400, 'BAD_REQUEST'],
  [401, 'UNAUTHENTICATED'],
  [403, 'FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [409, 'CONFLICT'],
  [429, 'RATE_LIMITED'],
]);

/** The body codes precise enough to override the status; -1 (general failure) is not. */
const BY_ERROR_CODE = new Map<number, ShareErrorCode>([
  [-16, 'NOT_FOUND'], // no such folder or file (usually with HTTP 404)
  [-17, 'CONFLICT'], // the same name already exists
  [-20, 'FORBIDDEN'], // insufficient privilege (usually with HTTP 403)
]);

/** `errorCode` is the numeric body code, or null when the body had none. */
export function ocmErrorCode(status: number, errorCode: number | null): ShareErrorCode {
  const byBody = errorCode === null ? undefined : BY_ERROR_CODE.get(errorCode);
  if (byBody) return byBody;
  return BY_HTTP_STATUS.get(status) ?? 'UPSTREAM_ERROR';
}
