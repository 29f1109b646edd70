/**
 * The HTTP face of the simulated portal: Community Server API 2.0 routes,
 * each answering in the standard envelope. Success is
 * `{count, status:0, statusCode, response}` (201 for POST); failure is
 * `{count:0, status:1, statusCode, error:{message, hresult, data}}` with the
 * status the API handler derives from the exception type.
 */
import { sleep } from '../kit';
import type { Handler, SimRequest, SimResponse, SimServer } from '../kit';
import { FILE_SHARE_NAMES, ACCESS_RESTRICT, HRESULT, OnlyofficeApiError, SHARE_LINK_ID, normalizeGuid } from './state';
import type { OnlyofficeFile, OnlyofficeFolder, OnlyofficeGroup, OnlyofficeState, OnlyofficeUser, ShareEntry, ShareView } from './state';

export const ONLYOFFICE_SIM_ROUTES = {
  authentication: '/api/2.0/authentication',
  folderShare: '/api/2.0/files/folder/:folderId/share',
  folder: '/api/2.0/files/folder/:folderId',
  fileShare: '/api/2.0/files/file/:fileId/share',
  file: '/api/2.0/files/file/:fileId',
  self: '/api/2.0/people/@self',
  person: '/api/2.0/people/:id',
  groups: '/api/2.0/group',
  userGroups: '/api/2.0/group/user/:userId',
  group: '/api/2.0/group/:id',
  peopleFilter: '/api/2.0/people/filter',
  peopleSimpleFilter: '/api/2.0/people/simple/filter',
} as const;

function ok(status: number, response: unknown): SimResponse {
  const count = Array.isArray(response) ? response.length : 1;
  return { status, body: { count, status: 0, statusCode: status, response } };
}

export function errorEnvelope(status: number, message: string, hresult: number): SimResponse {
  return { status, body: { count: 0, status: 1, statusCode: status, error: { message, hresult, data: {} } } };
}

type Authed = (req: SimRequest, caller: OnlyofficeUser) => SimResponse;

/**
 * Exceptions become envelopes; anything unexpected is a 500, as on the real
 * server. Every answer waits `state.latencyMs` first.
 */
function guarded(state: OnlyofficeState, fn: (req: SimRequest) => SimResponse): Handler {
  return async (req) => {
    if (state.latencyMs > 0) await sleep(state.latencyMs);
    try {
      return fn(req);
    } catch (err) {
      if (err instanceof OnlyofficeApiError) return errorEnvelope(err.status, err.message, err.hresult);
      return errorEnvelope(500, 'Internal server error', HRESULT.generic);
    }
  };
}

function authed(state: OnlyofficeState, fn: Authed): Handler {
  return guarded(state, (req) => {
    const caller = state.authenticate(req.headers);
    if (!caller) throw new OnlyofficeApiError(401, 'Unauthorized', HRESULT.generic);
    return fn(req, caller);
  });
}

function badRequest(message: string): OnlyofficeApiError {
  return new OnlyofficeApiError(400, message, HRESULT.argument);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The API's model binder matches names case-insensitively (`ShareTo` or `shareTo`). */
function field(obj: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) if (key.toLowerCase() === lower) return obj[key];
  return undefined;
}

function parseJsonBody(req: SimRequest): Record<string, unknown> {
  let body: unknown;
  try {
    body = req.json();
  } catch {
    throw badRequest('Invalid JSON body');
  }
  if (body === undefined) return Object.fromEntries(req.form);
  if (!isObject(body)) throw badRequest('Invalid request body');
  return body;
}

/** FileShare from a number, a numeric string or an enum name, as the binder accepts. */
function parseAccess(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < FILE_SHARE_NAMES.length) return value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return parseAccess(Number(value));
    const index = FILE_SHARE_NAMES.findIndex((n) => n.toLowerCase() === value.toLowerCase());
    if (index !== -1) return index;
  }
  throw badRequest('Access: value is not a valid FileShare');
}

