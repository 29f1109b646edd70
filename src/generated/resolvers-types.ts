import { GraphQLResolveInfo } from 'graphql';
import { GroupModel, ItemShareResultModel, FolderShareResultModel, PrincipalModel, ItemAccessModel, FolderGrantModel } from '../models';
import { GatewayContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
};

/** How a share changes (or would change) a target's access. */
export type AccessChange =
  /** The target keeps access, at a lower role. */
  | 'DOWNGRADED'
  /** The target gains access it did not have. */
  | 'GRANTED'
  /** The target loses access. */
  | 'REVOKED'
  /** The target already had exactly this access. */
  | 'UNCHANGED'
  /** The target keeps access, at a higher role. */
  | 'UPGRADED'
  /** The change would fail; see error for the reason. */
  | 'WOULD_FAIL';

/** How widely an ArcGIS item is shared. */
export type AccessLevel =
  /** Everyone in the organization. */
  | 'ORG'
  /** Only the owner (and admins). */
  | 'PRIVATE'
  /** Everyone, including anonymous users. */
  | 'PUBLIC'
  /** Shared with groups only. */
  | 'SHARED';

/** A document-sharing backend behind the gateway. */
export type Backend =
  /** ArcGIS Online or ArcGIS Enterprise portal. */
  | 'ARCGIS'
  /** Oracle Content Management, Documents REST API. */
  | 'OCM'
  /** ONLYOFFICE Workspace (Community Server). */
  | 'ONLYOFFICE';

/** What one backend supports. */
export type BackendCapabilities = {
  __typename?: 'BackendCapabilities';
  /** The backend. */
  backend: Backend;
  /** Whether the gateway has a URL for it. */
  configured: Scalars['Boolean']['output'];
  /** Whether it honours a message to recipients. */
  honoursMessage: Scalars['Boolean']['output'];
  /** Whether it honours the notify flag. */
  honoursNotify: Scalars['Boolean']['output'];
  /** At most this many groups per mutation (ArcGIS). */
  maxGroups: Maybe<Scalars['Int']['output']>;
  /** At most this many items per mutation (ArcGIS). */
  maxItems: Maybe<Scalars['Int']['output']>;
  /** At most this many recipients per mutation (folder backends). */
  maxRecipients: Maybe<Scalars['Int']['output']>;
  /** Kinds of principal Query.principals finds on this backend (ArcGIS: groups only; OCM: users only, its Documents API has no group search). */
  principalSearch: Array<PrincipalKind>;
  /** Kinds of principal it shares with. */
  principals: Array<PrincipalTarget>;
  /** Roles that shareFolder accepts for this backend (empty for ArcGIS, which shares by group). */
  roles: Array<ShareRole>;
  /** Kinds of target shareFolder, revokeFolderShares and folderAccess take here (targetKind): ONLYOFFICE folders and files, OCM folders only, none on ArcGIS (which shares portal items with shareItem and shareItems, not through folder operations). */
  targetKinds: Array<ShareTargetKind>;
};

/** How the gateway sees one backend right now. */
export type BackendStatus = {
  __typename?: 'BackendStatus';
  /** The backend. */
  backend: Backend;
  /** Whether the gateway has a URL for it. */
  configured: Scalars['Boolean']['output'];
  /** The last failure the breaker counted, in the gateway's own words (never an upstream body or a credential); null if none since start. */
  lastError: Maybe<Scalars['String']['output']>;
  /** The circuit breaker's state; null when the backend is not configured. */
  state: Maybe<CircuitState>;
};

/** The state of a backend's circuit breaker. */
export type CircuitState =
  /** Calls go through; failures are counted. */
  | 'CLOSED'
  /** The open time is over: one trial call is (or will be) let through; its outcome closes or reopens the breaker. */
  | 'HALF_OPEN'
  /** Too many recent failures: calls fail at once with UPSTREAM_UNAVAILABLE, without reaching the backend. */
  | 'OPEN';

/** Who has access to a folder. */
export type FolderAccess = {
  __typename?: 'FolderAccess';
  /** The folder's backend. */
  backend: FolderBackend;
  /** The folder id (the file id for targetKind FILE), as asked. */
  folderId: Scalars['ID']['output'];
  /** Each principal's grant. */
  grants: Array<FolderGrant>;
  /** What folderId names, as asked. */
  targetKind: ShareTargetKind;
};

/** A backend that shares folders. */
export type FolderBackend =
  /** Oracle Content Management. */
  | 'OCM'
  /** ONLYOFFICE Workspace. */
  | 'ONLYOFFICE';

/** One principal's access to a folder. */
export type FolderGrant = {
  __typename?: 'FolderGrant';
  /**
   * The folder the grant comes from, when source is INHERITED and the backend says which.
   * ONLYOFFICE: the parent folder (for a file, its folder), whose list grants it; that folder's own
   * folderAccess tells whether it holds the grant itself or passes on one from further up. OCM: null,
   * as its share list does not say which folder.
   */
  inheritedFrom: Maybe<Scalars['ID']['output']>;
  /** The principal owns the folder. */
  isOwner: Scalars['Boolean']['output'];
  /** Inherited from a parent folder (OCM and ONLYOFFICE), or locked (the owner, ONLYOFFICE admin entries): cannot be revoked here. */
  locked: Scalars['Boolean']['output'];
  /** Who. */
  principal: Principal;
  /** At what role. */
  role: ShareRole;
  /** Where the access comes from. INHERITED and OWNER grants are always locked. */
  source: GrantSource;
};

