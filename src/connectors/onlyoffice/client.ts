/**
 * The ONLYOFFICE Workspace connector: one method per REST operation, named
 * after it. The caller's `Authorization` value is forwarded verbatim, because
 * Community Server takes three forms in that one header (a raw asc_auth_key
 * token, `Bearer <token>`, `Basic …`) and telling them apart is its job.
 */
import type { UpstreamClient } from '../upstream';
import type { HttpMethod, UpstreamResponse } from '../upstream';
import type { PrincipalModel } from '../../models';
import { UpstreamError } from '../../errors';
import { ROUTES, filePath, fileSharePath, folderPath, folderSharePath, groupPath, peopleFilterQuery, personPath, shareBody } from './request';
import type { ShareInput } from './request';
import { parseFileInfo, parseFolderInfo, parseGroup, parseGroupList, parsePeopleList, parsePerson, parsePersonInfo, parseShareList } from './response';
import type { OnlyofficeFileInfo, OnlyofficeFolderInfo, OnlyofficePersonInfo, OnlyofficeShareEntry } from './response';
import { inheritanceParentOf, markInherited } from './acl';
import type { OnlyofficeMarkedEntry } from './acl';
import type { CallOptions } from '../call-options';

/** `credential` is sent upstream unchanged as `Authorization`. */
export type OnlyofficeCallOptions = CallOptions;

/** An entry's share list with each entry marked against its parent's (see `markInherited`). */
export interface OnlyofficeAcl {
  entries: OnlyofficeMarkedEntry[];
  /** The folder whose list was compared; null when nothing is inherited (a root, a connected account's root). */
  parentId: string | null;
  /**
   * The parent's list as read, for marking the list a later write answers
   * with (`markInherited(answer, acl.parentEntries)`): a write on the entry
   * never changes its parent's list. Null when there is no parent, or the
   * caller may not read the parent's list (403: only someone who may share
   * a folder may read its list); nothing is marked then.
   */
  parentEntries: OnlyofficeShareEntry[] | null;
}

export class OnlyofficeConnector {
  constructor(readonly client: UpstreamClient) {}

  private headers(opts: OnlyofficeCallOptions, json: boolean): Record<string, string> {
    const headers: Record<string, string> = { authorization: opts.credential, accept: 'application/json' };
    if (json) headers['content-type'] = 'application/json';
    if (opts.call) headers['x-request-id'] = opts.call.requestId;
    return headers;
  }

  private send(opts: OnlyofficeCallOptions, method: HttpMethod, path: string, route: string, body?: string): Promise<UpstreamResponse> {
    return this.client.call({
      method,
      path,
      route,
      headers: this.headers(opts, body !== undefined),
      body,
      // GETs are reads, and the share PUT merges per subject: sending the same
      // list twice leaves the same state, so every call here may be retried.
      idempotent: true,
      call: opts.call,
    });
  }

  /**
   * Set access to a folder for users or groups. Merges per subject (it does
   * not replace the list); `Access: 0` removes a subject; the owner and
   * unknown subjects are skipped without an error. Answers with the folder's
   * share list after the change, the same list as `getFolderShares`.
   * https://api.onlyoffice.com/workspace/api-backend/usage-api/files/sharing/share-a-folder
   */
  async shareFolder(opts: OnlyofficeCallOptions, folderId: string, share: ReadonlyArray<ShareInput>, notify?: boolean, sharingMessage?: string): Promise<OnlyofficeShareEntry[]> {
    const res = await this.send(opts, 'PUT', folderSharePath(folderId), ROUTES.folderShare, shareBody(share, notify, sharingMessage));
    return parseShareList(res);
  }

  /**
   * `GET files/folder/{id}/share`: who has access, link first, then the
   * caller, the owner and the rest by name. Only someone who may share the
   * folder may read it (403 otherwise, as for a folder that does not exist).
   * https://api.onlyoffice.com/workspace/api-backend/ (Files › Sharing; source: ASC.Api.Documents/DocumentsApi.cs)
   */
  async getFolderShares(opts: OnlyofficeCallOptions, folderId: string): Promise<OnlyofficeShareEntry[]> {
    return parseShareList(await this.send(opts, 'GET', folderSharePath(folderId), ROUTES.folderShare));
  }

