/**
 * The ArcGIS simulator's world: users, one org, groups with members and
 * capabilities, items with owners and an access level. The rules are the
 * documented ones: an owner shares only to groups they belong to (an org
 * admin may act for an owner of the same org), a group with item update
 * control needs `confirmItemControl=true`, and access rises
 * private -> shared -> org -> public.
 */
import type { ArcgisSeed } from './seed';
import type { PortalLocale } from './errors';

export type MemberType = 'owner' | 'admin' | 'member';
type Access = 'private' | 'shared' | 'org' | 'public';

export interface User {
  username: string;
  token: string;
  role: 'org_admin' | 'org_user';
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
  /** Added to every authenticated answer, so that tests can see how many calls overlap. @default 0 */
  latencyMs: number;
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

const defaultOptions = (): ArcgisOptions => ({ listAlreadySharedInNotSharedWith: false, searchLag: new Set(), latencyMs: 0, locale: 'en' });

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

  isAdmin(user: User): boolean {
    return user.role === 'org_admin';
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
   * May `caller` add the item of `owner` to `group`? The owner must belong to
   * the group, or the caller be an org admin of the group's org.
   */
  mayShareTo(caller: User, owner: string, group: Group): boolean {
    if (group.members.has(owner) && group.members.has(caller.username)) return true;
    if (group.members.has(owner) && caller.username !== owner && this.isAdmin(caller)) return true;
    return this.isAdmin(caller) && group.orgId === caller.orgId;
  }
}
