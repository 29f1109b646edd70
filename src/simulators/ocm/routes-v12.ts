/**
 * The OCM Documents REST API 1.2 sharing endpoints, served alongside 1.1 as
 * OCM does. What 1.2 changes: `userID` takes a user GUID, a login name, a
 * group GUID or a comma-separated list of them (at most 1,000); the answers
 * carry `members[]` with a per-member `isSuccessful`; a problem with any one
 * supplied user or group fails the whole call with 403; revoke takes query
 * parameters; the share list names groups and the folder's owner (`ownedBy`).
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/api-shares.html
 *
 * A whole-call 403 writes nothing here (every id is resolved before any
 * share changes). Whether a real server can leave part of a refused list
 * applied is UNCONFIRMED.
 */
import type { SimRequest, SimResponse, SimServer } from '../kit';
import { isGroup, isOcmRole } from './state';
import type { OcmFolder, OcmPrincipal, OcmState, OcmUser } from './state';
import type { OcmRole } from './seed';
import { NO_PRIVILEGE, authed, currentOnlyOf, isResponse, jsonObject, ownString, principalJson, readableFolder, userJson } from './common';
import type { Json } from './common';

export const OCM_V12_BASE_PATH = '/documents/api/1.2';

export const OCM_V12_SIM_ROUTES = {
  share: `${OCM_V12_BASE_PATH}/shares/:folderId`,
  role: `${OCM_V12_BASE_PATH}/shares/:folderId/role`,
  shareItems: `${OCM_V12_BASE_PATH}/shares/:folderId/items`,
  revokeUser: `${OCM_V12_BASE_PATH}/shares/:folderId/user`,
  users: `${OCM_V12_BASE_PATH}/users/items`,
} as const;

/** "no more than 1000 total IDs", on each of the three write pages. */
export const OCM_MAX_IDS_PER_CALL = 1000;

/**
 * 1.2 error bodies add `errorType`, `title` and `type` to errorCode, errorKey
 * and errorMessage, as the 400 example of the role page shows (Oracle's
 * toolkit prints `title`: sites/test/server/serverRest.js). The messages are
 * our own and never repeat what the caller sent.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-role-put.html
 */