function parseShareList(body: Record<string, unknown>): Array<{ subjectId: string; access: number }> {
  const share = field(body, 'share');
  if (!Array.isArray(share)) throw badRequest('share: a list of {ShareTo, Access} is required');
  return share.map((entry: unknown) => {
    if (!isObject(entry)) throw badRequest('share: each entry must be an object');
    const shareTo = field(entry, 'ShareTo');
    const subjectId = typeof shareTo === 'string' ? normalizeGuid(shareTo) : null;
    if (!subjectId) throw badRequest('ShareTo: value is not a Guid');
    return { subjectId, access: parseAccess(field(entry, 'Access')) };
  });
}

function avatar(size: string): string {
  return `/skins/default/images/default_user_photo_size_${size}.png`;
}

/** EmployeeWraperFull, the shape of `people/{id}` and of a user's `sharedTo`. */
export function userJson(state: OnlyofficeState, user: OnlyofficeUser): Record<string, unknown> {
  const groups = state.groupsOf(user.id);
  const out: Record<string, unknown> = {
    id: user.id,
    displayName: state.displayName(user),
    title: '',
    avatarSmall: avatar('32-32'),
    profileUrl: `/Products/People/Profile.aspx?user=${encodeURIComponent(user.userName)}`,
    userName: user.userName,
    isVisitor: user.isVisitor,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    status: 1,
    activationStatus: 1,
    terminated: null,
    department: groups.map((g) => g.name).join(', '),
    workFrom: '2020-01-01T00:00:00.0000000+00:00',
    avatarMedium: avatar('48-48'),
    avatar: avatar('82-82'),
    isOnline: false,
    isAdmin: user.isAdmin,
    isOwner: user.isOwner,
  };
  if (groups.length > 0) out.groups = groups.map((g) => groupSummaryJson(state, g));
  return out;
}

/** EmployeeWraper, the short user shape inside a full group. */
function userSummaryJson(state: OnlyofficeState, user: OnlyofficeUser): Record<string, unknown> {
  return { id: user.id, displayName: state.displayName(user), title: '', avatarSmall: avatar('32-32'), profileUrl: `/Products/People/Profile.aspx?user=${encodeURIComponent(user.userName)}` };
}

/** GroupWrapperSummary: `manager` is the manager's user name. */
export function groupSummaryJson(state: OnlyofficeState, group: OnlyofficeGroup): Record<string, unknown> {
  const manager = group.managerId ? state.users.get(group.managerId) : undefined;
  return { id: group.id, name: group.name, manager: manager?.userName ?? null };
}

/** GroupWrapperFull, the shape of `group/{id}`: `manager` is a short user here. */
function groupFullJson(state: OnlyofficeState, group: OnlyofficeGroup): Record<string, unknown> {
  const manager = group.managerId ? state.users.get(group.managerId) : undefined;
  const members = group.memberIds.map((id) => state.users.get(id)).filter((u): u is OnlyofficeUser => u !== undefined);
  return {
    id: group.id,
    name: group.name,
    category: '00000000-0000-0000-0000-000000000000',
    parent: '00000000-0000-0000-0000-000000000000',
    manager: manager ? userSummaryJson(state, manager) : null,
    members: members.map((u) => userSummaryJson(state, u)),
  };
}

/** FileShareWrapper: `sharedTo` is a full user, a group summary, or a link `{id, shareLink}`. */
function shareJson(state: OnlyofficeState, view: ShareView): Record<string, unknown> {
  const { subject } = view;
  const sharedTo = subject.kind === 'user' ? userJson(state, subject.user) : subject.kind === 'group' ? groupSummaryJson(state, subject.group) : { id: SHARE_LINK_ID, shareLink: subject.link };
  return { access: view.access, sharedTo, isLocked: view.isLocked, isOwner: view.isOwner };
}

const FOLDER_TYPE = { COMMON: 1, USER: 5, SHARE: 6 } as const;
const SIM_DATE = '2024-01-15T09:30:00.0000000+00:00';

/** Native ids travel as JSON numbers (`object Id` holding an int), third-party ids as strings. */
const entryIdJson = (id: string): number | string => (/^\d+$/.test(id) ? Number(id) : id);

/**
 * FileEntryWrapper's fields, as the caller sees the entry. In someone
 * else's My documents `rootFolderType` reads SHARE (FolderWrapper's
 * constructor); `access` is the caller's own (FileSecurity.Filter), None for
 * the owner ("HACK: for client").
 */
