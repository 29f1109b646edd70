/**
 * ArcGIS portal errors to ShareErrorCode. The portal usually answers errors
 * with HTTP 200 and `{"error":{"code","messageCode","message","details"}}`;
 * per-item failures inside shareItems come back as `results[].error`.
 *
 * `message` is localised (the portal answers in its user's language), so it
 * is read last: first the `messageCode`, which is the same in every language,
 * then a `code` precise enough on its own, and only then the English wording.
 * arcgis-rest-js reads `messageCode` before `code` the same way
 * (packages/arcgis-rest-request/src/utils/check-for-errors.ts).
 */
import { codeForHttpStatus } from '../../errors';
import type { ShareErrorCode } from '../../errors';

/** An `{error:{…}}` object of the portal, its fields read (and none of them trusted) by response.ts. */
export interface PortalError {
  code: number | null;
  messageCode: string | null;
  message: string;
}

/**
 * The messageCodes whose meaning does not depend on `code`. Both come with
 * code 400 (Esri/arcgis-rest-js: `COM_0003` in
 * packages/arcgis-rest-portal/test/sharing/helpers.test.ts, `CONT_0001` in
 * packages/arcgis-rest-developer-credentials/test/getApiKey.test.ts).
 */
const BY_MESSAGE_CODE: Record<string, ShareErrorCode> = {
  CONT_0001: 'NOT_FOUND', // item does not exist or is inaccessible
  COM_0003: 'NOT_FOUND', // group does not exist or is inaccessible
};

/**
 * GWM_0003 comes with code 499 ("Token Required":
 * packages/arcgis-rest-request/test/mocks/errors.ts `ArcGISServerTokenRequired`)
 * and with code 403 ("You do not have permissions…":
 * packages/arcgis-rest-portal/test/users/update.test.ts); arcgis-rest-js
 * raises an auth error for either. The code tells which; without a code that
 * decides, GWM_0003 means UNAUTHENTICATED.
 */
const AUTH_MESSAGE_CODE = 'GWM_0003';

/**
 * Codes the portal also uses for "something is wrong with this request" in
 * general (an unknown item is a 400 on a single call, a 500 inside a batch),
 * so they do not decide on their own.
 */
const GENERIC_CODES = new Set([400, 500]);

/** The portal reports a missing item or group with this wording (in English). */
const NOT_FOUND_WORDING = /does not exist or is inaccessible|not found/i;

export function arcgisErrorCode(error: PortalError): ShareErrorCode {
  const byMessageCode = error.messageCode === null ? undefined : BY_MESSAGE_CODE[error.messageCode];
  if (byMessageCode) return byMessageCode;
  // The portal's codes follow HTTP's, plus 498 (invalid token) and 499 (token required).
  if (error.code !== null && !GENERIC_CODES.has(error.code)) return codeForHttpStatus(error.code);
  if (error.messageCode === AUTH_MESSAGE_CODE) return 'UNAUTHENTICATED';
  if (NOT_FOUND_WORDING.test(error.message)) return 'NOT_FOUND';
  return error.code === null ? 'UPSTREAM_ERROR' : codeForHttpStatus(error.code);
}

/** The code a ShareError reports as `upstreamCode`: the portal's own, or 499 for a bare GWM_0003. */
export function arcgisUpstreamCode(error: PortalError): number | null {
  if (error.code !== null) return error.code;
  return error.messageCode === AUTH_MESSAGE_CODE ? 499 : null;
}
