/**
 * What a real ArcGIS write did, principal by principal, for the sharing
 * ledger: the items' access is read before the write (before.ts: exact
 * reads for a few items, the item search per 100 items for more, in
 * parallel with the write's other reads), and each result is then told
 * apart per group asked and, when the write set `everyone` or `org`, per
 * level:
 * - a group: `SHARED` or null (the item is or is not in the group);
 * - `everyone` (or `org`, when only `org` was set): the item's level,
 *   PRIVATE, SHARED, ORG or PUBLIC.
 * The level after a share is worked out as the dry run works it out
 * (preview.ts), from the level before and what was asked; the portal's
 * answer does not give it. The result's own `change` is set the same way,
 * so a real write says what it changed as its dry run would have.
 *
 * The portal lists an item's level, not its `everyone` and `org` flags apart:
 * withdrawing `everyone` alone from a PUBLIC item is taken to leave it at
 * SHARED or PRIVATE, as the dry run predicts, although a portal that also had
 * `org` set leaves it at ORG. An undo of such a change then finds the item at
 * ORG rather than the recorded level and leaves it alone (CONFLICT).
 */
import type { AccessChangeModel, AccessChangeName, ItemShareResultModel } from '../../models';
import { RANK, isError } from './preview';
import type { Level } from './preview';
import type { Before, ItemsBefore } from './before';

/** What a share asked for, as far as tracing needs it. */
export interface TracedShare {
  groups?: readonly string[] | null;
  everyone?: boolean | null;
  org?: boolean | null;
}

/** A group holds the item. */
export const IN_GROUP = 'SHARED';

/** An item's level as the ledger writes it. */
export const levelName = (level: Level): string => level.toUpperCase();

/** A level change as the ledger names it: down to PRIVATE is REVOKED, up from PRIVATE is GRANTED. */
export function levelChange(before: Level, after: Level): AccessChangeName {
  if (before === after) return 'UNCHANGED';
  if (RANK[after] < RANK[before]) return after === 'private' ? 'REVOKED' : 'DOWNGRADED';
  return before === 'private' ? 'GRANTED' : 'UPGRADED';
}