function entryJson(state: OnlyofficeState, entry: ShareEntry, caller: OnlyofficeUser): Record<string, unknown> {
  const creator = state.users.get(entry.ownerId);
  const rootFolderType = entry.rootType === 'COMMON' ? FOLDER_TYPE.COMMON : entry.ownerId === caller.id ? FOLDER_TYPE.USER : FOLDER_TYPE.SHARE;
  return {
    id: entryIdJson(entry.id),
    title: entry.title,
    access: entry.ownerId === caller.id ? 0 : state.accessOf(entry, caller),
    shared: state.isShared(entry),
    rootFolderType,
    created: SIM_DATE,
    createdBy: creator ? userSummaryJson(state, creator) : undefined,
    updated: SIM_DATE,
  };
}

/**
 * FolderWrapper, the answer of `GET files/folder/{id}`. `parentId` is 0 for
 * a root folder. For a folder in someone else's My documents whose parent
 * the caller may not read, it is the caller's "Shared with me" root instead
 * (FolderWrapper's constructor), so walking up from there finds nothing.
 */
function folderJson(state: OnlyofficeState, folder: OnlyofficeFolder, caller: OnlyofficeUser): Record<string, unknown> {
  const parent = folder.parentId === null ? undefined : state.folders.get(folder.parentId);
  let parentId: number | string = parent ? entryIdJson(parent.id) : 0;
  if (parent && folder.rootType === 'USER' && folder.ownerId !== caller.id && state.accessOf(parent, caller) === ACCESS_RESTRICT) parentId = state.shareRootFolderId;
  const subfolders = [...state.folders.values()].filter((f) => f.parentId === folder.id).length;
  const files = [...state.files.values()].filter((f) => f.folderId === folder.id).length;
  return { parentId, filesCount: files, foldersCount: subfolders, ...entryJson(state, folder, caller) };
}

/** FileWrapper, the answer of `GET files/file/{id}` (the fields the gateway may read). */
function fileJson(state: OnlyofficeState, file: OnlyofficeFile, caller: OnlyofficeUser): Record<string, unknown> {
  const dot = file.title.lastIndexOf('.');
  return { folderId: entryIdJson(file.folderId), version: 1, versionGroup: 1, fileExst: dot === -1 ? '' : file.title.slice(dot), ...entryJson(state, file, caller) };
}