/** The outcome for one recipient. */
export type FolderShareResult = {
  __typename?: 'FolderShareResult';
  /** How the recipient's access changed (or would change, on a dry run). A real write knows it from the share list read first: OCM always reads it; ONLYOFFICE reads it for the sharing ledger, so with LEDGER=off its change may be null. */
  change: Maybe<AccessChange>;
  /** Why the recipient failed, when it did. */
  error: Maybe<ShareError>;
  /** The recipient as the backend knows it, fetched only when asked for, batched per request. */
  recipient: Maybe<Principal>;
  /** The recipient id, as asked. */
  recipientId: Scalars['ID']['output'];
  /** The role asked for (NONE for a revoke). */
  role: ShareRole;
  /** Whether the folder now grants the recipient what was asked. */
  success: Scalars['Boolean']['output'];
};

/** Where a principal's access to a folder or file comes from. */
export type GrantSource =
  /** Granted on this target itself. */
  | 'DIRECT'
  /** Comes from a parent folder; cannot be changed here. */
  | 'INHERITED'
  /** The target's owner. */
  | 'OWNER';

/** An ArcGIS group. */
export type Group = {
  __typename?: 'Group';
  /** The group id. */
  id: Scalars['ID']['output'];
  /** Members may update items shared with this group (the portal's updateitemcontrol capability). */
  itemUpdateControl: Maybe<Scalars['Boolean']['output']>;
  /** The caller's membership, where the portal tells it. */
  membership: Maybe<GroupMembership>;
  /** The group owner's user name. */
  owner: Maybe<Scalars['String']['output']>;
  /** The group's title. */
  title: Maybe<Scalars['String']['output']>;
};

/** The caller's role in a group. */
export type GroupMembership =
  /** Manages the group. */
  | 'ADMIN'
  /** A plain member. */
  | 'MEMBER'
  /** Not a member. */
  | 'NONE'
  /** Owns the group. */
  | 'OWNER';

/** Who can see an ArcGIS item now. */
export type ItemAccess = {
  __typename?: 'ItemAccess';
  /** Groups the item is shared with that the caller may see. */
  groups: Array<Group>;
  /** The item id. */
  itemId: Scalars['ID']['output'];
  /** PRIVATE, SHARED, ORG or PUBLIC, as the portal reports it. */
  level: AccessLevel;
  /** The item owner's user name. */
  owner: Maybe<Scalars['String']['output']>;
};

/** The outcome for one item. */
export type ItemShareResult = {
  __typename?: 'ItemShareResult';
  /** How the item's access changed (or would change, on a dry run). A real write knows it from the state the sharing ledger reads first; with LEDGER=off nothing is read first, and it is null unless the portal's answer alone shows it (UNCHANGED for a share already in place). */
  change: Maybe<AccessChange>;
  /** Why the item failed, when it did. */
  error: Maybe<ShareError>;
  /** The item id, as asked. */
  itemId: Scalars['ID']['output'];
  /** Groups that the item could not be shared with, resolved to Group objects. */
  notSharedWith: Array<Group>;
  /** Groups that the item could not be removed from (unshareItems), resolved to Group objects. */
  notUnsharedFrom: Array<Group>;
  /** The sharing ledger's id of the write that gave this result (the same for every result of one shareItems); null on a dry run, with the ledger off, or when recording failed. */
  operationId: Maybe<Scalars['ID']['output']>;
  /** The backend's own item-level verdict. */
  success: Scalars['Boolean']['output'];
};

/** Every write the gateway makes. With dryRun: true, nothing is written and each result says what would change. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Remove recipients' access to a folder. On ONLYOFFICE this also removes each recipient's own entries on every subfolder and file below the folder (on a file, only the file's own entry); access a parent folder grants stays, and such a recipient gets ACCESS_INHERITED. */
  revokeFolderShares: ShareFolderPayload;
  /** Share a folder (or, on ONLYOFFICE, a file: targetKind FILE) with users and groups at a role. */
  shareFolder: ShareFolderPayload;
  /** Share one ArcGIS item with groups, the org or everyone. */
  shareItem: ItemShareResult;
  /** Share many ArcGIS items at once; sent in chunks, one result per item in input order. */
  shareItems: ShareItemsPayload;
  /** Puts every target an operation changed back as it was, where it has not changed since. dryRun: true previews. */
  undoOperation: UndoPayload;
  /** Remove ArcGIS items from groups and optionally withdraw org and everyone access. */
  unshareItems: ShareItemsPayload;
};


/** Every write the gateway makes. With dryRun: true, nothing is written and each result says what would change. */
export type MutationRevokeFolderSharesArgs = {
  input: RevokeFolderSharesInput;
};


/** Every write the gateway makes. With dryRun: true, nothing is written and each result says what would change. */
export type MutationShareFolderArgs = {
  input: ShareFolderInput;
};


