/**
 * Paths and form bodies of the ArcGIS portal REST calls the gateway makes.
 * Every dynamic segment goes through `pathOf`, which encodes it as exactly
 * one segment (arcgis-rest-js leaves ids unencoded; we do not).
 * https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner
 */
import { pathOf } from '../../util/encode-path';
import type { ItemShareTargets } from '../../models';

/** What a share call sends: the targets, and whether members who may update items are confirmed. */
export interface ShareTargets extends ItemShareTargets {
  confirmItemControl?: boolean | null;
}

export const ROUTES = {
  self: '/community/self',
  user: '/community/users/:username',
  groupSearch: '/community/groups',
  groupContentSearch: '/content/groups/:groupId/search',
  itemSearch: '/search',
  group: '/community/groups/:id',
  item: '/content/items/:id',
  itemGroups: '/content/items/:id/groups',
  shareItem: '/content/users/:owner/items/:id/share',
  shareItems: '/content/users/:owner/shareItems',
  unshareItems: '/content/users/:owner/unshareItems',
} as const;

export const shareItemPath = (owner: string, itemId: string) => pathOf`/content/users/${owner}/items/${itemId}/share`;
export const shareItemsPath = (owner: string) => pathOf`/content/users/${owner}/shareItems`;
export const unshareItemsPath = (owner: string) => pathOf`/content/users/${owner}/unshareItems`;
export const userPath = (username: string) => pathOf`/community/users/${username}`;
export const groupPath = (id: string) => pathOf`/community/groups/${id}`;
export const groupContentSearchPath = (groupId: string) => pathOf`/content/groups/${groupId}/search`;
export const itemPath = (id: string) => pathOf`/content/items/${id}`;
export const itemGroupsPath = (id: string) => pathOf`/content/items/${id}/groups`;

/** Form fields of a call, before the connector adds `f=json` (and, in form mode, the token). */
export type Params = Record<string, string>;

/**
 * Only the fields the caller gave are sent: an absent `everyone` must not
 * become `everyone=false`. Nor is an empty group list sent as `groups=`: the
 * share docs say "In order to make an item private, this parameter should be
 * passed in as empty", and Esri's Python client unshares every group that way
 * (ArcGIS API for Python, module `arcgis.gis._impl._content_manager.sharing.api`,
 * `SharingManager._share`/`_unshare`).
 * https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner
 */
export function shareForm(targets: ShareTargets, items?: readonly string[]): Params {
  const form: Params = {};
  if (items) form.items = items.join(',');
  if (targets.groups && targets.groups.length > 0) form.groups = targets.groups.join(',');
  if (targets.everyone != null) form.everyone = String(targets.everyone);
  if (targets.org != null) form.org = String(targets.org);
  if (targets.confirmItemControl != null) form.confirmItemControl = String(targets.confirmItemControl);
  return form;
}

/** As for shareForm, an empty group list is left out: sent empty, it would unshare the items from every group. */
export function unshareForm(items: readonly string[], groups: readonly string[]): Params {
  const form: Params = { items: items.join(',') };
  if (groups.length > 0) form.groups = groups.join(',');
  return form;
}

/** The search hub.js uses to fetch many groups in one request: `id:(a OR b OR …)`. */
export function groupSearchQuery(ids: readonly string[]): Params {
  return { q: `id:(${ids.join(' OR ')})`, num: String(ids.length), start: '1' };
}

/** The same `id:(a OR b OR …)` form, for items in a group content search. */
export const itemSearchQuery = groupSearchQuery;

/** Which of the groups an item search by id asks the items to be in: any one of them, or every one. */
export interface ItemSearchGroups {
  groups: readonly string[];
  match: 'any' | 'all';
}

/**
 * The item search's `q` for some items by id, optionally only those in any or
 * in all of some groups: `id:(a OR b) AND (group:g1 OR group:g2)`, or
 * `… AND group:g1 AND group:g2`. `group:` is the search reference's field
 * for the groups an item is shared with; arcgis-rest-js asks `id:X AND
 * group:Y` to tell whether an item is in a group (arcgis-rest-portal,
 * src/sharing/is-item-shared-with-group.ts). Ids are 32 hexadecimal
 * characters (the resolvers check them), so nothing needs escaping.
 */
export function itemByIdSearchQuery(itemIds: readonly string[], inGroups: ItemSearchGroups | null = null): Params {
  let q = `id:(${itemIds.join(' OR ')})`;
  if (inGroups && inGroups.groups.length > 0) {
    const terms = inGroups.groups.map((g) => `group:${g}`);
    q += inGroups.match === 'any' ? ` AND (${terms.join(' OR ')})` : ` AND ${terms.join(' AND ')}`;
  }
  return { q, num: String(itemIds.length), start: '1' };
}

/**
 * The most results one search answers: "The default value is 10, and the
 * maximum allowed value is 100" (the `num` paging parameter of the REST API's
 * Search, https://developers.arcgis.com/rest/users-groups-and-items/search/,
 * shared by the group search and the group content search; ../shared/backends.md [S-NUM]).
 */
export const SEARCH_PAGE_MAX = 100;

/**
 * Text as one phrase of the portal's search syntax, so that nothing in it is
 * read as syntax. The search reference (Search terms, Escaping special
 * characters: https://developers.arcgis.com/rest/users-groups-and-items/search-reference/)
 * makes a phrase of words between double quotes, and inside a phrase (as in
 * the Lucene query parser the portal's syntax follows) only `"` and the
 * escape character `\` mean anything; each is escaped with `\`. So `:`,
 * `(`, `)`, `*`, `?` and the operators AND, OR and NOT are plain text there.
 * arcgis-rest-js's SearchQueryBuilder quotes terms with spaces but escapes
 * nothing (packages/arcgis-rest-portal/src/util/SearchQueryBuilder.ts
 * `formatTerm`); a quote in a title would end its phrase.
 */
export function searchPhrase(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * A share dialog's group search: groups whose title holds `text`, at most
 * `num` of them, in the portal's own order (best matches first).
 * https://developers.arcgis.com/rest/users-groups-and-items/group-search/
 */
export function groupTitleSearchQuery(text: string, num: number): Params {
  return { q: `title:${searchPhrase(text)}`, num: String(num), start: '1' };
}

/**
 * The longest URL sent as a GET; a longer one goes as a POST with the same
 * fields as a form body, as arcgis-rest-js does (`maxUrlLength`, default 2000,
 * packages/arcgis-rest-request/src/request.ts). IIS, in front of ArcGIS
 * Enterprise on Windows, refuses a query string over 2,048 characters with
 * 404.15 (https://learn.microsoft.com/en-us/iis/configuration/system.webServer/security/requestfiltering/requestlimits);
 * a search by 100 group ids is about 3.6 KB.
 */
export const MAX_GET_URL_LENGTH = 2000;

/** The URL a GET of `path` with `params` would have, as undici sends it (http.ts serialises the query the same way). */
export function getUrlLength(base: URL, path: string, params: Params): number {
  const query = new URLSearchParams(params).toString();
  return base.origin.length + base.pathname.replace(/\/+$/, '').length + path.length + (query === '' ? 0 : 1 + query.length);
}
