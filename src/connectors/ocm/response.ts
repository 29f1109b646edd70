/**
 * Reading OCM answers: the error check (HTTP status and/or a non-zero body
 * `errorCode`), then the shape of each answer the gateway uses. A body of the
 * wrong shape is an UPSTREAM_ERROR, never a crash, and no upstream text
 * (errorMessage may echo what the caller sent) ever reaches our messages.
 *
 * Nothing is a success without the evidence the docs promise: every answer
 * carries `errorCode: "0"`; a write answers the member (1.2 `members[]`,
 * one per id) or the user (1.1 `user`) it changed; a list answers `items`
 * (left out only with a `count` of 0). `{}` is none of these, so it is
 * UPSTREAM_ERROR on the targets concerned, never a share or an empty list.
 */
import { UpstreamHttpError, backendLabel, upstreamHttpError } from '../../errors';
import type { PrincipalModel } from '../../models';
import { parseUpstreamJson } from '../upstream';
import type { UpstreamResponse } from '../upstream';
import { OcmRefusedCallError, memberNotApplied, memberUnconfirmed, ocmErrorCode } from './errors';
import type { Settled } from './isolate';
import { asString, isObject, own } from '../json';
import type { Json } from '../json';

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
  if (known !== 0) throw wrongShape(res.status, 'without an errorCode');
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

/** A user or group with the login name users carry, as `ownedBy` and the share list give them. */
export interface OcmPerson {
  principal: PrincipalModel;
  loginName: string | null;
}

function toPerson(value: unknown, status: number): OcmPerson {
  const principal = toPrincipal(value, status);
  return { principal, loginName: asString(own(value as Json, 'loginName')) };
}

export interface ShareFolderOutcome {
  user: PrincipalModel | null;
  role: string;
}

/**
 * `POST shares/{folderId}` answers `{id, role, type:"share", errorCode:"0", user}`
 * (the v1.1 page gives the schema, the v1.2 example adds `members[]`): the
 * user shared with, or a member, must be in it.
 */
export function parseShareFolder(res: UpstreamResponse, requestedRole: string): ShareFolderOutcome {
  const body = checkForErrors(res)!;
  throwOnFailedMember(body, res.status);
  const role = own(body, 'role');
  if (role !== undefined && typeof role !== 'string') throw wrongShape(res.status);
  const rawUser = own(body, 'user');
  let user: PrincipalModel;
  if (rawUser !== undefined && rawUser !== null) {
    user = toPrincipal(rawUser, res.status);
  } else {
    const members = own(body, 'members');
    if (!Array.isArray(members) || members.length === 0) throw wrongShape(res.status, 'without the user it shared with');
    user = toPrincipal(members[0], res.status);
  }
  return { user, role: typeof role === 'string' ? role : requestedRole };
}

export interface ShareEntry {
  principal: PrincipalModel;
  role: string;
  /** Users carry one; groups do not. */
  loginName: string | null;
}

/**
 * `GET shares/{folderId}/items` answers `{count, id, type:"share", errorCode,
 * items:[{type:"share", role, user}]}`. The v1.1 schema says `items` is an
 * array, but one v1.1 example shows a single object: a lone share entry is
 * read as a list of one. Anything else that is not an array is refused. No
 * `items` at all reads as an empty list only when `count` says 0 (as
 * users/items does for no match); without either, the answer says nothing.
 */
export function parseShareItems(res: UpstreamResponse): ShareEntry[] {
  return shareEntriesOf(checkForErrors(res)!, res.status);
}

/** `count` is "0" (or 0): the one way an answer may leave its `items` out. */
function countsNone(body: Json): boolean {
  const count = own(body, 'count');
  return count === 0 || count === '0';
}

