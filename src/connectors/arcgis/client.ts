/**
 * The ArcGIS portal connector: one method per REST operation, named after it.
 * The caller's token travels as `X-Esri-Authorization: Bearer`, which keeps it
 * out of URLs and form bodies (and so out of any upstream access log).
 */
import type { UpstreamClient } from '../upstream';
import type { GroupModel } from '../../models';
import type { UpstreamRequest } from '../upstream';
import {
  ROUTES,
  groupPath,
  groupSearchQuery,
  itemGroupsPath,
  itemPath,
  shareForm,
  shareItemPath,
  shareItemsPath,
  unshareForm,
  unshareItemsPath,
} from './request';
import type { ShareTargets } from './request';
import {
  parseBatchResults,
  parseGroupSearch,
  parseItem,
  parseItemGroups,
  parseSelf,
  parseShareItem,
  toGroupModel,
  checkForErrors,
} from './response';
import type { ItemInfo, ItemOutcome, SelfInfo } from './response';
import { UpstreamError } from '../../errors';
import type { CallOptions } from '../call-options';

export type { CallOptions };

const FORM = 'application/x-www-form-urlencoded';

export class ArcgisConnector {
  constructor(readonly client: UpstreamClient) {}

  private headers(opts: CallOptions, form: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'x-esri-authorization': `Bearer ${opts.credential}`, accept: 'application/json' };
    if (form) headers['content-type'] = FORM;
    if (opts.call) headers['x-request-id'] = opts.call.requestId;
    return headers;
  }

  private get(opts: CallOptions, path: string, route: string, query: Record<string, string> = { f: 'json' }): Promise<import('../upstream').UpstreamResponse> {
    return this.client.call({ method: 'GET', path, route, query, headers: this.headers(opts, false), idempotent: true, call: opts.call });
  }

  private post(opts: CallOptions, path: string, route: string, body: string): Promise<import('../upstream').UpstreamResponse> {
    const req: UpstreamRequest = { method: 'POST', path, route, headers: this.headers(opts, true), body, idempotent: true, call: opts.call };
    // Sharing the same items with the same groups twice leaves the same state, so these POSTs may be retried.
    return this.client.call(req);
  }

  /** `GET community/self`: the caller's user name and org role. */
  async getSelf(opts: CallOptions): Promise<SelfInfo> {
    return parseSelf(await this.get(opts, ROUTES.self, ROUTES.self));
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
   * Many groups in one request, as hub.js does: `q=id:(a OR b)`. At most 100
   * ids (the portal's page size). Only groups the caller may see come back,
   * and the index can lag: callers fall back to `getGroup` for the rest.
   */
  async searchGroupsById(opts: CallOptions, ids: readonly string[]): Promise<GroupModel[]> {
    if (ids.length > 100) throw new RangeError('searchGroupsById takes at most 100 ids');
    return parseGroupSearch(await this.get(opts, ROUTES.groupSearch, ROUTES.groupSearch, groupSearchQuery(ids)));
  }

  /** `GET community/groups/{id}`; null when the portal does not know or show it. */
  async getGroup(opts: CallOptions, id: string): Promise<GroupModel | null> {
    try {
      return toGroupModel(checkForErrors(await this.get(opts, groupPath(id), ROUTES.group)));
    } catch (err) {
      if (err instanceof UpstreamError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN' || err.code === 'BAD_REQUEST')) return null;
      throw err;
    }
  }

  /** `GET content/items/{id}`: owner and access level; null for an unknown or hidden item. */
  async getItem(opts: CallOptions, id: string): Promise<ItemInfo | null> {
    try {
      return parseItem(await this.get(opts, itemPath(id), ROUTES.item));
    } catch (err) {
      if (err instanceof UpstreamError && (err.code === 'NOT_FOUND' || err.code === 'FORBIDDEN' || err.code === 'BAD_REQUEST')) return null;
      throw err;
    }
  }

  /** `GET content/items/{id}/groups`: the groups the item is shared with that the caller may see. */
  async getItemGroups(opts: CallOptions, id: string): Promise<GroupModel[]> {
    return parseItemGroups(await this.get(opts, itemGroupsPath(id), ROUTES.itemGroups));
  }
}
