/**
 * Folder sharing behind one interface: each folder backend is one
 * FolderStrategy (ocm.ts, onlyoffice.ts), and src/services/folders/index.ts
 * picks it by backend from one table. What the backends have in common, the
 * matching of recipients to grants and the judging of a dry run or a revoke
 * from them, lives here, told what differs by the backend's FolderRules;
 * no code here asks which backend it runs for. OCM's strategy uses only the
 * helpers (result, failure, ownerReason) and judges from its own members
 * read (the connector's plan.ts), so the OCM cases the comments below name
 * describe the 1.1 path it has left.
 */
import type { Config } from '../../config';
import type { FolderSession } from '../../sessions/folders';
import { toShareError } from '../../errors';
import type { ShareErrorValue } from '../../errors';
import type { AccessChangeName, FolderGrantModel, FolderShareResultModel, PrincipalModel, ShareRoleName } from '../../models';
import { ROLE_RANK } from '../../roles';

export interface Recipient {
  id: string;
  role: ShareRoleName;
}

export interface FolderShareRequest {
  folderId: string;
  recipients: readonly Recipient[];
  message?: string | null;
  notify?: boolean | null;
  /**
   * For the ledger: read the folder's list before the write where the write
   * itself would not (ONLYOFFICE without NONE), so that every result carries
   * its `before` and `change`.
   */
  track?: boolean;
}

export interface FolderRevokeRequest {
  folderId: string;
  recipientIds: readonly string[];
  message?: string | null;
  /** As FolderShareRequest.track. */
  track?: boolean;
}

/** The gateway's settings a folder service reads. */
export type FolderSettings = Pick<Config, 'fanOutConcurrency'>;

/** One folder backend: everything shareFolder, revokeFolderShares and folderAccess ask of it. */
export interface FolderStrategy<S extends FolderSession> {
  /**
   * The folder's grants, in one shape for every backend; primes the
   * recipient loader with every principal named, so that asking for a
   * recipient already seen here costs nothing. A failed read throws.
   */
  readGrants(session: S, folderId: string): Promise<FolderGrantModel[]>;
  /** Gives each recipient its role; one result per recipient, in input order. */
  share(session: S, req: FolderShareRequest, settings: FolderSettings): Promise<FolderShareResultModel[]>;
  /** Takes each recipient's access away; one result per recipient, in input order. */
  revoke(session: S, req: FolderRevokeRequest, settings: FolderSettings): Promise<FolderShareResultModel[]>;
  /** What a share (or, with role NONE, a revoke) would do; sends no write. */
  preview(session: S, folderId: string, recipients: readonly Recipient[], settings: FolderSettings): Promise<FolderShareResultModel[]>;
}

/** A revoke that passed the checks: the recipient asked for and the id its grant is listed under. */
export interface RevokeToSend {
  r: Recipient;
  upstreamId: string;
}

/** What differs between folder backends inside the shared preview and revoke. */
export interface FolderRules<S extends FolderSession> {
  readGrants(session: S, folderId: string): Promise<FolderGrantModel[]>;
  /** Whether a recipient id names a principal id. */
  sameId(this: void, a: string, b: string): boolean;
  /** Whether a recipient holding no grant under the id asked is looked up, to find one under another id or tell an unknown id. */
  lookUp(r: Recipient): boolean;
  /** Why a locked entry that is not the owner's cannot be changed. */
  lockedMessage: string;
  /** Whether a share adds a direct grant on top of a locked one rather than failing on it. */
  sharesOverLocked: boolean;
  /** Sends the revokes that passed the checks; one result per entry, in order. */
  sendRevokes(session: S, folderId: string, toSend: readonly RevokeToSend[], message: string | null | undefined, settings: FolderSettings): Promise<FolderShareResultModel[]>;
}

export function result(session: FolderSession, r: Recipient, fields: Partial<FolderShareResultModel>): FolderShareResultModel {
  return { backend: session.backend, recipientId: r.id, role: r.role, success: false, change: null, error: null, ...fields };
}

export function failure(session: FolderSession, code: ShareErrorValue['code'], message: string): ShareErrorValue {
  return { code, message, backend: session.backend, upstreamCode: null };
}

export function prime(session: FolderSession, principals: ReadonlyArray<PrincipalModel | null>): void {
  for (const p of principals) if (p) session.principals.prime(p.id, p);
}

export function ownerReason(session: FolderSession, noun: 'folder' | 'file' = 'folder'): ShareErrorValue {
  return failure(session, 'FORBIDDEN', `The ${noun} owner's access cannot be changed`);
}

function lockedReason<S extends FolderSession>(rules: FolderRules<S>, grant: Pick<FolderGrantModel, 'isOwner'>, session: S): ShareErrorValue {
  if (grant.isOwner) return ownerReason(session);
  return failure(session, 'FORBIDDEN', rules.lockedMessage);
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
 * loader, which a later `recipient` field then reuses) when the rules say
 * so, and matched by the id the backend answers with.
 */
