/**
 * Paths, queries and JSON bodies of the Oracle Content Management Documents
 * REST API calls the gateway makes, v1.1 and (below) 1.2. Every id goes
 * through `pathOf`, so a folder id such as `../../x` or `a%2Fb` reaches OCM
 * as exactly one path segment.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/api-Shares.html
 */
import { pathOf } from '../../util/encode-path';

export const ROUTES = {
  share: '/documents/api/1.1/shares/:folderId',
  shareItems: '/documents/api/1.1/shares/:folderId/items',
  revokeUser: '/documents/api/1.1/shares/:folderId/user',
  users: '/documents/api/1.1/users/items',
  folder: '/documents/api/1.1/folders/:folderId',
} as const;

export const sharePath = (folderId: string) => pathOf`/documents/api/1.1/shares/${folderId}`;
export const shareItemsPath = (folderId: string) => pathOf`/documents/api/1.1/shares/${folderId}/items`;
export const revokeUserPath = (folderId: string) => pathOf`/documents/api/1.1/shares/${folderId}/user`;
export const usersPath = () => ROUTES.users;
export const folderPath = (folderId: string) => pathOf`/documents/api/1.1/folders/${folderId}`;

/** The roles v1.1 documents for `ShareFolderBody.role`. */
export const OCM_ROLES = ['viewer', 'downloader', 'contributor', 'manager'] as const;
export type OcmRole = (typeof OCM_ROLES)[number];

export interface ShareFolderInput {
  /** A user GUID (`U…`); v1.2 also documents login names and group GUIDs. */
  userID: string;
  role: string;
  message?: string;
}

/** `{userID, role, message}` in the documented order; an absent message is left out rather than sent empty. */
export function shareBody(input: ShareFolderInput): string {
  const body: Record<string, string> = { userID: input.userID, role: input.role };
  if (input.message != null) body.message = input.message;
  return JSON.stringify(body);
}

/** v1.1 takes revoke's `{userID, message}` as a JSON body (v1.2 moved them to the query string). */
export function revokeBody(userID: string, message?: string): string {
  const body: Record<string, string> = { userID };
  if (message != null) body.message = message;
  return JSON.stringify(body);
}

/**
 * The query of `GET shares/{id}/items`. The v1.1 page lists `currentOnly` under
 * "Body Parameter" but its worked example sends it as `?currentOnly=true` with
 * no body; we follow the example (a GET body is dropped by many proxies).
 * `false` is the documented default; it is sent anyway so that a server with
 * another default still gives the full list.
 */
export function shareItemsQuery(currentOnly: boolean): Record<string, string> {
  return { currentOnly: currentOnly ? 'true' : 'false' };
}

export function usersQuery(info: string): Record<string, string> {
  return { info };
}

// ---- Documents API 1.2 ------------------------------------------------------
// https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/api-shares.html

export const ROUTES_V12 = {
  share: '/documents/api/1.2/shares/:folderId',
  role: '/documents/api/1.2/shares/:folderId/role',
  shareItems: '/documents/api/1.2/shares/:folderId/items',
  revokeUser: '/documents/api/1.2/shares/:folderId/user',
  users: '/documents/api/1.2/users/items',
} as const;

export const v12SharePath = (folderId: string) => pathOf`/documents/api/1.2/shares/${folderId}`;
export const v12RolePath = (folderId: string) => pathOf`/documents/api/1.2/shares/${folderId}/role`;
export const v12ShareItemsPath = (folderId: string) => pathOf`/documents/api/1.2/shares/${folderId}/items`;
export const v12RevokeUserPath = (folderId: string) => pathOf`/documents/api/1.2/shares/${folderId}/user`;
export const v12UsersPath = () => ROUTES_V12.users;

/** "a comma-separated list of the above (no more than 1000 total IDs)", on the share, role and revoke pages. */
export const MAX_IDS_PER_CALL = 1000;

/**
 * The longest query string a revoke is given. 1.2 takes revoke's ids in the
 * query, and 1,000 GUIDs come to some 39,000 characters once encoded: past
 * the 8 KB request line many front ends allow, and Node's own 16 KB header
 * limit. So revokes are cut by length as well as by count.
 */
export const MAX_REVOKE_QUERY_CHARS = 7000;

/**
 * `{userID, role, message}` for a 1.2 share or role change, `userID` the ids
 * joined by commas; an absent message is left out rather than sent empty.
 */
export function membersBody(ids: readonly string[], role: string, message?: string): string {
  const body: Record<string, string> = { userID: ids.join(','), role };
  if (message != null) body.message = message;
  return JSON.stringify(body);
}

/** The query of a 1.2 revoke: `userID=a,b,…` and the optional message. */
export function revokeQuery(ids: readonly string[], message?: string): Record<string, string> {
  const query: Record<string, string> = { userID: ids.join(',') };
  if (message != null) query.message = message;
  return query;
}

/** Consecutive runs of at most `max` ids. */
export function chunkByCount(ids: readonly string[], max = MAX_IDS_PER_CALL): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += max) out.push(ids.slice(i, i + max));
  return out;
}

const COMMA = encodeURIComponent(',').length;
const encodedLength = (value: string) => new URLSearchParams({ x: value }).toString().length - 2;

/**
 * Consecutive runs whose revoke query stays within MAX_REVOKE_QUERY_CHARS
 * (the message counted in) and MAX_IDS_PER_CALL. An id too long for any run
 * still gets one of its own.
 */
export function chunkForRevoke(ids: readonly string[], message?: string): string[][] {
  const fixed = new URLSearchParams(revokeQuery([], message)).toString().length;
  const budget = Math.max(MAX_REVOKE_QUERY_CHARS - fixed, 0);
  const out: string[][] = [];
  let run: string[] = [];
  let used = 0;
  for (const id of ids) {
    const cost = encodedLength(id);
    // An encoded comma (%2C, three characters) goes before every id but a run's first.
    if (run.length > 0 && (used + COMMA + cost > budget || run.length >= MAX_IDS_PER_CALL)) {
      out.push(run);
      run = [];
      used = 0;
    }
    used += (run.length > 0 ? COMMA : 0) + cost;
    run.push(id);
  }
  if (run.length > 0) out.push(run);
  return out;
}
