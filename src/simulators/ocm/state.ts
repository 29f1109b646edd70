/**
 * The OCM simulator's world: users, groups, folders and collections with
 * their direct shares, kept in memory and reloaded from the seed on reset.
 * Access rules follow the docs where they speak and are stated here where
 * they do not.
 */
import type { OcmRole, OcmSeed } from './seed';

export const OCM_ROLES: readonly OcmRole[] = ['viewer', 'downloader', 'contributor', 'manager'];

const RANK: Record<OcmRole, number> = { viewer: 1, downloader: 2, contributor: 3, manager: 4 };

export function isOcmRole(value: unknown): value is OcmRole {
  return typeof value === 'string' && (OCM_ROLES as readonly string[]).includes(value);
}

export interface OcmUser {
  id: string;
  displayName: string;
  loginName: string;
  email: string;
  homeFolderId: string;
}

/**
 * A group. Documents API 1.2 shares with "a specified user(s) and/or
 * group(s)" and lists them as `type: "group"`:
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-post.html
 */
export interface OcmGroup {
  type: 'group';
  id: string;
  displayName: string;
  memberIds: Set<string>;
}

export type OcmPrincipal = OcmUser | OcmGroup;

export function isGroup(p: OcmPrincipal): p is OcmGroup {
  return 'memberIds' in p;
}

export interface OcmFolder {
  id: string;
  name: string;
  kind: 'folder' | 'collection';
  ownerId: string;
  parentId: string | null;
  /** Direct shares, user or group id -> role, in the order they were made. */
  members: Map<string, OcmRole>;
}

export interface OcmShareEntry {
  principal: OcmPrincipal;
  role: OcmRole;
  /** The folder whose share grants it (this folder for a direct share). */
  fromFolderId: string;
}

export type OcmAccess = 'owner' | OcmRole | null;

export class OcmState {
  readonly users = new Map<string, OcmUser>();
  readonly groups = new Map<string, OcmGroup>();
  readonly folders = new Map<string, OcmFolder>();
  private readonly tokens = new Map<string, string>();
  private readonly passwords = new Map<string, { userId: string; password: string }>();
  /**
   * Added to every answer (after the credential is read, before anything
   * changes), so that the benchmark and tests see a backend at a real
   * distance; back to 0 on reset. @default 0
   */
  latencyMs = 0;
  /** Calls being answered now, and the most at once since the last reset: tests read a wave's width off it. */
  stats = { inFlight: 0, maxInFlight: 0 };

  constructor(private readonly seed: OcmSeed) {
    this.load();
  }

  /** Back to the seed, in place: tests and the lead hold on to this object. */
  load(): void {
    this.users.clear();
    this.groups.clear();
    this.folders.clear();
    this.tokens.clear();
    this.passwords.clear();
    this.latencyMs = 0;
    this.stats = { inFlight: 0, maxInFlight: 0 };
    for (const u of this.seed.users) {
      this.users.set(u.id, { id: u.id, displayName: u.displayName, loginName: u.loginName, email: u.email, homeFolderId: u.homeFolderId });
      for (const t of u.tokens) this.tokens.set(t, u.id);
      this.passwords.set(u.loginName, { userId: u.id, password: u.password });
    }
    for (const g of this.seed.groups ?? []) {
      this.groups.set(g.id, { type: 'group', id: g.id, displayName: g.displayName, memberIds: new Set(g.memberIds) });
    }
    for (const f of this.seed.folders) {
      this.folders.set(f.id, {
        id: f.id,
        name: f.name,
        kind: f.kind ?? 'folder',
        ownerId: f.ownerId,
        parentId: f.parentId,
        members: new Map(f.members.map((m) => [m.userId, m.role])),
      });
    }
  }

  /** The caller of an `Authorization: Bearer <token>` or `Basic base64(login:password)` header; null when unknown. */
  authenticate(header: string | null): OcmUser | null {
    if (!header) return null;
    const m = /^(Bearer|Basic)\s+(\S+)\s*$/i.exec(header);
    if (!m) return null;
    const scheme = m[1]!.toLowerCase();
    const value = m[2]!;
    if (scheme === 'bearer') {
      const id = this.tokens.get(value);
      return id === undefined ? null : (this.users.get(id) ?? null);
    }
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const entry = this.passwords.get(decoded.slice(0, colon));
    if (!entry || entry.password !== decoded.slice(colon + 1)) return null;
    return this.users.get(entry.userId) ?? null;
  }