/** Group ids asked for, once each (the portal compares them without case). */
function distinct(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = id.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const has = (list: readonly string[], id: string) => list.some((g) => g.toLowerCase() === id.toLowerCase());

function entry(targetId: string, principalId: string, fields: Partial<AccessChangeModel>): AccessChangeModel {
  return { targetId, principalId, before: null, after: null, change: null, success: false, errorCode: null, ...fields };
}

/** The level a share leaves, as the dry run predicts it (preview.ts). */
function levelAfterShare(now: Before & { level: Level }, asked: TracedShare, granted: boolean): Level {
  const everyone = asked.everyone ?? now.level === 'public';
  const org = asked.org ?? now.level === 'org';
  const hasGroups = now.level === 'shared' || now.groups.size > 0 || granted;
  return everyone ? 'public' : org ? 'org' : hasGroups ? 'shared' : 'private';
}

/** The principal a level change is recorded under: the one the request named. */
const levelPrincipalOfShare = (asked: TracedShare): string | null => (asked.everyone != null ? 'everyone' : asked.org != null ? 'org' : null);

/** shareItem/shareItems: each result with its `changes` and its `change`. */
export function traceShares(before: ItemsBefore, results: readonly ItemShareResultModel[], asked: TracedShare): ItemShareResultModel[] {
  const groups = distinct(asked.groups ?? []);
  const levelPrincipal = levelPrincipalOfShare(asked);
  return results.map((r, i) => {
    const now = before[i]!;
    const failed = r.error !== null || !r.success;
    const errorCode = r.error?.code ?? null;
    if (isError(now)) {
      // The write went ahead without the state before: what it did is recorded, what it changed is not known.
      const changes = groups.map((g) => entry(r.itemId, g, failed || has(r.notSharedWithIds, g) ? { errorCode } : { success: true, after: IN_GROUP }));
      if (levelPrincipal) changes.push(entry(r.itemId, levelPrincipal, { success: !failed, errorCode }));
      return { ...r, changes };
    }
    const changes = groups.map((g): AccessChangeModel => {
      const held = now.groups.has(g.toLowerCase());
      const access = held ? IN_GROUP : null;
      if (failed) return entry(r.itemId, g, { before: access, after: access, errorCode });
      if (held) return entry(r.itemId, g, { before: IN_GROUP, after: IN_GROUP, change: 'UNCHANGED', success: true });
      // The portal listed it in notSharedWith: it did not share there (the owner is no member, or the group needs confirmItemControl).
      if (has(r.notSharedWithIds, g)) return entry(r.itemId, g, { errorCode: 'FORBIDDEN' });
      return entry(r.itemId, g, { after: IN_GROUP, change: 'GRANTED', success: true });
    });
    const granted = changes.some((c) => c.change === 'GRANTED');
    const level = now.level;
    // Not read (before.ts): a share of groups alone, which moves the level only from private to shared, when it grants.
    if (level === null || !levelPrincipal) {
      const change = level === null ? (granted ? 'GRANTED' : 'UNCHANGED') : itemChange(level, levelAfterShare({ ...now, level }, asked, granted), granted);
      return { ...r, changes, change: failed ? r.change : change };
    }
    const after = failed ? level : levelAfterShare({ ...now, level }, asked, granted);
    const fields = failed ? { errorCode } : { change: levelChange(level, after), success: true };
    changes.push(entry(r.itemId, levelPrincipal, { before: levelName(level), after: levelName(after), ...fields }));
    return { ...r, changes, change: failed ? r.change : itemChange(level, after, granted) };
  });
}

/** The item's own change, named as its dry run names it (preview.ts). */
function itemChange(before: Level, after: Level, granted: boolean): AccessChangeName {
  if (RANK[after] < RANK[before]) return 'DOWNGRADED';
  if (RANK[after] > RANK[before]) return before === 'private' ? 'GRANTED' : 'UPGRADED';
  return granted ? 'GRANTED' : 'UNCHANGED';
}

/**
 * unshareItems: each merged result with its `changes`, told apart from the
 * two calls it may have made (the unshare from groups, and the share with
 * everyone=false&org=false for withdrawPublic), so that one of them failing
 * does not hide what the other did. With withdrawPublic, the level after is
 * the item's once both are done: SHARED while a group still holds it,
 * PRIVATE otherwise.
 */
export function traceUnshares(
  before: ItemsBefore,
  merged: readonly ItemShareResultModel[],
  groupsAsked: readonly string[],
  fromGroups: readonly ItemShareResultModel[] | null,
  fromPublic: readonly ItemShareResultModel[] | null,
): ItemShareResultModel[] {
  const groups = distinct(groupsAsked);
  return merged.map((r, i) => {
    const now = before[i]!;
    const a = fromGroups?.[i] ?? null;
    const b = fromPublic?.[i] ?? null;
    const aFailed = a !== null && (a.error !== null || !a.success);
    const bFailed = b !== null && (b.error !== null || !b.success);
    if (isError(now)) {
      const changes = groups.map((g) => entry(r.itemId, g, aFailed || has(a?.notUnsharedFromIds ?? [], g) ? { errorCode: a?.error?.code ?? null } : { success: true }));
      if (b) changes.push(entry(r.itemId, 'everyone', { success: !bFailed, errorCode: b.error?.code ?? null }));
      return { ...r, changes };
    }
    const changes = groups.map((g): AccessChangeModel => {
      const held = now.groups.has(g.toLowerCase());
      const access = held ? IN_GROUP : null;
      if (aFailed) return entry(r.itemId, g, { before: access, after: access, errorCode: a.error?.code ?? null });
      if (!held) return entry(r.itemId, g, { change: 'UNCHANGED', success: true });
      if (has(a?.notUnsharedFromIds ?? [], g)) return entry(r.itemId, g, { before: IN_GROUP, after: IN_GROUP, errorCode: 'FORBIDDEN' });
      return entry(r.itemId, g, { before: IN_GROUP, change: 'REVOKED', success: true });
    });
    // withdrawPublic is always read exactly (before.ts), so its level is known.
    if (b && now.level !== null) {
      const level = now.level;
      const principal = level === 'public' ? 'everyone' : 'org';
      const revoked = new Set(changes.filter((c) => c.change === 'REVOKED').map((c) => c.principalId.toLowerCase()));
      // Groups the caller cannot see still hold an item the portal lists as SHARED without any.
      const remaining = [...now.groups].some((g) => !revoked.has(g)) || (level === 'shared' && now.groups.size === 0);
      const lowered: Level = level === 'private' ? 'private' : remaining ? 'shared' : 'private';
      const after = bFailed ? level : lowered;
      const fields = bFailed ? { errorCode: b.error?.code ?? null } : { change: levelChange(level, after), success: true };
      changes.push(entry(r.itemId, principal, { before: levelName(level), after: levelName(after), ...fields }));
    }
    if (!r.success) return { ...r, changes };
    const removed = changes.some((c) => c.change === 'REVOKED' || c.change === 'DOWNGRADED');
    return { ...r, changes, change: removed ? 'REVOKED' : 'UNCHANGED' };
  });
}
