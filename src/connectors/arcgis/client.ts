/**
 * The ArcGIS portal connector: one method per REST operation, named after it.
 *
 * The caller's token travels as `X-Esri-Authorization: Bearer` (header mode,
 * the default) or as the `token` field of a POST body (form mode); never in a
 * URL, so never in an upstream access log.
 * https://developers.arcgis.com/documentation/security-and-authentication/reference/http-authorization-headers
 */
import type { UpstreamClient } from '../upstream';
import type { GroupModel } from '../../models';
import type { UpstreamRequest, UpstreamResponse } from '../upstream';
import type { ArcgisTokenIn } from '../../config';
import {
  MAX_GET_URL_LENGTH,
  ROUTES,
  getUrlLength,
  SEARCH_PAGE_MAX,
  groupContentSearchPath,
  groupPath,
  groupSearchQuery,
  groupTitleSearchQuery,
  itemSearchQuery,
  itemByIdSearchQuery,
  itemGroupsPath,
  itemPath,
  shareForm,
  shareItemPath,
  shareItemsPath,
  unshareForm,
  unshareItemsPath,
  userPath,
} from './request';
import type { ItemSearchGroups, Params, ShareTargets } from './request';
import {
  parseBatchResults,
  parseGroupSearch,
  parseItem,
  parseItemGroups,
  parseItemSearch,
  parseItemSearchIds,
  parseSelf,
  parseShareItem,
  parseUserGroupIds,
  toGroupModel,
  checkForErrors,
} from './response';
import type { ItemInfo, ItemOutcome, SelfInfo } from './response';
import { UpstreamError } from '../../errors';
import type { CallOptions } from '../call-options';

export type { CallOptions };

export interface ArcgisConnectorOptions {
  /** The portal's REST root (ARCGIS_URL), to know how long a GET's URL would be. */
  baseUrl: URL;
  /** @default 'header' */
  tokenIn?: ArcgisTokenIn;
  /** Sent as `Referer` on every call; null or absent sends none. */
  referer?: string | null;
}

const FORM = 'application/x-www-form-urlencoded';

export class ArcgisConnector {
  private readonly baseUrl: URL;
  private readonly tokenIn: ArcgisTokenIn;
  private readonly referer: string | null;

  constructor(
    readonly client: UpstreamClient,
    options: ArcgisConnectorOptions,
  ) {
    this.baseUrl = options.baseUrl;
    this.tokenIn = options.tokenIn ?? 'header';
    this.referer = options.referer ?? null;
  }

