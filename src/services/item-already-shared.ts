/**
 * A share that is already in place is a success. Portal users report that
 * sharing an item with a group that already holds it can list that group in
 * `notSharedWith` (arcgis-rest-js PR #207 searches first to avoid it). Rather
 * than pay a read before every share, the gateway reads the groups only of
 * the items whose answer lists groups in notSharedWith, in one batch, and
 * moves a group that holds the item out of notSharedWith as UNCHANGED.
 */
import type { ArcgisSession } from '../context';
import type { ItemShareResultModel } from '../models';

export async function settleAlreadyShared(session: ArcgisSession, results: ItemShareResultModel[]): Promise<ItemShareResultModel[]> {
  const suspects = results.filter((r) => r.error === null && r.notSharedWithIds.length > 0);
  if (suspects.length === 0) return results;
  const held = await session.itemGroups.loadMany(suspects.map((r) => r.itemId));
  const heldByItem = new Map<string, Set<string>>();
  suspects.forEach((r, i) => {
    const groups = held[i];
    // Reading the groups failed: keep the portal's own answer rather than guess.
    if (groups && !(groups instanceof Error)) heldByItem.set(r.itemId, new Set(groups.map((g) => g.id.toLowerCase())));
  });
  return results.map((r) => {
    const holding = heldByItem.get(r.itemId);
    if (!holding) return r;
    const stillNotShared = r.notSharedWithIds.filter((g) => !holding.has(g.toLowerCase()));
    if (stillNotShared.length === r.notSharedWithIds.length) return r;
    const allInPlace = stillNotShared.length === 0;
    return { ...r, notSharedWithIds: stillNotShared, success: allInPlace ? true : r.success, change: allInPlace ? 'UNCHANGED' : r.change };
  });
}
