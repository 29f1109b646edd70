/**
 * OCM failures to ShareErrorCode. OCM reports errors with an HTTP status and
 * a body `{errorCode, errorKey, errorMessage}`, errorCode "0" meaning success
 * and -1…-99 an error; some answers are HTTP 200 with a non-zero errorCode.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/Error-Messages.html
 */
import { UpstreamHttpError, backendLabel, upstreamHttpError } from '../../errors';
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

/**
 * A 1.2 write (share, role, revoke) refused with 403 as a whole. The page
 * gives two causes, a caller without the permission and "a problem with one
 * or more supplied users or groups"; `bodyCode` keeps the body's errorCode
 * (-20 is documented as insufficient privilege) so that a lone refused id
 * can be told from a refused caller.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-post.html
 */
export class OcmRefusedCallError extends UpstreamHttpError {
  override name = 'OcmRefusedCallError';
  constructor(
    code: ShareErrorCode,
    readonly bodyCode: number | null,
  ) {
    super(code, 'OCM', upstreamHttpError('OCM', code, 403).message, 403);
  }
}

/** The body errorCode OCM documents for insufficient privilege. */
export const OCM_NO_PRIVILEGE = -20;

/** A recipient OCM refused on its own: unknown to it, or one it cannot share with. */
export function refusedRecipient(): UpstreamHttpError {
  return new UpstreamHttpError('NOT_FOUND', 'OCM', `${backendLabel('OCM')} refused this user or group: it does not know it, or cannot share with it`, 403);
}

/** A member whose `isSuccessful` was "0": the call went through, but not for this member. */
export function memberNotApplied(): UpstreamHttpError {
  return new UpstreamHttpError('FORBIDDEN', 'OCM', `${backendLabel('OCM')} did not apply the change to this user or group`, null);
}

/** A recipient the answer's `members[]` does not mention, or one with an unreadable `isSuccessful`. */
export function memberUnconfirmed(): UpstreamHttpError {
  return new UpstreamHttpError('UPSTREAM_ERROR', 'OCM', `${backendLabel('OCM')} answered without saying whether this user or group was changed`, null);
}

/** The folder's owner as a share recipient: OCM gives owners full access, which no share changes. */
export function ownerUnchangeable(): UpstreamHttpError {
  return new UpstreamHttpError('FORBIDDEN', 'OCM', "The folder owner's access cannot be changed", null);
}