/** Every write the gateway makes. With dryRun: true, nothing is written and each result says what would change. */
export type MutationShareItemArgs = {
  input: ShareItemInput;
};


/** Every write the gateway makes. With dryRun: true, nothing is written and each result says what would change. */
export type MutationShareItemsArgs = {
  input: ShareItemsInput;
};


/** Every write the gateway makes. With dryRun: true, nothing is written and each result says what would change. */
export type MutationUndoOperationArgs = {
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  operationId: Scalars['ID']['input'];
};


/** Every write the gateway makes. With dryRun: true, nothing is written and each result says what would change. */
export type MutationUnshareItemsArgs = {
  input: UnshareItemsInput;
};

/** Where a page ends. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the page's last edge; null on an empty page. */
  endCursor: Maybe<Scalars['String']['output']>;
  /** Whether older operations follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A user or group on a folder backend. */
export type Principal = {
  __typename?: 'Principal';
  /** Its display name. */
  displayName: Maybe<Scalars['String']['output']>;
  /** The principal's e-mail, where the backend tells it. */
  email: Maybe<Scalars['String']['output']>;
  /** The backend's id for it. */
  id: Scalars['ID']['output'];
  /** User or group. */
  kind: Maybe<PrincipalKind>;
};

/** What a principal is. */
export type PrincipalKind =
  /** A group of users. */
  | 'GROUP'
  /** A single user. */
  | 'USER';

/** Kinds of principal a backend can share with. */
export type PrincipalTarget =
  /** Everyone, including anonymous users. */
  | 'EVERYONE'
  /** Groups of users. */
  | 'GROUPS'
  /** Everyone in the caller's organization. */
  | 'ORG'
  /** Individual users. */
  | 'USERS';

/**
 * The sharing gateway: one API over ArcGIS portal items and Oracle Content
 * Management / ONLYOFFICE folders. Every mutation reports one result per target
 * asked for, in input order; a backend failure lands on the targets it concerns.
 */
export type Query = {
  __typename?: 'Query';
  /** Per backend: whether the gateway has a URL for it, its circuit breaker's state and the last failure it counted. GET /readyz reports the same. */
  backends: Array<BackendStatus>;
  /** Per backend: the roles, principal kinds and batch limits it supports, so that a frontend offers only valid choices. */
  capabilities: Array<BackendCapabilities>;
  /** Current grants on a folder (or, on ONLYOFFICE, a file), as the backend reports them, each with where it comes from. */
  folderAccess: FolderAccess;
  /** ArcGIS groups by id, in the order asked; null where the portal does not know or show one. */
  groups: Array<Maybe<Group>>;
  /** Current sharing of ArcGIS items, one entry per id asked, in order; null where the item is unknown or hidden. */
  itemAccess: Array<Maybe<ItemAccess>>;
  /** People and groups on one backend whose name (or e-mail) matches `search`, best matches first: a share dialog's picker. */
  principals: Array<Principal>;
  /** Recorded sharing changes, newest first. A caller sees its own operations; the operator token sees all. */
  sharingHistory: SharingHistoryConnection;
};


/**
 * The sharing gateway: one API over ArcGIS portal items and Oracle Content
 * Management / ONLYOFFICE folders. Every mutation reports one result per target
 * asked for, in input order; a backend failure lands on the targets it concerns.
 */
export type QueryFolderAccessArgs = {
  backend: FolderBackend;
  folderId: Scalars['ID']['input'];
  targetKind?: InputMaybe<ShareTargetKind>;
};


/**
 * The sharing gateway: one API over ArcGIS portal items and Oracle Content
 * Management / ONLYOFFICE folders. Every mutation reports one result per target
 * asked for, in input order; a backend failure lands on the targets it concerns.
 */
export type QueryGroupsArgs = {
  ids: Array<Scalars['ID']['input']>;
};


/**
 * The sharing gateway: one API over ArcGIS portal items and Oracle Content
 * Management / ONLYOFFICE folders. Every mutation reports one result per target
 * asked for, in input order; a backend failure lands on the targets it concerns.
 */
export type QueryItemAccessArgs = {
  itemIds: Array<Scalars['ID']['input']>;
};


/**
 * The sharing gateway: one API over ArcGIS portal items and Oracle Content
 * Management / ONLYOFFICE folders. Every mutation reports one result per target
 * asked for, in input order; a backend failure lands on the targets it concerns.
 */
export type QueryPrincipalsArgs = {
  backend: Backend;
  first?: InputMaybe<Scalars['Int']['input']>;
  kinds?: InputMaybe<Array<PrincipalKind>>;
  search: Scalars['String']['input'];
};


/**
 * The sharing gateway: one API over ArcGIS portal items and Oracle Content
 * Management / ONLYOFFICE folders. Every mutation reports one result per target
 * asked for, in input order; a backend failure lands on the targets it concerns.
 */
