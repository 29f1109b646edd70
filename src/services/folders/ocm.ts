/**
 * Folder sharing on Oracle Content Management, through the Documents REST
 * API 1.2: recipients are users (by GUID or login name) and groups (by
 * GUID), many to a call. Every operation starts from one read of the
 * folder's members (`listMembers`: direct and inherited grants, the owner
 * from `ownedBy`), and each recipient is matched to a member the way
 * Oracle's toolkit does it (plan.ts in the connector):
 * - a share POSTs the new members and PUTs `/role` for members whose role
 *   changes, one call per distinct role, and sends nothing for members
 *   already at the role;
 * - a revoke DELETEs the direct members asked, in one call;
 * - a dry run judges each recipient from the same read.
 * A whole-call 403 (one bad id) is split by the connector until the bad ids
 * stand alone, so every good recipient is still shared.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/api-shares.html
 */
import type { OcmSession } from '../../sessions/folders';
import { toShareError } from '../../errors';
import { isNamedBy, planMemberWrites } from '../../connectors/ocm';
import type { OcmMemberGrant, OcmMemberList, OcmPerson, OcmRecipient } from '../../connectors/ocm';
import type { FolderGrantModel, FolderShareResultModel, PrincipalModel, ShareRoleName } from '../../models';
import { OCM_ROLES, ocmRoleOf } from '../../roles';
import { failure, ownerReason, result, withBefore } from './strategy';
import type { FolderRevokeRequest, FolderShareRequest, FolderStrategy, Recipient } from './strategy';

const INHERITED = 'This access is inherited from a parent folder; change it there';

/**
 * A dry run's word for an id OCM does not list on the folder and knows no
 * user by. The Documents API looks up users only (`users/items`); groups
 * are looked up through the separate Users and Groups API
 * (`/osn/social/api/v1/groups`, which is what Oracle's toolkit uses), which
 * the gateway does not call. So a group id not yet shared on the folder
 * cannot be confirmed without writing, and is predicted to fail like an
 * unknown id; the share itself settles it (NOT_FOUND only if OCM refuses it).
 */
const UNCONFIRMED =
  'OCM knows no user by this id; a group id cannot be checked before it is shared on this folder (the Documents API has no group look-up), so the share may still go through if this is a group';

/** Members are primed under their GUID and, for users, their login name, the two ways a recipient may be named. */
function primeMembers(session: OcmSession, list: OcmMemberList): void {
  const people: OcmPerson[] = list.owner ? [list.owner, ...list.grants] : list.grants;
  for (const p of people) {
    session.principals.prime(p.principal.id, p.principal);
    if (p.loginName) session.principals.prime(p.loginName, p.principal);
  }
}

/** The folder's members, primed into the recipient loader. A failed read throws. */
async function readMembers(session: OcmSession, folderId: string): Promise<OcmMemberList> {
  const list = await session.connector.listMembers(session.opts, folderId);
  primeMembers(session, list);
  return list;
}

const ownsFolder = (list: OcmMemberList, g: OcmMemberGrant) => g.role.toLowerCase() === 'owner' || (list.owner !== null && g.principal.id === list.owner.principal.id);

/**
 * The members as grants: the owner first (a locked MANAGER, from `ownedBy`;
 * an answer without it leaves the owner unknown, so nothing is refused on
 * that ground), inherited grants locked. Groups come back as principals of
 * kind GROUP. A grant's source is OWNER, INHERITED (listed without
 * currentOnly, missing with it) or DIRECT; OCM's lists never name the folder
 * an inherited grant comes from, so inheritedFrom stays null.
 */
