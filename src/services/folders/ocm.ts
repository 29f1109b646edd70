/**
 * Folder sharing on Oracle Content Management. OCM shares one user per
 * POST, so recipients fan out with bounded concurrency and each keeps its
 * own outcome; a revoke is one DELETE per recipient, the same way.
 */
import type { OcmSession } from '../../sessions/folders';
import { UpstreamError, toShareError } from '../../errors';
import type { FolderGrantModel, FolderShareResultModel, PrincipalModel } from '../../models';
import { OCM_ROLES, ocmRoleOf } from '../../roles';
import { mapConcurrent } from '../../util/map-concurrent';
import { prime, previewFolder, result, revokeFolder } from './strategy';
import type { FolderRules, FolderSettings, FolderShareRequest, FolderStrategy, RevokeToSend } from './strategy';

/**
 * OCM's share list never names the folder's owner, so the folder definition
 * is read alongside it (`ownedBy`) and the owner is added as a locked
 * MANAGER entry. A server whose answer has no `ownedBy` leaves the owner
 * unknown: no entry, and nothing refused on that ground.
 */
async function readGrants(session: OcmSession, folderId: string): Promise<FolderGrantModel[]> {
  const [shares, owner] = await Promise.all([session.connector.listShares(session.opts, folderId), ownerOf(session, folderId)]);
  prime(session, [owner, ...shares.map((g) => g.principal)]);
  const grants: FolderGrantModel[] = shares.map((g) => {
    const isOwner = g.role.toLowerCase() === 'owner' || (owner !== null && g.principal.id === owner.id);
    const source = isOwner ? 'OWNER' : g.inherited ? 'INHERITED' : 'DIRECT';
    return { principal: g.principal, role: isOwner ? 'MANAGER' : (ocmRoleOf(g.role) ?? 'VIEWER'), locked: g.inherited || isOwner, isOwner, source, inheritedFrom: null };
  });
  if (owner && !grants.some((g) => g.isOwner)) grants.unshift({ principal: owner, role: 'MANAGER', locked: true, isOwner: true, source: 'OWNER', inheritedFrom: null });
  return grants;
}

/**
 * The owner from `GET folders/{id}`. A 404 there while the share list reads
 * fine leaves the owner unknown instead of failing the read: whether OCM
 * serves collections (which share through the same endpoints) on
 * `folders/{id}` is UNCONFIRMED. The simulator serves them. Any other failure
 * fails the read, so a passing fault never switches off the owner check.
 */
async function ownerOf(session: OcmSession, folderId: string): Promise<PrincipalModel | null> {
  try {
    return (await session.connector.getFolder(session.opts, folderId)).owner;
  } catch (err) {
    if (err instanceof UpstreamError && err.code === 'NOT_FOUND') return null;
    throw err;
  }
}

/**
 * One POST per recipient, at most `fanOutConcurrency` in flight, each
 * outcome kept on its own recipient. The user in a successful answer primes
 * the loader under both the id asked (which may be a login name) and the
 * GUID.
 */
async function share(session: OcmSession, req: FolderShareRequest, settings: FolderSettings): Promise<FolderShareResultModel[]> {
  return mapConcurrent(req.recipients, settings.fanOutConcurrency, async (r) => {
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

/** One DELETE per recipient, naming the GUID its grant is listed under. */
async function sendRevokes(session: OcmSession, folderId: string, toSend: readonly RevokeToSend[], message: string | null | undefined, settings: FolderSettings): Promise<FolderShareResultModel[]> {
  return mapConcurrent(toSend, settings.fanOutConcurrency, async ({ r, upstreamId }) => {
    try {
      await session.connector.revokeUser(session.opts, folderId, upstreamId, message ?? undefined);
      return result(session, r, { success: true, change: 'REVOKED' });
    } catch (err) {
      return result(session, r, { error: toShareError(err, 'OCM') });
    }
  });
}

const rules: FolderRules<OcmSession> = {
  readGrants,
  // OCM ids are opaque and compared exactly (the simulator, like any store keyed on them, treats `ub0b…` and `UB0B…` as two users).
  sameId: (a, b) => a === b,
  // Any recipient not listed under the id asked may hold a grant under its GUID (a login name was given).
  lookUp: () => true,
  lockedMessage: 'This access is inherited from a parent folder; change it there',
  // A share adds a direct grant on top of an inherited one.
  sharesOverLocked: true,
  sendRevokes,
};

export const ocm: FolderStrategy<OcmSession> = {
  readGrants,
  share,
  revoke: (session, req, settings) => revokeFolder(rules, session, req, settings),
  preview: (session, folderId, recipients) => previewFolder(rules, session, folderId, recipients),
};