export type QuerySharingHistoryArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SharingHistoryFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Remove recipients from a folder. */
export type RevokeFolderSharesInput = {
  /** Which backend holds the folder. */
  backend: FolderBackend;
  /** Validate and preview the change without writing anything upstream. */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** The folder id; with targetKind FILE, the file id. */
  folderId: Scalars['ID']['input'];
  /** A message for the recipients (OCM), at most 1,000 characters. */
  message?: InputMaybe<Scalars['String']['input']>;
  /** 1 to 1,000 recipients to remove, each listed once. */
  recipientIds: Array<Scalars['ID']['input']>;
  /** What folderId names. Capabilities' targetKinds says which kinds each backend takes; another kind is UNSUPPORTED_TARGET, and nothing is sent. */
  targetKind?: InputMaybe<ShareTargetKind>;
};

/** Why sharing with one target failed. */
export type ShareError = {
  __typename?: 'ShareError';
  /** The backend that reported or caused the failure. */
  backend: Backend;
  /** Stable, machine-readable reason. */
  code: ShareErrorCode;
  /** Human-readable reason; never contains an upstream body or a credential. */
  message: Scalars['String']['output'];
  /** The backend's own error or HTTP status code, where it gave one. */
  upstreamCode: Maybe<Scalars['Int']['output']>;
};

/** Stable reasons for a failed target. See docs/errors.md. */
export type ShareErrorCode =
  /** The access comes from a parent folder and cannot be removed here; change it on the parent folder. */
  | 'ACCESS_INHERITED'
  /** The gateway has no URL for this backend. */
  | 'BACKEND_NOT_CONFIGURED'
  /** The backend rejected the request as malformed. */
  | 'BAD_REQUEST'
  /** The backend reported a conflict with the current state. */
  | 'CONFLICT'
  /** The caller may not share this target. */
  | 'FORBIDDEN'
  /** The item, folder, group or recipient does not exist or is hidden. */
  | 'NOT_FOUND'
  /** The backend throttled the caller (HTTP 429). */
  | 'RATE_LIMITED'
  /** The caller's credential is missing, invalid or expired. */
  | 'UNAUTHENTICATED'
  /** The backend failed or answered something the gateway cannot read. */
  | 'UPSTREAM_ERROR'
  /** Too many calls to this backend are in flight; try again shortly. */
  | 'UPSTREAM_OVERLOADED'
  /** The backend did not answer in time. */
  | 'UPSTREAM_TIMEOUT'
  /** The backend could not be reached, or its circuit breaker is open. */
  | 'UPSTREAM_UNAVAILABLE';

/** Share a folder. */
export type ShareFolderInput = {
  /** Which backend holds the folder. */
  backend: FolderBackend;
  /** Validate and preview the change without writing anything upstream. */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** OCM: a folder or collection id, or self for the caller's home folder. ONLYOFFICE: a folder id; with targetKind FILE, a file id. */
  folderId: Scalars['ID']['input'];
  /** A message for the recipients, at most 1,000 characters. */
  message?: InputMaybe<Scalars['String']['input']>;
  /** ONLYOFFICE: notify the recipients. */
  notify?: InputMaybe<Scalars['Boolean']['input']>;
  /** 1 to 1,000 recipients, each listed once. */
  recipients: Array<ShareRecipientInput>;
  /** What folderId names. Capabilities' targetKinds says which kinds each backend takes; another kind is UNSUPPORTED_TARGET, and nothing is sent. */
  targetKind?: InputMaybe<ShareTargetKind>;
};

/** Results of a folder operation. */
export type ShareFolderPayload = {
  __typename?: 'ShareFolderPayload';
  /** The folder's backend. */
  backend: FolderBackend;
  /** The folder id, as asked. */
  folderId: Scalars['ID']['output'];
  /** The sharing ledger's id of this write, for sharingHistory and undoOperation; null on a dry run, with the ledger off, or when recording failed. */
  operationId: Maybe<Scalars['ID']['output']>;
  /** Exactly one result per recipient, in the order asked. */
  results: Array<FolderShareResult>;
  /** What folderId names, as asked. */
  targetKind: ShareTargetKind;
};

/** Share one item. */
export type ShareItemInput = {
  /** Must be true to share with a group whose members may update shared items. */
  confirmItemControl?: InputMaybe<Scalars['Boolean']['input']>;
  /** Validate and preview the change without writing anything upstream. */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Share with everyone (public) when true; withdraw public access when false. */
  everyone?: InputMaybe<Scalars['Boolean']['input']>;
  /** Groups to share with, at most 100. */
  groups?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** The item id (32 hexadecimal characters). */
  itemId: Scalars['ID']['input'];
  /** Share with the caller's organization when true; withdraw org access when false. */
  org?: InputMaybe<Scalars['Boolean']['input']>;
  /** The item owner's user name; when omitted, the caller's own (asked of the portal once per request). */
  owner?: InputMaybe<Scalars['String']['input']>;
};

/** Share many items with the same targets. */
export type ShareItemsInput = {
  /** Must be true to share with a group whose members may update shared items. */
  confirmItemControl?: InputMaybe<Scalars['Boolean']['input']>;
  /** Validate and preview the change without writing anything upstream. */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Share with everyone (public) when true; withdraw public access when false. */
  everyone?: InputMaybe<Scalars['Boolean']['input']>;
  /** Groups to share with, at most 100. */
  groups?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Item ids (32 hexadecimal characters), 1 to 1,000, no duplicates. */
  itemIds: Array<Scalars['ID']['input']>;
  /** Share with the caller's organization when true; withdraw org access when false. */
  org?: InputMaybe<Scalars['Boolean']['input']>;
  /** The items' owner; when omitted, the caller. */
  owner?: InputMaybe<Scalars['String']['input']>;
};

