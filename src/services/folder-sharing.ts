/**
 * Folder sharing on OCM and ONLYOFFICE behind one shape.
 *
 * OCM shares one user per POST, so recipients fan out with bounded
 * concurrency and each keeps its own outcome. ONLYOFFICE takes every
 * recipient in one PUT and answers with the folder's entries after the
 * change; each recipient's result is read off that list, because the backend
 * silently skips unknown ids and the owner.
 */
import type { FolderSession, OcmSession, OnlyofficeSession } from '../folder-sessions';
import { toShareError } from '../errors';
import type { ShareErrorValue } from '../errors';
import type { AccessChangeName, FolderGrantModel, FolderShareResultModel, PrincipalModel, ShareRoleName } from '../models';
import { OCM_ROLES, ONLYOFFICE_ROLES, ROLE_RANK, ocmRoleOf, onlyofficeRoleOf } from '../roles';
import { mapConcurrent } from '../util/map-concurrent';

export interface Recipient {
  id: string;
  role: ShareRoleName;
}

export interface FolderShareRequest {
  folderId: string;
  recipients: readonly Recipient[];
  message?: string | null;
  notify?: boolean | null;
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function result(session: FolderSession, r: Recipient, fields: Partial<FolderShareResultModel>): FolderShareResultModel {
  return { backend: session.backend, recipientId: r.id, role: r.role, success: false, change: null, error: null, ...fields };
}

function failure(session: FolderSession, code: ShareErrorValue['code'], message: string): ShareErrorValue {
  return { code, message, backend: session.backend, upstreamCode: null };
}

function prime(session: FolderSession, principals: ReadonlyArray<PrincipalModel | null>): void {
  for (const p of principals) if (p) session.principals.prime(p.id, p);
}

// ---- reading current access ------------------------------------------------

/** The folder's grants, in one shape for both backends; primes the recipient loader. */
export async function readGrants(session: FolderSession, folderId: string): Promise<FolderGrantModel[]> {
  if (session.backend === 'OCM') {
    const grants = await session.connector.listShares(session.opts, folderId);
    prime(session, grants.map((g) => g.principal));
    return grants.map((g) => {
      const isOwner = g.role.toLowerCase() === 'owner';
      return { principal: g.principal, role: isOwner ? 'MANAGER' : (ocmRoleOf(g.role) ?? 'VIEWER'), locked: g.inherited || isOwner, isOwner };
    });
  }
  const entries = await session.connector.getFolderShares(session.opts, folderId);
  prime(session, entries.map((e) => e.principal));
  return entries
    .filter((e) => !e.isLink && e.principal !== null)
    .map((e) => ({ principal: e.principal!, role: onlyofficeRoleOf(e.access) ?? 'VIEWER', locked: e.isLocked || e.isOwner, isOwner: e.isOwner }));
}

function changeOf(before: FolderGrantModel | undefined, role: ShareRoleName): AccessChangeName {
  if (role === 'NONE') return before ? 'REVOKED' : 'UNCHANGED';
  if (!before) return 'GRANTED';
  if (before.role === role) return 'UNCHANGED';
  return ROLE_RANK[role] > ROLE_RANK[before.role] ? 'UPGRADED' : 'DOWNGRADED';
}

function lockedReason(grant: FolderGrantModel, session: FolderSession): ShareErrorValue {
  if (grant.isOwner) return failure(session, 'FORBIDDEN', "The folder owner's access cannot be changed");
  return failure(session, 'FORBIDDEN', session.backend === 'OCM' ? 'This access is inherited from a parent folder; change it there' : 'This entry is locked on the folder');
}

// ---- dry runs ----------------------------------------------------------------

/**
 * What a share or revoke would do, from one read of the folder's grants and
 * look-ups of recipients who hold nothing yet (to tell an unknown id).
 */
export async function previewFolder(session: FolderSession, folderId: string, recipients: readonly Recipient[]): Promise<FolderShareResultModel[]> {
  let grants: FolderGrantModel[];
  try {
    grants = await readGrants(session, folderId);
  } catch (err) {
    const error = toShareError(err, session.backend);
    return recipients.map((r) => result(session, r, { change: 'WOULD_FAIL', error }));
  }
  const holding = recipients.map((r) => grants.find((g) => sameId(g.principal.id, r.id)));
  const unknownCheck = await session.principals.loadMany(recipients.filter((_r, i) => !holding[i]).map((r) => r.id));
  let k = 0;
  return recipients.map((r, i) => {
    const before = holding[i];
    if (before) {
      if (before.locked) return result(session, r, { change: 'WOULD_FAIL', error: lockedReason(before, session) });
      return result(session, r, { success: true, change: changeOf(before, r.role) });
    }
    const principal = unknownCheck[k++];
    if (r.role === 'NONE') return result(session, r, { success: true, change: 'UNCHANGED' });
    if (principal instanceof Error) return result(session, r, { change: 'WOULD_FAIL', error: toShareError(principal, session.backend) });
    if (!principal) return result(session, r, { change: 'WOULD_FAIL', error: failure(session, 'NOT_FOUND', `${session.backend} does not know this user or group`) });
    return result(session, r, { success: true, change: 'GRANTED' });
  });
}

// ---- sharing -------------------------------------------------------------------

export async function shareFolder(session: FolderSession, req: FolderShareRequest, concurrency: number): Promise<FolderShareResultModel[]> {
  return session.backend === 'OCM' ? shareOnOcm(session, req, concurrency) : shareOnOnlyoffice(session, req);
}

async function shareOnOcm(session: OcmSession, req: FolderShareRequest, concurrency: number): Promise<FolderShareResultModel[]> {
  return mapConcurrent(req.recipients, concurrency, async (r) => {
    try {
      const answer = await session.connector.shareFolder(session.opts, req.folderId, { userID: r.id, role: OCM_ROLES[r.role]!, message: req.message ?? undefined });
      if (answer.user) {
        session.principals.prime(r.id, answer.user);
        if (!sameId(answer.user.id, r.id)) session.principals.prime(answer.user.id, answer.user);
      }
      return result(session, r, { success: true });
    } catch (err) {
      return result(session, r, { error: toShareError(err, 'OCM') });
    }
  });
}

/** Reads each recipient's outcome off the entries ONLYOFFICE returns after the PUT. */
function judgeOnlyoffice(session: OnlyofficeSession, r: Recipient, entries: ReadonlyArray<{ access: number; principal: PrincipalModel | null; isOwner: boolean; isLocked: boolean }>): FolderShareResultModel {
  const entry = entries.find((e) => e.principal !== null && sameId(e.principal.id, r.id));
  const asked = ONLYOFFICE_ROLES[r.role]!;
  if (r.role === 'NONE') {
    if (!entry) return result(session, r, { success: true, change: 'REVOKED' });
    return result(session, r, { error: entry.isOwner ? lockedReason({ isOwner: true } as FolderGrantModel, session) : failure(session, 'FORBIDDEN', 'ONLYOFFICE kept this entry; it may be locked') });
  }
  if (!entry) return result(session, r, { error: failure(session, 'NOT_FOUND', 'ONLYOFFICE does not know this user or group, so it did not share with it') });
  if (entry.isOwner) return result(session, r, { error: lockedReason({ isOwner: true } as FolderGrantModel, session) });
  if (entry.access !== asked) return result(session, r, { error: failure(session, 'FORBIDDEN', 'ONLYOFFICE did not apply the asked access to this entry') });
  return result(session, r, { success: true });
}

async function shareOnOnlyoffice(session: OnlyofficeSession, req: FolderShareRequest): Promise<FolderShareResultModel[]> {
  const share = req.recipients.map((r) => ({ ShareTo: r.id, Access: ONLYOFFICE_ROLES[r.role]! }));
  try {
    const entries = await session.connector.shareFolder(session.opts, req.folderId, share, req.notify ?? undefined, req.message ?? undefined);
    prime(session, entries.map((e) => e.principal));
    return req.recipients.map((r) => judgeOnlyoffice(session, r, entries));
  } catch (err) {
    const error = toShareError(err, 'ONLYOFFICE');
    return req.recipients.map((r) => result(session, r, { error }));
  }
}

// ---- revoking --------------------------------------------------------------------

/**
 * Reads the grants first: owners and locked (inherited) entries are refused
 * with FORBIDDEN and nothing is sent for them; a recipient who holds nothing
 * is already where the caller wants them (UNCHANGED).
 */
export async function revokeFolder(session: FolderSession, folderId: string, recipientIds: readonly string[], message: string | null | undefined, concurrency: number): Promise<FolderShareResultModel[]> {
  const recipients: Recipient[] = recipientIds.map((id) => ({ id, role: 'NONE' }));
  let grants: FolderGrantModel[];
  try {
    grants = await readGrants(session, folderId);
  } catch (err) {
    const error = toShareError(err, session.backend);
    return recipients.map((r) => result(session, r, { error }));
  }
  const decided = new Map<number, FolderShareResultModel>();
  const toSend: Array<{ index: number; r: Recipient }> = [];
  recipients.forEach((r, index) => {
    const grant = grants.find((g) => sameId(g.principal.id, r.id));
    if (!grant) decided.set(index, result(session, r, { success: true, change: 'UNCHANGED' }));
    else if (grant.locked) decided.set(index, result(session, r, { error: lockedReason(grant, session) }));
    else toSend.push({ index, r });
  });
  if (toSend.length > 0) {
    if (session.backend === 'OCM') {
      const sent = await mapConcurrent(toSend, concurrency, async ({ r }) => {
        try {
          await session.connector.revokeUser(session.opts, folderId, r.id, message ?? undefined);
          return result(session, r, { success: true, change: 'REVOKED' });
        } catch (err) {
          return result(session, r, { error: toShareError(err, 'OCM') });
        }
      });
      toSend.forEach(({ index }, i) => decided.set(index, sent[i]!));
    } else {
      const sent = await shareOnOnlyoffice(session, { folderId, recipients: toSend.map((t) => t.r), message });
      toSend.forEach(({ index }, i) => decided.set(index, sent[i]!));
    }
  }
  return recipients.map((_r, index) => decided.get(index)!);
}