function v12Error(status: number, errorCode: string, errorKey: string, errorMessage: string): SimResponse {
  return {
    status,
    body: { errorCode, errorKey, errorMessage, errorType: 'share', title: errorMessage, type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html' },
  };
}

/** The role page's own 400 example for a missing userID: errorCode -97, "Parameter 'dUserID' … is missing". */
const USER_ID_MISSING = (service: string) => v12Error(400, '-97', `!csRequiredServiceParameterMissing,dUserID,${service}`, `Parameter 'dUserID' required by service ${service} is missing.`);
const BAD_REQUEST_V12 = (what: string) => v12Error(400, '-1', 'errorBadRequest', `Request parameters are not formatted correctly: ${what}.`);

/**
 * "Forbidden if the user does not have read permission or there was a
 * problem with one or more supplied users or groups" (the 1.2 share page; the
 * role page says the same for editing). Which errorCode a real server sends
 * for the second case is UNCONFIRMED: -1 ("general failure, returned when a
 * more specific status code is not available") is used, so it differs from
 * the -20 of a caller who lacks the permission.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-post.html
 */
const BAD_MEMBER = () => v12Error(403, '-1', '!csUnableToShare!csUserOrGroupNotFound', 'There was a problem with one or more supplied users or groups.');

type Service = 'SHARE_FOLDER' | 'EDIT_SHARING_ROLE' | 'UNSHARE_FOLDER_USER';

/**
 * `userID` as a list: comma-separated, each entry trimmed (the 1.1 revoke
 * example itself sends `" U7ECC…"` with a leading space), a repeated id
 * taken once. An empty entry or more than 1,000 ids is a 400.
 */
function parseUserIds(raw: string | undefined, service: Service): string[] | SimResponse {
  if (raw === undefined || raw.trim() === '') return USER_ID_MISSING(service);
  const ids = raw.split(',').map((s) => s.trim());
  if (ids.some((id) => id === '')) return BAD_REQUEST_V12('userID has an empty entry');
  if (ids.length > OCM_MAX_IDS_PER_CALL) return BAD_REQUEST_V12(`userID names more than ${OCM_MAX_IDS_PER_CALL} users or groups`);
  return [...new Set(ids)];
}

const isList = (v: string[] | SimResponse): v is string[] => Array.isArray(v);

interface Resolved {
  /** As supplied in `userID`: `members[].id` is "User or group identifier as supplied in the request body's userID parameter". */
  asked: string;
  principal: OcmPrincipal;
}

/** Every id resolved, or the whole-call 403 when any one of them names nobody. */
function resolveAll(state: OcmState, ids: string[]): Resolved[] | SimResponse {
  const out: Resolved[] = [];
  for (const asked of ids) {
    const principal = state.principal(asked);
    if (!principal) return BAD_MEMBER();
    out.push({ asked, principal });
  }
  return out;
}

/**
 * One `members[]` entry: `{id, displayName, type, isSuccessful, provisioningStatus}`;
 * provisioningStatus is "Not returned if the type is group" (the revoke page).
 * Every simulated user is `active`.
 */
function memberJson(r: Resolved, ok: boolean): Json {
  const base: Json = { id: r.asked, displayName: r.principal.displayName, type: isGroup(r.principal) ? 'group' : 'user', isSuccessful: ok ? '1' : '0' };
  if (!isGroup(r.principal)) base.provisioningStatus = 'active';
  return base;
}

/**
 * The answer's `user`: the one member for a one-member call; for several,
 * the role page's multi-member example answers `{"id":"U6A0…,GS18003",
 * "type":"user"}`, the resolved ids joined, and so does this simulator.
 */
function userField(resolved: Resolved[]): Json {
  if (resolved.length === 1) return principalJson(resolved[0]!.principal, false);
  return { id: resolved.map((r) => r.principal.id).join(','), type: 'user' };
}

function writeAnswer(folder: OcmFolder, resolved: Resolved[], outcomes: boolean[], role?: OcmRole): SimResponse {
  const body: Json = { errorCode: '0', id: folder.id, members: resolved.map((r, i) => memberJson(r, outcomes[i]!)) };
  if (role) body.role = role;
  body.type = 'share';
  body.user = userField(resolved);
  return { status: 200, body };
}

/** The checks every 1.2 write makes, in the order the pages list their answers: 400, 404, 403. */
function prepareWrite(
  state: OcmState,
  req: SimRequest,
  caller: OcmUser,
  input: { userID: string | undefined; role?: unknown; needsRole: boolean },
  service: Service,
): { folder: OcmFolder; resolved: Resolved[]; role: OcmRole | undefined } | SimResponse {
  const ids = parseUserIds(input.userID, service);
  if (!isList(ids)) return ids;
  let role: OcmRole | undefined;
  if (input.needsRole) {
    if (!isOcmRole(input.role)) return BAD_REQUEST_V12('role must be viewer, downloader, contributor or manager');
    role = input.role;
  }
  const folder = readableFolder(state, req, caller);
  if (isResponse(folder)) return folder;
  if (!state.mayManage(folder, caller.id)) return NO_PRIVILEGE();
  const resolved = resolveAll(state, ids);
  if (!Array.isArray(resolved)) return resolved;
  return { folder, resolved, role };
}

const isPrepared = (v: ReturnType<typeof prepareWrite>): v is Exclude<ReturnType<typeof prepareWrite>, SimResponse> => !('status' in v);

export function registerOcmV12Routes(sim: SimServer, state: OcmState): void {
  /**
   * POST shares/{folderId} `{userID, role, message}`: shares with every
   * listed user and group at one role.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-post.html
   *
   * Per member, `isSuccessful` is "0" (nothing changed) for the folder's owner
   * and for a member already shared on this folder directly: the docs do not
   * say what either gets (UNCONFIRMED), and Oracle's own toolkit never POSTs
   * an existing member, it PUTs `/role` for them (sites/bin/document.js
   * shareFolder, `create: newMember`); a client that relies on POST to change
   * a role is caught here. A member with access only through a parent folder
   * gets a direct share.
   */
  sim.route(
    'POST',
    OCM_V12_SIM_ROUTES.share,
    authed(state, (req, caller) => {
      const body = jsonObject(req);
      if (!body) return BAD_REQUEST_V12('the body is not a JSON object');
      const prepared = prepareWrite(state, req, caller, { userID: ownString(body, 'userID'), role: body.role, needsRole: true }, 'SHARE_FOLDER');
      if (!isPrepared(prepared)) return prepared;
      const { folder, resolved, role } = prepared;
      const outcomes = resolved.map(({ principal }) => {
        if (principal.id === folder.ownerId || folder.members.has(principal.id)) return false;
        state.share(folder, principal.id, role!);
        return true;
      });
      return writeAnswer(folder, resolved, outcomes, role);
    }),
  );

  /**
   * PUT shares/{folderId}/role `{userID, role, message}`: the documented way
   * to change existing members' role, same list form and answer as POST.
   * "403 … if the user does not have manager permission or there was a
   * problem editing role for one or more user or group".
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-role-put.html
   *
   * A listed member with no direct share on this folder (nothing to edit;
   * access inherited from a parent is edited on the parent) and the owner get
   * `isSuccessful: "0"` (UNCONFIRMED: the page does not say).
   */
  sim.route(
    'PUT',
    OCM_V12_SIM_ROUTES.role,
    authed(state, (req, caller) => {
      const body = jsonObject(req);
      if (!body) return BAD_REQUEST_V12('the body is not a JSON object');
      const prepared = prepareWrite(state, req, caller, { userID: ownString(body, 'userID'), role: body.role, needsRole: true }, 'EDIT_SHARING_ROLE');
      if (!isPrepared(prepared)) return prepared;
      const { folder, resolved, role } = prepared;
      const outcomes = resolved.map(({ principal }) => {
        if (principal.id === folder.ownerId || !folder.members.has(principal.id)) return false;
        state.share(folder, principal.id, role!);
        return true;
      });
      return writeAnswer(folder, resolved, outcomes, role);
    }),
  );

  /**
   * DELETE shares/{folderId}/user?userID=…&message=…: 1.2 documents query
   * parameters (1.1 a JSON body). Oracle's toolkit still sends a JSON body
   * to the 1.2 route (sites/test/server/serverRest.js `_unshareFolder`), so a
   * body userID is read when the query has none. Answers `{errorCode, id,
   * members, type, user}` as the page's example does.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-user-delete.html
   *
   * An unknown id fails the whole call with 403 as on POST and PUT (the
   * revoke page's 403 wording is UNCONFIRMED). The owner gets "0"; a member
   * with no direct share gets "1" and nothing changes, so that a repeated
   * DELETE (the gateway retries it) answers as the first did (UNCONFIRMED).
   */
  sim.route(
    'DELETE',
    OCM_V12_SIM_ROUTES.revokeUser,
    authed(state, (req, caller) => {
      const body = jsonObject(req) ?? {};
      const userID = req.query.get('userID') ?? ownString(body, 'userID');
      const prepared = prepareWrite(state, req, caller, { userID, needsRole: false }, 'UNSHARE_FOLDER_USER');
      if (!isPrepared(prepared)) return prepared;
      const { folder, resolved } = prepared;
      const outcomes = resolved.map(({ principal }) => {
        if (principal.id === folder.ownerId) return false;
        state.revoke(folder, principal.id);
        return true;
      });
      return writeAnswer(folder, resolved, outcomes);
    }),
  );

  /**
   * GET shares/{folderId}/items: users and groups, direct and (unless
   * `currentOnly=true`) inherited from parents, and the owner apart as
   * `ownedBy`. Users carry `loginName` and `provisioningStatus`; groups
   * neither. As in 1.1 the entries do not say which are inherited.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-items-get.html
   */
  sim.route(
    'GET',
    OCM_V12_SIM_ROUTES.shareItems,
    authed(state, (req, caller) => {
      const folder = readableFolder(state, req, caller);
      if (isResponse(folder)) return folder;
      const items = state.shares(folder, currentOnlyOf(req)).map((e) => ({
        type: 'share',
        role: e.role,
        user: isGroup(e.principal) ? principalJson(e.principal) : { ...userJson(e.principal), provisioningStatus: 'active' },
      }));
      const owner = state.users.get(folder.ownerId);
      const body: Json = { count: String(items.length), id: folder.id, type: 'share', errorCode: '0', items };
      if (owner) body.ownedBy = userJson(owner);
      return { status: 200, body };
    }),
  );

  /**
   * GET users/items?info=: as in 1.1 (Oracle's toolkit looks users up here:
   * sites/test/server/serverRest.js `_getUser`).
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-users-items-get.html
   */
  sim.route(
    'GET',
    OCM_V12_SIM_ROUTES.users,
    authed(state, (req) => {
      const info = req.query.get('info');
      if (info === null || info.trim() === '') return BAD_REQUEST_V12('info is required');
      const users = state.searchUsers(info.trim());
      if (users.length === 0) return { status: 200, body: { count: '0', errorCode: '0' } };
      return { status: 200, body: { count: String(users.length), errorCode: '0', items: users.map((u) => userJson(u)) } };
    }),
  );
}