/** Results of a batch item operation. */
export type ShareItemsPayload = {
  __typename?: 'ShareItemsPayload';
  /** The sharing ledger's id of this write, for sharingHistory and undoOperation; null on a dry run, with the ledger off, or when recording failed. */
  operationId: Maybe<Scalars['ID']['output']>;
  /** Exactly one result per requested item id, in the order asked. */
  results: Array<ItemShareResult>;
};

/** One recipient and the role to give it. */
export type ShareRecipientInput = {
  /** A user id or a group id (OCM also takes a user's login name). */
  id: Scalars['ID']['input'];
  /** The role to give. */
  role: ShareRole;
};

/** One set of role names for both folder backends. See Query.capabilities for which backend takes which. */
export type ShareRole =
  /** Comment (ONLYOFFICE Comment). */
  | 'COMMENTER'
  /** Read and write (OCM contributor, ONLYOFFICE ReadWrite). */
  | 'CONTRIBUTOR'
  /** Custom filter (ONLYOFFICE CustomFilter). */
  | 'CUSTOM_FILTER'
  /** Access explicitly denied (ONLYOFFICE Restrict). */
  | 'DENIED'
  /** Read and download (OCM downloader). */
  | 'DOWNLOADER'
  /** Fill in forms (ONLYOFFICE FillForms). */
  | 'FORM_FILLER'
  /** Full control, including sharing (OCM manager). */
  | 'MANAGER'
  /** Remove access (ONLYOFFICE None). */
  | 'NONE'
  /** Review (ONLYOFFICE Review). */
  | 'REVIEWER'
  /** Read only (OCM viewer, ONLYOFFICE Read). */
  | 'VIEWER';

/** What a folder operation's folderId names. */
export type ShareTargetKind =
  /** A file (ONLYOFFICE): shared, revoked and read through files/file/{id}/share, which takes and answers what the folder route does. */
  | 'FILE'
  /** A folder (OCM: also a collection). */
  | 'FOLDER';

/** What one operation did to one principal's access on one target. */
export type SharingChange = {
  __typename?: 'SharingChange';
  /** The access after, in the same terms. Null: none. */
  after: Maybe<Scalars['String']['output']>;
  /** The access before: a role (folders); SHARED for an ArcGIS group; the item's level (PRIVATE, SHARED, ORG, PUBLIC) for everyone and org. Null: none, or not known. */
  before: Maybe<Scalars['String']['output']>;
  /** How the access changed; null where the write failed or what it changed is not known. */
  change: Maybe<AccessChange>;
  /** Why it failed, when it did. */
  errorCode: Maybe<ShareErrorCode>;
  /** The group or user id, or everyone or org (ArcGIS). */
  principalId: Scalars['ID']['output'];
  /** Whether the backend applied the change. */
  success: Scalars['Boolean']['output'];
  /** The item, folder or file id. */
  targetId: Scalars['ID']['output'];
  /** What targetId names; an undo writes back to the same kind. Null on changes recorded before the gateway kept it: those are ArcGIS items and folders. */
  targetKind: Maybe<SharingTargetKind>;
};

/** A page of recorded operations, newest first. */
export type SharingHistoryConnection = {
  __typename?: 'SharingHistoryConnection';
  /** The operations of this page. */
  edges: Array<SharingHistoryEdge>;
  /** Whether more follow, and the cursor to read them from. */
  pageInfo: PageInfo;
};

/** One recorded operation and its place in the history. */
export type SharingHistoryEdge = {
  __typename?: 'SharingHistoryEdge';
  /** Pass as after to read the operations older than this one. */
  cursor: Scalars['String']['output'];
  /** The operation. */
  node: SharingOperation;
};

/** Which operations sharingHistory returns: those matching every field given. */
export type SharingHistoryFilter = {
  /** Operations on this backend. */
  backend?: InputMaybe<Backend>;
  /** The one operation with this id. */
  operationId?: InputMaybe<Scalars['ID']['input']>;
  /** Operations with a change for this group, user, everyone or org. */
  principalId?: InputMaybe<Scalars['ID']['input']>;
  /** Operations at or after this ISO 8601 date or date-time (with a time zone, e.g. 2024-03-01T12:00:00Z). */
  since?: InputMaybe<Scalars['String']['input']>;
  /** Operations with a change on this item, folder or file id. */
  targetId?: InputMaybe<Scalars['ID']['input']>;
  /** Operations strictly before this ISO 8601 date or date-time. */
  until?: InputMaybe<Scalars['String']['input']>;
};

