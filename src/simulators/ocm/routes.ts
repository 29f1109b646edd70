/**
 * The OCM Documents REST API v1.1 endpoints, answering in
 * the documented shapes: string `count` and `errorCode`, `{errorCode,
 * errorKey, errorMessage}` on errors, HTTP 400/401/403/404 as the v1.1 pages
 * list them. Where the docs leave a choice open, the comment says which way
 * this simulator goes.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/api-Shares.html
 */
import type { SimServer } from '../kit';
import { isGroup, isOcmRole } from './state';
import type { OcmState } from './state';
import { BAD_REQUEST, NO_PRIVILEGE, authed, currentOnlyOf, isResponse, jsonObject, ownString, readableFolder, userJson } from './common';
import { registerOcmV12Routes } from './routes-v12';

export const OCM_BASE_PATH = '/documents/api/1.1';

export const OCM_SIM_ROUTES = {
  share: `${OCM_BASE_PATH}/shares/:folderId`,
  shareItems: `${OCM_BASE_PATH}/shares/:folderId/items`,
  revokeUser: `${OCM_BASE_PATH}/shares/:folderId/user`,
  users: `${OCM_BASE_PATH}/users/items`,
  folder: `${OCM_BASE_PATH}/folders/:folderId`,
} as const;

/**
 * Both API versions, as OCM serves them side by side. The gateway's folder
 * service speaks 1.2 only (routes-v12.ts); 1.1 stays for the simulator's
 * own tests and the connector's 1.1 methods' tests, and can go with them.
 */
export function registerOcmRoutes(sim: SimServer, state: OcmState): void {
  registerOcmV11Routes(sim, state);
  registerOcmV12Routes(sim, state);
}

function registerOcmV11Routes(sim: SimServer, state: OcmState): void {
  /**
   * POST shares/{folderId} with `{userID, role, message}`; answers
   * `{id, role, type:"share", errorCode:"0", user}` (the v1.1 PUT role answer,
   * which the v1.1 POST page describes as "share information along with user
   * information"). Sharing again with a member changes their role. An unknown
   * userID is a 400 ("request parameters are not formatted correctly"): v1.1
   * keeps 404 for "Folder ID is not found" (v1.2 would say 403). userID may be
   * a GUID or, as v1.2 documents, a login name. Group GUIDs are refused here
   * like any unknown user: v1.1 documents sharing with "a specified user"
   * only (UNCONFIRMED whether a real v1.1 endpoint takes them); 1.2 takes
   * them.
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
   * empty list (undocumented; users/items omits it instead). Only users are
   * listed: the v1.1 schema describes each entry's `user` as "Item type
   * user"; the 1.2 route lists groups too.
   */
  sim.route(
    'GET',
    OCM_SIM_ROUTES.shareItems,
    authed(state, (req, caller) => {
      const folder = readableFolder(state, req, caller);
      if (isResponse(folder)) return folder;
      const items = state.shares(folder, currentOnlyOf(req)).flatMap((e) => (isGroup(e.principal) ? [] : [{ type: 'share', role: e.role, user: userJson(e.principal) }]));
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
   * object. A 1.1 client reads `ownedBy` here, since the 1.1 share list leaves
   * the owner out (1.2's list carries it). Collections are answered here too (UNCONFIRMED for a live server,
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
