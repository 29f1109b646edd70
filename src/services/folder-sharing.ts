/**
 * Folder sharing on OCM and ONLYOFFICE behind one shape.
 *
 * OCM shares one user per POST, so recipients fan out with bounded
 * concurrency and each keeps its own outcome. ONLYOFFICE takes every
 * recipient in one PUT and answers with the folder's entries after the
 * change; each recipient's result is read off that list, because the backend
 * silently skips unknown ids and the owner.
 */
import type { FolderSession, OcmSession, OnlyofficeSession } from '../sessions/folders';
import { UpstreamError, toShareError } from '../errors';
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

/**
 * Whether a recipient id names a principal. ONLYOFFICE ids are GUIDs, which
 * compare without case; OCM ids are opaque and compared exactly (the
 * simulator, like any store keyed on them, treats `ub0b…` and `UB0B…` as two
 * users).
 */
function sameIdOn(backend: FolderSession['backend']): (a: string, b: string) => boolean {
  return backend === 'ONLYOFFICE' ? (a, b) => a.toLowerCase() === b.toLowerCase() : (a, b) => a === b;
}

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

/**
 * The folder's grants, in one shape for both backends; primes the recipient
 * loader with every principal named, so that asking for a recipient already
 * seen here costs nothing.
 *
 * OCM's share list never names the folder's owner, so the folder definition
 * is read alongside it (`ownedBy`) and the owner is added as a locked
 * MANAGER entry. A server whose answer has no `ownedBy` leaves the owner
 * unknown: no entry, and nothing refused on that ground.
 */
export async function readGrants(session: FolderSession, folderId: string): Promise<FolderGrantModel[]> {
  if (session.backend === 'OCM') {
    const [shares, owner] = await Promise.all([session.connector.listShares(session.opts, folderId), ocmOwner(session, folderId)]);
    prime(session, [owner, ...shares.map((g) => g.principal)]);
    const grants: FolderGrantModel[] = shares.map((g) => {
      const isOwner = g.role.toLowerCase() === 'owner' || (owner !== null && g.principal.id === owner.id);
      return { principal: g.principal, role: isOwner ? 'MANAGER' : (ocmRoleOf(g.role) ?? 'VIEWER'), locked: g.inherited || isOwner, isOwner };
    });
    if (owner && !grants.some((g) => g.isOwner)) grants.unshift({ principal: owner, role: 'MANAGER', locked: true, isOwner: true });
    return grants;
  }
  const entries = await session.connector.getFolderShares(session.opts, folderId);
  prime(session, entries.map((e) => e.principal));
  return entries
    .filter((e) => !e.isLink && e.principal !== null)
    .map((e) => ({ principal: e.principal!, role: onlyofficeRoleOf(e.access) ?? 'VIEWER', locked: e.isLocked || e.isOwner, isOwner: e.isOwner }));
}

/**
 * The owner from `GET folders/{id}`. A 404 there while the share list reads
 * fine leaves the owner unknown instead of failing the read: whether OCM
 * serves collections (which share through the same endpoints) on
 * `folders/{id}` is UNCONFIRMED. The simulator serves them. Any other failure
 * fails the read, so a passing fault never switches off the owner check.
 */
