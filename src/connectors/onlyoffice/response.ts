/**
 * Reading ONLYOFFICE answers. Every answer is an envelope: success is
 * `{count, status:0, statusCode, response}`, failure is
 * `{status:1, statusCode, error:{message, hresult}}`. `checkForErrors` turns
 * the second into an UpstreamHttpError with a message of our own (the
 * upstream message is the innermost exception's text and may echo what the
 * caller sent). An answer of the wrong shape is an UPSTREAM_ERROR, never a
 * crash.
 */
import { UpstreamHttpError, backendLabel, upstreamHttpError } from '../../errors';
import type { PrincipalModel } from '../../models';
import { parseUpstreamJson } from '../upstream';
import type { UpstreamResponse } from '../upstream';
import { onlyofficeErrorCode } from './errors';
import { SHARE_LINK_ID } from './request';
import { asNonEmptyString, isObject, own } from '../json';
import type { Json } from '../json';

/** One entry of a folder's share list, as the gateway uses it. */
export interface OnlyofficeShareEntry {
  /** The FileShare value (see `Access`); unknown future values are passed through. */
  access: number;
  /** The user or group; null for an external link entry. */
  principal: PrincipalModel | null;
  isLink: boolean;
  /** The server will not let this entry change (the caller's own entry, the owner). */
  isLocked: boolean;
  isOwner: boolean;
  /**
   * Present (and true) only for a guest user (`sharedTo.isVisitor`): the list
   * shows a guest at most Read whatever was asked (FileSharing.GetSharedInfo).
   */
  isVisitor?: true;
}

/** `GET files/folder/{id}` (FolderWrapper), the fields the gateway reads. */
export interface OnlyofficeFolderInfo {
  id: string;
  /** The folder it sits in; null for a root folder (`parentId: 0`). */
  parentId: string | null;
  title: string | null;
  /** FolderType as an integer: COMMON 1, USER 5, SHARE 6 (someone else's My documents, as the caller sees it). */
  rootFolderType: number | null;
  /** The folder has share rows of its own (not counting inherited ones). */
  shared: boolean;
}

/** `GET files/file/{id}` (FileWrapper), the fields the gateway reads. */
export interface OnlyofficeFileInfo {
  id: string;
  folderId: string;
  title: string | null;
  rootFolderType: number | null;
  shared: boolean;
}

/** `GET people/{id}` with the one flag sharing needs besides the principal. */
export interface OnlyofficePersonInfo {
  principal: PrincipalModel;
  /** A guest ("visitor"): shown at most Read on any share. */
  isVisitor: boolean;
}

function asStatus(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 400 && v <= 599 ? v : null;
}

function wrongShape(status: number): UpstreamHttpError {
  return new UpstreamHttpError('UPSTREAM_ERROR', 'ONLYOFFICE', `${backendLabel('ONLYOFFICE')} answered in an unexpected shape`, status);
}

function statusError(status: number | null): UpstreamHttpError {
  return upstreamHttpError('ONLYOFFICE', onlyofficeErrorCode(status), status);
}

/**
 * Parses the envelope and returns its `response`, throwing for any error the
 * server reports, whatever the HTTP status. The HTTP status wins when it is an
 * error (a proxy in front may answer without an envelope); the envelope's
 * `statusCode` is used when an error arrives with a 2xx.
 */
export function checkForErrors(res: UpstreamResponse): unknown {
  const failed = res.status >= 400;
  let body: unknown;
  if (res.text.trim() === '') {
    if (failed) throw statusError(res.status);
    throw new UpstreamHttpError('UPSTREAM_ERROR', 'ONLYOFFICE', `${backendLabel('ONLYOFFICE')} answered with an empty body`, res.status);
  }
  try {
    body = parseUpstreamJson(res, 'ONLYOFFICE');
  } catch (err) {
    if (failed) throw statusError(res.status);
    throw err;
  }
  if (failed) throw statusError(res.status);
  if (!isObject(body)) throw wrongShape(res.status);
  if (own(body, 'status') === 1 || isObject(own(body, 'error'))) throw statusError(asStatus(own(body, 'statusCode')));
  if (own(body, 'status') !== 0 || !Object.hasOwn(body, 'response')) throw wrongShape(res.status);
  return body.response;
}

/**
 * A `sharedTo` value: a full user (`displayName`, `userName` …), a group
 * summary `{id, name, manager}` or a link `{id, shareLink}`.
 */
function parseSharedTo(value: unknown, status: number): { principal: PrincipalModel | null; isLink: boolean } {
  if (!isObject(value)) throw wrongShape(status);
  const id = asNonEmptyString(own(value, 'id'));
  if (id === null) throw wrongShape(status);
  if (typeof own(value, 'shareLink') === 'string' || id.toLowerCase() === SHARE_LINK_ID) return { principal: null, isLink: true };
  const displayName = asNonEmptyString(own(value, 'displayName'));
  const userName = asNonEmptyString(own(value, 'userName'));
  if (displayName !== null || userName !== null) return { principal: { id, displayName: displayName ?? userName, kind: 'USER' }, isLink: false };
  const name = asNonEmptyString(own(value, 'name'));
  if (name !== null) return { principal: { id, displayName: name, kind: 'GROUP' }, isLink: false };
  return { principal: { id, displayName: null, kind: null }, isLink: false };
}

function flag(entry: Json, key: string, status: number): boolean {
  const value = own(entry, key);
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw wrongShape(status);
  return value;
}