function grantsOf(list: OcmMemberList): FolderGrantModel[] {
  const grants: FolderGrantModel[] = list.grants.map((g) => {
    const isOwner = ownsFolder(list, g);
    const source = isOwner ? 'OWNER' : g.inherited ? 'INHERITED' : 'DIRECT';
    return { principal: g.principal, role: isOwner ? 'MANAGER' : (ocmRoleOf(g.role) ?? 'VIEWER'), locked: g.inherited || isOwner, isOwner, source, inheritedFrom: null };
  });
  if (list.owner && !grants.some((g) => g.isOwner)) {
    grants.unshift({ principal: list.owner.principal, role: 'MANAGER', locked: true, isOwner: true, source: 'OWNER', inheritedFrom: null });
  }
  return grants;
}

async function readGrants(session: OcmSession, folderId: string): Promise<FolderGrantModel[]> {
  return grantsOf(await readMembers(session, folderId));
}

/**
 * The role the members list shows for `id` before a write, as folderAccess
 * shows it: the owner's MANAGER, a direct grant, else an inherited one.
 */
function listedRole(list: OcmMemberList, id: string): ShareRoleName | null {
  if (list.owner && isNamedBy(list.owner, id)) return 'MANAGER';
  const member = list.grants.find((g) => !g.inherited && isNamedBy(g, id)) ?? list.grants.find((g) => isNamedBy(g, id));
  if (!member) return null;
  return ownsFolder(list, member) ? 'MANAGER' : (ocmRoleOf(member.role) ?? 'VIEWER');
}

const toOcm = (r: Recipient): OcmRecipient => ({ id: r.id, role: OCM_ROLES[r.role]! });

/**
 * The member a principal in an answer stands for. OCM answers each member
 * under the id supplied (the 1.2 pages) or under its GUID (the role page's
 * example); the loader gets it under both.
 */
function primeAnswered(session: OcmSession, askedId: string, member: PrincipalModel | null): void {
  if (!member) return;
  session.principals.prime(askedId, member);
  if (member.id !== askedId) session.principals.prime(member.id, member);
}

/**
 * One read of the members, then `grantMembers`: new members POSTed, changed
 * roles PUT, one call per distinct role; nothing for members already at the
 * role, for inherited access at least as high, or for the owner (FORBIDDEN).
 * Each result's `change` is the change made. A failed read is every
 * recipient's error, with nothing written.
 */
async function share(session: OcmSession, req: FolderShareRequest): Promise<FolderShareResultModel[]> {
  let current: OcmMemberList;
  try {
    current = await readMembers(session, req.folderId);
  } catch (err) {
    const error = toShareError(err, 'OCM');
    return req.recipients.map((r) => result(session, r, { error }));
  }
  const sent = await session.connector.grantMembers(session.opts, req.folderId, req.recipients.map(toOcm), { message: req.message ?? undefined, current });
  const results = req.recipients.map((r, i) => {
    const s = sent[i]!;
    primeAnswered(session, r.id, s.member);
    return s.ok ? result(session, r, { success: true, change: s.change }) : result(session, r, { error: toShareError(s.error, 'OCM') });
  });
  return withBefore(
    results,
    req.recipients.map((r) => listedRole(current, r.id)),
    false,
  );
}

/** How a recipient of a revoke stands: the owner, a direct member (to DELETE by GUID), only inherited, or no member. */
type RevokeStanding = { kind: 'owner' } | { kind: 'direct'; id: string } | { kind: 'inherited' } | { kind: 'none' };

function revokeStanding(list: OcmMemberList, id: string): RevokeStanding {
  if (list.owner && isNamedBy(list.owner, id)) return { kind: 'owner' };
  const member = list.grants.find((g) => isNamedBy(g, id));
  if (!member) return { kind: 'none' };
  if (ownsFolder(list, member)) return { kind: 'owner' };
  return member.inherited ? { kind: 'inherited' } : { kind: 'direct', id: member.principal.id };
}

/**
 * One read of the members; the owner and inherited-only grants are refused
 * with FORBIDDEN and nothing sent for them; a recipient who is no member is
 * already where the caller wants them (UNCHANGED). The direct members go in
 * one DELETE (more past 1,000 ids or a long query), named by the GUID they
 * are listed under; each outcome comes from `members[].isSuccessful`.
 */
