/**
 * The ArcGIS portal REST endpoints the gateway uses, with the portal's
 * habits: errors as HTTP 200 with `{"error":{...}}`, tokens from the `token`
 * field or an `X-Esri-Authorization`/`Authorization` Bearer header, 498 for an
 * invalid token and 499 when it is missing. In front of it stands IIS as in
 * an ArcGIS Enterprise on Windows install, refusing long query strings.
 */
import { sleep } from '../kit';
import type { SimRequest, SimResponse, SimServer } from '../kit';
import type { ArcgisState, Group, Item, User } from './state';
import { portalErrors } from './errors';
import { compileSearch } from './search-query';
import type { CompiledSearch } from './search-query';

export const ARCGIS_BASE_PATH = '/sharing/rest';

type Json = Record<string, unknown>;

const ok = (body: unknown): SimResponse => ({ status: 200, body });

/**
 * IIS request filtering's default `maxQueryString` is 2048: a longer query
 * string is refused with 404.15 and an HTML page, before the portal sees it
 * (https://learn.microsoft.com/en-us/iis/configuration/system.webServer/security/requestfiltering/requestlimits).
 */
const IIS_MAX_QUERY_STRING = 2048;

function iisQueryStringTooLong(req: SimRequest): SimResponse | null {
  const q = req.url.indexOf('?');
  if (q === -1 || req.url.length - q - 1 <= IIS_MAX_QUERY_STRING) return null;
  return {
    status: 404,
    headers: { 'content-type': 'text/html' },
    body: '<!DOCTYPE html><html><head><title>IIS 10.0 Detailed Error - 404.15 - Not Found</title></head><body><h3>HTTP Error 404.15 - Not Found</h3><h4>The request filtering module is configured to deny a request where the query string is too long.</h4></body></html>',
  };
}

function tokenOf(state: ArcgisState, req: SimRequest): string | null {
  const field = req.form.get('token');
  if (field) return field;
  if (!state.options.tokenHeaderSupported) return null;
  for (const name of ['x-esri-authorization', 'authorization']) {
    const value = req.headers[name];
    if (typeof value === 'string' && /^Bearer /i.test(value)) return value.slice(7).trim();
  }
  return null;
}

function groupJson(state: ArcgisState, group: Group, viewer: User): Json {
  return {
    id: group.id,
    title: group.title,
    owner: group.owner,
    access: group.access,
    orgId: group.orgId,
    capabilities: group.capabilities,
    isViewOnly: false,
    isInvitationOnly: false,
    protected: false,
    autoJoin: false,
    userMembership: { username: viewer.username, memberType: group.members.get(viewer.username) ?? 'none', applications: 0 },
  };
}

/**
 * An item as the portal describes it (https://developers.arcgis.com/rest/users-groups-and-items/item/),
 * with the fields Esri's client reads: `getItem` builds `thumbnailUrl` from
 * `id`, `thumbnail` and `access` (arcgis-rest-portal src/items/helpers.ts,
 * `decorateThumbnail`), `isItemSharedWithGroup` reads `id` from a search,
 * and its `IItem` type names the rest. Dates are fixed, so that answers
 * stay the same from run to run.
 */
function itemJson(state: ArcgisState, item: Item): Json {
  return {
    id: item.id,
    owner: item.owner,
    orgId: state.users.get(item.owner)?.orgId ?? null,
    created: ITEM_DATE,
    modified: ITEM_DATE,
    title: item.title,
    type: 'Web Map',
    typeKeywords: ['ArcGIS Online', 'Explorer Web Map', 'Map', 'Online Map', 'Web Map'],
    description: null,
    snippet: null,
    tags: [],
    thumbnail: 'thumbnail/thumbnail.png',
    url: null,
    access: state.accessOf(item),
    size: -1,
    numViews: 0,
    ownerFolder: null,
    protected: false,
    culture: 'en-us',
    categories: [],
    extent: [],
    spatialReference: null,
    accessInformation: null,
    licenseInfo: null,
    properties: null,
    commentsEnabled: false,
    numComments: 0,
    numRatings: 0,
    avgRating: 0,
    listed: false,
    groupDesignations: null,
  };
}