/** One mutation that wrote, as the ledger recorded it. */
export type SharingOperation = {
  __typename?: 'SharingOperation';
  /** When it was recorded, ISO 8601 UTC. */
  at: Scalars['String']['output'];
  /** The backend it wrote to. */
  backend: Backend;
  /** Who made it: the backend's user name where the gateway knows it (ArcGIS), otherwise fp: and a keyed hash of the credential, never the credential. */
  caller: Scalars['String']['output'];
  /** One change per target and principal, in input order. */
  changes: Array<SharingChange>;
  /** The mutation field, e.g. shareItems or undoOperation. */
  mutation: Scalars['String']['output'];
  /** Its id, as the mutation answered it in operationId. */
  operationId: Scalars['ID']['output'];
  /** The request's X-Request-Id. */
  requestId: Maybe<Scalars['String']['output']>;
};

/** What a recorded change was on. */
export type SharingTargetKind =
  /** A file (ONLYOFFICE, targetKind FILE). */
  | 'FILE'
  /** A folder (OCM: also a collection). */
  | 'FOLDER'
  /** An ArcGIS item. */
  | 'ITEM';

/** What undoOperation did, or would do. */
export type UndoPayload = {
  __typename?: 'UndoPayload';
  /** The operation undone. */
  operationId: Scalars['ID']['output'];
  /** One result per change the operation made, in its order. */
  results: Array<UndoResult>;
  /** The undo's own operation in the ledger (it can be undone in turn); null on a dry run or when there was nothing to undo. */
  undoOperationId: Maybe<Scalars['ID']['output']>;
};

/** Putting one change back. */
export type UndoResult = {
  __typename?: 'UndoResult';
  /** What the undo changes (or would change). */
  change: Maybe<AccessChange>;
  /** Why it was not put back: CONFLICT when the access has changed since the operation. */
  error: Maybe<ShareError>;
  /** The group, user, everyone or org. */
  principalId: Scalars['ID']['output'];
  /** Whether the access is back as it was (on a dry run: would be). */
  success: Scalars['Boolean']['output'];
  /** The item, folder or file id. */
  targetId: Scalars['ID']['output'];
};

/** Unshare many items. */
export type UnshareItemsInput = {
  /** Validate and preview the change without writing anything upstream. */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** Groups to remove the items from. */
  groups?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** Item ids (32 hexadecimal characters), 1 to 1,000, no duplicates. */
  itemIds: Array<Scalars['ID']['input']>;
  /** The items' owner; when omitted, the caller. */
  owner?: InputMaybe<Scalars['String']['input']>;
  /** Set to true to also withdraw org and everyone access (the item falls back to shared or private). */
  withdrawPublic?: InputMaybe<Scalars['Boolean']['input']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AccessChange: AccessChange;
  AccessLevel: AccessLevel;
  Backend: Backend;
  BackendCapabilities: ResolverTypeWrapper<BackendCapabilities>;
  BackendStatus: ResolverTypeWrapper<BackendStatus>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CircuitState: CircuitState;
  FolderAccess: ResolverTypeWrapper<Omit<FolderAccess, 'grants'> & { grants: Array<ResolversTypes['FolderGrant']> }>;
  FolderBackend: FolderBackend;
  FolderGrant: ResolverTypeWrapper<FolderGrantModel>;
  FolderShareResult: ResolverTypeWrapper<FolderShareResultModel>;
  GrantSource: GrantSource;
  Group: ResolverTypeWrapper<GroupModel>;
  GroupMembership: GroupMembership;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  ItemAccess: ResolverTypeWrapper<ItemAccessModel>;
  ItemShareResult: ResolverTypeWrapper<ItemShareResultModel>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Principal: ResolverTypeWrapper<PrincipalModel>;
  PrincipalKind: PrincipalKind;
  PrincipalTarget: PrincipalTarget;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RevokeFolderSharesInput: RevokeFolderSharesInput;
  ShareError: ResolverTypeWrapper<ShareError>;
  ShareErrorCode: ShareErrorCode;
  ShareFolderInput: ShareFolderInput;
  ShareFolderPayload: ResolverTypeWrapper<Omit<ShareFolderPayload, 'results'> & { results: Array<ResolversTypes['FolderShareResult']> }>;
  ShareItemInput: ShareItemInput;
  ShareItemsInput: ShareItemsInput;
  ShareItemsPayload: ResolverTypeWrapper<Omit<ShareItemsPayload, 'results'> & { results: Array<ResolversTypes['ItemShareResult']> }>;
  ShareRecipientInput: ShareRecipientInput;
  ShareRole: ShareRole;
  ShareTargetKind: ShareTargetKind;
  SharingChange: ResolverTypeWrapper<SharingChange>;
  SharingHistoryConnection: ResolverTypeWrapper<SharingHistoryConnection>;
  SharingHistoryEdge: ResolverTypeWrapper<SharingHistoryEdge>;
  SharingHistoryFilter: SharingHistoryFilter;
  SharingOperation: ResolverTypeWrapper<SharingOperation>;
  SharingTargetKind: SharingTargetKind;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  UndoPayload: ResolverTypeWrapper<UndoPayload>;
  UndoResult: ResolverTypeWrapper<UndoResult>;
  UnshareItemsInput: UnshareItemsInput;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  BackendCapabilities: BackendCapabilities;
  BackendStatus: BackendStatus;
  Boolean: Scalars['Boolean']['output'];
  FolderAccess: Omit<FolderAccess, 'grants'> & { grants: Array<ResolversParentTypes['FolderGrant']> };
  FolderGrant: FolderGrantModel;
  FolderShareResult: FolderShareResultModel;
  Group: GroupModel;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  ItemAccess: ItemAccessModel;
  ItemShareResult: ItemShareResultModel;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Principal: PrincipalModel;
  Query: Record<PropertyKey, never>;
  RevokeFolderSharesInput: RevokeFolderSharesInput;
  ShareError: ShareError;
  ShareFolderInput: ShareFolderInput;
  ShareFolderPayload: Omit<ShareFolderPayload, 'results'> & { results: Array<ResolversParentTypes['FolderShareResult']> };
  ShareItemInput: ShareItemInput;
  ShareItemsInput: ShareItemsInput;
  ShareItemsPayload: Omit<ShareItemsPayload, 'results'> & { results: Array<ResolversParentTypes['ItemShareResult']> };
  ShareRecipientInput: ShareRecipientInput;
  SharingChange: SharingChange;
  SharingHistoryConnection: SharingHistoryConnection;
  SharingHistoryEdge: SharingHistoryEdge;
  SharingHistoryFilter: SharingHistoryFilter;
  SharingOperation: SharingOperation;
  String: Scalars['String']['output'];
  UndoPayload: UndoPayload;
  UndoResult: UndoResult;
  UnshareItemsInput: UnshareItemsInput;
};

