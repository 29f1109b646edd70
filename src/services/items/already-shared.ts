/**
 * A share that is already in place is a success. Portal users report that
 * sharing an item with a group that already holds it can list that group in
 * `notSharedWith` (arcgis-rest-js PR #207 searches first to avoid it). Rather
 * than pay a read before every share, the gateway reads the groups only of
 * the items whose answer lists groups in notSharedWith, in one batch, and
 * moves a group that holds the item out of notSharedWith.
 *
 * The item's `change` becomes UNCHANGED only when the answer proves nothing
 * moved: every group asked for already held the item and the call set
 * neither org nor everyone. When another group was granted in the same call,
 * or org/everyone was set, the answer cannot tell what changed, so `change`
 * stays as it was (null).
 */
import type { ArcgisSession } from '../../sessions/arcgis';
import type { ItemShareResultModel } from '../../models';

/** What the share asked for, as far as settling needs it. */
export interface AskedShare {
  groups?: readonly string[] | null;
  everyone?: boolean | null;
  org?: boolean | null;
}

export async function settleAlreadyShared(session: ArcgisSession, results: ItemShareResultModel[], asked: AskedShare): Promise<ItemShareResultModel[]> {
  const suspects = results.filter((r) => r.error === null && r.notSharedWithIds.length > 0);
  if (suspects.length === 0) return results;
  const held = await session.itemGroups.loadMany(suspects.map((r) => r.itemId));
  const heldByItem = new Map<string, Set<string>>();
  suspects.forEach((r, i) => {
    const groups = held[i];
    // Reading the groups failed: keep the portal's own answer rather than guess.
    if (groups && !(groups instanceof Error)) heldByItem.set(r.itemId, new Set(groups.map((g) => g.id.toLowerCase())));
  });
  const askedGroups = (asked.groups ?? []).map((g) => g.toLowerCase());
  const setsAccess = asked.everyone != null || asked.org != null;
  return results.map((r) => {
    const holding = heldByItem.get(r.itemId);
    if (!holding) return r;
    const stillNotShared = r.notSharedWithIds.filter((g) => !holding.has(g.toLowerCase()));
    if (stillNotShared.length === r.notSharedWithIds.length) return r;
    const allInPlace = stillNotShared.length === 0;
    // Every group asked for was answered as "not shared" and found holding the item: nothing moved.
    const answeredHeld = new Set(r.notSharedWithIds.filter((g) => holding.has(g.toLowerCase())).map((g) => g.toLowerCase()));
    const nothingMoved = allInPlace && !setsAccess && askedGroups.length > 0 && askedGroups.every((g) => answeredHeld.has(g));
    return { ...r, notSharedWithIds: stillNotShared, success: allInPlace ? true : r.success, change: nothingMoved ? 'UNCHANGED' : r.change };
  });
}