const ITEM_DATE = Date.UTC(2024, 0, 15);

/** What the item search (`GET /search`) matches `q` against: the search reference's item fields the simulator has. */
function itemRecord(state: ArcgisState, item: Item): Record<string, string> {
  // The content index behind a share (itemSearchLag) does not list the item's groups yet, as the group content search does not:
  // "The search index is updated when users add, update, or remove content. There may be a lag between the time the content is
  // updated and the time it's reflected in the search results" (group-content-search.htm; the item search reads the same index).
  // `group:` is the field arcgis-rest-js searches to tell whether an item is in a group (arcgis-rest-portal, src/sharing/is-item-shared-with-group.ts).
  const group = state.options.itemSearchLag.has(item.id) ? '' : [...item.groups].join(' ');
  return { id: item.id, title: item.title, owner: item.owner, type: 'Web Map', access: state.accessOf(item), orgid: state.users.get(item.owner)?.orgId ?? '', group };
}

/** A user as `community/users/{username}` and `community/self` describe one; `groups` only where the portal gives them. */
function userJson(state: ArcgisState, user: User, groups: Json[] | null): Json {
  return {
    username: user.username,
    fullName: user.username,
    role: user.role,
    ...(user.roleId ? { roleId: user.roleId } : {}),
    orgId: user.orgId,
    access: 'org',
    ...(groups ? { groups } : {}),
  };
}

/** The groups `user` belongs to, each as the user sees it. */
function groupsOf(state: ArcgisState, user: User): Json[] {
  return [...state.groups.values()].filter((g) => g.members.has(user.username)).map((g) => groupJson(state, g, user));
}

/**
 * The items a search can match: only those it requires by id (what the
 * gateway's ledger sends, 100 ids a search: `id:(a OR b …) AND …`), every
 * item otherwise. Only to keep the simulator's one thread from testing every
 * item for each such search; the matching itself is search-query.ts's.
 */
function searchCandidates(state: ArcgisState, query: CompiledSearch): Item[] {
  if (!query.requiredIds) return [...state.items.values()];
  const found = new Map<string, Item>();
  for (const id of query.requiredIds) {
    const item = state.items.get(id) ?? state.items.get(id.toLowerCase());
    if (item) found.set(item.id, item);
  }
  return [...found.values()];
}

/** The ids in a group search `q` such as `id:(a OR b)` or `id:a`; null when the query has another form. */
function idsOfQuery(q: string): string[] | null {
  const m = /^\s*id\s*:\s*(?:\(([^)]*)\)|(\S+))\s*$/i.exec(q);
  if (!m) return null;
  return (m[1] ?? m[2] ?? '')
    .split(/\s+OR\s+/i)
    .map((s) => s.trim().replace(/^"|"$/g, ''))
    .filter((s) => s !== '');
}

interface ShareArgs {
  /** null when the field is absent; [] when it is present and empty, which the portal reads as "no groups at all". */
  groups: string[] | null;
  everyone: boolean | null;
  org: boolean | null;
  confirmItemControl: boolean;
}

function bool(value: string | null): boolean | null {
  if (value === null) return null;
  return value.toLowerCase() === 'true';
}

function shareArgs(req: SimRequest): ShareArgs {
  const groups = req.form.get('groups');
  return {
    groups:
      groups === null
        ? null
        : groups
            .split(',')
            .map((g) => g.trim())
            .filter((g) => g !== ''),
    everyone: bool(req.form.get('everyone')),
    org: bool(req.form.get('org')),
    confirmItemControl: bool(req.form.get('confirmItemControl')) === true,
  };
}

/**
 * Applies a share to one item; returns the groups it was not shared with.
 * A `groups` field sent empty unshares the item from every group: "In order
 * to make an item private, this parameter should be passed in as empty"
 * (https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner),
 * and Esri's Python client unshares all groups that way (ArcGIS API for
 * Python, `arcgis.gis._impl._content_manager.sharing.api`, `SharingManager._share`).
 */
