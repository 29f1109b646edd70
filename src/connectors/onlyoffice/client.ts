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
import { ROUTES, folderSharePath, groupPath, personPath, shareBody } from './request';
import type { ShareInput } from './request';
import { parseGroup, parsePerson, parseShareList } from './response';
import type { OnlyofficeShareEntry } from './response';
import type { CallOptions } from '../call-options';

/** `credential` is sent upstream unchanged as `Authorization`. */
export type OnlyofficeCallOptions = CallOptions;

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
  async shareFolder(
    opts: OnlyofficeCallOptions,
    folderId: string,
    share: ReadonlyArray<ShareInput>,
    notify?: boolean,
    sharingMessage?: string,
  ): Promise<OnlyofficeShareEntry[]> {
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
   * `GET people/{id}` (a Guid or a user name); null when the portal answers
   * "User not found". There is no batch lookup by id.
   * https://api.onlyoffice.com/workspace/api-backend/ (People; source: ASC.Api/ASC.Employee/EmployeeApi.cs)
   */
  async getPerson(opts: OnlyofficeCallOptions, id: string): Promise<PrincipalModel | null> {
    return nullIfMissing(async () => parsePerson(await this.send(opts, 'GET', personPath(id), ROUTES.person)));
  }

  /**
   * `GET group/{id}`; null when the portal answers "group not found".
   * https://api.onlyoffice.com/workspace/api-backend/ (Group; source: ASC.Api/ASC.Employee/GroupsApi.cs)
   */
  async getGroup(opts: OnlyofficeCallOptions, id: string): Promise<PrincipalModel | null> {
    return nullIfMissing(async () => parseGroup(await this.send(opts, 'GET', groupPath(id), ROUTES.group)));
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
