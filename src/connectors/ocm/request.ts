/**
 * Paths and JSON bodies of the Oracle Content Management Documents REST API
 * v1.1 calls the gateway makes. Every id goes through `pathOf`, so a folder id
 * such as `../../x` or `a%2Fb` reaches OCM as exactly one path segment.
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
