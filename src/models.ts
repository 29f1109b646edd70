/**
 * What resolvers return before GraphQL picks fields from it. codegen maps the
 * GraphQL types onto these (see codegen.ts), so lazily resolved fields such as
 * `notSharedWith` or `recipient` are ids here and objects only when asked for.
 * The list of backends is in backends.ts (a leaf, so that errors can name a
 * backend without importing the models that carry errors); it is
 * re-exported here for everything that goes through them all.
 */
import type { ShareErrorValue } from './errors';

export { BACKENDS } from './backends';
export type { BackendName, FolderBackendName } from './backends';
import type { FolderBackendName } from './backends';
export type AccessChangeName = 'GRANTED' | 'UPGRADED' | 'DOWNGRADED' | 'UNCHANGED' | 'REVOKED' | 'WOULD_FAIL';
export type ShareRoleName = 'VIEWER' | 'DOWNLOADER' | 'CONTRIBUTOR' | 'MANAGER' | 'REVIEWER' | 'COMMENTER' | 'FORM_FILLER' | 'CUSTOM_FILTER' | 'DENIED' | 'NONE';

/**
 * Whom an ArcGIS item is shared with: groups by id, the organisation, everyone.
 * One shape for the input checks, the dry run, the "already shared" check and
 * the connector's share form (which adds confirmItemControl).
 */
export interface ItemShareTargets {
  groups?: readonly string[] | null;
  everyone?: boolean | null;
  org?: boolean | null;
}

/** An ArcGIS group as the portal describes it; only `id` is certain. */
export interface GroupModel {
  id: string;
  title?: string | null;
  owner?: string | null;
  capabilities?: string[];
  /** The portal's `userMembership.memberType`: owner | admin | member | none. */
  memberType?: string | null;
}

export interface ItemShareResultModel {
  itemId: string;
  success: boolean;
  notSharedWithIds: string[];
  notUnsharedFromIds: string[];
  change: AccessChangeName | null;
  error: ShareErrorValue | null;
  /**
   * What the write did to each principal's access on this item, from the
   * state read before it; set on real writes the ledger records
   * (src/services/items/trace.ts), never sent to clients as such.
   */
  changes?: AccessChangeModel[];
  /** The ledger operation that recorded this result; null on dry runs, with the ledger off, or when recording failed. */
  operationId?: string | null;
}

/**
 * One principal's access on one target, before and after a write: what the
 * sharing ledger records (src/ledger). Access is a role (folders) or, for
 * ArcGIS, `SHARED` for a group and the item's level (PRIVATE, SHARED, ORG,
 * PUBLIC) for `everyone` and `org`; null is no access.
 */
export interface AccessChangeModel {
  targetId: string;
  principalId: string;
  before: string | null;
  after: string | null;
  change: AccessChangeName | null;
  success: boolean;
  errorCode: ShareErrorValue['code'] | null;
}

export type PrincipalKindName = 'USER' | 'GROUP';

export interface PrincipalModel {
  id: string;
  displayName: string | null;
  kind: PrincipalKindName | null;
  /** Where the backend tells it (ONLYOFFICE's people search does; OCM's user search and ArcGIS groups do not). */
  email?: string | null;
}

export interface FolderShareResultModel {
  backend: FolderBackendName;
  recipientId: string;
  role: ShareRoleName;
  success: boolean;
  change: AccessChangeName | null;
  error: ShareErrorValue | null;
  /**
   * The role the folder listed for the recipient before the write (null: none),
   * where the write read it; set on real writes the ledger records.
   */
  before?: ShareRoleName | null;
}

export interface ItemAccessModel {
  itemId: string;
  owner: string | null;
  level: 'PRIVATE' | 'SHARED' | 'ORG' | 'PUBLIC';
  groupIds: string[];
}

/** What a folder operation's `folderId` names (ShareTargetKind). */
export type ShareTargetKindName = 'FOLDER' | 'FILE';

/** Where a grant comes from (GrantSource). */
export type GrantSourceName = 'DIRECT' | 'INHERITED' | 'OWNER';

export interface FolderGrantModel {
  principal: PrincipalModel;
  role: ShareRoleName;
  locked: boolean;
  isOwner: boolean;
  source: GrantSourceName;
  /** The folder an INHERITED grant comes from, where the backend tells it; null otherwise. */
  inheritedFrom: string | null;
}