  /**
   * `GET files/folder/{id}`: the folder with its `parentId` (null for a
   * root). Only someone who may read the folder gets it; a folder that does
   * not exist is 403 as well (the Files service wraps both in
   * InvalidOperationException). For a folder in someone else's My documents
   * whose parent the caller may not read, `parentId` is the caller's
   * "Shared with me" root (FolderWrapper's constructor).
   * https://api.onlyoffice.com/workspace/api-backend/ (Files › Folders, "Get the folder information"; source: ASC.Api.Documents/DocumentsApi.cs GetFolderInfo)
   */
  async getFolderInfo(opts: OnlyofficeCallOptions, folderId: string): Promise<OnlyofficeFolderInfo> {
    return parseFolderInfo(await this.send(opts, 'GET', folderPath(folderId), ROUTES.folder));
  }

  /**
   * The folder's share list with every entry marked inherited or not, and
   * the parent's list it was compared with. Three calls: the folder's list
   * and `GET files/folder/{id}` together, then the parent's list (only two
   * when there is no parent to inherit from). A 403 on the parent's list
   * leaves nothing marked (`parentEntries: null`); any other failure fails
   * the whole read, so a passing fault never switches the check off.
   * Sources: SecurityDao.cs (GetShares, nearest level wins), FileSharing.cs (GetSharedInfo).
   */
  async getFolderAcl(opts: OnlyofficeCallOptions, folderId: string): Promise<OnlyofficeAcl> {
    const [entries, info] = await Promise.all([this.getFolderShares(opts, folderId), this.getFolderInfo(opts, folderId)]);
    return this.compareWithParent(opts, entries, inheritanceParentOf(folderId, info.parentId));
  }

  /**
   * Set access to a file: the same body, rules and answer as `shareFolder`
   * (point 17). A file inherits its folder's grants; `Access: 0` removes only
   * the file's own row. The answer lists an external link entry first.
   * https://api.onlyoffice.com/workspace/api-backend/usage-api/files/sharing/share-a-file
   */
  async shareFile(opts: OnlyofficeCallOptions, fileId: string, share: ReadonlyArray<ShareInput>, notify?: boolean, sharingMessage?: string): Promise<OnlyofficeShareEntry[]> {
    const res = await this.send(opts, 'PUT', fileSharePath(fileId), ROUTES.fileShare, shareBody(share, notify, sharingMessage));
    return parseShareList(res);
  }

  /**
   * `GET files/file/{id}/share`: as `getFolderShares`, for a file.
   * https://api.onlyoffice.com/workspace/api-backend/ (Files › Sharing, "Get the shared file information"; source: DocumentsApi.cs GetFileSecurityInfo)
   */
  async getFileShares(opts: OnlyofficeCallOptions, fileId: string): Promise<OnlyofficeShareEntry[]> {
    return parseShareList(await this.send(opts, 'GET', fileSharePath(fileId), ROUTES.fileShare));
  }

  /**
   * `GET files/file/{id}`: the file with its `folderId`; 403 for a file that
   * does not exist or that the caller may not read.
   * https://api.onlyoffice.com/workspace/api-backend/ (Files › Files, "Get the file information"; source: DocumentsApi.cs GetFileInfo)
   */
  async getFileInfo(opts: OnlyofficeCallOptions, fileId: string): Promise<OnlyofficeFileInfo> {
    return parseFileInfo(await this.send(opts, 'GET', filePath(fileId), ROUTES.file));
  }

  /** As `getFolderAcl`, for a file: its folder's list is the inheritance source. Three calls. */
  async getFileAcl(opts: OnlyofficeCallOptions, fileId: string): Promise<OnlyofficeAcl> {
    const [entries, info] = await Promise.all([this.getFileShares(opts, fileId), this.getFileInfo(opts, fileId)]);
    return this.compareWithParent(opts, entries, info.folderId);
  }

