/**
 * The Oracle Content Management connector: one method per REST operation of
 * the Documents REST API, named after it, v1.1 and 1.2 (list-form
 * recipients, groups, per-member outcomes). The folder service speaks 1.2
 * only; the 1.1 methods are kept for their tests. The caller's credential is passed through untouched as
 * `Authorization` (v1.1 takes `Bearer <token>` or `Basic base64(user:pass)`;
 * the 1.2 docs describe OAuth bearer tokens), and nothing else that
 * identifies the caller is sent.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-content-management-11/Authorization.html
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/Authorization.html
 */
import type { UpstreamClient } from '../upstream';
import type { HttpMethod, UpstreamResponse } from '../upstream';
import type { PrincipalModel } from '../../models';
import { UpstreamError } from '../../errors';
import {
  ROUTES,
  ROUTES_V12,
  chunkByCount,
  chunkForRevoke,
  folderPath,
  membersBody,
  revokeBody,
  revokeQuery,
  revokeUserPath,
  shareBody,
  shareItemsPath,
  shareItemsQuery,
  sharePath,
  usersPath,
  usersQuery,
  v12RevokeUserPath,
  v12RolePath,
  v12ShareItemsPath,
  v12SharePath,
  v12UsersPath,
} from './request';
import type { ShareFolderInput } from './request';
import { parseFolder, parseMemberResults, parseRevokeUser, parseShareFolder, parseShareItems, parseShareList, parseUsers, refusedCall } from './response';
import type { OcmFolderInfo, OcmShareList, OcmUserItem, ShareFolderOutcome } from './response';
import { OCM_NO_PRIVILEGE, OcmRefusedCallError, ownerUnchangeable, refusedRecipient } from './errors';
import { isolate } from './isolate';
import type { Settled } from './isolate';
import { planMemberWrites } from './plan';
import type { OcmChange, OcmMemberGrant, OcmMemberList, OcmRecipient } from './plan';
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

/** One asked id's outcome from a 1.2 share, role change or revoke, in input order. */
export interface OcmMemberResult {
  /** The id as asked. */
  id: string;
  ok: boolean;
  /** The member as OCM's answer names it (its id, display name, USER or GROUP); null when the id failed. */
  member: PrincipalModel | null;
  /** Why it failed: NOT_FOUND for a user or group OCM refused on its own, FORBIDDEN for a refused caller or an `isSuccessful` of "0", or the call's own failure. */
  error: UpstreamError | null;
}