function shareEntriesOf(body: Json, status: number): ShareEntry[] {
  const raw = own(body, 'items');
  if (raw === undefined || raw === null) {
    if (countsNone(body)) return [];
    throw wrongShape(status, 'without its list of shares');
  }
  const list: unknown[] = Array.isArray(raw) ? raw : isObject(raw) && own(raw, 'user') !== undefined ? [raw] : [];
  if (!Array.isArray(raw) && list.length === 0) throw wrongShape(status, 'with items that are not a list');
  const seen = new Set<string>();
  const out: ShareEntry[] = [];
  for (const entry of list) {
    if (!isObject(entry)) throw wrongShape(status);
    const role = own(entry, 'role');
    if (typeof role !== 'string') throw wrongShape(status, 'with a share that has no role');
    const person = toPerson(own(entry, 'user'), status);
    if (seen.has(person.principal.id)) continue;
    seen.add(person.principal.id);
    out.push({ principal: person.principal, role, loginName: person.loginName });
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
  if (raw === undefined || raw === null) {
    if (countsNone(body)) return [];
    throw wrongShape(res.status, 'without its list of users');
  }
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

// ---- Documents API 1.2 ------------------------------------------------------

export interface OcmShareList {
  entries: ShareEntry[];
  /** `ownedBy`; null when the answer names none (the owner is then unknown). */
  owner: OcmPerson | null;
}

/**
 * 1.2 `GET shares/{folderId}/items`: the 1.1 shape, entries of `type` user
 * or group, plus the folder's owner as `ownedBy`.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-items-get.html
 */
export function parseShareList(res: UpstreamResponse): OcmShareList {
  const body = checkForErrors(res)!;
  const ownedBy = own(body, 'ownedBy');
  return { entries: shareEntriesOf(body, res.status), owner: ownedBy === undefined || ownedBy === null ? null : toPerson(ownedBy, res.status) };
}

/**
 * A 403 to a 1.2 write, as the refusal `isolate` splits on; anything else
 * (or nothing) is left to `checkForErrors`.
 */
export function refusedCall(res: UpstreamResponse): OcmRefusedCallError | null {
  if (res.status !== 403) return null;
  let body: unknown;
  try {
    body = res.text.trim() === '' ? undefined : parseUpstreamJson(res, 'OCM');
  } catch {
    body = undefined;
  }
  const raw = errorCodeOf(body);
  const code = raw === null || Number.isNaN(raw) ? null : raw;
  return new OcmRefusedCallError(ocmErrorCode(403, code), code);
}

interface AnsweredMember {
  principal: PrincipalModel;
  ok: boolean | null;
}

function answeredMember(value: unknown, status: number): AnsweredMember {
  const principal = toPrincipal(value, status);
  const flag = own(value as Json, 'isSuccessful');
  const ok = flag === '1' || flag === 1 || flag === true ? true : flag === '0' || flag === 0 || flag === false ? false : null;
  return { principal, ok };
}

/**
 * Each asked id's outcome from a 1.2 share, role or revoke answer
 * `{errorCode:"0", id, members:[{id, displayName, type, isSuccessful}], …}`.
 *
 * `members[].id` is documented as the id "as supplied in the request", but
 * the role page's own example answers a GUID for the id it was sent; so each
 * asked id takes the member with its id (exactly, then ignoring case, as
 * login names compare), and ids still unpaired take the members still
 * unpaired, in order. An asked id no member is left for, or one whose
 * `isSuccessful` is unreadable, is UPSTREAM_ERROR: never reported shared
 * without OCM saying so. An answer with no `members` at all says nothing of
 * any id, so every id of the call is UPSTREAM_ERROR.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-shares-folderid-role-put.html
 */
export function parseMemberResults(res: UpstreamResponse, ids: readonly string[]): Array<Settled<PrincipalModel | null, UpstreamHttpError>> {
  const body = checkForErrors(res)!;
  const raw = own(body, 'members');
  if (raw === undefined || raw === null) return ids.map(() => ({ ok: false, error: memberUnconfirmed() }));
  if (!Array.isArray(raw)) throw wrongShape(res.status, 'with members that are not a list');
  const members = (raw as unknown[]).map((m) => answeredMember(m, res.status));
  const taken = new Set<number>();
  const pick = (match: (m: AnsweredMember) => boolean): number => {
    const i = members.findIndex((m, j) => !taken.has(j) && match(m));
    if (i >= 0) taken.add(i);
    return i;
  };
  const paired = ids.map((id) => pick((m) => m.principal.id === id));
  ids.forEach((id, k) => {
    if (paired[k]! < 0) paired[k] = pick((m) => m.principal.id.toLowerCase() === id.toLowerCase());
  });
  ids.forEach((_id, k) => {
    if (paired[k]! < 0) paired[k] = pick(() => true);
  });
  return paired.map((i) => {
    const m = i < 0 ? undefined : members[i];
    if (!m || m.ok === null) return { ok: false, error: memberUnconfirmed() };
    return m.ok ? { ok: true, value: m.principal } : { ok: false, error: memberNotApplied() };
  });
}