export type BackendCapabilitiesResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['BackendCapabilities'] = ResolversParentTypes['BackendCapabilities']> = {
  backend?: Resolver<ResolversTypes['Backend'], ParentType, ContextType>;
  configured?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  honoursMessage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  honoursNotify?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  maxGroups?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  maxItems?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  maxRecipients?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  principalSearch?: Resolver<Array<ResolversTypes['PrincipalKind']>, ParentType, ContextType>;
  principals?: Resolver<Array<ResolversTypes['PrincipalTarget']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['ShareRole']>, ParentType, ContextType>;
  targetKinds?: Resolver<Array<ResolversTypes['ShareTargetKind']>, ParentType, ContextType>;
};

export type BackendStatusResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['BackendStatus'] = ResolversParentTypes['BackendStatus']> = {
  backend?: Resolver<ResolversTypes['Backend'], ParentType, ContextType>;
  configured?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  state?: Resolver<Maybe<ResolversTypes['CircuitState']>, ParentType, ContextType>;
};

export type FolderAccessResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FolderAccess'] = ResolversParentTypes['FolderAccess']> = {
  backend?: Resolver<ResolversTypes['FolderBackend'], ParentType, ContextType>;
  folderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  grants?: Resolver<Array<ResolversTypes['FolderGrant']>, ParentType, ContextType>;
  targetKind?: Resolver<ResolversTypes['ShareTargetKind'], ParentType, ContextType>;
};

export type FolderGrantResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FolderGrant'] = ResolversParentTypes['FolderGrant']> = {
  inheritedFrom?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  isOwner?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  locked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  principal?: Resolver<ResolversTypes['Principal'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['ShareRole'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['GrantSource'], ParentType, ContextType>;
};

export type FolderShareResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FolderShareResult'] = ResolversParentTypes['FolderShareResult']> = {
  change?: Resolver<Maybe<ResolversTypes['AccessChange']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ShareError']>, ParentType, ContextType>;
  recipient?: Resolver<Maybe<ResolversTypes['Principal']>, ParentType, ContextType>;
  recipientId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['ShareRole'], ParentType, ContextType>;
  success?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type GroupResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Group'] = ResolversParentTypes['Group']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  itemUpdateControl?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType>;
  membership?: Resolver<Maybe<ResolversTypes['GroupMembership']>, ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ItemAccessResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ItemAccess'] = ResolversParentTypes['ItemAccess']> = {
  groups?: Resolver<Array<ResolversTypes['Group']>, ParentType, ContextType>;
  itemId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['AccessLevel'], ParentType, ContextType>;
  owner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type ItemShareResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ItemShareResult'] = ResolversParentTypes['ItemShareResult']> = {
  change?: Resolver<Maybe<ResolversTypes['AccessChange']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ShareError']>, ParentType, ContextType>;
  itemId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  notSharedWith?: Resolver<Array<ResolversTypes['Group']>, ParentType, ContextType>;
  notUnsharedFrom?: Resolver<Array<ResolversTypes['Group']>, ParentType, ContextType>;
  operationId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  success?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  revokeFolderShares?: Resolver<ResolversTypes['ShareFolderPayload'], ParentType, ContextType, RequireFields<MutationRevokeFolderSharesArgs, 'input'>>;
  shareFolder?: Resolver<ResolversTypes['ShareFolderPayload'], ParentType, ContextType, RequireFields<MutationShareFolderArgs, 'input'>>;
  shareItem?: Resolver<ResolversTypes['ItemShareResult'], ParentType, ContextType, RequireFields<MutationShareItemArgs, 'input'>>;
  shareItems?: Resolver<ResolversTypes['ShareItemsPayload'], ParentType, ContextType, RequireFields<MutationShareItemsArgs, 'input'>>;
  undoOperation?: Resolver<ResolversTypes['UndoPayload'], ParentType, ContextType, RequireFields<MutationUndoOperationArgs, 'operationId'>>;
  unshareItems?: Resolver<ResolversTypes['ShareItemsPayload'], ParentType, ContextType, RequireFields<MutationUnshareItemsArgs, 'input'>>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PrincipalResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Principal'] = ResolversParentTypes['Principal']> = {
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  email?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<Maybe<ResolversTypes['PrincipalKind']>, ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  backends?: Resolver<Array<ResolversTypes['BackendStatus']>, ParentType, ContextType>;
  capabilities?: Resolver<Array<ResolversTypes['BackendCapabilities']>, ParentType, ContextType>;
  folderAccess?: Resolver<ResolversTypes['FolderAccess'], ParentType, ContextType, RequireFields<QueryFolderAccessArgs, 'backend' | 'folderId' | 'targetKind'>>;
  groups?: Resolver<Array<Maybe<ResolversTypes['Group']>>, ParentType, ContextType, RequireFields<QueryGroupsArgs, 'ids'>>;
  itemAccess?: Resolver<Array<Maybe<ResolversTypes['ItemAccess']>>, ParentType, ContextType, RequireFields<QueryItemAccessArgs, 'itemIds'>>;
  principals?: Resolver<Array<ResolversTypes['Principal']>, ParentType, ContextType, RequireFields<QueryPrincipalsArgs, 'backend' | 'first' | 'search'>>;
  sharingHistory?: Resolver<ResolversTypes['SharingHistoryConnection'], ParentType, ContextType, RequireFields<QuerySharingHistoryArgs, 'first'>>;
};