  private async compareWithParent(opts: OnlyofficeCallOptions, entries: OnlyofficeShareEntry[], parentId: string | null): Promise<OnlyofficeAcl> {
    const parentEntries = parentId === null ? null : await forbiddenAsNull(this.getFolderShares(opts, parentId));
    return { entries: markInherited(entries, parentEntries), parentId, parentEntries };
  }

  /**
   * `GET people/{id}` (a Guid or a user name); null when the portal answers
   * "User not found". There is no batch lookup by id.
   * https://api.onlyoffice.com/workspace/api-backend/ (People; source: ASC.Api/ASC.Employee/EmployeeApi.cs)
   */
  async getPerson(opts: OnlyofficeCallOptions, id: string): Promise<PrincipalModel | null> {
    return nullIfMissing(async () => parsePerson(await this.send(opts, 'GET', personPath(id), ROUTES.person)));
  }

  /**
   * `GET people/{id}` with `isVisitor`, for telling in advance that a guest
   * will be shown at Read (`accessShownFor`). Null as for `getPerson`.
   * https://api.onlyoffice.com/workspace/api-backend/ (People; source: ASC.Api/ASC.Employee/EmployeeApi.cs)
   */
  async getPersonInfo(opts: OnlyofficeCallOptions, id: string): Promise<OnlyofficePersonInfo | null> {
    return nullIfMissing(async () => parsePersonInfo(await this.send(opts, 'GET', personPath(id), ROUTES.person)));
  }

  /**
   * `GET group/{id}`; null when the portal answers "group not found".
   * https://api.onlyoffice.com/workspace/api-backend/ (Group; source: ASC.Api/ASC.Employee/GroupsApi.cs)
   */
  async getGroup(opts: OnlyofficeCallOptions, id: string): Promise<PrincipalModel | null> {
    return nullIfMissing(async () => parseGroup(await this.send(opts, 'GET', groupPath(id), ROUTES.group)));
  }

  /**
   * A share dialog's user search: `GET people/filter?filterValue=&count=`.
   * The portal finds users in whose first name, last name, title, location
   * or e-mail every word of the text (of two characters or more) appears, and
   * answers full profiles, e-mail included, sorted by name.
   * https://api.onlyoffice.com/workspace/api-backend/ (People, "Search users by extended filter"; source: ASC.Api/ASC.Employee/EmployeeApi.cs GetFullByFilter, ASC.Core UserManager.Search)
   */
  async filterPeople(opts: OnlyofficeCallOptions, filterValue: string, count: number): Promise<PrincipalModel[]> {
    const res = await this.client.call({
      method: 'GET',
      path: ROUTES.peopleFilter,
      route: ROUTES.peopleFilter,
      query: peopleFilterQuery(filterValue, count),
      headers: this.headers(opts, false),
      idempotent: true,
      call: opts.call,
    });
    return parsePeopleList(res);
  }

  /**
   * `GET group`: every group (department) of the portal as `{id, name,
   * manager}`. There is no search by name: the caller matches names.
   * Everyone and Admin are not departments and are not listed.
   * https://api.onlyoffice.com/workspace/api-backend/ (Group, "Get groups"; source: ASC.Api/ASC.Employee/GroupsApi.cs GetAll)
   */
  async listGroups(opts: OnlyofficeCallOptions): Promise<PrincipalModel[]> {
    return parseGroupList(await this.send(opts, 'GET', ROUTES.groups, ROUTES.groups));
  }
}

/**
 * 404 is "no such user/group". 400 is treated the same: a lookup has nothing
 * but the id to reject, and an id the server cannot bind (not a Guid on
 * `group/{id}`) is as absent as an unknown one. Which of the two a real
 * portal answers for a malformed Guid is UNCONFIRMED; the simulator says 404.
 */
async function nullIfMissing<T>(lookup: () => Promise<T>): Promise<T | null> {
  try {
    return await lookup();
  } catch (err) {
    if (err instanceof UpstreamError && (err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST')) return null;
    throw err;
  }
}

/**
 * A 403 on a parent's list is an answer: the caller may not share the parent
 * (only such a caller may read a list), so what it grants stays unknown.
 */
async function forbiddenAsNull<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (err) {
    if (err instanceof UpstreamError && err.code === 'FORBIDDEN') return null;
    throw err;
  }
}
