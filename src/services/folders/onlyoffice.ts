/**
 * Folder sharing on ONLYOFFICE. It takes every recipient in one PUT and
 * answers with the folder's entries after the change; each recipient's
 * result is read off that list, because the backend silently skips unknown
 * ids and the owner, and shows a guest at most Read whatever was asked
 * (FileSharing.GetSharedInfo). `success` means the list now shows what was
 * asked. A revoke is the same PUT with access None.
 *
 * The list shows grants inherited from parent folders like the folder's
 * own, the nearest level winning (SecurityDao.GetShares), and None deletes
 * only the subject's own rows, here and below (SecurityDao.SetShare). So a
 * folder is read as an ACL marked against its parent's list
 * (`getFolderAcl`): a subject the parent grants keeps that access after a
 * revoke here, and is refused with ACCESS_INHERITED instead of being sent
 * (sending None would still wipe its overrides below, for nothing). A share
 * at any other role works on such a subject: the folder's own row wins.
 *
 * A file is shared the same way through `files/file/{id}/share`, which
 * takes and answers the same shapes; it inherits from its folder, and None
 * deletes only its own row. So one set of rules serves both, told the
 * routes and the words by an OnlyofficeTarget (FOLDER, FILE below), and
 * each is one strategy in src/services/folders/index.ts.
 */
import type { FolderCallOptions, OnlyofficeSession } from '../../sessions/folders';
import { toShareError } from '../../errors';
import type { ShareErrorValue } from '../../errors';
import type { FolderGrantModel, FolderShareResultModel, GrantSourceName, PrincipalModel, ShareRoleName } from '../../models';
import { ONLYOFFICE_ROLES, onlyofficeRoleOf } from '../../roles';
import { ONLYOFFICE_BUILTIN_GROUP_IDS, OnlyofficeAccess, markOnlyofficeInherited, onlyofficeAccessShownFor } from '../../connectors/onlyoffice';
import type { OnlyofficeAcl, OnlyofficeConnector, OnlyofficeMarkedEntry, OnlyofficeShareEntry, OnlyofficeShareInput } from '../../connectors/onlyoffice';
import { settleEach } from '../../util/settle-each';
import { changeOf, failure, ownerReason, prime, result, withBefore } from './strategy';
import type { FolderRevokeRequest, FolderSettings, FolderShareRequest, FolderStrategy, Recipient } from './strategy';

/** What a folder and a file differ in: the connector's routes, and the words a refusal uses. */
interface OnlyofficeTarget {
  /** The target, in a message: "the folder", "the file". */
  noun: 'folder' | 'file';
  /** The ACCESS_INHERITED message: where the access comes from, and where to revoke it. */
  inheritedMessage: string;
  /** The share list marked against the parent's (getFolderAcl, getFileAcl). */
  readAcl(connector: OnlyofficeConnector, opts: FolderCallOptions, id: string): Promise<OnlyofficeAcl>;
  /** The share list alone, unmarked (getFolderShares, getFileShares). */
  list(connector: OnlyofficeConnector, opts: FolderCallOptions, id: string): Promise<OnlyofficeShareEntry[]>;
  /** The share PUT, answered with the list after it (shareFolder, shareFile). */
  share(connector: OnlyofficeConnector, opts: FolderCallOptions, id: string, share: OnlyofficeShareInput[], notify?: boolean, message?: string): Promise<OnlyofficeShareEntry[]>;
}

const FOLDER: OnlyofficeTarget = {
  noun: 'folder',
  inheritedMessage: 'Access comes from a parent folder and cannot be removed here; revoke it on the parent folder, or share DENIED here',
  readAcl: (connector, opts, id) => connector.getFolderAcl(opts, id),
  list: (connector, opts, id) => connector.getFolderShares(opts, id),
  share: (connector, opts, id, share, notify, message) => connector.shareFolder(opts, id, share, notify, message),
};

const FILE: OnlyofficeTarget = {
  noun: 'file',
  inheritedMessage: "Access comes from the file's folder and cannot be removed here; revoke it on the folder, or share DENIED here",
  readAcl: (connector, opts, id) => connector.getFileAcl(opts, id),
  list: (connector, opts, id) => connector.getFileShares(opts, id),
  share: (connector, opts, id, share, notify, message) => connector.shareFile(opts, id, share, notify, message),
};

/** ONLYOFFICE ids are GUIDs, which compare without case. */
const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const askedAccess = (role: ShareRoleName): number => ONLYOFFICE_ROLES[role]!;

