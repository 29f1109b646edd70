import type { ItemShareResultModel } from '../models';

/**
 * unshareItems may make two calls per chunk (unshareItems for groups, a
 * share with everyone=false&org=false for withdrawPublic); an item succeeds
 * only when both did, and keeps the first error.
 */
export function mergeUnshareResults(
  itemIds: readonly string[],
  fromGroups: ItemShareResultModel[] | null,
  fromPublic: ItemShareResultModel[] | null,
): ItemShareResultModel[] {
  return itemIds.map((itemId, i) => {
    const a = fromGroups?.[i];
    const b = fromPublic?.[i];
    const base = a ?? b!;
    if (!a || !b) return { ...base, notSharedWithIds: [] };
    const error = a.error ?? b.error;
    return {
      itemId,
      success: a.success && b.success && error === null,
      notSharedWithIds: [],
      notUnsharedFromIds: a.notUnsharedFromIds,
      change: error === null ? 'REVOKED' : null,
      error,
    };
  });
}