function parseShareEntry(entry: unknown, status: number): OnlyofficeShareEntry {
  if (!isObject(entry)) throw wrongShape(status);
  const access = own(entry, 'access');
  if (typeof access !== 'number' || !Number.isInteger(access) || access < 0) throw wrongShape(status);
  const { principal, isLink } = parseSharedTo(own(entry, 'sharedTo'), status);
  const parsed: OnlyofficeShareEntry = { access, principal, isLink, isLocked: flag(entry, 'isLocked', status), isOwner: flag(entry, 'isOwner', status) };
  const sharedTo = own(entry, 'sharedTo') as Json;
  if (principal?.kind === 'USER' && flag(sharedTo, 'isVisitor', status)) parsed.isVisitor = true;
  return parsed;
}

/** GET and PUT `files/folder/{id}/share` both answer `[{access, sharedTo, isLocked, isOwner}]`. */
export function parseShareList(res: UpstreamResponse): OnlyofficeShareEntry[] {
  const list = checkForErrors(res);
  if (!Array.isArray(list)) throw wrongShape(res.status);
  return list.map((entry: unknown) => parseShareEntry(entry, res.status));
}

/** `people/{id}` answers a full user; its display name falls back to the user name. */
export function parsePerson(res: UpstreamResponse): PrincipalModel {
  return parsePersonInfo(res).principal;
}

export function parsePersonInfo(res: UpstreamResponse): OnlyofficePersonInfo {
  const user = checkForErrors(res);
  if (!isObject(user)) throw wrongShape(res.status);
  const id = asNonEmptyString(own(user, 'id'));
  if (id === null) throw wrongShape(res.status);
  const principal: PrincipalModel = { id, displayName: asNonEmptyString(own(user, 'displayName')) ?? asNonEmptyString(own(user, 'userName')), kind: 'USER' };
  return { principal, isVisitor: flag(user, 'isVisitor', res.status) };
}

/**
 * An entry id: native ids are JSON numbers (FileEntryWrapper's `object Id`
 * holding an int), third-party ids strings. Null for 0 and absent, which
 * FolderWrapper answers as the parent of a root folder.
 */
function entryId(value: unknown, status: number): string | null {
  if (value === undefined || value === null || value === 0 || value === '0' || value === '') return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value === 'string') return value;
  throw wrongShape(status);
}

function optionalInt(value: unknown, status: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongShape(status);
  return value;
}

/** FileEntryWrapper's fields shared by folders and files. */
function parseEntry(res: UpstreamResponse): { body: Json; id: string; title: string | null; rootFolderType: number | null; shared: boolean } {
  const body = checkForErrors(res);
  if (!isObject(body)) throw wrongShape(res.status);
  const id = entryId(own(body, 'id'), res.status);
  if (id === null) throw wrongShape(res.status);
  return { body, id, title: asNonEmptyString(own(body, 'title')), rootFolderType: optionalInt(own(body, 'rootFolderType'), res.status), shared: flag(body, 'shared', res.status) };
}

/** `GET files/folder/{id}` answers a FolderWrapper; `parentId` is required there (DataMember IsRequired). */
export function parseFolderInfo(res: UpstreamResponse): OnlyofficeFolderInfo {
  const { body, ...entry } = parseEntry(res);
  if (!Object.hasOwn(body, 'parentId')) throw wrongShape(res.status);
  return { id: entry.id, parentId: entryId(own(body, 'parentId'), res.status), title: entry.title, rootFolderType: entry.rootFolderType, shared: entry.shared };
}

/** `GET files/file/{id}` answers a FileWrapper with the file's `folderId`. */
export function parseFileInfo(res: UpstreamResponse): OnlyofficeFileInfo {
  const { body, ...entry } = parseEntry(res);
  const folderId = entryId(own(body, 'folderId'), res.status);
  if (folderId === null) throw wrongShape(res.status);
  return { id: entry.id, folderId, title: entry.title, rootFolderType: entry.rootFolderType, shared: entry.shared };
}

/** `group/{id}` answers `{id, name, manager, …}`. */
export function parseGroup(res: UpstreamResponse): PrincipalModel {
  const group = checkForErrors(res);
  if (!isObject(group)) throw wrongShape(res.status);
  const id = asNonEmptyString(own(group, 'id'));
  if (id === null) throw wrongShape(res.status);
  return { id, displayName: asNonEmptyString(own(group, 'name')), kind: 'GROUP' };
}

/**
 * `people/filter` answers a list of EmployeeWraperFull (`id`, `displayName`,
 * `userName`, `email`, …); the e-mail is kept where it is given.
 * Source: ASC.Api/ASC.Employee/EmployeeWraperFull.cs.
 */
export function parsePeopleList(res: UpstreamResponse): PrincipalModel[] {
  const list = checkForErrors(res);
  if (!Array.isArray(list)) throw wrongShape(res.status);
  return list.map((user: unknown) => {
    if (!isObject(user)) throw wrongShape(res.status);
    const id = asNonEmptyString(own(user, 'id'));
    if (id === null) throw wrongShape(res.status);
    return { id, displayName: asNonEmptyString(own(user, 'displayName')) ?? asNonEmptyString(own(user, 'userName')), kind: 'USER' as const, email: asNonEmptyString(own(user, 'email')) };
  });
}

/** `GET group` answers a list of GroupWrapperSummary `{id, name, manager}` (ASC.Api/ASC.Employee/GroupWrapperSummary.cs). */
export function parseGroupList(res: UpstreamResponse): PrincipalModel[] {
  const list = checkForErrors(res);
  if (!Array.isArray(list)) throw wrongShape(res.status);
  return list.map((group: unknown) => {
    if (!isObject(group)) throw wrongShape(res.status);
    const id = asNonEmptyString(own(group, 'id'));
    if (id === null) throw wrongShape(res.status);
    return { id, displayName: asNonEmptyString(own(group, 'name')), kind: 'GROUP' as const };
  });
}
