/**
 * The OCM Documents REST API v1.1 endpoints the gateway uses, answering in
 * the documented shapes: string `count` and `errorCode`, `{errorCode,
 * errorKey, errorMessage}` on errors, HTTP 400/401/403/404 as the v1.1 pages
 * list them. Where the docs leave a choice open, the comment says which way
 * this simulator goes.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/api-Shares.html
 */
import { authorizationValue } from '../kit';
import type { SimRequest, SimResponse, SimServer } from '../kit';
import { isOcmRole } from './state';
import type { OcmFolder, OcmState, OcmUser } from './state';

export const OCM_BASE_PATH = '/documents/api/1.1';

export const OCM_SIM_ROUTES = {
  share: `${OCM_BASE_PATH}/shares/:folderId`,
  shareItems: `${OCM_BASE_PATH}/shares/:folderId/items`,
  revokeUser: `${OCM_BASE_PATH}/shares/:folderId/user`,
  users: `${OCM_BASE_PATH}/users/items`,
  folder: `${OCM_BASE_PATH}/folders/:folderId`,
} as const;

type Json = Record<string, unknown>;

/**
 * An OCM error body. errorKey values are not documented; these are our own.
 * The messages never repeat what the caller sent.
 */
function ocmError(status: number, errorCode: string, errorKey: string, errorMessage: string, headers?: Record<string, string>): SimResponse {
  return { status, body: { errorCode, errorKey, errorMessage }, headers };
}

/**
 * The docs give no errorCode for a refused credential; -1 ("general failure,
 * returned when a more specific status code is not available") is the only
 * fit. A real tenant's identity gateway may answer 401 with no OCM body at all.
 */
const UNAUTHORIZED = () =>
  ocmError(401, '-1', 'errorUnauthorized', 'The request has no valid credential.', { 'www-authenticate': 'Bearer realm="OCM", Basic realm="OCM"' });
const FOLDER_NOT_FOUND = () => ocmError(404, '-16', 'errorFolderNotFound', 'The folder does not exist.');
const NO_PRIVILEGE = () => ocmError(403, '-20', 'errorInsufficientPrivilege', 'The user does not have sufficient privileges to perform this operation.');
const BAD_REQUEST = (what: string) => ocmError(400, '-1', 'errorBadRequest', `Request parameters are not formatted correctly: ${what}.`);

function userJson(user: OcmUser, withLogin = true): Json {
  return withLogin
    ? { id: user.id, displayName: user.displayName, loginName: user.loginName, type: 'user' }
    : { id: user.id, displayName: user.displayName, type: 'user' };
}

/** The JSON object body, `{}` for none, or null when it is not a JSON object. */
function jsonObject(req: SimRequest): Json | null {
  if (req.body.trim() === '') return {};
  try {
    const value = req.json();
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : null;
  } catch {
    return null;
  }
}