/** The entry naming this recipient; link entries are not principals. */
function entryOf(entries: readonly OnlyofficeMarkedEntry[], id: string): OnlyofficeMarkedEntry | undefined {
  return entries.find((e) => !e.isLink && e.principal !== null && sameId(e.principal.id, id));
}

const roleOf = (e: OnlyofficeMarkedEntry): ShareRoleName => onlyofficeRoleOf(e.access) ?? 'VIEWER';

/** The list shows a guest less than `role` asks (anything above Read). */
const loweredForGuest = (role: ShareRoleName) => role !== 'NONE' && onlyofficeAccessShownFor(askedAccess(role), true) !== askedAccess(role);

/**
 * What the list shows is the parent's deny and nothing else: the subject
 * has no access here, and a revoke would leave the same Restrict behind.
 */
const onlyParentDeny = (e: OnlyofficeMarkedEntry) => e.access === OnlyofficeAccess.Restrict && e.parentAccess === OnlyofficeAccess.Restrict;

/** The folder has a parent whose list could not be read (403): whatever survives a None may come from there. */
const parentUnknown = (acl: OnlyofficeAcl | null) => acl !== null && acl.parentId !== null && acl.parentEntries === null;

// ---- why a recipient fails --------------------------------------------------------

function lockedReason(t: OnlyofficeTarget, session: OnlyofficeSession, e: OnlyofficeMarkedEntry): ShareErrorValue {
  return e.isOwner ? ownerReason(session, t.noun) : failure(session, 'FORBIDDEN', `This entry is locked on the ${t.noun}`);
}

function inheritedReason(t: OnlyofficeTarget, session: OnlyofficeSession): ShareErrorValue {
  return failure(session, 'ACCESS_INHERITED', t.inheritedMessage);
}

function guestReason(session: OnlyofficeSession): ShareErrorValue {
  return failure(session, 'FORBIDDEN', 'ONLYOFFICE grants less than asked: a guest (visitor) gets at most Read');
}

// ---- reading -----------------------------------------------------------------------

/** The target's list marked against its parent's, priming the recipient loader with every principal named. A failed read throws. */
async function readAcl(t: OnlyofficeTarget, session: OnlyofficeSession, id: string): Promise<OnlyofficeAcl> {
  const acl = await t.readAcl(session.connector, session.opts, id);
  prime(
    session,
    acl.entries.map((e) => e.principal),
  );
  return acl;
}

/**
 * The target's own list alone (`GET files/{folder,file}/{id}/share`), for
 * the role each recipient holds before a share that reads nothing else;
 * the entries are not marked against the parent's, which only a revoke needs.
 */
async function readListed(t: OnlyofficeTarget, session: OnlyofficeSession, id: string): Promise<OnlyofficeMarkedEntry[]> {
  const list = await t.list(session.connector, session.opts, id);
  prime(
    session,
    list.map((e) => e.principal),
  );
  return markOnlyofficeInherited(list, null);
}

/** The role the list shows for a recipient; null when it shows none. */
const listedRole = (entries: readonly OnlyofficeMarkedEntry[], id: string): ShareRoleName | null => {
  const entry = entryOf(entries, id);
  return entry ? roleOf(entry) : null;
};

/**
 * The owner's entry is OWNER; one the parent grants is INHERITED (it
 * survives a revoke here), even where the target's own row shows more: the
 * list shows one access per subject and cannot tell what is kept.
 */
const sourceOf = (e: OnlyofficeMarkedEntry): GrantSourceName => (e.isOwner ? 'OWNER' : e.inherited ? 'INHERITED' : 'DIRECT');

/**
 * Link entries are left out; the owner's, a locked and an inherited entry
 * are locked (a revoke here cannot remove them). An inherited grant names
 * the folder it reaches the target through: the parent whose list was
 * compared (for a file, its folder). That list folds in every level above,
 * so whether the parent holds the row itself or passes on a grandparent's
 * is the parent's own folderAccess to tell.
 */
async function readGrants(t: OnlyofficeTarget, session: OnlyofficeSession, id: string): Promise<FolderGrantModel[]> {
  const acl = await readAcl(t, session, id);
  return acl.entries
    .filter((e) => !e.isLink && e.principal !== null)
    .map((e) => ({
      principal: e.principal!,
      role: roleOf(e),
      locked: e.isLocked || e.isOwner || e.inherited,
      isOwner: e.isOwner,
      source: sourceOf(e),
      inheritedFrom: e.inherited ? acl.parentId : null,
    }));
}

// ---- writing -----------------------------------------------------------------------

