/**
 * The Oracle Content Management connector (Documents REST API v1.1): one
 * method per REST operation, named after it. The caller's credential is
 * passed through untouched as `Authorization` (v1.1 takes `Bearer <token>` or
 * `Basic base64(user:pass)`), and nothing else that identifies the caller is
 * sent.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/Authorization.html
 */
import type { UpstreamClient } from '../upstream';
import type { HttpMethod, UpstreamResponse } from '../upstream';
import type { PrincipalModel } from '../../models';
import {
  ROUTES,
  folderPath,
  revokeBody,
  revokeUserPath,
  shareBody,
  shareItemsPath,
  shareItemsQuery,
  sharePath,
  usersPath,
  usersQuery,
} from './request';
import type { ShareFolderInput } from './request';
import { parseFolder, parseRevokeUser, parseShareFolder, parseShareItems, parseUsers } from './response';
import type { OcmFolderInfo, ShareFolderOutcome } from './response';
import type { CallOptions } from '../call-options';

/** `credential` is the whole `Authorization` value, `Bearer …` or `Basic …`. */
export type OcmCallOptions = CallOptions;

/** One member of a folder's share list. */
export interface OcmGrant {
  principal: PrincipalModel;
  /** As OCM spells it: viewer | downloader | contributor | manager (a server may add others, e.g. owner). */
  role: string;
  /** True when the access comes from a parent folder, not from this folder's own share. */
  inherited: boolean;
}

/** One OCM request before the headers every call carries. */
interface OcmRequest {
  method: HttpMethod;
  path: string;
  route: string;
  query?: Record<string, string>;
  body?: string;
  idempotent: boolean;
}

export class OcmConnector {
  constructor(readonly client: UpstreamClient) {}

  private send(opts: OcmCallOptions, req: OcmRequest): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { authorization: opts.credential, accept: 'application/json' };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.call) headers['x-request-id'] = opts.call.requestId;
    return this.client.call({ ...req, headers, call: opts.call });
  }

  /**
   * Share a folder or collection with one user. Not idempotent as far as
   * anyone can tell: OCM may notify the user again, so a POST that may have
   * reached OCM is never repeated.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/op-documents-api-1.1-shares-%7BfolderId%7D-post.html
   */
  async shareFolder(opts: OcmCallOptions, folderId: string, input: ShareFolderInput): Promise<ShareFolderOutcome> {
    const res = await this.send(opts, {
      method: 'POST',
      path: sharePath(folderId),
      route: ROUTES.share,
      body: shareBody(input),
      idempotent: false,
    });
    return parseShareFolder(res, input.role);
  }

  /**
   * Who has access to a folder, and whether through this folder's own share
   * or a parent's. v1.1 marks neither, so this reads the list twice: with
   * `currentOnly=true` (explicit shares only) and `currentOnly=false` (the
   * documented default: explicit plus inherited). Entries found only in the
   * full list are inherited. A server that ignores `currentOnly` gives two
   * equal lists, and every entry reads as direct.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/op-documents-api-1.1-shares-%7BfolderId%7D-items-get.html
   */
  async listShares(opts: OcmCallOptions, folderId: string): Promise<OcmGrant[]> {
    const read = async (currentOnly: boolean) =>
      parseShareItems(
        await this.send(opts, {
          method: 'GET',
          path: shareItemsPath(folderId),
          route: ROUTES.shareItems,
          query: shareItemsQuery(currentOnly),
          idempotent: true,
        }),
      );
    const [all, direct] = await Promise.all([read(false), read(true)]);
    const directRole = new Map(direct.map((e) => [e.principal.id, e.role]));
    const grants: OcmGrant[] = all.map((e) => {
      const own = directRole.get(e.principal.id);
      return { principal: e.principal, role: own ?? e.role, inherited: own === undefined };
    });
    // A share made between the two reads shows up only in the direct list; it is still a grant.
    const listed = new Set(all.map((e) => e.principal.id));
    for (const e of direct) if (!listed.has(e.principal.id)) grants.push({ principal: e.principal, role: e.role, inherited: false });
    return grants;
  }

  /**
   * A folder's definition, read for its owner: the share list never names
   * the owner, so this is how the gateway tells that a recipient owns the
   * folder (and refuses to revoke them without sending anything). `self`
   * is the caller's home folder, as for every folders endpoint.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/op-documents-api-1.1-folders-%7BfolderId%7D-get.html
   */
  async getFolder(opts: OcmCallOptions, folderId: string): Promise<OcmFolderInfo> {
    const res = await this.send(opts, { method: 'GET', path: folderPath(folderId), route: ROUTES.folder, idempotent: true });
    return parseFolder(res);
  }

  /**
   * Remove one user's access to a folder. Idempotent: removing a user twice
   * leaves the same state, so this DELETE may be retried.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/op-documents-api-1.1-shares-%7BfolderId%7D-user-delete.html
   */
  async revokeUser(opts: OcmCallOptions, folderId: string, userID: string, message?: string): Promise<void> {
    const res = await this.send(opts, {
      method: 'DELETE',
      path: revokeUserPath(folderId),
      route: ROUTES.revokeUser,
      body: revokeBody(userID, message),
      idempotent: true,
    });
    parseRevokeUser(res);
  }

  /**
   * One user by id (or login name). OCM has no lookup by id in v1.1, only
   * `users/items?info=`, a fuzzy search on names and emails, so the answer is
   * filtered for an exact `id` (then `loginName`) match; null when none.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/op-documents-api-1.1-users-items-get.html
   */
  async getUser(opts: OcmCallOptions, id: string): Promise<PrincipalModel | null> {
    // OCM answers an empty `info` with 400; there is nothing to find anyway.
    if (id.trim() === '') return null;
    const res = await this.send(opts, { method: 'GET', path: usersPath(), route: ROUTES.users, query: usersQuery(id), idempotent: true });
    const users = parseUsers(res);
    const match = users.find((u) => u.principal.id === id) ?? users.find((u) => u.loginName === id);
    return match?.principal ?? null;
  }
}
