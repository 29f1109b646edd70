/**
 * In-memory ONLYOFFICE Workspace portal: users, groups, folders, files and
 * their share rows, with the rules Community Server applies when sharing.
 * Sources, all in ONLYOFFICE/CommunityServer (HEAD 7c503dfb):
 * - who may set access, per-subject merge, owner and Common admins skipped,
 *   lost subjects dropped, guests shown at most Read:
 *   web/studio/ASC.Web.Studio/Products/Files/Utils/FileSharing.cs
 *   (CanSetAccess, GetSharedInfo, SetAceObject);
 * - rows inherited from parent folders, nearest level wins, `None` deleting
 *   the subject's rows on the folder and everything below it:
 *   …/Products/Files/Core/Dao/TeamlabDao/SecurityDao.cs (GetShares,
 *   SaveFilesAndFoldersForShare, SetShare, RemoveSubjects);
 * - third-party folders inheriting only from folders of the same provider:
 *   module/ASC.Files.Thirdparty/ProviderDao/ProviderSecutiryDao.cs;
 * - the order of the list: …/Services/WCFService/FileStorageServiceController.cs
 *   (GetSharedInfo).
 *
 * Deliberate simplifications (the gateway does not depend on them):
 * - Common folders do not list the implicit Admin and Everyone entries the
 *   real server adds when it reads the list.
 * - Only the owner may share a My documents folder or file (the real server
 *   also lets a user with full access to it share it: FileSecurity.CanShare).
 * - The owner's entry is locked (the real server locks only the caller's).
 * - No external links on folders, no Restriction rows (deny download/sharing).
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
export const ACCESS_READ = 2;
export const ACCESS_RESTRICT = 3;

/** FileConstant.ShareLinkId (Products/Files/Helpers/Constants.cs): the subject of a file's link entry. */
export const SHARE_LINK_ID = 'd77bd6af-828b-41f5-84ed-7ffe2565b13a';

/**
 * FileShareRecord.ShareComparer (Files/Core/Security/FileShareRecord.cs):
 * FileShare values from "allows most" to "allows least", as the server ranks them.
 */
const SHARE_ORDER = [0, 1, 8, 5, 7, 6, 2, 3, 4] as const;
const shareRank = (access: number) => SHARE_ORDER.indexOf(access as (typeof SHARE_ORDER)[number]);

/**
 * What the list shows for a guest (visitor) user: FileSharing.GetSharedInfo
 * lowers anything the comparer ranks above Read to Read. The stored row keeps
 * what was asked; only the answer shows less.
 */
export function visitorCap(access: number): number {
  return shareRank(ACCESS_READ) > shareRank(access) ? ACCESS_READ : access;
}

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

export interface SeedShare {
  subjectId: string;
  access: number;
}

export interface SeedFolder {
  /** An integer for native folders, or a third-party id such as `box-12`. */
  id: number | string;
  title: string;
  /** The folder it sits in; absent for a root folder (answered as `parentId: 0`). */
  parentId?: number | string;
  /** The My documents owner, or for Common the creator; defaults to the parent's. */
  ownerId?: string;
  /** Defaults to the parent's; a root folder must say. */
  rootType?: RootFolderType;
  /** The folder's own rows; rows of its parents reach it too (SecurityDao.GetShares). */
  shares?: SeedShare[];
}

export interface SeedFile {
  id: number;
  title: string;
  folderId: number | string;
  /** Who created it; defaults to the folder's owner. In Common the creator is its owner (FileSharing: `entry.CreateBy`). */
  createdBy?: string;
  shares?: SeedShare[];
}