function shareOne(state: ArcgisState, caller: User, item: Item, args: ShareArgs): string[] {
  const notShared: string[] = [];
  if (args.groups !== null && args.groups.length === 0) item.groups.clear();
  for (const id of args.groups ?? []) {
    const group = state.groups.get(id);
    if (!group || !state.canSeeGroup(caller, group) || !state.mayShareTo(caller, item, group)) {
      notShared.push(id);
      continue;
    }
    if (group.capabilities.includes('updateitemcontrol') && !args.confirmItemControl) {
      notShared.push(id);
      continue;
    }
    if (item.groups.has(id) && state.options.listAlreadySharedInNotSharedWith) {
      notShared.push(id);
      continue;
    }
    item.groups.add(id);
  }
  if (args.everyone !== null) item.everyone = args.everyone;
  if (args.org !== null) item.org = args.org;
  return notShared;
}

function unshareOne(state: ArcgisState, caller: User, item: Item, groups: string[]): string[] {
  const left: string[] = [];
  for (const id of groups) {
    const group = state.groups.get(id);
    if (!group) {
      left.push(id);
      continue;
    }
    const allowed = state.mayActFor(caller, item.owner) || ['owner', 'admin'].includes(group.members.get(caller.username) ?? '');
    if (!allowed) left.push(id);
    else item.groups.delete(id);
  }
  return left;
}

