/**
 * Reading OCM answers: the error check (HTTP status and/or a non-zero body
 * `errorCode`), then the shape of each answer the gateway uses. A body of the
 * wrong shape is an UPSTREAM_ERROR, never a crash, and no upstream text
 * (errorMessage may echo what the caller sent) ever reaches our messages.
 */
import { UpstreamHttpError, backendLabel, upstreamHttpError } from '../../errors';
import type { PrincipalModel } from '../../models';
import { parseUpstreamJson } from '../upstream';
import type { UpstreamResponse } from '../upstream';
import { ocmErrorCode } from './errors';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Own properties only: a missing `constructor` or `toString` must not be read off Object.prototype. */
const own = (o: Json, key: string): unknown => (Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined);

const asString = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function wrongShape(status: number, what = 'in an unexpected shape'): UpstreamHttpError {
  return new UpstreamHttpError('UPSTREAM_ERROR', 'OCM', `${backendLabel('OCM')} answered ${what}`, status);
}

/**
 * The body's `errorCode` as a number: the docs show it as a string ("0",
 * "-16"), a number is accepted too. Null when absent; NaN when present but
 * unreadable.
 */
function errorCodeOf(body: unknown): number | null {
  if (!isObject(body)) return null;
  const raw = own(body, 'errorCode');
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number') return Number.isInteger(raw) ? raw : NaN;
  if (typeof raw === 'string' && /^\s*-?\d{1,6}\s*$/.test(raw)) return Number(raw);
  return NaN;
}

export interface CheckOptions {
  /** A 204 (or an empty 200) is a success for calls whose answer we do not read. */
  allowEmpty?: boolean;
}

/**
 * Parses the body and throws for any error OCM reports. An HTTP status of 400
 * or more is an error whatever the body says (and even when it is not JSON:
 * a 401 from the identity gateway is often HTML); a 2xx with a non-zero
 * `errorCode` is one too.
 */
export function checkForErrors(res: UpstreamResponse, options: CheckOptions = {}): Json | null {
  let body: unknown;
  if (res.text.trim() !== '') {
    try {
      body = parseUpstreamJson(res, 'OCM');
    } catch (err) {
      if (res.status >= 400) throw upstreamHttpError('OCM', ocmErrorCode(res.status, null), res.status);
      throw err;
    }
  }
  const code = errorCodeOf(body);
  const known = code !== null && !Number.isNaN(code) ? code : null;
  if (res.status >= 400) throw upstreamHttpError('OCM', ocmErrorCode(res.status, known), res.status);
  if (code !== null && Number.isNaN(code)) throw wrongShape(res.status, 'with an unreadable errorCode');
  if (known !== null && known !== 0) throw upstreamHttpError('OCM', ocmErrorCode(res.status, known), known);
  if (body === undefined) {
    if (options.allowEmpty) return null;
    throw wrongShape(res.status, 'with an empty body');
  }
  if (!isObject(body)) throw wrongShape(res.status, 'with a body that is not a JSON object');
  return body;
}

/**
 * An OCM user object (`{id, displayName, loginName, type}`) as a principal.
 * `type` is "user" in v1.1; v1.2 adds "group".
 */
export function toPrincipal(value: unknown, status: number): PrincipalModel {
  if (!isObject(value)) throw wrongShape(status);
  const id = own(value, 'id');
  if (typeof id !== 'string' || id === '') throw wrongShape(status, 'with a user that has no id');
  const type = asString(own(value, 'type'))?.toLowerCase();
  return {
    id,
    displayName: asString(own(value, 'displayName')),
    kind: type === 'user' ? 'USER' : type === 'group' ? 'GROUP' : null,
  };
}

/**
 * v1.2 answers share and revoke with `members[{id, isSuccessful:"1"|"0"}]`
 * and HTTP 200 even when a member failed; v1.1 documents no `members`. Honour
 * it when a server sends it, so a silent failure is not reported as success.
 */
function throwOnFailedMember(body: Json, status: number): void {
  const members = own(body, 'members');
  if (members === undefined || members === null) return;
  if (!Array.isArray(members)) throw wrongShape(status);
  for (const m of members as unknown[]) {
    if (isObject(m) && (own(m, 'isSuccessful') === '0' || own(m, 'isSuccessful') === 0)) {
      throw upstreamHttpError('OCM', 'FORBIDDEN', status >= 400 ? status : null);
    }
  }
}