/**
 * A recipient asked NONE, off the list after the PUT. Its own rows are gone
 * then, so an entry still listed comes from a parent (ACCESS_INHERITED),
 * unless it is the owner's, a locked one, or one the parent is known not to
 * grant; a Restrict left behind is a parent's deny: no access, as asked.
 */
function judgeRemoval(t: OnlyofficeTarget, session: OnlyofficeSession, r: Recipient, entry: OnlyofficeMarkedEntry | undefined, revoking: boolean, unknownParent: boolean): FolderShareResultModel {
  if (!entry || (entry.access === OnlyofficeAccess.Restrict && !entry.isOwner)) return result(session, r, { success: true, change: revoking ? 'REVOKED' : null });
  if (entry.isOwner || entry.isLocked) return result(session, r, { error: lockedReason(t, session, entry) });
  if (entry.inherited || unknownParent) return result(session, r, { error: inheritedReason(t, session) });
  return result(session, r, { error: failure(session, 'FORBIDDEN', `ONLYOFFICE kept this entry; it is locked on the ${t.noun}`) });
}

/**
 * A recipient asked a role, off the list after the PUT. `principal` is the
 * recipient looked up when the answer does not list it: ONLYOFFICE skips
 * unknown ids and some known subjects (the owner, administrators on Common
 * documents) without a word, and only a look-up tells the two apart.
 */
function judgeShare(
  t: OnlyofficeTarget,
  session: OnlyofficeSession,
  r: Recipient,
  entry: OnlyofficeMarkedEntry | undefined,
  principal: PrincipalModel | null | Error | undefined,
): FolderShareResultModel {
  if (!entry) {
    if (principal && !(principal instanceof Error)) {
      return result(session, r, {
        error: failure(session, 'FORBIDDEN', `ONLYOFFICE left this user or group out of the ${t.noun} (it skips some, such as administrators on Common documents, without saying why)`),
      });
    }
    return result(session, r, { error: failure(session, 'NOT_FOUND', 'ONLYOFFICE does not know this user or group, so it did not share with it') });
  }
  if (entry.isOwner) return result(session, r, { error: ownerReason(session, t.noun) });
  if (entry.access === askedAccess(r.role)) return result(session, r, { success: true });
  if (entry.isVisitor) return result(session, r, { error: guestReason(session) });
  return result(session, r, { error: failure(session, 'FORBIDDEN', entry.isLocked ? `This entry is locked on the ${t.noun}` : 'ONLYOFFICE did not apply the asked access to this entry') });
}

/**
 * One PUT for `recipients`; a failed PUT is every recipient's error. The
 * answer is marked with the parent's list read before (`acl`; a write here
 * never changes the parent's), or not at all when nothing was read.
 * `revoking` says every recipient held an entry before, so that its absence
 * now is a REVOKED change.
 */
async function put(
  t: OnlyofficeTarget,
  session: OnlyofficeSession,
  id: string,
  recipients: readonly Recipient[],
  what: { notify?: boolean | null; message?: string | null; revoking: boolean; acl: OnlyofficeAcl | null },
): Promise<FolderShareResultModel[]> {
  const share = recipients.map((r) => ({ ShareTo: r.id, Access: askedAccess(r.role) }));
  let answer: OnlyofficeShareEntry[];
  try {
    answer = await t.share(session.connector, session.opts, id, share, what.notify ?? undefined, what.message ?? undefined);
  } catch (err) {
    const error = toShareError(err, 'ONLYOFFICE');
    return recipients.map((r) => result(session, r, { error }));
  }
  prime(
    session,
    answer.map((e) => e.principal),
  );
  const entries = markOnlyofficeInherited(answer, what.acl?.parentEntries ?? null);
  const missing = recipients.filter((r) => r.role !== 'NONE' && !entryOf(entries, r.id));
  const looked = missing.length > 0 ? await session.principals.loadMany(missing.map((r) => r.id)) : [];
  const principalOf = new Map(missing.map((r, i) => [r.id, looked[i]]));
  const unknownParent = parentUnknown(what.acl);
  return recipients.map((r) =>
    r.role === 'NONE' ? judgeRemoval(t, session, r, entryOf(entries, r.id), what.revoking, unknownParent) : judgeShare(t, session, r, entryOf(entries, r.id), principalOf.get(r.id)),
  );
}

/**
 * Results in input order: those decided before the write as they are, the
 * rest from one PUT (none when nothing is left to send).
 */
