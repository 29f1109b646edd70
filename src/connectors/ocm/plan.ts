/**
 * Which 1.2 write each recipient of a share needs, from one read of the
 * folder's members, the way Oracle's own toolkit decides it: members already
 * shared on the folder get `PUT shares/{id}/role`, everyone else `POST
 * shares/{id}` (oracle/content-and-experience-toolkit sites/bin/document.js,
 * shareFolder: `create: newMember`). Here a member already at the asked role
 * gets no write at all, and the change each recipient sees is named.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-role-put.html
 */
import type { OcmPerson } from './response';

/**
 * OCM's roles in the order the share page builds them up: each "can also" do
 * what the one before can, and managers "have all the privileges of the
 * other roles".
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-post.html
 */
export const OCM_ROLE_RANK: Readonly<Record<string, number>> = { viewer: 1, downloader: 2, contributor: 3, manager: 4 };

/** Unknown roles rank below viewer, so that asking for any known role changes them. */
const rankOf = (role: string) => OCM_ROLE_RANK[role.toLowerCase()] ?? 0;

export type OcmChange = 'GRANTED' | 'UPGRADED' | 'DOWNGRADED' | 'UNCHANGED';

/** A member of the folder as `listMembers` reads it. */
export interface OcmMemberGrant extends OcmPerson {
  /** As OCM spells it: viewer | downloader | contributor | manager. */
  role: string;
  /** True when the access comes from a parent folder, not from this folder's own share. */
  inherited: boolean;
}

export interface OcmMemberList {
  grants: OcmMemberGrant[];
  /** The folder's owner (`ownedBy`); null when the answer names none. */
  owner: OcmPerson | null;
}

export interface OcmRecipient {
  /** A user GUID, login name or group GUID. */
  id: string;
  /** An OCM role: viewer | downloader | contributor | manager. */
  role: string;
}

export interface PlannedWrite {
  recipient: OcmRecipient;
  /** What to send for it: a share, a role change, or nothing. */
  write: 'POST' | 'PUT' | null;
  /** The id to send: the member's GUID for a role change (the id it is listed under), the id as asked otherwise. */
  sendId: string;
  change: OcmChange;
  isOwner: boolean;
}

/**
 * Whether `id` names a member: a user by GUID or, ignoring case as Oracle's
 * toolkit does, by login name; a group by GUID. Exported so that the folder
 * service matches a revoke's recipients to members the same way a share does.
 */
export function isNamedBy(person: OcmPerson, id: string): boolean {
  return person.principal.id === id || (person.loginName !== null && person.loginName.toLowerCase() === id.toLowerCase());
}

/**
 * One plan per recipient, in input order.
 * - The owner: no write.
 * - A direct member: nothing when already at the role, else PUT /role
 *   (UPGRADED or DOWNGRADED).
 * - A member only through a parent folder: POST a direct share when the
 *   role is higher (UPGRADED); otherwise nothing, since the inherited access
 *   already gives as much (UNCHANGED). This is what a dry run predicts.
 * - Anyone else: POST (GRANTED).
 */
export function planMemberWrites(current: OcmMemberList, recipients: readonly OcmRecipient[]): PlannedWrite[] {
  return recipients.map((recipient) => {
    const plan = (write: PlannedWrite['write'], change: OcmChange, sendId = recipient.id, isOwner = false): PlannedWrite => ({ recipient, write, sendId, change, isOwner });
    if (current.owner && isNamedBy(current.owner, recipient.id)) return plan(null, 'UNCHANGED', recipient.id, true);
    const direct = current.grants.find((g) => !g.inherited && isNamedBy(g, recipient.id));
    if (direct) {
      if (direct.role.toLowerCase() === recipient.role.toLowerCase()) return plan(null, 'UNCHANGED');
      return plan('PUT', rankOf(recipient.role) > rankOf(direct.role) ? 'UPGRADED' : 'DOWNGRADED', direct.principal.id);
    }
    const inherited = current.grants.find((g) => g.inherited && isNamedBy(g, recipient.id));
    if (inherited) return rankOf(recipient.role) > rankOf(inherited.role) ? plan('POST', 'UPGRADED') : plan(null, 'UNCHANGED');
    return plan('POST', 'GRANTED');
  });
}
