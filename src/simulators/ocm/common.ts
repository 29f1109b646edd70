/**
 * What the OCM simulator's 1.1 and 1.2 routes share: the error bodies, the
 * credential check, the folder-and-access check, and reading a JSON body.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/Error-Messages.html
 */
import { authorizationValue, sleep } from '../kit';
import type { SimRequest, SimResponse } from '../kit';
import { isGroup } from './state';
import type { OcmFolder, OcmPrincipal, OcmState, OcmUser } from './state';

export type Json = Record<string, unknown>;

/**
 * An OCM error body. errorKey values are not documented; these are our own.
 * The messages never repeat what the caller sent.
 */
export function ocmError(status: number, errorCode: string, errorKey: string, errorMessage: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { errorCode, errorKey, errorMessage }, headers };
}

/**
 * The docs give no errorCode for a refused credential; -1 ("general failure,
 * returned when a more specific status code is not available") is the only
 * fit. A real tenant's identity gateway may answer 401 with no OCM body at all.
 */
export const UNAUTHORIZED = () => ocmError(401, '-1', 'errorUnauthorized', 'The request has no valid credential.', { 'www-authenticate': 'Bearer realm="OCM", Basic realm="OCM"' });
export const FOLDER_NOT_FOUND = () => ocmError(404, '-16', 'errorFolderNotFound', 'The folder does not exist.');
export const NO_PRIVILEGE = () => ocmError(403, '-20', 'errorInsufficientPrivilege', 'The user does not have sufficient privileges to perform this operation.');
export const BAD_REQUEST = (what: string) => ocmError(400, '-1', 'errorBadRequest', `Request parameters are not formatted correctly: ${what}.`);

/** A user as the share answers show one; `withLogin` for the list and users answers, which carry `loginName`. */
export function userJson(user: OcmUser, withLogin = true): Json {
  return withLogin ? { id: user.id, displayName: user.displayName, loginName: user.loginName, type: 'user' } : { id: user.id, displayName: user.displayName, type: 'user' };
}

/**
 * A user or a group. Groups have no login name; Oracle's toolkit tells them
 * apart by that (`results[i].user.loginName ? 'user' : 'group'`,
 * oracle/content-and-experience-toolkit sites/bin/document.js).
 */
export function principalJson(p: OcmPrincipal, withLogin = true): Json {
  return isGroup(p) ? { id: p.id, displayName: p.displayName, type: 'group' } : userJson(p, withLogin);
}

/** The JSON object body, `{}` for none, or null when it is not a JSON object. */
export function jsonObject(req: SimRequest): Json | null {
  if (req.body.trim() === '') return {};
  try {
    const value = req.json();
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

export const ownString = (body: Json, key: string): string | undefined => (Object.prototype.hasOwnProperty.call(body, key) && typeof body[key] === 'string' ? body[key] : undefined);

export function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

/**
 * `currentOnly` of `GET shares/{id}/items`: the pages list it as a body field
 * but their worked example sends `?currentOnly=true`; both are read, the
 * query winning.
 */
export function currentOnlyOf(req: SimRequest): boolean {
  const body = jsonObject(req) ?? {};
  const fromQuery = req.query.get('currentOnly');
  return fromQuery !== null ? truthy(fromQuery) : truthy(body.currentOnly);
}

type Authed = (req: SimRequest, caller: OcmUser) => SimResponse;

/** The credential check every route goes through; answers wait `state.latencyMs` first. */
export function authed(state: OcmState, handler: Authed): (req: SimRequest) => Promise<SimResponse> {
  return async (req) => {
    const stats = state.stats;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      const caller = state.authenticate(authorizationValue(req.headers));
      return caller ? handler(req, caller) : UNAUTHORIZED();
    } finally {
      stats.inFlight--;
    }
  };
}

/** The folder and the caller's right to see it: 404 before 403, as the pages list them. */
export function readableFolder(state: OcmState, req: SimRequest, caller: OcmUser): OcmFolder | SimResponse {
  const folder = state.folder(req.params.folderId ?? '', caller);
  if (!folder) return FOLDER_NOT_FOUND();
  if (state.accessOf(folder, caller.id) === null) return NO_PRIVILEGE();
  return folder;
}

export const isResponse = (v: OcmFolder | SimResponse): v is SimResponse => 'status' in v;