export function registerOnlyofficeRoutes(sim: SimServer, state: OnlyofficeState): SimServer {
  const R = ONLYOFFICE_SIM_ROUTES;

  sim.route(
    'POST',
    R.authentication,
    guarded(state, (req) => {
      const body = parseJsonBody(req);
      const userName = field(body, 'userName');
      const password = field(body, 'password');
      const user = typeof userName === 'string' && typeof password === 'string' ? state.checkPassword(userName, password) : null;
      if (!user) throw new OnlyofficeApiError(401, 'User authentication failed', HRESULT.generic);
      const expires = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString();
      return ok(201, { token: state.issueToken(user.id), expires });
    }),
  );

  sim.route(
    'GET',
    R.folderShare,
    authed(state, (req, caller) => {
      const folder = state.folderForSharing(req.params.folderId ?? '');
      return ok(
        200,
        state.sharesFor(folder, caller).map((v) => shareJson(state, v)),
      );
    }),
  );

  sim.route(
    'PUT',
    R.folderShare,
    authed(state, (req, caller) => {
      const folder = state.folderForSharing(req.params.folderId ?? '');
      if (caller.isVisitor) throw new OnlyofficeApiError(403, "You don't have enough permission to perform the operation", HRESULT.invalidOperation);
      const entries = parseShareList(parseJsonBody(req));
      state.setShares(folder, caller, entries);
      // DocumentsApi answers a share call with the folder's list, read afresh.
      return ok(
        200,
        state.sharesFor(folder, caller).map((v) => shareJson(state, v)),
      );
    }),
  );

  sim.route(
    'GET',
    R.folder,
    authed(state, (req, caller) => {
      // DocumentsApi.GetFolderInfo → FileStorageServiceController.GetFolder: not found and not readable are both InvalidOperation (403).
      const folder = state.folderForSharing(req.params.folderId ?? '');
      state.demandRead(folder, caller);
      return ok(200, folderJson(state, folder, caller));
    }),
  );

  // DocumentsApi.GetFileSecurityInfo / SetFileSecurityInfo: the folder routes' shapes and rules, for a file.
  sim.route(
    'GET',
    R.fileShare,
    authed(state, (req, caller) => {
      const file = state.fileForSharing(req.params.fileId ?? '');
      return ok(
        200,
        state.sharesFor(file, caller).map((v) => shareJson(state, v)),
      );
    }),
  );

  sim.route(
    'PUT',
    R.fileShare,
    authed(state, (req, caller) => {
      const file = state.fileForSharing(req.params.fileId ?? '');
      if (caller.isVisitor) throw new OnlyofficeApiError(403, "You don't have enough permission to perform the operation", HRESULT.invalidOperation);
      state.setShares(file, caller, parseShareList(parseJsonBody(req)));
      return ok(
        200,
        state.sharesFor(file, caller).map((v) => shareJson(state, v)),
      );
    }),
  );

  sim.route(
    'GET',
    R.file,
    authed(state, (req, caller) => {
      // DocumentsApi.GetFileInfo → FileStorageServiceController.GetFile: 403 for not found and not readable alike.
      const file = state.fileForSharing(req.params.fileId ?? '');
      state.demandRead(file, caller);
      return ok(200, fileJson(state, file, caller));
    }),
  );

  /**
   * `people/filter` (full profiles) and `people/simple/filter` (EmployeeWraper:
   * id, displayName, title, avatarSmall, profileUrl): users matching
   * `filterValue` (see searchPeople), `startIndex` skipped, at most `count`
   * (ApiContext: the page size; the portal's default when not given, 25 here, UNCONFIRMED; Count carries one more
   * and GetByFilter takes Count - 1). Registered before `people/{id}`, which
   * would otherwise take "filter" for a user name.
   * Sources: ASC.Api/ASC.Employee/EmployeeApi.cs GetFullByFilter, GetSimpleByFilter, GetByFilter; ASC.Api.Core ApiContext.cs.
   */
  const peopleFilter = (shape: (user: OnlyofficeUser) => Record<string, unknown>) =>
    authed(state, (req) => {
      const count = Math.max(0, Number.parseInt(req.query.get('count') ?? '25', 10) || 0);
      const startIndex = Math.max(0, Number.parseInt(req.query.get('startIndex') ?? '0', 10) || 0);
      const found = state.searchPeople(req.query.get('filterValue') ?? '');
      return ok(200, found.slice(startIndex, startIndex + count).map(shape));
    });
  sim.route(
    'GET',
    R.peopleFilter,
    peopleFilter((u) => userJson(state, u)),
  );
  sim.route(
    'GET',
    R.peopleSimpleFilter,
    peopleFilter((u) => userSummaryJson(state, u)),
  );

  sim.route(
    'GET',
    R.self,
    authed(state, (_req, caller) => ok(200, userJson(state, caller))),
  );

  sim.route(
    'GET',
    R.person,
    authed(state, (req) => {
      const user = state.findUser(req.params.id ?? '');
      if (!user) throw new OnlyofficeApiError(404, 'User not found', HRESULT.generic);
      return ok(200, userJson(state, user));
    }),
  );

  sim.route(
    'GET',
    R.groups,
    authed(state, () =>
      ok(
        200,
        [...state.groups.values()].filter((g) => !g.builtIn).map((g) => groupSummaryJson(state, g)),
      ),
    ),
  );

  sim.route(
    'GET',
    R.userGroups,
    authed(state, (req) => {
      const id = normalizeGuid(req.params.userId ?? '');
      return ok(200, id ? state.groupsOf(id).map((g) => groupSummaryJson(state, g)) : []);
    }),
  );

  sim.route(
    'GET',
    R.group,
    authed(state, (req) => {
      // Built-in groups are not departments: GroupsApi looks only among those (UNCONFIRMED for a live portal).
      const group = state.findGroup(req.params.id ?? '');
      if (!group || group.builtIn) throw new OnlyofficeApiError(404, 'group not found', HRESULT.generic);
      return ok(200, groupFullJson(state, group));
    }),
  );

  return sim;
}