export interface OnlyofficeSeed {
  users: SeedUser[];
  groups: SeedGroup[];
  folders: SeedFolder[];
  files?: SeedFile[];
  /**
   * The caller's "Shared with me" root (Global.FolderShare): FolderWrapper
   * answers it as `parentId` of a folder in someone else's My documents
   * whose parent the caller may not read. 0 when not given.
   */
  shareRootFolderId?: number;
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
  entryType: 'folder';
  id: string;
  title: string;
  /** The owner the list shows: the My documents owner, or in Common the creator. */
  ownerId: string;
  rootType: RootFolderType;
  /** Null for a root folder. */
  parentId: string | null;
  /** The folder's own rows: subject id (lower-case Guid) to FileShare value. */
  shares: Map<string, number>;
}

export interface OnlyofficeFile {
  entryType: 'file';
  id: string;
  title: string;
  folderId: string;
  /** As for folders: the My documents owner, or in Common the creator. */
  ownerId: string;
  rootType: RootFolderType;
  /** The file's own rows; its folder's rows reach it too. */
  shares: Map<string, number>;
}

export type ShareEntry = OnlyofficeFolder | OnlyofficeFile;

export type ShareSubject = { kind: 'user'; user: OnlyofficeUser } | { kind: 'group'; group: OnlyofficeGroup } | { kind: 'link'; link: string };

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

/** Native folders share one tree; each connected third-party account (`box-12…`) is a tree of its own. */
function treeOf(folderId: string): string {
  return /^\d+$/.test(folderId) ? 'native' : (/^[a-z]+-\d+/i.exec(folderId)?.[0] ?? folderId);
}

export class OnlyofficeState {
  readonly users = new Map<string, OnlyofficeUser>();
  readonly groups = new Map<string, OnlyofficeGroup>();
  readonly folders = new Map<string, OnlyofficeFolder>();
  readonly files = new Map<string, OnlyofficeFile>();
  /** Token to user id. */
  readonly tokens = new Map<string, string>();
  shareRootFolderId = 0;
  /**
   * Added to every answer before it is worked out, so that the benchmark and
   * tests see a backend at a real distance; back to 0 on reset. @default 0
   */
  latencyMs = 0;

  constructor(seed: OnlyofficeSeed) {
    this.load(seed);
  }

  /** Replaces everything with a fresh copy of `seed` (SimServer.reset calls this). */
  load(seed: OnlyofficeSeed): void {
    this.users.clear();
    this.groups.clear();
    this.folders.clear();
    this.files.clear();
    this.tokens.clear();
    this.shareRootFolderId = seed.shareRootFolderId ?? 0;
    this.latencyMs = 0;
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
    this.loadFolders(seed.folders);
    for (const f of seed.files ?? []) {
      const id = String(f.id);
      const folder = this.folders.get(normalizeFolderId(String(f.folderId)));
      if (!folder) throw new Error(`onlyoffice seed: file ${id} is in unknown folder ${f.folderId}`);
      // FileSharing.GetSharedInfo: the owner is the My documents owner, or in Common the creator.
      const ownerId = folder.rootType === 'USER' || !f.createdBy ? folder.ownerId : mustGuid(f.createdBy);
      this.files.set(id, { entryType: 'file', id, title: f.title, folderId: folder.id, ownerId, rootType: folder.rootType, shares: sharesOf(f.shares) });
    }
  }