/** One recipient's outcome from `grantMembers`, in input order. */
export interface OcmGrantResult extends OcmMemberResult {
  role: string;
  /** The change to the recipient's access on this folder, as planned from the members read (success or not). */
  change: OcmChange;
  /** What was sent for the recipient: a share, a role change, or nothing. */
  write: 'POST' | 'PUT' | null;
  isOwner: boolean;
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
   * A folder's definition, read for its owner: the 1.1 share list never
   * names the owner, so this is how a 1.1 client tells that a recipient owns
   * the folder (`listMembers` has it from 1.2's `ownedBy`). `self`
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

  // ---- Documents API 1.2 ----------------------------------------------------

  /**
   * Share a folder with users and groups at one role: `POST
   * /documents/api/1.2/shares/{folderId}` with `userID` a comma-separated
   * list (user GUIDs, login names, group GUIDs), at most 1,000 a call (longer
   * lists go in several). One result per id, in input order, read off
   * `members[].isSuccessful`. A call refused as a whole with 403 ("a problem
   * with one or more supplied users or groups") is split to find the bad
   * ids, so the good ones are still shared (isolate.ts; at most
   * 1 + 2·k·⌈log2 n⌉ calls for k bad ids among n). Never retried once it may
   * have reached OCM: OCM may notify the members again.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-post.html
   */
  async shareMembers(opts: OcmCallOptions, folderId: string, ids: readonly string[], role: string, message?: string): Promise<OcmMemberResult[]> {
    const path = v12SharePath(folderId);
    return this.memberCalls(opts, ids, chunkByCount, (batch) => ({
      method: 'POST',
      path,
      route: ROUTES_V12.share,
      body: membersBody(batch, role, message),
      idempotent: false,
    }));
  }

  /**
   * Change existing members' role: `PUT /documents/api/1.2/shares/{folderId}/role`,
   * the same list form, answer and 403 isolation as `shareMembers`. This is
   * how Oracle's toolkit changes a member's role (sites/bin/document.js).
   * Not retried: like a share, it may notify the members.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-role-put.html
   */
  async changeRole(opts: OcmCallOptions, folderId: string, ids: readonly string[], role: string, message?: string): Promise<OcmMemberResult[]> {
    const path = v12RolePath(folderId);
    return this.memberCalls(opts, ids, chunkByCount, (batch) => ({
      method: 'PUT',
      path,
      route: ROUTES_V12.role,
      body: membersBody(batch, role, message),
      idempotent: false,
    }));
  }

  /**
   * Remove users' and groups' access: `DELETE
   * /documents/api/1.2/shares/{folderId}/user?userID=a,b,…&message=…` (1.2
   * takes query parameters; 1.1 took a body). At most 1,000 ids a call, and
   * fewer when their query would pass MAX_REVOKE_QUERY_CHARS. Per-member
   * outcome from `members[].isSuccessful`; the same 403 isolation as
   * `shareMembers`. Idempotent, so retried like any DELETE.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-user-delete.html
   */
  async revokeMembers(opts: OcmCallOptions, folderId: string, ids: readonly string[], message?: string): Promise<OcmMemberResult[]> {
    const path = v12RevokeUserPath(folderId);
    return this.memberCalls(
      opts,
      ids,
      (list) => chunkForRevoke(list, message),
      (batch) => ({
        method: 'DELETE',
        path,
        route: ROUTES_V12.revokeUser,
        query: revokeQuery(batch, message),
        idempotent: true,
      }),
    );
  }

  /**
   * A folder's members and owner: `GET /documents/api/1.2/shares/{folderId}/items`.
   * Entries are users and groups (kind USER or GROUP); the owner comes from
   * the answer's `ownedBy`, so no folder read is needed. 1.2 marks no entry
   * as inherited, so by default this reads with `currentOnly=true` (direct
   * shares) and `currentOnly=false` (direct and inherited) at once, and an
   * entry found only in the full list is inherited. `{currentOnly: true}`
   * makes one read of the direct shares only.
   *
   * The two reads are not one snapshot: a share that lands after the
   * direct read and before the full one shows up in the full list only,
   * and would read as inherited (4 in 231,000 results in an attack run,
   * enough to refuse a revoke of a direct grant as inherited). So an entry
   * found only in the full list counts as inherited only once a second
   * direct read, made after both, still lacks it; that read costs a call
   * only when some entry looks inherited.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-items-get.html
   */
  async listMembers(opts: OcmCallOptions, folderId: string, options: { currentOnly?: boolean } = {}): Promise<OcmMemberList> {
    const path = v12ShareItemsPath(folderId);
    const read = async (currentOnly: boolean): Promise<OcmShareList> =>
      parseShareList(await this.send(opts, { method: 'GET', path, route: ROUTES_V12.shareItems, query: shareItemsQuery(currentOnly), idempotent: true }));
    if (options.currentOnly) {
      const direct = await read(true);
      return { owner: direct.owner, grants: direct.entries.map((e) => ({ ...e, inherited: false })) };
    }
    const [all, first] = await Promise.all([read(false), read(true)]);
    const firstIds = new Set(first.entries.map((e) => e.principal.id));
    const looksInherited = all.entries.some((e) => !firstIds.has(e.principal.id));
    // Direct in either direct read is direct; the later read's role wins.
    const direct = new Map(first.entries.map((e) => [e.principal.id, e]));
    if (looksInherited) for (const e of (await read(true)).entries) direct.set(e.principal.id, e);
    const grants: OcmMemberGrant[] = all.entries.map((e) => {
      const own = direct.get(e.principal.id);
      return { ...e, role: own?.role ?? e.role, inherited: own === undefined };
    });
    // A share made between the reads shows up only in a direct list; it is still a grant.
    const listed = new Set(all.entries.map((e) => e.principal.id));
    for (const e of direct.values()) if (!listed.has(e.principal.id)) grants.push({ ...e, inherited: false });
    return { owner: all.owner ?? first.owner, grants };
  }

  /**
   * Share with each recipient at its own role the way Oracle's toolkit does
   * (sites/bin/document.js shareFolder): from one read of the members
   * (`current`, or `listMembers` when not given), POST only the new members,
   * PUT `/role` for members whose role changes, and send nothing for members
   * already at the asked role or for the owner (see plan.ts). One POST and
   * one PUT per distinct role, not one per recipient. One result per
   * recipient, in input order; the owner's is a FORBIDDEN with nothing sent.
   * A failed read of the members rejects, with nothing written.
   */
  async grantMembers(opts: OcmCallOptions, folderId: string, recipients: readonly OcmRecipient[], options: { message?: string; current?: OcmMemberList } = {}): Promise<OcmGrantResult[]> {
    const current = options.current ?? (await this.listMembers(opts, folderId));
    const plans = planMemberWrites(current, recipients);
    const results: OcmGrantResult[] = plans.map((p) => ({
      id: p.recipient.id,
      role: p.recipient.role,
      change: p.change,
      write: p.write,
      isOwner: p.isOwner,
      ok: !p.isOwner,
      member: null,
      error: p.isOwner ? ownerUnchangeable() : null,
    }));
    // One call per (write, role): at most two per role OCM knows, each naming other members, so
    // they are independent of one another and go out in one wave (bench/README.md: one round trip).
    const batches = new Map<string, { write: 'POST' | 'PUT'; role: string; indexes: number[] }>();
    plans.forEach((p, i) => {
      if (p.write === null) return;
      const key = `${p.write} ${p.recipient.role}`;
      const batch = batches.get(key) ?? { write: p.write, role: p.recipient.role, indexes: [] };
      batch.indexes.push(i);
      batches.set(key, batch);
    });
    await Promise.all(
      [...batches.values()].map(async ({ write, role, indexes }) => {
        const ids = indexes.map((i) => plans[i]!.sendId);
        const sent = write === 'POST' ? await this.shareMembers(opts, folderId, ids, role, options.message) : await this.changeRole(opts, folderId, ids, role, options.message);
        indexes.forEach((i, k) => {
          const { ok, member, error } = sent[k]!;
          Object.assign(results[i]!, { ok, member, error });
        });
      }),
    );
    return results;
  }

  /**
   * Users whose names or emails match `info` (a fuzzy match, no wildcards):
   * `GET /documents/api/1.2/users/items?info=`, as Oracle's toolkit looks
   * users up (sites/test/server/serverRest.js `_getUser`). An empty `info`
   * is answered here with no users: OCM refuses it with 400.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-users-items-get.html
   */
  async searchUsers(opts: OcmCallOptions, info: string): Promise<OcmUserItem[]> {
    if (info.trim() === '') return [];
    return parseUsers(await this.send(opts, { method: 'GET', path: v12UsersPath(), route: ROUTES_V12.users, query: usersQuery(info), idempotent: true }));
  }

  /**
   * The ids, each asked once (a repeated id shares the first one's outcome),
   * cut into calls by `chunk`, each call isolated on a whole-call 403.
   */
  private async memberCalls(opts: OcmCallOptions, ids: readonly string[], chunk: (ids: readonly string[]) => string[][], build: (batch: readonly string[]) => OcmRequest): Promise<OcmMemberResult[]> {
    const unique = [...new Set(ids)];
    const byId = new Map<string, Settled<PrincipalModel | null, UpstreamError>>();
    for (const batch of chunk(unique)) {
      const settled = await isolate<PrincipalModel | null, UpstreamError>(batch, {
        send: async (part) => {
          const res = await this.send(opts, build(part));
          const refused = refusedCall(res);
          if (refused) throw refused;
          return parseMemberResults(res, part);
        },
        isRefusal: (err) => err instanceof OcmRefusedCallError,
        // A lone id refused while no call of the run has gone through may be a refused caller: -20 says so.
        alone: (err, accepted) => (!accepted && (err as OcmRefusedCallError).bodyCode === OCM_NO_PRIVILEGE ? (err as OcmRefusedCallError) : refusedRecipient()),
        whole: (err) => {
          if (err instanceof UpstreamError) return err;
          throw err;
        },
      });
      batch.forEach((id, i) => byId.set(id, settled[i]!));
    }
    return ids.map((id) => {
      const s = byId.get(id)!;
      return s.ok ? { id, ok: true, member: s.value, error: null } : { id, ok: false, member: null, error: s.error };
    });
  }
}