async function matchRecipients<S extends FolderSession>(rules: FolderRules<S>, session: S, grants: readonly FolderGrantModel[], recipients: readonly Recipient[]): Promise<Match[]> {
  const same = rules.sameId;
  const direct = recipients.map((r) => grants.find((g) => same(g.principal.id, r.id)));
  const toLoad = recipients.filter((r, i) => !direct[i] && rules.lookUp(r));
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

/**
 * Results with the role each recipient held before the write (null: none);
 * with `fillChange`, a success whose answer could not tell what changed
 * gets the change from that role.
 */
export function withBefore(results: readonly FolderShareResultModel[], before: ReadonlyArray<ShareRoleName | null>, fillChange: boolean): FolderShareResultModel[] {
  return results.map((r, i) => {
    const held = before[i] ?? null;
    const change = r.change ?? (fillChange && r.success ? changeOf(held ? { role: held } : undefined, r.role) : null);
    return { ...r, before: held, change };
  });
}

export function changeOf(before: Pick<FolderGrantModel, 'role'> | undefined, role: ShareRoleName): AccessChangeName {
  if (role === 'NONE') return before ? 'REVOKED' : 'UNCHANGED';
  if (!before) return 'GRANTED';
  if (before.role === role) return 'UNCHANGED';
  return ROLE_RANK[role] > ROLE_RANK[before.role] ? 'UPGRADED' : 'DOWNGRADED';
}

// ---- dry runs ----------------------------------------------------------------

/**
 * What a share or revoke would do, from one read of the folder's grants and
 * look-ups of recipients who hold nothing yet (to tell an unknown id).
 *
 * An owner or a locked entry would fail. Where the backend shares over a
 * locked entry (an OCM grant inherited from a parent cannot be revoked here,
 * but a share adds a direct grant on top of it), the share raises the
 * recipient's access when the role is higher and leaves it as it is
 * otherwise (inherited access still applies).
 */
export async function previewFolder<S extends FolderSession>(rules: FolderRules<S>, session: S, folderId: string, recipients: readonly Recipient[]): Promise<FolderShareResultModel[]> {
  let grants: FolderGrantModel[];
  try {
    grants = await rules.readGrants(session, folderId);
  } catch (err) {
    const error = toShareError(err, session.backend);
    return recipients.map((r) => result(session, r, { change: 'WOULD_FAIL', error }));
  }
  const matches = await matchRecipients(rules, session, grants, recipients);
  return recipients.map((r, i) => {
    const { grant, principal } = matches[i]!;
    if (grant) {
      if (grant.isOwner) return result(session, r, { change: 'WOULD_FAIL', error: ownerReason(session) });
      if (grant.locked) {
        if (r.role === 'NONE' || !rules.sharesOverLocked) return result(session, r, { change: 'WOULD_FAIL', error: lockedReason(rules, grant, session) });
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

// ---- revoking --------------------------------------------------------------------

/**
 * Reads the grants first: owners and locked (inherited) entries are refused
 * with FORBIDDEN and nothing is sent for them; a recipient who holds nothing
 * is already where the caller wants them (UNCHANGED). A recipient not found
 * by id is looked up where the rules say so (OCM), since it may hold a grant
 * under its GUID; the revoke then names that GUID.
 */
export async function revokeFolder<S extends FolderSession>(rules: FolderRules<S>, session: S, req: FolderRevokeRequest, settings: FolderSettings): Promise<FolderShareResultModel[]> {
  const recipients: Recipient[] = req.recipientIds.map((id) => ({ id, role: 'NONE' }));
  let grants: FolderGrantModel[];
  try {
    grants = await rules.readGrants(session, req.folderId);
  } catch (err) {
    const error = toShareError(err, session.backend);
    return recipients.map((r) => result(session, r, { error }));
  }
  const matches = await matchRecipients(rules, session, grants, recipients);
  const decided = new Map<number, FolderShareResultModel>();
  const toSend: Array<RevokeToSend & { index: number }> = [];
  recipients.forEach((r, index) => {
    const { grant, principal } = matches[index]!;
    if (grant) {
      if (grant.locked) decided.set(index, result(session, r, { error: lockedReason(rules, grant, session) }));
      else toSend.push({ index, r, upstreamId: grant.principal.id });
    } else if (principal instanceof Error) {
      decided.set(index, result(session, r, { error: toShareError(principal, session.backend) }));
    } else {
      decided.set(index, result(session, r, { success: true, change: 'UNCHANGED' }));
    }
  });
  if (toSend.length > 0) {
    const sent = await rules.sendRevokes(session, req.folderId, toSend, req.message, settings);
    toSend.forEach(({ index }, i) => decided.set(index, sent[i]!));
  }
  return recipients.map((_r, index) => decided.get(index)!);
}