async function ocmOwner(session: OcmSession, folderId: string): Promise<PrincipalModel | null> {
  try {
    return (await session.connector.getFolder(session.opts, folderId)).owner;
  } catch (err) {
    if (err instanceof UpstreamError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

interface Match {
  /** The grant the recipient holds, if any. */
  grant: FolderGrantModel | undefined;
  /** The recipient as looked up: undefined when not looked up, null when unknown, an Error when the look-up failed. */
  principal: PrincipalModel | null | Error | undefined;
}

/**
 * Pairs each recipient with the grant it holds. A recipient whose id is not
 * in the grants may still hold one under another name: OCM takes a login
 * name as `userID` as well as the user's GUID, and lists grants by GUID. So
 * recipients not found directly are looked up (through the request's
 * loader, which a later `recipient` field then reuses) when `lookUp` says
 * so, and matched by the id the backend answers with.
 */
async function matchRecipients(session: FolderSession, grants: readonly FolderGrantModel[], recipients: readonly Recipient[], lookUp: (r: Recipient) => boolean): Promise<Match[]> {
  const same = sameIdOn(session.backend);
  const direct = recipients.map((r) => grants.find((g) => same(g.principal.id, r.id)));
  const toLoad = recipients.filter((r, i) => !direct[i] && lookUp(r));
  const loaded = toLoad.length > 0 ? await session.principals.loadMany(toLoad.map((r) => r.id)) : [];
  const byId = new Map(toLoad.map((r, i) => [r.id, loaded[i]]));
  return recipients.map((r, i) => {
    const hit = direct[i];
    if (hit) return { grant: hit, principal: hit.principal };
    const principal = byId.get(r.id);
    if (principal === undefined || principal === null || principal instanceof Error) return { grant: undefined, principal };
    return { grant: grants.find((g) => same(g.principal.id, principal.id)), principal };
  });
}

function changeOf(before: FolderGrantModel | undefined, role: ShareRoleName): AccessChangeName {
  if (role === 'NONE') return before ? 'REVOKED' : 'UNCHANGED';
  if (!before) return 'GRANTED';
  if (before.role === role) return 'UNCHANGED';
  return ROLE_RANK[role] > ROLE_RANK[before.role] ? 'UPGRADED' : 'DOWNGRADED';
}

function ownerReason(session: FolderSession): ShareErrorValue {
  return failure(session, 'FORBIDDEN', "The folder owner's access cannot be changed");
}

function lockedReason(grant: Pick<FolderGrantModel, 'isOwner'>, session: FolderSession): ShareErrorValue {
  if (grant.isOwner) return ownerReason(session);
  return failure(session, 'FORBIDDEN', session.backend === 'OCM' ? 'This access is inherited from a parent folder; change it there' : 'This entry is locked on the folder');
}

// ---- dry runs ----------------------------------------------------------------

/**
 * What a share or revoke would do, from one read of the folder's grants and
 * look-ups of recipients who hold nothing yet (to tell an unknown id).
 *
 * An owner or a locked entry would fail. An OCM grant inherited from a
 * parent cannot be revoked here, but a share adds a direct grant on top of
 * it: that raises the recipient's access when the role is higher and leaves
 * it as it is otherwise (inherited access still applies).
 */
export async function previewFolder(session: FolderSession, folderId: string, recipients: readonly Recipient[]): Promise<FolderShareResultModel[]> {
  let grants: FolderGrantModel[];
  try {
    grants = await readGrants(session, folderId);
  } catch (err) {
    const error = toShareError(err, session.backend);
    return recipients.map((r) => result(session, r, { change: 'WOULD_FAIL', error }));
  }
  const matches = await matchRecipients(session, grants, recipients, (r) => session.backend === 'OCM' || r.role !== 'NONE');
  return recipients.map((r, i) => {
    const { grant, principal } = matches[i]!;
    if (grant) {
      if (grant.isOwner) return result(session, r, { change: 'WOULD_FAIL', error: ownerReason(session) });
      if (grant.locked) {
        if (r.role === 'NONE' || session.backend === 'ONLYOFFICE') return result(session, r, { change: 'WOULD_FAIL', error: lockedReason(grant, session) });
        return result(session, r, { success: true, change: ROLE_RANK[r.role] > ROLE_RANK[grant.role] ? 'UPGRADED' : 'UNCHANGED' });
      }
      return result(session, r, { success: true, change: changeOf(grant, r.role) });
    }
    if (principal instanceof Error) return result(session, r, { change: 'WOULD_FAIL', error: toShareError(principal, session.backend) });
    if (r.role === 'NONE') return result(session, r, { success: true, change: 'UNCHANGED' });
    if (!principal) return result(session, r, { change: 'WOULD_FAIL', error: failure(session, 'NOT_FOUND', `${session.backend} does not know this user or group`) });
    return result(session, r, { success: true, change: 'GRANTED' });
  });
}

// ---- sharing -------------------------------------------------------------------

export async function shareFolder(session: FolderSession, req: FolderShareRequest, concurrency: number): Promise<FolderShareResultModel[]> {
  return session.backend === 'OCM' ? shareOnOcm(session, req, concurrency) : shareOnOnlyoffice(session, req, false);
}

/**
 * One POST per recipient, at most `concurrency` in flight, each outcome kept
 * on its own recipient. The user in a successful answer primes the loader
 * under both the id asked (which may be a login name) and the GUID.
 */
async function shareOnOcm(session: OcmSession, req: FolderShareRequest, concurrency: number): Promise<FolderShareResultModel[]> {
  return mapConcurrent(req.recipients, concurrency, async (r) => {
    try {
      const answer = await session.connector.shareFolder(session.opts, req.folderId, { userID: r.id, role: OCM_ROLES[r.role]!, message: req.message ?? undefined });
      if (answer.user) {
        session.principals.prime(r.id, answer.user);
        if (answer.user.id !== r.id) session.principals.prime(answer.user.id, answer.user);
      }
      return result(session, r, { success: true });
    } catch (err) {
      return result(session, r, { error: toShareError(err, 'OCM') });
    }
  });
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
function judgeOnlyoffice(session: OnlyofficeSession, r: Recipient, entry: ShareListEntry | undefined, principal: PrincipalModel | null | Error | undefined, revoking: boolean): FolderShareResultModel {
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

async function shareOnOnlyoffice(session: OnlyofficeSession, req: FolderShareRequest, revoking: boolean): Promise<FolderShareResultModel[]> {
  const share = req.recipients.map((r) => ({ ShareTo: r.id, Access: ONLYOFFICE_ROLES[r.role]! }));
  let entries: ShareListEntry[];
  try {
    entries = await session.connector.shareFolder(session.opts, req.folderId, share, req.notify ?? undefined, req.message ?? undefined);
  } catch (err) {
    const error = toShareError(err, 'ONLYOFFICE');
    return req.recipients.map((r) => result(session, r, { error }));
  }
  prime(session, entries.map((e) => e.principal));
  const same = sameIdOn('ONLYOFFICE');
  const entryOf = (r: Recipient) => entries.find((e) => e.principal !== null && same(e.principal.id, r.id));
  const missing = req.recipients.filter((r) => r.role !== 'NONE' && !entryOf(r));
  const looked = missing.length > 0 ? await session.principals.loadMany(missing.map((r) => r.id)) : [];
  const principalOf = new Map(missing.map((r, i) => [r.id, looked[i]]));
  return req.recipients.map((r) => judgeOnlyoffice(session, r, entryOf(r), principalOf.get(r.id), revoking));
}

// ---- revoking --------------------------------------------------------------------

/**
 * Reads the grants first: owners and locked (inherited) entries are refused
 * with FORBIDDEN and nothing is sent for them; a recipient who holds nothing
 * is already where the caller wants them (UNCHANGED). On OCM a recipient not
 * found by id is looked up, since it may hold a grant under its GUID; the
 * DELETE then names that GUID.
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
  const matches = await matchRecipients(session, grants, recipients, () => session.backend === 'OCM');
  const decided = new Map<number, FolderShareResultModel>();
  const toSend: Array<{ index: number; r: Recipient; upstreamId: string }> = [];
  recipients.forEach((r, index) => {
    const { grant, principal } = matches[index]!;
    if (grant) {
      if (grant.locked) decided.set(index, result(session, r, { error: lockedReason(grant, session) }));
      else toSend.push({ index, r, upstreamId: grant.principal.id });
    } else if (principal instanceof Error) {
      decided.set(index, result(session, r, { error: toShareError(principal, session.backend) }));
    } else {
      decided.set(index, result(session, r, { success: true, change: 'UNCHANGED' }));
    }
  });
  if (toSend.length > 0) {
    if (session.backend === 'OCM') {
      const sent = await mapConcurrent(toSend, concurrency, async ({ r, upstreamId }) => {
        try {
          await session.connector.revokeUser(session.opts, folderId, upstreamId, message ?? undefined);
          return result(session, r, { success: true, change: 'REVOKED' });
        } catch (err) {
          return result(session, r, { error: toShareError(err, 'OCM') });
        }
      });
      toSend.forEach(({ index }, i) => decided.set(index, sent[i]!));
    } else {
      const sent = await shareOnOnlyoffice(session, { folderId, recipients: toSend.map((t) => t.r), message }, true);
      toSend.forEach(({ index }, i) => decided.set(index, sent[i]!));
    }
  }
  return recipients.map((_r, index) => decided.get(index)!);
}
