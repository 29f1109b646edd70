/**
 * The ArcGIS simulator's world: users, one org, groups with members and
 * capabilities, items with owners and an access level. The rules are the
 * documented ones: an owner shares only to groups they belong to (an org
 * admin may act for an owner of the same org, within the limits of
 * `mayShareTo`), a group with item update control needs
 * `confirmItemControl=true`, and access rises private -> shared -> org -> public.
 */
import type { ArcgisSeed } from './seed';
import type { PortalLocale } from './errors';

export type MemberType = 'owner' | 'admin' | 'member';
type Access = 'private' | 'shared' | 'org' | 'public';

export interface User {
  username: string;
  token: string;
  role: 'org_admin' | 'org_user';
  /** A custom role's id; such a user is not a full org admin whatever `role` says. */
  roleId?: string;
  orgId: string;
}

export interface Group {
  id: string;
  title: string;
  owner: string;
  access: 'private' | 'org' | 'public';
  orgId: string;
  capabilities: string[];
  members: Map<string, MemberType>;
}

export interface Item {
  id: string;
  owner: string;
  title: string;
  org: boolean;
  everyone: boolean;
  groups: Set<string>;
}

export interface ArcgisOptions {
  /**
   * Portal quirk reported by users (arcgis-rest-js PR #207): sharing with a
   * group that already holds the item lists that group in `notSharedWith`.
   * Off by default, in which case such a share is a silent success.
   */
  listAlreadySharedInNotSharedWith: boolean;
  /** Group ids the search index has not caught up with (search omits them; GET finds them). */
  searchLag: Set<string>;
  /**
   * Item ids whose group shares the content index has not caught up with:
   * a group content search omits them, `content/items/{id}/groups` lists
   * them. "There may be a lag between the time the content is updated and
   * the time it's reflected in the search results"
   * (https://developers.arcgis.com/rest/users-groups-and-items/group-content-search.htm).
   */
  itemSearchLag: Set<string>;
  /** Added to every authenticated answer, so that tests can see how many calls overlap. @default 0 */
  latencyMs: number;
  /**
   * Whether a token in an `X-Esri-Authorization`/`Authorization: Bearer`
   * header is read. Portal supports the header from 10.5.1; older portals,
   * and proxies that drop custom headers, see only the `token` form field
   * (http-authorization-headers docs; Esri/arcgis-rest-js#557, #820). @default true
   */
  tokenHeaderSupported: boolean;
  /**
   * Tokens generated for a referer (`generateToken` with `client=referer`):
   * a call carrying such a token without that `Referer` header gets 498, as
   * the portal answers (Esri/arcgis-rest-js#389, qgis/QGIS#55067).
   */
  tokenReferers: Map<string, string>;
  /**
   * The language of error messages. A portal localises `message`, never
   * `messageCode` (see errors.ts). @default 'en'
   */
  locale: PortalLocale;
}

/** What tests read back: how many API calls were being answered at once, at most. */
export interface ArcgisStats {
  inFlight: number;
  maxInFlight: number;
}

const defaultOptions = (): ArcgisOptions => ({
  listAlreadySharedInNotSharedWith: false,
  searchLag: new Set(),
  itemSearchLag: new Set(),
  latencyMs: 0,
  tokenHeaderSupported: true,
  tokenReferers: new Map(),
  locale: 'en',
});

export class ArcgisState {
  users = new Map<string, User>();
  byToken = new Map<string, User>();
  groups = new Map<string, Group>();
  items = new Map<string, Item>();
  options: ArcgisOptions = defaultOptions();
  stats: ArcgisStats = { inFlight: 0, maxInFlight: 0 };

  constructor(private readonly seed: ArcgisSeed) {
    this.load();
  }

  load(): void {
    this.users.clear();
    this.byToken.clear();
    this.groups.clear();
    this.items.clear();
    this.options = defaultOptions();
    this.stats = { inFlight: 0, maxInFlight: 0 };
    for (const u of this.seed.users) {
      const user = { ...u };
      this.users.set(u.username, user);
      this.byToken.set(u.token, user);
    }
    for (const g of this.seed.groups) {
      const members = new Map<string, MemberType>(Object.entries(g.members));
      members.set(g.owner, 'owner');
      this.groups.set(g.id, { ...g, capabilities: [...g.capabilities], members });
    }
    for (const i of this.seed.items) {
      this.items.set(i.id, { id: i.id, owner: i.owner, title: i.title, org: i.access === 'org', everyone: i.access === 'public', groups: new Set(i.groups) });
    }
  }

  accessOf(item: Item): Access {
    if (item.everyone) return 'public';
    if (item.org) return 'org';
    return item.groups.size > 0 ? 'shared' : 'private';
  }

  /**
   * A full org administrator, as arcgis-rest-js decides (`isOrgAdmin`,
   * packages/arcgis-rest-portal/src/sharing/helpers.ts): custom roles carry a
   * roleId and are not treated as admins.
   */
  isAdmin(user: User): boolean {
    return user.role === 'org_admin' && !user.roleId;
  }

  canSeeGroup(user: User, group: Group): boolean {
    return group.access === 'public' || (group.access === 'org' && group.orgId === user.orgId) || group.members.has(user.username) || this.isAdmin(user);
  }

  canSeeItem(user: User, item: Item): boolean {
    if (item.owner === user.username || item.everyone || this.isAdmin(user)) return true;
    const owner = this.users.get(item.owner);
    if (item.org && owner?.orgId === user.orgId) return true;
    return [...item.groups].some((g) => this.groups.get(g)?.members.has(user.username));
  }

  /** May `caller` act as `owner` on content (the owner themself, or an admin of the same org)? */
  mayActFor(caller: User, owner: string): boolean {
    if (caller.username === owner) return true;
    const target = this.users.get(owner);
    return this.isAdmin(caller) && target !== undefined && target.orgId === caller.orgId;
  }

  /**
   * May `caller` (the owner, or an admin acting for them: see mayActFor) add
   * `item` to `group`? A group the owner belongs to, always. Beyond those, an
   * org admin only for an item at org or public level, to a group of the
   * admin's org: "There are no sharing restrictions if the item has a public
   * or org sharing level. The items with a private sharing level may only be
   * shared to groups the item owner has sharing access to"
   * (https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-group-admin).
   * The simulator reads "private sharing level" as any level below org (a
   * group-shared item too), and judges by the level before the call, so a
   * call that sets org=true and names groups is held to the private rule.
   * UNCONFIRMED: neither reading is documented.
   */
  mayShareTo(caller: User, item: Item, group: Group): boolean {
    if (group.members.has(item.owner)) return true;
    const level = this.accessOf(item);
    return this.isAdmin(caller) && (level === 'org' || level === 'public') && group.orgId === caller.orgId;
  }
}