export interface ShareFolderOutcome {
  user: PrincipalModel | null;
  role: string;
}

/**
 * `POST shares/{folderId}` answers `{id, role, type:"share", errorCode:"0", user}`
 * (the v1.1 page gives the schema, the v1.2 example adds `members[]`).
 */
export function parseShareFolder(res: UpstreamResponse, requestedRole: string): ShareFolderOutcome {
  const body = checkForErrors(res)!;
  throwOnFailedMember(body, res.status);
  const role = own(body, 'role');
  if (role !== undefined && typeof role !== 'string') throw wrongShape(res.status);
  const rawUser = own(body, 'user');
  let user: PrincipalModel | null = null;
  if (rawUser !== undefined && rawUser !== null) {
    user = toPrincipal(rawUser, res.status);
  } else {
    const members = own(body, 'members');
    if (Array.isArray(members) && members.length > 0) user = toPrincipal(members[0], res.status);
  }
  return { user, role: typeof role === 'string' ? role : requestedRole };
}

export interface ShareEntry {
  principal: PrincipalModel;
  role: string;
}

/**
 * `GET shares/{folderId}/items` answers `{count, id, type:"share", errorCode,
 * items:[{type:"share", role, user}]}`. The v1.1 schema says `items` is an
 * array, but one v1.1 example shows a single object: a lone share entry is
 * read as a list of one. Anything else that is not an array is refused. No
 * `items` at all reads as an empty list (as users/items does for no match).
 */
export function parseShareItems(res: UpstreamResponse): ShareEntry[] {
  const body = checkForErrors(res)!;
  const raw = own(body, 'items');
  if (raw === undefined || raw === null) return [];
  const list: unknown[] = Array.isArray(raw) ? raw : isObject(raw) && own(raw, 'user') !== undefined ? [raw] : [];
  if (!Array.isArray(raw) && list.length === 0) throw wrongShape(res.status, 'with items that are not a list');
  const seen = new Set<string>();
  const out: ShareEntry[] = [];
  for (const entry of list) {
    if (!isObject(entry)) throw wrongShape(res.status);
    const role = own(entry, 'role');
    if (typeof role !== 'string') throw wrongShape(res.status, 'with a share that has no role');
    const principal = toPrincipal(own(entry, 'user'), res.status);
    if (seen.has(principal.id)) continue;
    seen.add(principal.id);
    out.push({ principal, role });
  }
  return out;
}

/** `DELETE shares/{folderId}/user` answers `{id, type:"share", errorCode:"0"}`. */
export function parseRevokeUser(res: UpstreamResponse): void {
  const body = checkForErrors(res, { allowEmpty: res.status === 204 });
  if (body) throwOnFailedMember(body, res.status);
}

export interface OcmUserItem {
  principal: PrincipalModel;
  loginName: string | null;
}

/**
 * `GET users/items?info=` answers `{count, errorCode, items:[{id, displayName,
 * loginName, type:"user"}]}`; with no match `count` is "0" and `items` is left
 * out.
 */
export function parseUsers(res: UpstreamResponse): OcmUserItem[] {
  const body = checkForErrors(res)!;
  const raw = own(body, 'items');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw wrongShape(res.status, 'with items that are not a list');
  return (raw as unknown[]).map((item) => {
    const principal = toPrincipal(item, res.status);
    return { principal, loginName: asString(own(item as Json, 'loginName')) };
  });
}

export interface OcmFolderInfo {
  id: string | null;
  /** The folder's owner; null when the answer names none. */
  owner: PrincipalModel | null;
}

/**
 * `GET folders/{folderId}` answers the folder definition `{type, id, parentID,
 * name, ownedBy, createdBy, modifiedBy, …, errorCode}`, each person a user
 * object. Only `ownedBy` is read: the share list leaves the owner out. A
 * server that sends no `ownedBy` gives `owner: null` (owner unknown), never
 * an error.
 */
export function parseFolder(res: UpstreamResponse): OcmFolderInfo {
  const body = checkForErrors(res)!;
  const ownedBy = own(body, 'ownedBy');
  const owner = ownedBy === undefined || ownedBy === null ? null : toPrincipal(ownedBy, res.status);
  return { id: asString(own(body, 'id')), owner };
}
