/**
 * In-memory ONLYOFFICE Workspace portal: users, groups, folders and their
 * share records, with the rules Community Server applies when sharing
 * (Files/Utils/FileSharing.cs): who may set access, per-subject merge, the
 * owner skipped, lost subjects dropped when the list is read.
 *
 * Deliberate simplifications (the gateway does not depend on them):
 * - No inherited access, no "default share" arithmetic: a record holds the
 *   access that was last set for its subject.
 * - Common folders do not list the implicit Admin and Everyone entries the
 *   real server adds when it reads the list.
 * - Only the owner may share a My documents folder (the real server also
 *   lets a user with full access to it share it).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';

export const BUILTIN_GROUPS = {
  everyone: { id: 'c5cc67d1-c3e8-43c0-a3ad-3928ae3e5b5e', name: 'Everyone' },
  admin: { id: 'cd84e66b-b803-40fc-99f9-b2969a54a1de', name: 'Admin' },
} as const;

/** FileShare values the server accepts in `Access`. */
export const FILE_SHARE_NAMES = ['None', 'ReadWrite', 'Read', 'Restrict', 'Varies', 'Review', 'Comment', 'FillForms', 'CustomFilter'] as const;
export const ACCESS_NONE = 0;
export const ACCESS_READ_WRITE = 1;

/** .NET HRESULTs of the exceptions the API layer maps to statuses. */
export const HRESULT = {
  argument: -2147024809,
  invalidOperation: -2146233079,
  security: -2146233078,
  generic: -2146233088,
} as const;

/** An exception as the API layer sees it: becomes the error envelope with this status. */
export class OnlyofficeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hresult: number = HRESULT.generic,
  ) {
    super(message);
  }
}

export interface SeedUser {
  id: string;
  userName: string;
  firstName: string;
  lastName: string;
  email: string;
  password: string;
  /** Tokens that authenticate as this user (raw, Bearer or asc_auth_key cookie). */
  tokens?: string[];
  isVisitor?: boolean;
  isAdmin?: boolean;
  isOwner?: boolean;
}

export interface SeedGroup {
  id: string;
  name: string;
  managerId?: string | null;
  memberIds?: string[];
}

export type RootFolderType = 'USER' | 'COMMON';

export interface SeedFolder {
  /** An integer for native folders, or a third-party id such as `box-12`. */
  id: number | string;
  title: string;
  /** The My documents owner, or for Common the creator. */
  ownerId: string;
  rootType: RootFolderType;
  shares?: Array<{ subjectId: string; access: number }>;
}

export interface OnlyofficeSeed {
  users: SeedUser[];
  groups: SeedGroup[];
  folders: SeedFolder[];
}

/** A seeded user as the portal holds it: every flag decided, tokens kept apart (token -> user id). */
export type OnlyofficeUser = Required<Omit<SeedUser, 'tokens'>>;

export interface OnlyofficeGroup {
  id: string;
  name: string;
  managerId: string | null;
  memberIds: string[];
  builtIn: boolean;
}

export interface OnlyofficeFolder {
  id: string;
  title: string;
  ownerId: string;
  rootType: RootFolderType;
  /** Subject id (lower-case Guid) to FileShare value. */
  shares: Map<string, number>;
}

export type ShareSubject = { kind: 'user'; user: OnlyofficeUser } | { kind: 'group'; group: OnlyofficeGroup };

export interface ShareView {
  access: number;
  subject: ShareSubject;
  isLocked: boolean;
  isOwner: boolean;
}

const GUID_D = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GUID_N = /^[0-9a-f]{32}$/i;
const GUID_B = /^[{(]([0-9a-f-]{36})[})]$/i;

