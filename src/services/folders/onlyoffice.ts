/**
 * Folder sharing on ONLYOFFICE. It takes every recipient in one PUT and
 * answers with the folder's entries after the change; each recipient's
 * result is read off that list, because the backend silently skips unknown
 * ids and the owner. A revoke is the same PUT with access None.
 */
import type { OnlyofficeSession } from '../../sessions/folders';
import { toShareError } from '../../errors';
import type { FolderGrantModel, FolderShareResultModel, PrincipalModel } from '../../models';
import { ONLYOFFICE_ROLES, onlyofficeRoleOf } from '../../roles';
import { failure, ownerReason, prime, previewFolder, result, revokeFolder } from './strategy';
import type { FolderRules, FolderShareRequest, FolderStrategy, Recipient, RevokeToSend } from './strategy';

/** ONLYOFFICE ids are GUIDs, which compare without case. */
const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Link entries are not principals and are left out; an owner's or a locked entry is locked. */
async function readGrants(session: OnlyofficeSession, folderId: string): Promise<FolderGrantModel[]> {
  const entries = await session.connector.getFolderShares(session.opts, folderId);
  prime(session, entries.map((e) => e.principal));
  return entries
    .filter((e) => !e.isLink && e.principal !== null)
    .map((e) => ({ principal: e.principal!, role: onlyofficeRoleOf(e.access) ?? 'VIEWER', locked: e.isLocked || e.isOwner, isOwner: e.isOwner }));
}

type ShareListEntry = { access: number; principal: PrincipalModel | null; isOwner: boolean; isLocked: boolean };

/**
 * Reads one recipient's outcome off the entries ONLYOFFICE returns after the
 * PUT. `principal` is the recipient looked up when the answer does not list
 * it: ONLYOFFICE skips unknown ids and some known subjects (the owner,
 * administrators on Common documents) without a word, and only a look-up
 * tells the two apart. `revoking` says the recipient held an entry before,
 * so that its absence now is a REVOKED change.
 */
function judge(session: OnlyofficeSession, r: Recipient, entry: ShareListEntry | undefined, principal: PrincipalModel | null | Error | undefined, revoking: boolean): FolderShareResultModel {
  if (r.role === 'NONE') {
    if (!entry) return result(session, r, { success: true, change: revoking ? 'REVOKED' : null });
    return result(session, r, { error: entry.isOwner ? ownerReason(session) : failure(session, 'FORBIDDEN', 'ONLYOFFICE kept this entry; it is locked on the folder') });
  }
  if (!entry) {
    if (principal && !(principal instanceof Error)) {
      return result(session, r, { error: failure(session, 'FORBIDDEN', 'ONLYOFFICE left this user or group out of the folder (it skips some, such as administrators on Common documents, without saying why)') });
    }
    return result(session, r, { error: failure(session, 'NOT_FOUND', 'ONLYOFFICE does not know this user or group, so it did not share with it') });
  }
  if (entry.isOwner) return result(session, r, { error: ownerReason(session) });
  if (entry.access !== ONLYOFFICE_ROLES[r.role]) {
    return result(session, r, { error: failure(session, 'FORBIDDEN', entry.isLocked ? 'This entry is locked on the folder' : 'ONLYOFFICE did not apply the asked access to this entry') });
  }
  return result(session, r, { success: true });
}

/** One PUT for every recipient; a failed PUT is every recipient's error. */
async function put(session: OnlyofficeSession, req: FolderShareRequest, revoking: boolean): Promise<FolderShareResultModel[]> {
  const share = req.recipients.map((r) => ({ ShareTo: r.id, Access: ONLYOFFICE_ROLES[r.role]! }));
  let entries: ShareListEntry[];
  try {
    entries = await session.connector.shareFolder(session.opts, req.folderId, share, req.notify ?? undefined, req.message ?? undefined);
  } catch (err) {
    const error = toShareError(err, 'ONLYOFFICE');
    return req.recipients.map((r) => result(session, r, { error }));
  }
  prime(session, entries.map((e) => e.principal));
  const entryOf = (r: Recipient) => entries.find((e) => e.principal !== null && sameId(e.principal.id, r.id));
  const missing = req.recipients.filter((r) => r.role !== 'NONE' && !entryOf(r));
  const looked = missing.length > 0 ? await session.principals.loadMany(missing.map((r) => r.id)) : [];
  const principalOf = new Map(missing.map((r, i) => [r.id, looked[i]]));
  return req.recipients.map((r) => judge(session, r, entryOf(r), principalOf.get(r.id), revoking));
}

/** The revokes go out as one PUT with access None, for the ids asked. */
function sendRevokes(session: OnlyofficeSession, folderId: string, toSend: readonly RevokeToSend[], message: string | null | undefined): Promise<FolderShareResultModel[]> {
  return put(session, { folderId, recipients: toSend.map((t) => t.r), message }, true);
}

const rules: FolderRules<OnlyofficeSession> = {
  readGrants,
  sameId,
  // A recipient not listed holds nothing; a look-up only tells an unknown id from a known one for a share.
  lookUp: (r) => r.role !== 'NONE',
  lockedMessage: 'This entry is locked on the folder',
  sharesOverLocked: false,
  sendRevokes,
};

export const onlyoffice: FolderStrategy<OnlyofficeSession> = {
  readGrants,
  share: (session, req) => put(session, req, false),
  revoke: (session, req, settings) => revokeFolder(rules, session, req, settings),
  preview: (session, folderId, recipients) => previewFolder(rules, session, folderId, recipients),
};