  private headers(opts: CallOptions, form: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.tokenIn === 'header') headers['x-esri-authorization'] = `Bearer ${opts.credential}`;
    // A token generated for a referer is refused (498) on a call that does not carry that Referer
    // (arcgis-rest-js sets one in Node for that reason: Esri/arcgis-rest-js#389).
    if (this.referer !== null) headers.referer = this.referer;
    if (form) headers['content-type'] = FORM;
    if (opts.call) headers['x-request-id'] = opts.call.requestId;
    return headers;
  }

  /** The form body of a POST: the call's fields, `f=json`, and in form mode the token. */
  private body(opts: CallOptions, params: Params): string {
    const form = new URLSearchParams(params);
    form.set('f', 'json');
    if (this.tokenIn === 'form') form.set('token', opts.credential);
    return form.toString();
  }

  /**
   * A read. Sent as GET unless its URL would pass MAX_GET_URL_LENGTH, or the
   * token goes in the form: then as POST with the same fields as a form body,
   * which the portal accepts for these resources. That is what arcgis-rest-js
   * does (packages/arcgis-rest-request/src/request.ts): a GET over
   * `maxUrlLength` becomes a POST, and so does a GET whose token is to be
   * hidden where no header can carry it, so that the token is never in a URL.
   */
  private read(opts: CallOptions, path: string, route: string, params: Params = {}): Promise<UpstreamResponse> {
    const query = { ...params, f: 'json' };
    if (this.tokenIn === 'form' || getUrlLength(this.baseUrl, path, query) > MAX_GET_URL_LENGTH) return this.post(opts, path, route, params);
    return this.client.call({ method: 'GET', path, route, query, headers: this.headers(opts, false), idempotent: true, call: opts.call });
  }

  private post(opts: CallOptions, path: string, route: string, params: Params): Promise<UpstreamResponse> {
    const req: UpstreamRequest = { method: 'POST', path, route, headers: this.headers(opts, true), body: this.body(opts, params), idempotent: true, call: opts.call };
    // Reads, and sharing the same items with the same groups twice, leave the same state: these POSTs may be retried.
    return this.client.call(req);
  }

  /** `GET community/self`: the caller's user name and org role. */
  async getSelf(opts: CallOptions): Promise<SelfInfo> {
    return parseSelf(await this.read(opts, ROUTES.self, ROUTES.self));
  }

  /**
   * Share one item as its owner (or as an org admin on the owner's behalf).
   * https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner
   */
  async shareItem(opts: CallOptions, owner: string, itemId: string, targets: ShareTargets): Promise<ItemOutcome> {
    const res = await this.post(opts, shareItemPath(owner, itemId), ROUTES.shareItem, shareForm(targets));
    return parseShareItem(res, itemId);
  }

  /**
   * Share several items in one call; the caller chunks.
   * https://developers.arcgis.com/rest/users-groups-and-items/share-items
   */
  async shareItems(opts: CallOptions, owner: string, itemIds: readonly string[], targets: ShareTargets): Promise<Map<string, ItemOutcome>> {
    const res = await this.post(opts, shareItemsPath(owner), ROUTES.shareItems, shareForm(targets, itemIds));
    return parseBatchResults(res, 'notSharedWith');
  }

  /** https://developers.arcgis.com/rest/users-groups-and-items/unshare-items */
  async unshareItems(opts: CallOptions, owner: string, itemIds: readonly string[], groups: readonly string[]): Promise<Map<string, ItemOutcome>> {
    const res = await this.post(opts, unshareItemsPath(owner), ROUTES.unshareItems, unshareForm(itemIds, groups));
    return parseBatchResults(res, 'notUnsharedFrom');
  }

  /**
   * `GET community/users/{username}`: the ids of the groups the user belongs
   * to (lower case). Only the user themself or an org admin may read it.
   * https://developers.arcgis.com/rest/users-groups-and-items/user.htm
   */
  async getUserGroupIds(opts: CallOptions, username: string): Promise<Set<string>> {
    return parseUserGroupIds(await this.read(opts, userPath(username), ROUTES.user));
  }

  /**
   * Many groups in one request, as hub.js does: `q=id:(a OR b)`. At most 100
   * ids (the portal's page size). Only groups the caller may see come back,
   * and the index can lag: callers fall back to `getGroup` for the rest.
   */
  async searchGroupsById(opts: CallOptions, ids: readonly string[]): Promise<GroupModel[]> {
    if (ids.length > 100) throw new RangeError('searchGroupsById takes at most 100 ids');
    return parseGroupSearch(await this.read(opts, ROUTES.groupSearch, ROUTES.groupSearch, groupSearchQuery(ids)));
  }

  /**
   * A share dialog's group search: `GET community/groups?q=title:"…"&num=`,
   * the text escaped as one phrase (request.ts `searchPhrase`), so that a
   * title with `"`, `:`, `(`, `)`, `OR` or `*` is found by those characters
   * and never changes what is searched. Only groups the caller may see come
   * back, best matches first (the portal's ranking); `num` at most 100.
   * https://developers.arcgis.com/rest/users-groups-and-items/group-search/
   */
  async searchGroups(opts: CallOptions, text: string, num: number): Promise<GroupModel[]> {
    if (num < 1 || num > 100) throw new RangeError('searchGroups takes 1 to 100 results');
    return parseGroupSearch(await this.read(opts, ROUTES.groupSearch, ROUTES.groupSearch, groupTitleSearchQuery(text, num)));
  }

  /**
   * Which of `itemIds` (at most 100, one page) a group holds, as far as the
   * portal's content index knows: a group content search by
   * `q=id:(a OR b …)`. The index can lag behind a share ("There may be a lag
   * between the time the content is updated and the time it's reflected in
   * the search results"), so an id missing here is not proof that the group
   * does not hold the item. Lower-case ids.
   * https://developers.arcgis.com/rest/users-groups-and-items/group-content-search.htm
   */
  async searchGroupContentById(opts: CallOptions, groupId: string, itemIds: readonly string[]): Promise<Set<string>> {
    if (itemIds.length > SEARCH_PAGE_MAX) throw new RangeError(`searchGroupContentById takes at most ${SEARCH_PAGE_MAX} ids`);
    return parseItemSearchIds(await this.read(opts, groupContentSearchPath(groupId), ROUTES.groupContentSearch, itemSearchQuery(itemIds)));
  }

  /**
   * Items by id through the portal's item search (`search?q=id:(…)`), at
   * most 100 (one page), optionally only those in any or all of some groups
   * (request.ts `itemByIdSearchQuery`): id, owner and access level of each
   * found. The content index can lag behind a new item or a share, and only
   * items the caller may see come back: an item missing here is not proof of
   * anything, and callers read those one by one.
   * https://developers.arcgis.com/rest/users-groups-and-items/search/
   */
  async searchItemsById(opts: CallOptions, itemIds: readonly string[], inGroups: ItemSearchGroups | null = null): Promise<ItemInfo[]> {
    if (itemIds.length > SEARCH_PAGE_MAX) throw new RangeError(`searchItemsById takes at most ${SEARCH_PAGE_MAX} ids`);
    return parseItemSearch(await this.read(opts, ROUTES.itemSearch, ROUTES.itemSearch, itemByIdSearchQuery(itemIds, inGroups)));
  }

  /** `GET community/groups/{id}`; null when the portal does not know or show it. */
  async getGroup(opts: CallOptions, id: string): Promise<GroupModel | null> {
    try {
      return toGroupModel(checkForErrors(await this.read(opts, groupPath(id), ROUTES.group)));
    } catch (err) {
      if (err instanceof UpstreamError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN' || err.code === 'BAD_REQUEST')) return null;
      throw err;
    }
  }

  /** `GET content/items/{id}`: owner and access level; null for an unknown or hidden item. */
  async getItem(opts: CallOptions, id: string): Promise<ItemInfo | null> {
    try {
      return parseItem(await this.read(opts, itemPath(id), ROUTES.item));
    } catch (err) {
      if (err instanceof UpstreamError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN' || err.code === 'BAD_REQUEST')) return null;
      throw err;
    }
  }

  /** `GET content/items/{id}/groups`: the groups the item is shared with that the caller may see. */
  async getItemGroups(opts: CallOptions, id: string): Promise<GroupModel[]> {
    return parseItemGroups(await this.read(opts, itemGroupsPath(id), ROUTES.itemGroups));
  }
}