/** A Guid in any of the forms .NET parses, as lower-case `D` form; null when it is not one. */
export function normalizeGuid(value: string): string | null {
  const braced = GUID_B.exec(value);
  const v = braced ? braced[1]! : value;
  if (GUID_D.test(v)) return v.toLowerCase();
  if (GUID_N.test(v)) {
    const s = v.toLowerCase();
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  return null;
}

/** Native ids are integers (`01001` is 1001, as int.Parse has it); third-party ids are kept as they are. */
export function normalizeFolderId(value: string): string {
  return /^\d{1,15}$/.test(value) ? String(Number(value)) : value;
}

export class OnlyofficeState {
  readonly users = new Map<string, OnlyofficeUser>();
  readonly groups = new Map<string, OnlyofficeGroup>();
  readonly folders = new Map<string, OnlyofficeFolder>();
  /** Token to user id. */
  readonly tokens = new Map<string, string>();

  constructor(seed: OnlyofficeSeed) {
    this.load(seed);
  }

  /** Replaces everything with a fresh copy of `seed` (SimServer.reset calls this). */
  load(seed: OnlyofficeSeed): void {
    this.users.clear();
    this.groups.clear();
    this.folders.clear();
    this.tokens.clear();
    for (const builtIn of Object.values(BUILTIN_GROUPS)) {
      this.groups.set(builtIn.id, { id: builtIn.id, name: builtIn.name, managerId: null, memberIds: [], builtIn: true });
    }
    for (const u of seed.users) {
      const id = mustGuid(u.id);
      this.users.set(id, {
        id,
        userName: u.userName,
        firstName: u.firstName,
        lastName: u.lastName,
        email: u.email,
        password: u.password,
        isVisitor: u.isVisitor ?? false,
        isAdmin: u.isAdmin ?? false,
        isOwner: u.isOwner ?? false,
      });
      for (const token of u.tokens ?? []) this.tokens.set(token, id);
    }
    for (const g of seed.groups) {
      const id = mustGuid(g.id);
      this.groups.set(id, {
        id,
        name: g.name,
        managerId: g.managerId ? mustGuid(g.managerId) : null,
        memberIds: (g.memberIds ?? []).map(mustGuid),
        builtIn: false,
      });
    }
    for (const f of seed.folders) {
      const id = normalizeFolderId(String(f.id));
      const shares = new Map<string, number>();
      for (const s of f.shares ?? []) shares.set(mustGuid(s.subjectId), s.access);
      this.folders.set(id, { id, title: f.title, ownerId: mustGuid(f.ownerId), rootType: f.rootType, shares });
    }
  }

  displayName(user: OnlyofficeUser): string {
    return `${user.firstName} ${user.lastName}`.trim() || user.userName;
  }

  /** By Guid, or by user name (case-insensitive) as `people/{username}` allows. */
  findUser(idOrName: string): OnlyofficeUser | null {
    const guid = normalizeGuid(idOrName);
    if (guid) return this.users.get(guid) ?? null;
    const lower = idOrName.toLowerCase();
    for (const user of this.users.values()) if (user.userName.toLowerCase() === lower) return user;
    return null;
  }

  findGroup(id: string): OnlyofficeGroup | null {
    const guid = normalizeGuid(id);
    return guid ? (this.groups.get(guid) ?? null) : null;
  }

  /** Groups a user belongs to (portal groups only; the built-in ones are implicit). */
  groupsOf(userId: string): OnlyofficeGroup[] {
    return [...this.groups.values()].filter((g) => !g.builtIn && g.memberIds.includes(userId));
  }

  /**
   * The caller, from the `asc_auth_key` cookie or the `Authorization` header
   * in any of its three forms: the raw token, `Bearer <token>`, or
   * `Basic base64(userName-or-email:password)`.
   */
  authenticate(headers: IncomingHttpHeaders): OnlyofficeUser | null {
    const header = typeof headers.authorization === 'string' ? headers.authorization.trim() : '';
    if (header !== '') {
      const [scheme, ...rest] = header.split(/\s+/);
      const credential = rest.join(' ');
      if (/^bearer$/i.test(scheme ?? '') && credential !== '') return this.byToken(credential);
      if (/^basic$/i.test(scheme ?? '') && credential !== '') return this.byBasic(credential);
      return this.byToken(header);
    }
    const cookie = typeof headers.cookie === 'string' ? headers.cookie : '';
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq === -1 || part.slice(0, eq).trim() !== 'asc_auth_key') continue;
      let value = part.slice(eq + 1).trim();
      try {
        value = decodeURIComponent(value);
      } catch {
        return null;
      }
      return this.byToken(value);
    }
    return null;
  }

  private byToken(token: string): OnlyofficeUser | null {
    const id = this.tokens.get(token);
    return id === undefined ? null : (this.users.get(id) ?? null);
  }

  private byBasic(encoded: string): OnlyofficeUser | null {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return null;
    return this.checkPassword(decoded.slice(0, colon), decoded.slice(colon + 1));
  }

  /** The user with this user name or email and password, or null. */
  checkPassword(login: string, password: string): OnlyofficeUser | null {
    const lower = login.toLowerCase();
    for (const user of this.users.values()) {
      if ((user.userName.toLowerCase() === lower || user.email.toLowerCase() === lower) && user.password === password) return user;
    }
    return null;
  }

  /** `POST authentication`: a new token for the user. */
  issueToken(userId: string): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, userId);
    return token;
  }

  /**
   * The folder a share call names. The Files service wraps "not found" in an
   * InvalidOperationException, so it reaches the client as 403, like a refusal.
   */
  folderForSharing(rawId: string): OnlyofficeFolder {
    const folder = this.folders.get(normalizeFolderId(rawId));
    if (!folder) throw new OnlyofficeApiError(403, 'The required folder was not found', HRESULT.invalidOperation);
    return folder;
  }

  /** FileSharing.CanSetAccess: Common needs an admin; My documents needs its (non-visitor) owner. */
  canSetAccess(folder: OnlyofficeFolder, caller: OnlyofficeUser): boolean {
    if (folder.rootType === 'COMMON') return caller.isAdmin;
    return folder.ownerId === caller.id && !caller.isVisitor;
  }

  private demandSetAccess(folder: OnlyofficeFolder, caller: OnlyofficeUser): void {
    if (!this.canSetAccess(folder, caller)) {
      throw new OnlyofficeApiError(403, "You don't have enough permission to perform the operation", HRESULT.invalidOperation);
    }
  }

  /**
   * Applies a share list: merge per subject, `None` removes, the owner (and in
   * Common, the Admin group and admins) skipped without a word. A Guid that is
   * neither a user nor a group is stored; reading the list drops it.
   */
  setShares(folder: OnlyofficeFolder, caller: OnlyofficeUser, entries: Array<{ subjectId: string; access: number }>): void {
    this.demandSetAccess(folder, caller);
    for (const { subjectId, access } of entries) {
      if (subjectId === folder.ownerId) continue;
      if (folder.rootType === 'COMMON' && (subjectId === BUILTIN_GROUPS.admin.id || this.users.get(subjectId)?.isAdmin)) continue;
      if (access === ACCESS_NONE) folder.shares.delete(subjectId);
      else folder.shares.set(subjectId, access);
    }
  }

  /**
   * The list GET answers: the caller first, then the owner, then everyone else
   * by name (a link would come before all of them, but folders have none).
   * The caller's own entry and the owner's are locked.
   */
  sharesFor(folder: OnlyofficeFolder, caller: OnlyofficeUser): ShareView[] {
    this.demandSetAccess(folder, caller);
    const views: ShareView[] = [];
    for (const [subjectId, access] of [...folder.shares]) {
      if (subjectId === folder.ownerId) continue;
      const subject = this.subject(subjectId);
      if (!subject) {
        // A lost subject: the real server removes its records when it meets them here.
        folder.shares.delete(subjectId);
        continue;
      }
      views.push({ access, subject, isLocked: subjectId === caller.id, isOwner: false });
    }
    const owner = this.users.get(folder.ownerId);
    if (owner) views.push({ access: ACCESS_READ_WRITE, subject: { kind: 'user', user: owner }, isLocked: true, isOwner: true });
    const rank = (v: ShareView) => (subjectIdOf(v.subject) === caller.id ? 0 : v.isOwner ? 1 : 2);
    return views.sort((a, b) => rank(a) - rank(b) || this.nameOf(a.subject).localeCompare(this.nameOf(b.subject), 'en') || subjectIdOf(a.subject).localeCompare(subjectIdOf(b.subject)));
  }

  subject(id: string): ShareSubject | null {
    const user = this.users.get(id);
    if (user) return { kind: 'user', user };
    const group = this.groups.get(id);
    if (group) return { kind: 'group', group };
    return null;
  }

  private nameOf(subject: ShareSubject): string {
    return subject.kind === 'user' ? this.displayName(subject.user) : subject.group.name;
  }
}

function subjectIdOf(subject: ShareSubject): string {
  return subject.kind === 'user' ? subject.user.id : subject.group.id;
}

function mustGuid(value: string): string {
  const guid = normalizeGuid(value);
  if (!guid) throw new Error(`onlyoffice seed: "${value}" is not a Guid`);
  return guid;
}