export type ShareErrorResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ShareError'] = ResolversParentTypes['ShareError']> = {
  backend?: Resolver<ResolversTypes['Backend'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['ShareErrorCode'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  upstreamCode?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
};

export type ShareFolderPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ShareFolderPayload'] = ResolversParentTypes['ShareFolderPayload']> = {
  backend?: Resolver<ResolversTypes['FolderBackend'], ParentType, ContextType>;
  folderId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  operationId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['FolderShareResult']>, ParentType, ContextType>;
  targetKind?: Resolver<ResolversTypes['ShareTargetKind'], ParentType, ContextType>;
};

export type ShareItemsPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ShareItemsPayload'] = ResolversParentTypes['ShareItemsPayload']> = {
  operationId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['ItemShareResult']>, ParentType, ContextType>;
};

export type SharingChangeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SharingChange'] = ResolversParentTypes['SharingChange']> = {
  after?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  before?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  change?: Resolver<Maybe<ResolversTypes['AccessChange']>, ParentType, ContextType>;
  errorCode?: Resolver<Maybe<ResolversTypes['ShareErrorCode']>, ParentType, ContextType>;
  principalId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  success?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  targetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  targetKind?: Resolver<Maybe<ResolversTypes['SharingTargetKind']>, ParentType, ContextType>;
};

export type SharingHistoryConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SharingHistoryConnection'] = ResolversParentTypes['SharingHistoryConnection']> = {
  edges?: Resolver<Array<ResolversTypes['SharingHistoryEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SharingHistoryEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SharingHistoryEdge'] = ResolversParentTypes['SharingHistoryEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['SharingOperation'], ParentType, ContextType>;
};

export type SharingOperationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SharingOperation'] = ResolversParentTypes['SharingOperation']> = {
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  backend?: Resolver<ResolversTypes['Backend'], ParentType, ContextType>;
  caller?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  changes?: Resolver<Array<ResolversTypes['SharingChange']>, ParentType, ContextType>;
  mutation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  operationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  requestId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type UndoPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UndoPayload'] = ResolversParentTypes['UndoPayload']> = {
  operationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['UndoResult']>, ParentType, ContextType>;
  undoOperationId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type UndoResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UndoResult'] = ResolversParentTypes['UndoResult']> = {
  change?: Resolver<Maybe<ResolversTypes['AccessChange']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['ShareError']>, ParentType, ContextType>;
  principalId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  success?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  targetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  BackendCapabilities?: BackendCapabilitiesResolvers<ContextType>;
  BackendStatus?: BackendStatusResolvers<ContextType>;
  FolderAccess?: FolderAccessResolvers<ContextType>;
  FolderGrant?: FolderGrantResolvers<ContextType>;
  FolderShareResult?: FolderShareResultResolvers<ContextType>;
  Group?: GroupResolvers<ContextType>;
  ItemAccess?: ItemAccessResolvers<ContextType>;
  ItemShareResult?: ItemShareResultResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Principal?: PrincipalResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ShareError?: ShareErrorResolvers<ContextType>;
  ShareFolderPayload?: ShareFolderPayloadResolvers<ContextType>;
  ShareItemsPayload?: ShareItemsPayloadResolvers<ContextType>;
  SharingChange?: SharingChangeResolvers<ContextType>;
  SharingHistoryConnection?: SharingHistoryConnectionResolvers<ContextType>;
  SharingHistoryEdge?: SharingHistoryEdgeResolvers<ContextType>;
  SharingOperation?: SharingOperationResolvers<ContextType>;
  UndoPayload?: UndoPayloadResolvers<ContextType>;
  UndoResult?: UndoResultResolvers<ContextType>;
};

