/**
 * Paths and form bodies of the ArcGIS portal REST calls the gateway makes.
 * Every dynamic segment goes through `pathOf`, which encodes it as exactly
 * one segment (arcgis-rest-js leaves ids unencoded; we do not).
 * https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner
 */
import { pathOf } from '../../util/encode-path';

export interface ShareTargets {
  groups?: readonly string[] | null;
  everyone?: boolean | null;
  org?: boolean | null;
  confirmItemControl?: boolean | null;
}

export const ROUTES = {
  self: '/community/self',
  groupSearch: '/community/groups',
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
export const groupPath = (id: string) => pathOf`/community/groups/${id}`;
export const itemPath = (id: string) => pathOf`/content/items/${id}`;
export const itemGroupsPath = (id: string) => pathOf`/content/items/${id}/groups`;

/** Only the fields the caller gave are sent: an absent `everyone` must not become `everyone=false`. */
export function shareForm(targets: ShareTargets, items?: readonly string[]): string {
  const form = new URLSearchParams();
  if (items) form.set('items', items.join(','));
  if (targets.groups != null) form.set('groups', targets.groups.join(','));
  if (targets.everyone != null) form.set('everyone', String(targets.everyone));
  if (targets.org != null) form.set('org', String(targets.org));
  if (targets.confirmItemControl != null) form.set('confirmItemControl', String(targets.confirmItemControl));
  form.set('f', 'json');
  return form.toString();
}

export function unshareForm(items: readonly string[], groups: readonly string[]): string {
  return new URLSearchParams({ items: items.join(','), groups: groups.join(','), f: 'json' }).toString();
}

/** The search hub.js uses to fetch many groups in one request: `id:(a OR b OR …)`. */
export function groupSearchQuery(ids: readonly string[]): Record<string, string> {
  return { q: `id:(${ids.join(' OR ')})`, num: String(ids.length), start: '1', f: 'json' };
}