async function decideThenPut(
  recipients: readonly Recipient[],
  decided: ReadonlyArray<FolderShareResultModel | undefined>,
  send: (toSend: Recipient[]) => Promise<FolderShareResultModel[]>,
): Promise<FolderShareResultModel[]> {
  const toSend = recipients.filter((_r, i) => decided[i] === undefined);
  const sent = toSend.length > 0 ? await send(toSend) : [];
  let next = 0;
  return recipients.map((_r, i) => decided[i] ?? sent[next++]!);
}

/**
 * A share with no NONE in it is the PUT alone. With NONE, the folder's ACL
 * is read first, so that a subject the parent grants is refused with
 * ACCESS_INHERITED and not sent; a failed read is every recipient's error
 * and nothing is sent.
 */
async function share(t: OnlyofficeTarget, session: OnlyofficeSession, req: FolderShareRequest): Promise<FolderShareResultModel[]> {
  const options = { notify: req.notify, message: req.message, revoking: false };
  if (!req.recipients.some((r) => r.role === 'NONE')) {
    if (!req.track) return put(t, session, req.folderId, req.recipients, { ...options, acl: null });
    // For the ledger only: a list that cannot be read leaves `before` unknown, and never stops the write.
    const listed = await readListed(t, session, req.folderId).catch(() => null);
    const results = await put(t, session, req.folderId, req.recipients, { ...options, acl: null });
    return listed
      ? withBefore(
          results,
          req.recipients.map((r) => listedRole(listed, r.id)),
          true,
        )
      : results;
  }
  let acl: OnlyofficeAcl;
  try {
    acl = await readAcl(t, session, req.folderId);
  } catch (err) {
    const error = toShareError(err, session.backend);
    return req.recipients.map((r) => result(session, r, { error }));
  }
  const decided = req.recipients.map((r) => (r.role === 'NONE' && entryOf(acl.entries, r.id)?.inherited ? result(session, r, { error: inheritedReason(t, session) }) : undefined));
  const results = await decideThenPut(req.recipients, decided, (toSend) => put(t, session, req.folderId, toSend, { ...options, acl }));
  return withBefore(
    results,
    req.recipients.map((r) => listedRole(acl.entries, r.id)),
    req.track === true,
  );
}

/**
 * Reads the ACL first: owners and locked entries are refused with
 * FORBIDDEN, subjects the parent grants with ACCESS_INHERITED, and nothing
 * is sent for them; a recipient who holds nothing (or only the parent's
 * deny) is already where the caller wants them (UNCHANGED). The rest go in
 * one PUT with access None.
 */
async function revoke(t: OnlyofficeTarget, session: OnlyofficeSession, req: FolderRevokeRequest): Promise<FolderShareResultModel[]> {
  const recipients: Recipient[] = req.recipientIds.map((id) => ({ id, role: 'NONE' }));
  let acl: OnlyofficeAcl;
  try {
    acl = await readAcl(t, session, req.folderId);
  } catch (err) {
    const error = toShareError(err, session.backend);
    return recipients.map((r) => result(session, r, { error }));
  }
  const decided = recipients.map((r): FolderShareResultModel | undefined => {
    const entry = entryOf(acl.entries, r.id);
    if (!entry || onlyParentDeny(entry)) return result(session, r, { success: true, change: 'UNCHANGED' });
    if (entry.isOwner || entry.isLocked) return result(session, r, { error: lockedReason(t, session, entry) });
    if (entry.inherited) return result(session, r, { error: inheritedReason(t, session) });
    return undefined;
  });
  const results = await decideThenPut(recipients, decided, (toSend) => put(t, session, req.folderId, toSend, { message: req.message, revoking: true, acl }));
  return withBefore(
    results,
    recipients.map((r) => listedRole(acl.entries, r.id)),
    req.track === true,
  );
}

// ---- dry runs ----------------------------------------------------------------------

/** A recipient the folder does not list, as looked up: `principal` as the loader answers it. */
interface LookedUp {
  principal: PrincipalModel | null | Error | undefined;
  isVisitor: boolean;
}

/**
 * Looks up the recipients the folder does not list. Whether one is a guest
 * matters only for a role the guest cap lowers; for those `people/{id}` with
 * its `isVisitor` is the look-up (priming the loader), and only an id it
 * does not know goes on to the loader, which tries people then groups: a
 * group asked such a role costs one people GET more. The rest go through
 * the loader as they are.
 */