export function registerArcgisRoutes(sim: SimServer, state: ArcgisState): void {
  const base = ARCGIS_BASE_PATH;
  // Error bodies in the language the simulator is set to, read per answer (see errors.ts).
  const say = () => portalErrors(state.options.locale);
  const NO_ITEM = (id: string) => say().itemNotFound(id);
  const NO_GROUP = () => say().groupNotFound();

  /**
   * Wraps a handler with the portal's token check. Each call counts as in
   * flight for `options.latencyMs` before it is answered (state changes
   * happen after the wait), so tests can read the gateway's concurrency.
   */
  const authed =
    (handler: (req: SimRequest, user: User) => SimResponse) =>
    async (req: SimRequest): Promise<SimResponse> => {
      // IIS answers before the portal sees the request.
      const refused = req.method === 'GET' ? iisQueryStringTooLong(req) : null;
      if (refused) return refused;
      const stats = state.stats;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      try {
        if (state.options.latencyMs > 0) await sleep(state.options.latencyMs);
        const token = tokenOf(state, req);
        if (!token) return say().tokenRequired();
        const user = state.byToken.get(token);
        if (!user) return say().invalidToken();
        const boundTo = state.options.tokenReferers.get(token);
        if (boundTo !== undefined && req.headers.referer !== boundTo) return say().invalidToken();
        return handler(req, user);
      } finally {
        stats.inFlight--;
      }
    };

  /**
   * Every resource and operation is answered to GET and to POST alike, with
   * the same fields as a query or a form body, as the portal answers them:
   * Esri's clients pick the method per call, arcgis-rest-js POST unless told
   * otherwise (`getDefaultRequestOptions`, httpMethod "POST"), GET for reads
   * such as getItem, getGroup, getUser and getSelf, and POST for any GET over
   * `maxUrlLength` (packages/arcgis-rest-request/src/request.ts).
   */
  const route = (template: string, handler: (req: SimRequest) => Promise<SimResponse>): void => {
    sim.route('GET', template, handler);
    sim.route('POST', template, handler);
  };

  /**
   * `portals/self`: the caller's organisation, with the caller as `user`
   * (https://developers.arcgis.com/rest/users-groups-and-items/portal-self/);
   * arcgis-rest-portal's `getSelf` reads it (src/util/get-portal.ts).
   */
  route(
    `${base}/portals/self`,
    authed((_req, user) =>
      ok({
        id: user.orgId,
        name: 'Demo organisation',
        urlKey: user.orgId,
        customBaseUrl: 'maps.arcgis.com',
        isPortal: false,
        portalMode: 'multitenant',
        culture: 'en',
        region: 'WO',
        user: userJson(state, user, null),
      }),
    ),
  );

  /**
   * `community/self`, the signed-in user with the groups they belong to
   * (https://developers.arcgis.com/rest/users-groups-and-items/self/):
   * arcgis-rest-request's ArcGISIdentityManager reads it for `getUser` and
   * `getUsername`, and `isOrgAdmin` reads `role` and `roleId` from it
   * (arcgis-rest-portal src/sharing/helpers.ts).
   */
  route(
    `${base}/community/self`,
    authed((_req, user) => ok(userJson(state, user, groupsOf(state, user)))),
  );

  /**
   * `community/users/{username}` (https://developers.arcgis.com/rest/users-groups-and-items/user/):
   * a user of the caller's org is visible to its members (a profile's
   * default access is `org`), with `groups` for the user themself and for an
   * admin only, who are those the portal lists them to. arcgis-rest-portal's
   * `shareItemWithGroup` reads the owner's profile whoever shares, and the
   * owner's `groups` when an admin shares for them (src/sharing/share-item-with-group.ts).
   */
  route(
    `${base}/community/users/:username`,
    authed((req, user) => {
      const target = state.users.get(req.params.username!);
      if (!target || target.orgId !== user.orgId) return say().userNotFound(req.params.username!);
      const seesGroups = target.username === user.username || state.isAdmin(user);
      return ok(userJson(state, target, seesGroups ? groupsOf(state, target) : null));
    }),
  );

  route(
    `${base}/community/groups`,
    authed((req, user) => {
      const q = req.form.get('q') ?? '';
      const num = Math.min(100, Math.max(1, Number(req.form.get('num') ?? 10) || 10));
      const start = Math.max(1, Number(req.form.get('start') ?? 1) || 1);
      const ids = idsOfQuery(q);
      let found: (g: Group) => boolean;
      if (ids) {
        found = (g) => ids.includes(g.id);
      } else {
        // Any other query is read with the portal's search syntax (search-query.ts), so unescaped text changes what it finds.
        let query: CompiledSearch;
        try {
          query = compileSearch(q);
        } catch {
          return say().invalidRequest('Invalid query.');
        }
        found = (g) => query.test({ id: g.id, title: g.title, owner: g.owner });
      }
      const all = [...state.groups.values()].filter((g) => state.canSeeGroup(user, g) && !state.options.searchLag.has(g.id) && found(g));
      const page = all.slice(start - 1, start - 1 + num);
      const nextStart = start - 1 + num < all.length ? start + num : -1;
      return ok({ query: q, total: all.length, start, num, nextStart, results: page.map((g) => groupJson(state, g, user)) });
    }),
  );

  route(
    `${base}/community/groups/:id`,
    authed((req, user) => {
      const group = state.groups.get(req.params.id!);
      if (!group || !state.canSeeGroup(user, group)) return NO_GROUP();
      return ok(groupJson(state, group, user));
    }),
  );

  /**
   * Group content search: the items shared with a group, as search results
   * (`{query,total,start,num,nextStart,results}`, at most 100 a page, as the
   * paging parameters allow), only those the caller may see, and behind the
   * content index (`itemSearchLag`). The simulator reads `q` as `id:(a OR b)`
   * or, in any other form, as words of the title.
   * https://developers.arcgis.com/rest/users-groups-and-items/group-content-search.htm
   * Served to POST too: arcgis-rest-js sends a search whose URL is too long
   * as POST (packages/arcgis-rest-request/src/request.ts, `maxUrlLength`).
   */
  route(
    `${base}/content/groups/:groupId/search`,
    authed((req, user) => {
      const group = state.groups.get(req.params.groupId!);
      if (!group || !state.canSeeGroup(user, group)) return NO_GROUP();
      const q = req.form.get('q') ?? '';
      const num = Math.min(100, Math.max(1, Number(req.form.get('num') ?? 10) || 10));
      const start = Math.max(1, Number(req.form.get('start') ?? 1) || 1);
      const ids = idsOfQuery(q)?.map((id) => id.toLowerCase()) ?? null;
      const all = [...state.items.values()].filter(
        (item) =>
          item.groups.has(group.id) &&
          state.canSeeItem(user, item) &&
          !state.options.itemSearchLag.has(item.id) &&
          (ids ? ids.includes(item.id.toLowerCase()) : item.title.toLowerCase().includes(q.toLowerCase())),
      );
      const page = all.slice(start - 1, start - 1 + num);
      const nextStart = start - 1 + num < all.length ? start + num : -1;
      return ok({ query: q, total: all.length, start, num, nextStart, results: page.map((item) => itemJson(state, item)) });
    }),
  );

  /**
   * The item search (https://developers.arcgis.com/rest/users-groups-and-items/search/),
   * `q` read with the portal's search syntax (search-query.ts) over the
   * items the caller may see; `start`, `num` (at most 100) and `nextStart`
   * page it, `sortField=title` sorts it. arcgis-rest-portal's `searchItems`
   * calls it, and `isItemSharedWithGroup` asks `id: X AND group: Y` before
   * every share and unshare (src/sharing/is-item-shared-with-group.ts).
   */
  route(
    `${base}/search`,
    authed((req, user) => {
      const q = req.form.get('q') ?? '';
      const num = Math.min(100, Math.max(1, Number(req.form.get('num') ?? 10) || 10));
      const start = Math.max(1, Number(req.form.get('start') ?? 1) || 1);
      let query: CompiledSearch;
      try {
        query = compileSearch(q);
      } catch {
        return say().invalidRequest('Invalid query.');
      }
      const all = searchCandidates(state, query).filter((i) => state.canSeeItem(user, i) && query.test(itemRecord(state, i)));
      if ((req.form.get('sortField') ?? '').toLowerCase() === 'title') all.sort((a, b) => a.title.localeCompare(b.title));
      const page = all.slice(start - 1, start - 1 + num);
      const nextStart = start - 1 + num < all.length ? start + num : -1;
      return ok({ query: q, total: all.length, start, num, nextStart, results: page.map((i) => itemJson(state, i)) });
    }),
  );

  route(
    `${base}/content/items/:id`,
    authed((req, user) => {
      const item = state.items.get(req.params.id!);
      if (!item || !state.canSeeItem(user, item)) return NO_ITEM(req.params.id!);
      return ok(itemJson(state, item));
    }),
  );

  route(
    `${base}/content/items/:id/groups`,
    authed((req, user) => {
      const item = state.items.get(req.params.id!);
      if (!item || !state.canSeeItem(user, item)) return NO_ITEM(req.params.id!);
      const out: Record<'admin' | 'member' | 'other', Json[]> = { admin: [], member: [], other: [] };
      for (const id of item.groups) {
        const group = state.groups.get(id);
        if (!group || !state.canSeeGroup(user, group)) continue;
        const type = group.members.get(user.username);
        const bucket = type === 'owner' || type === 'admin' ? 'admin' : type === 'member' ? 'member' : 'other';
        out[bucket].push(groupJson(state, group, user));
      }
      return ok(out);
    }),
  );

  route(
    `${base}/content/users/:owner/items/:id/share`,
    authed((req, user) => {
      const owner = req.params.owner!;
      const item = state.items.get(req.params.id!);
      if (!item || item.owner !== owner || !state.canSeeItem(user, item)) return NO_ITEM(req.params.id!);
      if (!state.mayActFor(user, owner)) return say().noPermission();
      const notSharedWith = shareOne(state, user, item, shareArgs(req));
      return ok({ notSharedWith, itemId: item.id });
    }),
  );

  route(
    `${base}/content/users/:owner/items/:id/unshare`,
    authed((req, user) => {
      const owner = req.params.owner!;
      const item = state.items.get(req.params.id!);
      if (!item || item.owner !== owner) return NO_ITEM(req.params.id!);
      if (!state.mayActFor(user, owner)) return say().noPermission();
      const groups = (req.form.get('groups') ?? '').split(',').filter((g) => g !== '');
      return ok({ notUnsharedFrom: unshareOne(state, user, item, groups), itemId: item.id });
    }),
  );

  const batch = (mode: 'share' | 'unshare') =>
    authed((req, user) => {
      const owner = req.params.owner!;
      if (!state.mayActFor(user, owner)) return say().noPermission();
      const itemsField = req.form.get('items');
      if (!itemsField) return say().invalidRequest("'items' must be specified.");
      const args = shareArgs(req);
      if (mode === 'unshare' && !args.groups) return say().invalidRequest("'groups' must be specified.");
      // Sent empty, unshareItems takes the items out of every group (ArcGIS API for Python,
      // `arcgis.gis._impl._content_manager.sharing.api`, `SharingManager._unshare`: "If the value
      // is set to an empty string, "" the groups will be unshared").
      const unshareFrom = (item: Item) => (args.groups!.length === 0 ? [...item.groups] : args.groups!);
      const results = itemsField.split(',').map((id) => {
        const item = state.items.get(id.trim());
        if (!item || item.owner !== owner) {
          return { itemId: id, success: false, error: say().batchItemNotFound() };
        }
        if (mode === 'share') return { itemId: item.id, success: true, notSharedWith: shareOne(state, user, item, args) };
        return { itemId: item.id, success: true, notUnsharedFrom: unshareOne(state, user, item, unshareFrom(item)) };
      });
      return ok({ results });
    });

  route(`${base}/content/users/:owner/shareItems`, batch('share'));
  route(`${base}/content/users/:owner/unshareItems`, batch('unshare'));

  /**
   * Share as a group admin (https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-group-admin/):
   * `POST content/items/{id}/share` shares an item the caller can see with
   * groups the caller administers (owner or admin of the group, or an org
   * admin for a group of the org); any other group comes back in
   * `notSharedWith`. It changes no access level (everyone/org belong to
   * the owner's route). arcgis-rest-portal's `shareItemWithGroup` uses it
   * when the caller is neither the owner nor an admin of the owner's org
   * (src/sharing/share-item-with-group.ts, `shareToGroup`).
   */
  route(
    `${base}/content/items/:id/share`,
    authed((req, user) => {
      const item = state.items.get(req.params.id!);
      if (!item || !state.canSeeItem(user, item)) return NO_ITEM(req.params.id!);
      const args = shareArgs(req);
      const notSharedWith: string[] = [];
      for (const id of args.groups ?? []) {
        const group = state.groups.get(id);
        const administers = group && (['owner', 'admin'].includes(group.members.get(user.username) ?? '') || (state.isAdmin(user) && group.orgId === user.orgId));
        if (!group || !administers || (group.capabilities.includes('updateitemcontrol') && !args.confirmItemControl)) notSharedWith.push(id);
        else item.groups.add(id);
      }
      return ok({ notSharedWith, itemId: item.id });
    }),
  );

  /**
   * Unshare as a group admin (https://developers.arcgis.com/rest/users-groups-and-items/unshare-item-as-group-admin/):
   * `POST content/items/{id}/unshare` takes an item out of groups the
   * caller administers (or any group, for the owner or an admin of the
   * owner's org); the rest come back in `notUnsharedFrom`.
   * arcgis-rest-portal's `unshareItemWithGroup` uses it for any caller but
   * the owner (src/sharing/unshare-item-with-group.ts, `unshareFromGroup`).
   */
  route(
    `${base}/content/items/:id/unshare`,
    authed((req, user) => {
      const item = state.items.get(req.params.id!);
      if (!item || !state.canSeeItem(user, item)) return NO_ITEM(req.params.id!);
      const groups = (req.form.get('groups') ?? '')
        .split(',')
        .map((g) => g.trim())
        .filter((g) => g !== '');
      return ok({ notUnsharedFrom: unshareOne(state, user, item, groups), itemId: item.id });
    }),
  );
}
