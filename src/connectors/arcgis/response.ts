/**
 * Reading ArcGIS answers: the 200-with-error check (as arcgis-rest-js's
 * `checkForErrors`), then the shape of each answer the gateway uses. An
 * answer of the wrong shape is an UPSTREAM_ERROR, never a crash.
 *
 * A share is a success only on the evidence the docs promise: the answer
 * names the item asked about and says `success: true`, or lists the groups
 * left out (`notSharedWith`, `notUnsharedFrom`: an empty list is "none").
 * `{}`, a result without either, or one naming another item, is
 * UPSTREAM_ERROR for that item: a portal (or something posing as one) that
 * says nothing must never read as a share that happened.
 */
import { UpstreamHttpError, backendLabel, codeForHttpStatus, upstreamHttpError } from '../../errors';
import type { ShareErrorValue } from '../../errors';
import type { GroupModel } from '../../models';
import { parseUpstreamJson } from '../upstream';
import type { UpstreamResponse } from '../upstream';
import { arcgisErrorCode, arcgisUpstreamCode } from './errors';
import type { PortalError } from './errors';
import { asString, isObject, own } from '../json';
import type { Json } from '../json';

const asCode = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) ? n : null;
};

function wrongShape(status: number): UpstreamHttpError {
  return new UpstreamHttpError('UPSTREAM_ERROR', 'ARCGIS', `${backendLabel('ARCGIS')} answered in an unexpected shape`, status);
}

/**
 * An `{error:{code,messageCode,message}}` object as our error, classified by
 * messageCode first (see errors.ts); the message is our own, never the portal's.
 */
export function errorFromBody(error: Json, status: number): UpstreamHttpError {
  const portal: PortalError = {
    code: asCode(error.code) ?? (status >= 400 ? status : null),
    messageCode: asString(error.messageCode),
    message: asString(error.message) ?? '',
  };
  return upstreamHttpError('ARCGIS', arcgisErrorCode(portal), arcgisUpstreamCode(portal));
}

/** Parses the body and throws for any error the portal reports, whatever the HTTP status. */
export function checkForErrors(res: UpstreamResponse): Json {
  let body: unknown;
  try {
    body = res.text.trim() === '' ? undefined : parseUpstreamJson(res, 'ARCGIS');
  } catch (err) {
    if (res.status >= 400) throw upstreamHttpError('ARCGIS', codeForHttpStatus(res.status), res.status);
    throw err;
  }
  if (isObject(body) && isObject(body.error)) throw errorFromBody(body.error, res.status);
  if (res.status >= 400) throw upstreamHttpError('ARCGIS', codeForHttpStatus(res.status), res.status);
  if (!isObject(body)) {
    throw new UpstreamHttpError('UPSTREAM_ERROR', 'ARCGIS', `${backendLabel('ARCGIS')} answered with an empty or non-object body`, res.status);
  }
  return body;
}

const sameItem = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The portal's word that the call went through for one item: `success: true`, or the list of groups it left out. */
function confirmed(entry: Json, leftKey: 'notSharedWith' | 'notUnsharedFrom'): boolean {
  const success = own(entry, 'success');
  if (success === true) return true;
  return success === undefined && Array.isArray(own(entry, leftKey));
}

function unconfirmed(status: number): ShareErrorValue {
  return new UpstreamHttpError('UPSTREAM_ERROR', 'ARCGIS', `${backendLabel('ARCGIS')} did not confirm the share for this item`, status).toShareError();
}

function stringList(value: unknown, status: number): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw wrongShape(status);
  return value;
}

export interface ItemOutcome {
  itemId: string;
  success: boolean;
  /** notSharedWith or notUnsharedFrom, depending on the call. */
  groupsLeft: string[];
  error: ShareErrorValue | null;
}

/**
 * `content/users/{u}/items/{id}/share` answers `{notSharedWith:[], itemId}`:
 * it must name `itemId` and carry `success: true` or `notSharedWith`.
 * https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner
 */
export function parseShareItem(res: UpstreamResponse, itemId: string): ItemOutcome {
  const body = checkForErrors(res);
  const named = own(body, 'itemId');
  if (typeof named !== 'string' || !sameItem(named, itemId) || !confirmed(body, 'notSharedWith')) {
    return { itemId, success: false, groupsLeft: [], error: unconfirmed(res.status) };
  }
  const left = stringList(own(body, 'notSharedWith'), res.status);
  return { itemId, success: true, groupsLeft: left, error: null };
}

/**
 * `shareItems`/`unshareItems` answer `{results:[{itemId,success,notSharedWith,error?}]}`.
 * Returns a map by item id; the caller reports items the answer left out.
 * A result with an error object carries that error; one with `success:
 * false` is a failure; one with neither `success: true` nor the list of
 * groups left out is UPSTREAM_ERROR for its item.
 * https://developers.arcgis.com/rest/users-groups-and-items/share-items
 */