async function revoke(session: OcmSession, req: FolderRevokeRequest): Promise<FolderShareResultModel[]> {
  const recipients: Recipient[] = req.recipientIds.map((id) => ({ id, role: 'NONE' }));
  let current: OcmMemberList;
  try {
    current = await readMembers(session, req.folderId);
  } catch (err) {
    const error = toShareError(err, 'OCM');
    return recipients.map((r) => result(session, r, { error }));
  }
  const standings = recipients.map((r) => revokeStanding(current, r.id));
  const toSend = standings.flatMap((s, index) => (s.kind === 'direct' ? [{ index, id: s.id }] : []));
  const sent =
    toSend.length > 0
      ? await session.connector.revokeMembers(
          session.opts,
          req.folderId,
          toSend.map((t) => t.id),
          req.message ?? undefined,
        )
      : [];
  const outcome = new Map(toSend.map((t, i) => [t.index, sent[i]!]));
  const results = recipients.map((r, index) => {
    const s = standings[index]!;
    if (s.kind === 'owner') return result(session, r, { error: ownerReason(session) });
    if (s.kind === 'inherited') return result(session, r, { error: failure(session, 'FORBIDDEN', INHERITED) });
    if (s.kind === 'none') return result(session, r, { success: true, change: 'UNCHANGED' });
    const o = outcome.get(index)!;
    return o.ok ? result(session, r, { success: true, change: 'REVOKED' }) : result(session, r, { error: toShareError(o.error, 'OCM') });
  });
  return withBefore(
    results,
    recipients.map((r) => listedRole(current, r.id)),
    false,
  );
}

/**
 * What a share (or, with role NONE, a revoke) would do, from one read of the
 * members and the plan a share would follow. Only a recipient the plan would
 * newly share with is looked up (as a user, `users/items`), to tell an id
 * OCM knows from one it does not; see UNCONFIRMED for group ids.
 */
async function preview(session: OcmSession, folderId: string, recipients: readonly Recipient[]): Promise<FolderShareResultModel[]> {
  let current: OcmMemberList;
  try {
    current = await readMembers(session, folderId);
  } catch (err) {
    const error = toShareError(err, 'OCM');
    return recipients.map((r) => result(session, r, { change: 'WOULD_FAIL', error }));
  }
  const shares = recipients.filter((r) => r.role !== 'NONE');
  const plans = new Map(planMemberWrites(current, shares.map(toOcm)).map((p, i) => [shares[i]!, p]));
  const toLook = shares.filter((r) => plans.get(r)!.change === 'GRANTED');
  const looked = toLook.length > 0 ? await session.principals.loadMany(toLook.map((r) => r.id)) : [];
  const found = new Map(toLook.map((r, i) => [r, looked[i]]));
  return recipients.map((r) => {
    if (r.role === 'NONE') {
      const s = revokeStanding(current, r.id);
      if (s.kind === 'owner') return result(session, r, { change: 'WOULD_FAIL', error: ownerReason(session) });
      if (s.kind === 'inherited') return result(session, r, { change: 'WOULD_FAIL', error: failure(session, 'FORBIDDEN', INHERITED) });
      return result(session, r, { success: true, change: s.kind === 'direct' ? 'REVOKED' : 'UNCHANGED' });
    }
    const plan = plans.get(r)!;
    if (plan.isOwner) return result(session, r, { change: 'WOULD_FAIL', error: ownerReason(session) });
    if (found.has(r)) {
      const principal = found.get(r);
      if (principal instanceof Error) return result(session, r, { change: 'WOULD_FAIL', error: toShareError(principal, 'OCM') });
      if (!principal) return result(session, r, { change: 'WOULD_FAIL', error: failure(session, 'NOT_FOUND', UNCONFIRMED) });
    }
    return result(session, r, { success: true, change: plan.change });
  });
}

export const ocm: FolderStrategy<OcmSession> = { readGrants, share, revoke, preview };