  /** `self` is the caller's home folder, as the docs define it for every shares endpoint. */
  folder(id: string, caller: OcmUser): OcmFolder | undefined {
    return this.folders.get(id === 'self' ? caller.homeFolderId : id);
  }

  /** A user by GUID or, as v1.2 documents for `userID`, by login name. */
  user(idOrLogin: string): OcmUser | undefined {
    const byId = this.users.get(idOrLogin);
    if (byId) return byId;
    for (const u of this.users.values()) if (u.loginName === idOrLogin) return u;
    return undefined;
  }

  /**
   * A share recipient as Documents API 1.2 takes `userID`: "GUID for the
   * user, login name of the user, GUID for the group". Groups are found by
   * id only: the docs name no other form for them.
   * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-post.html
   */
  principal(idOrLogin: string): OcmPrincipal | undefined {
    return this.groups.get(idOrLogin) ?? this.user(idOrLogin);
  }

  /** The ids whose shares reach a user: the user's own and those of the groups the user belongs to. */
  private grantees(userId: string): string[] {
    const out = [userId];
    for (const g of this.groups.values()) if (g.memberIds.has(userId)) out.push(g.id);
    return out;
  }

  /** Parents, nearest first; a cycle in a hand-made seed stops the walk. */
  ancestors(folder: OcmFolder): OcmFolder[] {
    const out: OcmFolder[] = [];
    const seen = new Set([folder.id]);
    let next = folder.parentId === null ? undefined : this.folders.get(folder.parentId);
    while (next && !seen.has(next.id)) {
      out.push(next);
      seen.add(next.id);
      next = next.parentId === null ? undefined : this.folders.get(next.parentId);
    }
    return out;
  }

  /**
   * What a user may do with a folder: `owner` when they own it or a parent of
   * it, else the highest role shared on it or any parent with them or with a
   * group they belong to ("you control the permissions each person/group
   * has", the 1.2 share page).
   */
  accessOf(folder: OcmFolder, userId: string): OcmAccess {
    const chain = [folder, ...this.ancestors(folder)];
    if (chain.some((f) => f.ownerId === userId)) return 'owner';
    const ids = this.grantees(userId);
    let best: OcmRole | null = null;
    for (const f of chain) {
      for (const id of ids) {
        const role = f.members.get(id);
        if (role && (best === null || RANK[role] > RANK[best])) best = role;
      }
    }
    return best;
  }

  /** The docs: "Managers … can add or remove other people as members"; owners can too. */
  mayManage(folder: OcmFolder, userId: string): boolean {
    const access = this.accessOf(folder, userId);
    return access === 'owner' || access === 'manager';
  }

  /**
   * The folder's share list. Direct shares first, then (unless `currentOnly`)
   * those inherited from parents, nearest parent first. A user shared both
   * here and on a parent is listed once, with this folder's role: the docs do
   * not say which role OCM shows then (UNCONFIRMED). The owner is not listed,
   * as in the docs' examples (v1.2 reports it apart, as `ownedBy`). Groups
   * are listed as themselves, not expanded into their members.
   */
  shares(folder: OcmFolder, currentOnly: boolean): OcmShareEntry[] {
    const out: OcmShareEntry[] = [];
    const seen = new Set<string>([folder.ownerId]);
    const chain = currentOnly ? [folder] : [folder, ...this.ancestors(folder)];
    for (const f of chain) {
      for (const [id, role] of f.members) {
        const principal = this.users.get(id) ?? this.groups.get(id);
        if (!principal || seen.has(id)) continue;
        seen.add(id);
        out.push({ principal, role, fromFolderId: f.id });
      }
    }
    return out;
  }

  /** `id` is a user's or a group's. */
  share(folder: OcmFolder, id: string, role: OcmRole): void {
    folder.members.set(id, role);
  }

  /** True when the user or group had a direct share to remove. */
  revoke(folder: OcmFolder, id: string): boolean {
    return folder.members.delete(id);
  }

  /**
   * `users/items?info=`: the docs call it a fuzzy match on names and emails
   * without wildcards; here a case-insensitive substring of display name,
   * login name or email, or an exact id.
   */
  searchUsers(info: string): OcmUser[] {
    const needle = info.toLowerCase();
    return [...this.users.values()].filter(
      (u) => u.id === info || u.displayName.toLowerCase().includes(needle) || u.loginName.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle),
    );
  }
}