async function lookUp(session: OnlyofficeSession, recipients: readonly Recipient[], settings: FolderSettings): Promise<Map<string, LookedUp>> {
  const builtIn = new Set<string>(Object.values(ONLYOFFICE_BUILTIN_GROUP_IDS));
  const asPeople = recipients.filter((r) => loweredForGuest(r.role) && !builtIn.has(r.id.toLowerCase()));
  const people = await settleEach(asPeople, settings.fanOutConcurrency, (r) => session.connector.getPersonInfo(session.opts, r.id));
  const found = new Map<string, LookedUp>();
  asPeople.forEach((r, i) => {
    const person = people[i];
    if (person instanceof Error) found.set(r.id, { principal: person, isVisitor: false });
    else if (person) {
      session.principals.prime(r.id, person.principal);
      found.set(r.id, { principal: person.principal, isVisitor: person.isVisitor });
    }
  });
  const rest = recipients.filter((r) => !found.has(r.id));
  const loaded = rest.length > 0 ? await session.principals.loadMany(rest.map((r) => r.id)) : [];
  rest.forEach((r, i) => found.set(r.id, { principal: loaded[i], isVisitor: false }));
  return found;
}

function predictListed(t: OnlyofficeTarget, session: OnlyofficeSession, r: Recipient, entry: OnlyofficeMarkedEntry): FolderShareResultModel {
  if (entry.isOwner || entry.isLocked) return result(session, r, { change: 'WOULD_FAIL', error: lockedReason(t, session, entry) });
  if (r.role === 'NONE') {
    if (entry.inherited) return result(session, r, { change: 'WOULD_FAIL', error: inheritedReason(t, session) });
    return result(session, r, { success: true, change: onlyParentDeny(entry) ? 'UNCHANGED' : 'REVOKED' });
  }
  if (entry.isVisitor && loweredForGuest(r.role)) return result(session, r, { change: 'WOULD_FAIL', error: guestReason(session) });
  return result(session, r, { success: true, change: changeOf({ role: roleOf(entry) }, r.role) });
}

function predictUnlisted(session: OnlyofficeSession, r: Recipient, looked: LookedUp | undefined): FolderShareResultModel {
  const principal = looked?.principal;
  if (principal instanceof Error) return result(session, r, { change: 'WOULD_FAIL', error: toShareError(principal, session.backend) });
  if (r.role === 'NONE') return result(session, r, { success: true, change: 'UNCHANGED' });
  if (!principal) return result(session, r, { change: 'WOULD_FAIL', error: failure(session, 'NOT_FOUND', `${session.backend} does not know this user or group`) });
  if (looked.isVisitor && loweredForGuest(r.role)) return result(session, r, { change: 'WOULD_FAIL', error: guestReason(session) });
  return result(session, r, { success: true, change: 'GRANTED' });
}

/**
 * What a share or revoke would do, from one read of the ACL and look-ups of
 * recipients the folder does not list: the same refusals as the write
 * (owner and locked entries, ACCESS_INHERITED for a NONE the parent
 * grants, a guest asked more than Read), and otherwise the change in role.
 * Where the parent's list was refused (403) nothing is known to be
 * inherited, so a revoke is predicted to succeed; the write then tells.
 */
async function preview(t: OnlyofficeTarget, session: OnlyofficeSession, id: string, recipients: readonly Recipient[], settings: FolderSettings): Promise<FolderShareResultModel[]> {
  let acl: OnlyofficeAcl;
  try {
    acl = await readAcl(t, session, id);
  } catch (err) {
    const error = toShareError(err, session.backend);
    return recipients.map((r) => result(session, r, { change: 'WOULD_FAIL', error }));
  }
  const listed = recipients.map((r) => entryOf(acl.entries, r.id));
  const looked = await lookUp(
    session,
    recipients.filter((r, i) => !listed[i] && r.role !== 'NONE'),
    settings,
  );
  return recipients.map((r, i) => {
    const entry = listed[i];
    return entry ? predictListed(t, session, r, entry) : predictUnlisted(session, r, looked.get(r.id));
  });
}

function strategyFor(t: OnlyofficeTarget): FolderStrategy<OnlyofficeSession> {
  return {
    readGrants: (session, id) => readGrants(t, session, id),
    share: (session, req) => share(t, session, req),
    revoke: (session, req) => revoke(t, session, req),
    preview: (session, id, recipients, settings) => preview(t, session, id, recipients, settings),
  };
}

/** Folders: `files/folder/{id}/share`. */
export const onlyoffice = strategyFor(FOLDER);

/** Files: `files/file/{id}/share`, inheriting from the file's folder. */
export const onlyofficeFiles = strategyFor(FILE);
