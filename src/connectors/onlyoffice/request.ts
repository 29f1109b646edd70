/**
 * Paths and bodies of the ONLYOFFICE Workspace (Community Server API 2.0)
 * calls the gateway makes. Every dynamic segment goes through `pathOf`, so a
 * folder id such as `box-12` or a hostile `../x` stays exactly one segment.
 * https://api.onlyoffice.com/workspace/api-backend/usage-api/files/sharing/share-a-folder
 */
import { pathOf } from '../../util/encode-path';

export const ROUTES = {
  folderShare: '/api/2.0/files/folder/:folderId/share',
  folder: '/api/2.0/files/folder/:folderId',
  fileShare: '/api/2.0/files/file/:fileId/share',
  file: '/api/2.0/files/file/:fileId',
  person: '/api/2.0/people/:id',
  group: '/api/2.0/group/:id',
  peopleFilter: '/api/2.0/people/filter',
  groups: '/api/2.0/group',
} as const;

/**
 * The FileShare enum (Files/Core/Security/FileShare.cs). Newtonsoft writes it
 * as an integer, so these numbers are what travels in both directions.
 */
export const Access = {
  None: 0,
  ReadWrite: 1,
  Read: 2,
  Restrict: 3,
  Varies: 4,
  Review: 5,
  Comment: 6,
  FillForms: 7,
  CustomFilter: 8,
} as const;
export type AccessValue = (typeof Access)[keyof typeof Access];

/** System groups every portal has (ASC.Common Security/Authorizing/Constants.cs). */
export const BUILTIN_GROUP_IDS = {
  Everyone: 'c5cc67d1-c3e8-43c0-a3ad-3928ae3e5b5e',
  Admin: 'cd84e66b-b803-40fc-99f9-b2969a54a1de',
} as const;

/** The subject id of an external link entry (FileConstant.ShareLinkId, read in the source). */
export const SHARE_LINK_ID = 'd77bd6af-828b-41f5-84ed-7ffe2565b13a';

export interface ShareInput {
  ShareTo: string;
  Access: number;
}

export const folderSharePath = (folderId: string) => pathOf`/api/2.0/files/folder/${folderId}/share`;
export const folderPath = (folderId: string) => pathOf`/api/2.0/files/folder/${folderId}`;
export const fileSharePath = (fileId: string) => pathOf`/api/2.0/files/file/${fileId}/share`;
export const filePath = (fileId: string) => pathOf`/api/2.0/files/file/${fileId}`;
export const personPath = (id: string) => pathOf`/api/2.0/people/${id}`;
export const groupPath = (id: string) => pathOf`/api/2.0/group/${id}`;

/**
 * `people/filter`'s query: ApiContext reads `filterValue` (the search text,
 * which UserManager.Search splits into words, each to be found in a name, the
 * title, the location or the e-mail) and `count` (the page size).
 * Sources: ASC.Api.Core ApiContext.cs, ASC.Core UserManager.cs `Search`.
 */
export function peopleFilterQuery(filterValue: string, count: number): Record<string, string> {
  return { filterValue, count: String(count) };
}

/**
 * `{share:[{ShareTo,Access}], notify, sharingMessage}` (FileShareParams). Only
 * the two documented keys of each entry are copied, and notify/sharingMessage
 * only when the caller gave them, so the server's own defaults apply otherwise.
 */
export function shareBody(share: readonly ShareInput[], notify?: boolean, sharingMessage?: string): string {
  const body: { share: ShareInput[]; notify?: boolean; sharingMessage?: string } = {
    share: share.map(({ ShareTo, Access: access }) => ({ ShareTo, Access: access })),
  };
  if (notify !== undefined) body.notify = notify;
  if (sharingMessage !== undefined) body.sharingMessage = sharingMessage;
  return JSON.stringify(body);
}