export function parseBatchResults(res: UpstreamResponse, leftKey: 'notSharedWith' | 'notUnsharedFrom'): Map<string, ItemOutcome> {
  const body = checkForErrors(res);
  const results = own(body, 'results');
  if (!Array.isArray(results)) throw wrongShape(res.status);
  const out = new Map<string, ItemOutcome>();
  for (const entry of results as unknown[]) {
    if (!isObject(entry) || typeof own(entry, 'itemId') !== 'string') throw wrongShape(res.status);
    const itemId = own(entry, 'itemId') as string;
    const failure = own(entry, 'error');
    const error = isObject(failure) ? errorFromBody(failure, res.status).toShareError() : null;
    if (error === null && own(entry, 'success') !== false && !confirmed(entry, leftKey)) {
      out.set(itemId, { itemId, success: false, groupsLeft: [], error: unconfirmed(res.status) });
      continue;
    }
    out.set(itemId, {
      itemId,
      success: error === null && own(entry, 'success') !== false,
      groupsLeft: stringList(own(entry, leftKey), res.status),
      error,
    });
  }
  return out;
}

export function toGroupModel(value: unknown): GroupModel | null {
  if (!isObject(value) || typeof value.id !== 'string') return null;
  const membership = isObject(value.userMembership) ? asString(value.userMembership.memberType) : null;
  return {
    id: value.id,
    title: asString(value.title),
    owner: asString(value.owner),
    capabilities: Array.isArray(value.capabilities) ? value.capabilities.filter((c): c is string => typeof c === 'string') : [],
    memberType: membership,
  };
}

export function parseGroupSearch(res: UpstreamResponse): GroupModel[] {
  const body = checkForErrors(res);
  if (!Array.isArray(body.results)) throw wrongShape(res.status);
  return (body.results as unknown[]).map(toGroupModel).filter((g): g is GroupModel => g !== null);
}

/** A search's item results, as the lower-case ids found (`{results:[{id,…}]}`). */
export function parseItemSearchIds(res: UpstreamResponse): Set<string> {
  const body = checkForErrors(res);
  if (!Array.isArray(body.results)) throw wrongShape(res.status);
  const ids = new Set<string>();
  for (const entry of body.results as unknown[]) {
    if (!isObject(entry) || typeof entry.id !== 'string') throw wrongShape(res.status);
    ids.add(entry.id.toLowerCase());
  }
  return ids;
}

export interface SelfInfo {
  username: string;
  /** `org_admin`, `org_publisher`, `org_user`…; null when the portal does not say. */
  role: string | null;
  /** Set for a custom role (whatever `role` says); null for a built-in one. */
  roleId: string | null;
}

/**
 * A full org administrator, as arcgis-rest-js decides (`isOrgAdmin`,
 * packages/arcgis-rest-portal/src/sharing/helpers.ts): `role` org_admin and no
 * `roleId`; a custom role reports org_admin too but carries a roleId.
 */
export function isOrgAdmin(self: SelfInfo): boolean {
  return self.role === 'org_admin' && !self.roleId;
}

export function parseSelf(res: UpstreamResponse): SelfInfo {
  const body = checkForErrors(res);
  const username = asString(body.username);
  if (!username) throw wrongShape(res.status);
  return { username, role: asString(body.role), roleId: asString(body.roleId) || null };
}

/** `community/users/{u}` answers the user with `groups[]`; the ids, lower case. */
export function parseUserGroupIds(res: UpstreamResponse): Set<string> {
  const body = checkForErrors(res);
  if (body.groups === undefined) return new Set();
  if (!Array.isArray(body.groups)) throw wrongShape(res.status);
  return new Set(
    (body.groups as unknown[])
      .map(toGroupModel)
      .filter((g): g is GroupModel => g !== null)
      .map((g) => g.id.toLowerCase()),
  );
}

export interface ItemInfo {
  id: string;
  owner: string | null;
  access: string;
}

export function parseItem(res: UpstreamResponse): ItemInfo {
  const body = checkForErrors(res);
  if (typeof body.id !== 'string' || typeof body.access !== 'string') throw wrongShape(res.status);
  return { id: body.id, owner: asString(body.owner), access: body.access };
}

/** An item search's results (`{results: [item, …]}`), each as `content/items/{id}` describes it. */
export function parseItemSearch(res: UpstreamResponse): ItemInfo[] {
  const body = checkForErrors(res);
  if (!Array.isArray(body.results)) throw wrongShape(res.status);
  return (body.results as unknown[]).map((entry) => {
    if (!isObject(entry) || typeof entry.id !== 'string' || typeof entry.access !== 'string') throw wrongShape(res.status);
    return { id: entry.id, owner: asString(entry.owner), access: entry.access };
  });
}

/**
 * `content/items/{id}/groups` answers `{admin:[], member:[], other:[]}`; at
 * least one of the three lists must be there, or `{}` would read as "shared
 * with no group".
 */
export function parseItemGroups(res: UpstreamResponse): GroupModel[] {
  const body = checkForErrors(res);
  const groups: GroupModel[] = [];
  const keys = ['admin', 'member', 'other'] as const;
  if (!keys.some((key) => Array.isArray(own(body, key)))) throw wrongShape(res.status);
  for (const key of keys) {
    const list = own(body, key);
    if (list === undefined) continue;
    if (!Array.isArray(list)) throw wrongShape(res.status);
    for (const g of list) {
      const model = toGroupModel(g);
      if (model) groups.push(model);
    }
  }
  return groups;
}