const ownString = (body: Json, key: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(body, key) && typeof body[key] === 'string' ? (body[key] as string) : undefined;

function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

type Authed = (req: SimRequest, caller: OcmUser) => SimResponse;

function authed(state: OcmState, handler: Authed): (req: SimRequest) => SimResponse {
  return (req) => {
    const caller = state.authenticate(authorizationValue(req.headers));
    return caller ? handler(req, caller) : UNAUTHORIZED();
  };
}

/** The folder and the caller's right to see it: 404 before 403, as the pages list them. */
function readableFolder(state: OcmState, req: SimRequest, caller: OcmUser): OcmFolder | SimResponse {
  const folder = state.folder(req.params.folderId ?? '', caller);
  if (!folder) return FOLDER_NOT_FOUND();
  if (state.accessOf(folder, caller.id) === null) return NO_PRIVILEGE();
  return folder;
}

const isResponse = (v: OcmFolder | SimResponse): v is SimResponse => 'status' in v;

export function registerOcmRoutes(sim: SimServer, state: OcmState): void {
  /**
   * POST shares/{folderId} with `{userID, role, message}`; answers
   * `{id, role, type:"share", errorCode:"0", user}` (the v1.1 PUT role answer,
   * which the v1.1 POST page describes as "share information along with user
   * information"). Sharing again with a member changes their role. An unknown
   * userID is a 400 ("request parameters are not formatted correctly"): v1.1
   * keeps 404 for "Folder ID is not found" (v1.2 would say 403). userID may be
   * a GUID or, as v1.2 documents, a login name; groups are not simulated (it
   * is UNCONFIRMED whether v1.1 accepts group GUIDs).
   */
  sim.route(
    'POST',
    OCM_SIM_ROUTES.share,
    authed(state, (req, caller) => {
      const body = jsonObject(req);
      if (!body) return BAD_REQUEST('the body is not a JSON object');
      const userID = ownString(body, 'userID');
      const role = ownString(body, 'role');
      if (!userID) return BAD_REQUEST('userID is required');
      if (!isOcmRole(role)) return BAD_REQUEST('role must be viewer, downloader, contributor or manager');
      const folder = readableFolder(state, req, caller);
      if (isResponse(folder)) return folder;
      if (!state.mayManage(folder, caller.id)) return NO_PRIVILEGE();
      const user = state.user(userID);
      if (!user) return BAD_REQUEST('userID does not name a user');
      // The owner already has full access; OCM's answer here is undocumented, this one refuses.
      if (user.id === folder.ownerId) return BAD_REQUEST('the owner cannot be added as a member');
      state.share(folder, user.id, role);
      return { status: 200, body: { errorCode: '0', id: folder.id, role, type: 'share', user: userJson(user, false) } };
    }),
  );

  /**
   * GET shares/{folderId}/items: the direct shares, plus those inherited from
   * parent folders unless `currentOnly` is true. The v1.1 page lists
   * currentOnly as a body field but its example sends `?currentOnly=true`;
   * both are read here, the query winning. With no shares, `items` is an
   * empty list (undocumented; users/items omits it instead).
   */
  sim.route(
    'GET',
    OCM_SIM_ROUTES.shareItems,
    authed(state, (req, caller) => {
      const folder = readableFolder(state, req, caller);
      if (isResponse(folder)) return folder;
      const body = jsonObject(req) ?? {};
      const fromQuery = req.query.get('currentOnly');
      const currentOnly = fromQuery !== null ? truthy(fromQuery) : truthy(body.currentOnly);
      const items = state.shares(folder, currentOnly).map((e) => ({ type: 'share', role: e.role, user: userJson(e.user) }));
      return { status: 200, body: { count: String(items.length), id: folder.id, type: 'share', errorCode: '0', items } };
    }),
  );

  /**
   * DELETE shares/{folderId}/user with a JSON body `{userID, message}` (v1.2
   * moved both to the query string; a query userID is read when the body has
   * none). Answers `{id, type:"share", errorCode:"0"}`. Removing a user who
   * has no direct share succeeds and changes nothing: the docs do not say
   * (UNCONFIRMED), and this keeps the call idempotent.
   */
  sim.route(
    'DELETE',
    OCM_SIM_ROUTES.revokeUser,
    authed(state, (req, caller) => {
      const body = jsonObject(req);
      if (!body) return BAD_REQUEST('the body is not a JSON object');
      const userID = ownString(body, 'userID') ?? req.query.get('userID') ?? '';
      if (userID === '') return BAD_REQUEST('userID is required');
      const folder = readableFolder(state, req, caller);
      if (isResponse(folder)) return folder;
      if (!state.mayManage(folder, caller.id)) return NO_PRIVILEGE();
      const user = state.user(userID);
      if (user) state.revoke(folder, user.id);
      return { status: 200, body: { id: folder.id, type: 'share', errorCode: '0' } };
    }),
  );

  /**
   * GET users/items?info=: `{count, errorCode:"0", items:[{id, displayName,
   * loginName, type:"user"}]}`; no match gives count "0" and no `items`; a
   * missing or empty `info` is a 400, as documented.
   */
  sim.route(
    'GET',
    OCM_SIM_ROUTES.users,
    authed(state, (req) => {
      const info = req.query.get('info');
      if (info === null || info.trim() === '') return BAD_REQUEST('info is required');
      const users = state.searchUsers(info.trim());
      if (users.length === 0) return { status: 200, body: { count: '0', errorCode: '0' } };
      return { status: 200, body: { count: String(users.length), errorCode: '0', items: users.map((u) => userJson(u)) } };
    }),
  );

  /**
   * GET folders/{folderId}: the folder definition `{type, id, parentID, name,
   * ownedBy, createdBy, modifiedBy, …, errorCode:"0"}`, each person a user
   * object. The gateway reads `ownedBy`, since the share list leaves the owner
   * out. Collections are answered here too (UNCONFIRMED for a live server,
   * which may keep them apart). `self` is the caller's home folder.
   */
  sim.route(
    'GET',
    OCM_SIM_ROUTES.folder,
    authed(state, (req, caller) => {
      const folder = readableFolder(state, req, caller);
      if (isResponse(folder)) return folder;
      const owner = state.users.get(folder.ownerId);
      const ownerJson = owner ? userJson(owner) : null;
      return {
        status: 200,
        body: {
          type: 'folder',
          id: folder.id,
          parentID: folder.parentId ?? 'self',
          name: folder.name,
          ownedBy: ownerJson,
          createdBy: ownerJson,
          modifiedBy: ownerJson,
          errorCode: '0',
        },
      };
    }),
  );
}
