/**
 * ArcGIS input rules. Ids are 32 hexadecimal characters in every portal
 * example; user names hold letters, digits and `_ . @ -` (the portal's own
 * rule for user names), never only dots, so nothing can act as `..` in a path.
 */
import { badInput } from '../errors';
import { checkEach, checkListSize, checkNoDuplicates, preview } from './common';
import type { ItemShareTargets } from '../models';

export const MAX_ITEMS = 1000;
export const MAX_GROUPS = 100;

const ARCGIS_ID = /^[0-9a-fA-F]{32}$/;
const USERNAME = /^[A-Za-z0-9_.@-]{1,128}$/;

export const isArcgisId = (s: string): boolean => ARCGIS_ID.test(s);

export function checkItemIds(field: string, ids: readonly string[]): void {
  checkListSize(field, ids, MAX_ITEMS);
  checkEach(field, ids, isArcgisId, 'an ArcGIS item id (32 hexadecimal characters)');
  checkNoDuplicates(field, ids, (s) => s.toLowerCase());
}

export function checkGroupIds(field: string, ids: readonly string[] | null | undefined, min = 0): void {
  if (ids == null) return;
  checkListSize(field, ids, MAX_GROUPS, min);
  checkEach(field, ids, isArcgisId, 'an ArcGIS group id (32 hexadecimal characters)');
  checkNoDuplicates(field, ids, (s) => s.toLowerCase());
}

export function checkOwner(field: string, owner: string | null | undefined): void {
  if (owner == null) return;
  if (!USERNAME.test(owner) || /^\.+$/.test(owner)) {
    throw badInput(field, `${preview(owner)} is not a portal user name (letters, digits, _ . @ -, at most 128)`);
  }
}

export type ShareTargetsInput = ItemShareTargets;

/** A share must name someone: groups, or an everyone/org setting. */
export function checkSharesWithSomething(prefix: string, input: ShareTargetsInput): void {
  const hasGroups = input.groups != null && input.groups.length > 0;
  if (!hasGroups && input.everyone == null && input.org == null) {
    throw badInput(`${prefix}.groups`, 'shares with nothing: give groups, everyone or org');
  }
}