  /** Folders in any order: a child takes its parent's root type and (unless it names one) owner. */
  private loadFolders(seeds: readonly SeedFolder[]): void {
    const byId = new Map(seeds.map((f) => [normalizeFolderId(String(f.id)), f]));
    const resolve = (id: string, seen: Set<string>): OnlyofficeFolder => {
      const done = this.folders.get(id);
      if (done) return done;
      const f = byId.get(id);
      if (!f) throw new Error(`onlyoffice seed: unknown parent folder ${id}`);
      if (seen.has(id)) throw new Error(`onlyoffice seed: folder ${id} is its own ancestor`);
      seen.add(id);
      const parent = f.parentId === undefined ? null : resolve(normalizeFolderId(String(f.parentId)), seen);
      const rootType = f.rootType ?? parent?.rootType;
      const ownerId = f.ownerId ? mustGuid(f.ownerId) : parent?.ownerId;
      if (!rootType || !ownerId) throw new Error(`onlyoffice seed: root folder ${id} needs rootType and ownerId`);
      if (parent && rootType !== parent.rootType) throw new Error(`onlyoffice seed: folder ${id} is not in its parent's root`);
      const folder: OnlyofficeFolder = { entryType: 'folder', id, title: f.title, ownerId, rootType, parentId: parent?.id ?? null, shares: sharesOf(f.shares) };
      this.folders.set(id, folder);
      return folder;
    };
    for (const id of byId.keys()) resolve(id, new Set());
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

  /**
   * `people/filter`'s search (ASC.Core UserManager.Search): the text split
   * on spaces, and a user found when every word, of two characters or more,
   * is in the last name, first name, title, location or e-mail, ignoring
   * case (IsPropertiesContainsWords); a word of one character finds no one.
   * No text lists every user (EmployeeApi GetByFilter). Sorted by display
   * name (UserInfoComparer.Default).
   */
  searchPeople(text: string): OnlyofficeUser[] {
    const words = text.split(' ').filter((w) => w !== '');
    const found = [...this.users.values()].filter((u) => {
      if (text.trim() === '') return true;
      const properties = [u.lastName, u.firstName, u.email].map((p) => p.toLowerCase());
      return words.every((w) => w.length >= 2 && properties.some((p) => p.includes(w.toLowerCase())));
    });
    return found.sort((a, b) => this.displayName(a).localeCompare(this.displayName(b)));
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

  /** As `folderForSharing`, for `file/{id}/share` and `file/{id}` (FileStorageServiceController wraps the same way). */
  fileForSharing(rawId: string): OnlyofficeFile {
    const file = this.files.get(normalizeFolderId(rawId));
    if (!file) throw new OnlyofficeApiError(403, 'The required file was not found', HRESULT.invalidOperation);
    return file;
  }

  /** FileSharing.CanSetAccess: Common needs an admin; My documents needs its (non-visitor) owner. */
  canSetAccess(entry: ShareEntry, caller: OnlyofficeUser): boolean {
    if (entry.rootType === 'COMMON') return caller.isAdmin;
    return entry.ownerId === caller.id && !caller.isVisitor;
  }

  private demandSetAccess(entry: ShareEntry, caller: OnlyofficeUser): void {
    if (!this.canSetAccess(entry, caller)) {
      throw new OnlyofficeApiError(403, "You don't have enough permission to perform the operation", HRESULT.invalidOperation);
    }
  }

  /**
   * The folders whose rows reach `folder`, nearest first (level 0 is the
   * folder itself). SecurityDao joins files_folder_tree, which holds every
   * native ancestor; a third-party folder inherits only from folders of its
   * own account (ProviderSecurityDao.GetShareForFolders walks the provider's
   * GetParentFolders), never from the native folder the account is mounted in.
   */
  ancestry(folder: OnlyofficeFolder): OnlyofficeFolder[] {
    const chain = [folder];
    const tree = treeOf(folder.id);
    for (let id = folder.parentId; id !== null;) {
      const parent = this.folders.get(id);
      if (!parent || treeOf(parent.id) !== tree || chain.includes(parent)) break;
      chain.push(parent);
      id = parent.parentId;
    }
    return chain;
  }

  /** Every folder below `folder` (files_folder_tree rows with it as parent_id). */
  private descendants(folder: OnlyofficeFolder): OnlyofficeFolder[] {
    return [...this.folders.values()].filter((f) => f !== folder && this.ancestry(f).includes(folder));
  }

  /**
   * The rows that reach an entry, level by level, nearest first: a file's
   * own rows (SecurityDao selects them at level -1), then its folder's, then
   * each parent's (SaveFilesAndFoldersForShare).
   */
  private levels(entry: ShareEntry): Array<Map<string, number>> {
    const folder = entry.entryType === 'file' ? this.folders.get(entry.folderId) : entry;
    const folders = folder ? this.ancestry(folder).map((f) => f.shares) : [];
    return entry.entryType === 'file' ? [entry.shares, ...folders] : folders;
  }

  /**
   * One access per subject, the row of the nearest level winning:
   * FileSharing.GetSharedInfo groups the records by subject and keeps the
   * first by Level. So a parent's grant shows on the child with no flag, and
   * a child's own row overrides it, whether it allows more or less.
   */
  effectiveRows(entry: ShareEntry): Map<string, number> {
    const rows = new Map<string, number>();
    for (const level of this.levels(entry)) for (const [subjectId, access] of level) if (!rows.has(subjectId)) rows.set(subjectId, access);
    return rows;
  }

  /**
   * Applies a share list: merge per subject, the owner (and in Common, the
   * Admin group and admins) skipped without a word. A Guid that is neither a
   * user nor a group is stored; reading the list drops it. `None` removes the
   * subject's own rows (see `removeRows`); a parent's grant still reaches
   * the entry afterwards.
   */
  setShares(entry: ShareEntry, caller: OnlyofficeUser, entries: Array<{ subjectId: string; access: number }>): void {
    this.demandSetAccess(entry, caller);
    for (const { subjectId, access } of entries) {
      if (subjectId === entry.ownerId) continue;
      if (entry.rootType === 'COMMON' && (subjectId === BUILTIN_GROUPS.admin.id || this.users.get(subjectId)?.isAdmin)) continue;
      if (access === ACCESS_NONE) this.removeRows(entry, subjectId);
      else entry.shares.set(subjectId, access);
    }
  }

  /**
   * SecurityDao.SetShare with FileShare.None: on a native folder it deletes
   * the subject's rows on the folder, on every folder below it and on every
   * file in those folders; on a third-party folder (an id that is not an
   * integer) only the folder's own row; on a file only the file's row.
   */
  private removeRows(entry: ShareEntry, subjectId: string): void {
    entry.shares.delete(subjectId);
    if (entry.entryType === 'file' || treeOf(entry.id) !== 'native') return;
    const below = this.descendants(entry);
    for (const folder of below) folder.shares.delete(subjectId);
    const inTree = new Set([entry.id, ...below.map((f) => f.id)]);
    for (const file of this.files.values()) if (inTree.has(file.folderId)) file.shares.delete(subjectId);
  }

  /** SecurityDao.RemoveSubjects: a lost subject's rows go everywhere, not just on the entry being read. */
  private removeSubjects(subjectIds: readonly string[]): void {
    for (const entry of [...this.folders.values(), ...this.files.values()]) for (const id of subjectIds) entry.shares.delete(id);
  }

  /**
   * The list GET answers: a file's link entry first, then the caller, then
   * the owner, then everyone else by name. Inherited rows are listed like
   * the entry's own, with no flag. A guest's entry shows at most Read. The
   * caller's own entry and the owner's are locked.
   */
  sharesFor(entry: ShareEntry, caller: OnlyofficeUser): ShareView[] {
    this.demandSetAccess(entry, caller);
    const views: ShareView[] = [];
    const lost: string[] = [];
    for (const [subjectId, access] of this.effectiveRows(entry)) {
      if (subjectId === entry.ownerId) continue;
      const subject = this.subject(subjectId);
      if (!subject) {
        // A lost subject: the real server removes its records when it meets them here.
        lost.push(subjectId);
        continue;
      }
      const shown = subject.kind === 'user' && subject.user.isVisitor ? visitorCap(access) : access;
      views.push({ access: shown, subject, isLocked: subjectId === caller.id, isOwner: false });
    }
    this.removeSubjects(lost);
    const owner = this.users.get(entry.ownerId);
    if (owner) views.push({ access: ACCESS_READ_WRITE, subject: { kind: 'user', user: owner }, isLocked: true, isOwner: true });
    if (entry.entryType === 'file') {
      // GetSharedInfo adds the link entry to every unencrypted file on a
      // standalone server, at Restrict while no link access is set.
      views.push({ access: ACCESS_RESTRICT, subject: { kind: 'link', link: `/Products/Files/DocEditor.aspx?fileid=${entry.id}&doc=sim-${entry.id}` }, isLocked: false, isOwner: false });
    }
    const rank = (v: ShareView) => (v.subject.kind === 'link' ? -1 : subjectIdOf(v.subject) === caller.id ? 0 : v.isOwner ? 1 : 2);
    return views.sort((a, b) => rank(a) - rank(b) || this.nameOf(a.subject).localeCompare(this.nameOf(b.subject), 'en') || subjectIdOf(a.subject).localeCompare(subjectIdOf(b.subject)));
  }

  /**
   * The caller's own access to an entry, as FileSecurity.Filter decides it:
   * among the rows for the caller's subjects (the user first, then their
   * groups, then Admin, then Everyone: GetUserSubjects), the user's own row
   * first, then the nearest level, then the one allowing least. Without a
   * row: Restrict in My documents, Read in Common (DefaultMyShare,
   * DefaultCommonShare). The owner, and an admin in Common, read everything.
   */
  accessOf(entry: ShareEntry, user: OnlyofficeUser): number {
    if (entry.ownerId === user.id || (entry.rootType === 'COMMON' && user.isAdmin)) return ACCESS_READ_WRITE;
    const subjects = [user.id, ...this.groupsOf(user.id).map((g) => g.id), ...(user.isAdmin ? [BUILTIN_GROUPS.admin.id] : []), BUILTIN_GROUPS.everyone.id];
    const priority = (id: string) => (id === user.id ? 0 : id === BUILTIN_GROUPS.admin.id ? 2 : id === BUILTIN_GROUPS.everyone.id ? 3 : 1);
    const rows = this.levels(entry).flatMap((level, depth) => [...level].filter(([id]) => subjects.includes(id)).map(([id, access]) => ({ priority: priority(id), depth, access })));
    rows.sort((a, b) => a.priority - b.priority || a.depth - b.depth || shareRank(b.access) - shareRank(a.access));
    // No guest cap here: Filter does not lower a visitor's row (only the list shows it lowered).
    return rows[0]?.access ?? (entry.rootType === 'COMMON' ? ACCESS_READ : ACCESS_RESTRICT);
  }

  /** FileStorageServiceController.GetFolder / GetFile: 403 (InvalidOperation) unless the caller may read it. */
  demandRead(entry: ShareEntry, caller: OnlyofficeUser): void {
    if (this.accessOf(entry, caller) === ACCESS_RESTRICT) {
      throw new OnlyofficeApiError(403, "You don't have enough permission to view the folder content", HRESULT.invalidOperation);
    }
  }

  /** The entry has rows of its own (FolderDao/FileDao `shared`: AbstractDao.GetSharedQuery). */
  isShared(entry: ShareEntry): boolean {
    return entry.shares.size > 0;
  }

  subject(id: string): ShareSubject | null {
    const user = this.users.get(id);
    if (user) return { kind: 'user', user };
    const group = this.groups.get(id);
    if (group) return { kind: 'group', group };
    return null;
  }

  private nameOf(subject: ShareSubject): string {
    return subject.kind === 'user' ? this.displayName(subject.user) : subject.kind === 'group' ? subject.group.name : '';
  }
}

function subjectIdOf(subject: ShareSubject): string {
  return subject.kind === 'user' ? subject.user.id : subject.kind === 'group' ? subject.group.id : SHARE_LINK_ID;
}

function sharesOf(seed: readonly SeedShare[] | undefined): Map<string, number> {
  const shares = new Map<string, number>();
  for (const s of seed ?? []) shares.set(mustGuid(s.subjectId), s.access);
  return shares;
}

function mustGuid(value: string): string {
  const guid = normalizeGuid(value);
  if (!guid) throw new Error(`onlyoffice seed: "${value}" is not a Guid`);
  return guid;
}
