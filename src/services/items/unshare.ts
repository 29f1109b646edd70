/**
 * unshareItems for real: `POST content/users/{owner}/unshareItems` for the
 * groups, and a `shareItems` with `everyone=false&org=false` for
 * withdrawPublic, both chunked like shareItems (one result per item, a
 * failed chunk's error on each of its items).
 * https://developers.arcgis.com/rest/users-groups-and-items/unshare-items
 */
import type { ArcgisSession } from '../../sessions/arcgis';
import type { ItemShareResultModel } from '../../models';
import { batchSettings, runItemBatch } from './share';
import type { BatchSettings, ItemSettings } from './share';
import { previewItemUnshares } from './preview';
import { traceUnshares } from './trace';
import { readBefore } from './before';

export interface UnshareItemsInput {
  itemIds: readonly string[];
  owner?: string | null;
  groups?: readonly string[] | null;
  withdrawPublic?: boolean | null;
  dryRun?: boolean | null;
  /** Read the items' access before a real write, so that each result carries its `changes` and `change` (trace.ts), for the ledger. */
  track?: boolean;
}

export interface ItemUnshareRequest {
  itemIds: readonly string[];
  owner?: string | null;
  groups: readonly string[];
  withdrawPublic: boolean;
  track?: boolean;
}

/** Mutation.unshareItems: the dry run, or the unshare in chunks of `arcgisChunkSize` items. */
export async function unshareItems(session: ArcgisSession, input: UnshareItemsInput, settings: ItemSettings): Promise<ItemShareResultModel[]> {
  const groups = input.groups ?? [];
  const withdrawPublic = input.withdrawPublic === true;
  if (input.dryRun) return previewItemUnshares(session, input.itemIds, input.owner, groups, withdrawPublic);
  return unshareItemBatch(session, { itemIds: input.itemIds, owner: input.owner, groups, withdrawPublic, track: input.track }, batchSettings(settings));
}

export async function unshareItemBatch(session: ArcgisSession, req: ItemUnshareRequest, settings: BatchSettings): Promise<ItemShareResultModel[]> {
  const { itemIds, owner, groups, withdrawPublic } = req;
  // Read in full before anything is written, so that it shows the state the write starts from.
  const before = req.track ? await readBefore(session, itemIds, withdrawPublic ? { groups, everyone: false, org: false } : { groups }) : null;
  const [fromGroups, fromPublic] = await Promise.all([
    groups.length > 0 ? runItemBatch(session, itemIds, owner, settings, 'unshare', (o, ids) => session.connector.unshareItems(session.opts, o, ids, groups)) : null,
    // Withdrawing org and everyone access is a share call with both set to false.
    withdrawPublic ? runItemBatch(session, itemIds, owner, settings, 'unshare', (o, ids) => session.connector.shareItems(session.opts, o, ids, { everyone: false, org: false })) : null,
  ]);
  const merged = mergeUnshareResults(itemIds, groups, fromGroups, fromPublic);
  return before ? traceUnshares(before, merged, groups, fromGroups, fromPublic) : merged;
}

/**
 * unshareItems may make two calls per chunk (unshareItems for groups, a
 * share with everyone=false&org=false for withdrawPublic); an item succeeds
 * only when both did, and keeps the first error. `change` is REVOKED only
 * where the answer shows something was taken away: a group asked for that
 * is not in notUnsharedFrom, or a withdrawPublic the portal accepted.
 * Otherwise (every group left in notUnsharedFrom, or a failure) it is null.
 */
export function mergeUnshareResults(
  itemIds: readonly string[],
  groups: readonly string[],
  fromGroups: ItemShareResultModel[] | null,
  fromPublic: ItemShareResultModel[] | null,
): ItemShareResultModel[] {
  const asked = new Set(groups.map((g) => g.toLowerCase()));
  return itemIds.map((itemId, i) => {
    const a = fromGroups?.[i] ?? null;
    const b = fromPublic?.[i] ?? null;
    const parts = [a, b].filter((p): p is ItemShareResultModel => p !== null);
    const error = a?.error ?? b?.error ?? null;
    const success = error === null && parts.length > 0 && parts.every((p) => p.success);
    const notUnsharedFromIds = a?.notUnsharedFromIds ?? [];
    const left = new Set(notUnsharedFromIds.map((g) => g.toLowerCase()));
    const groupRevoked = a !== null && [...asked].some((g) => !left.has(g));
    return {
      itemId,
      success,
      notSharedWithIds: [],
      notUnsharedFromIds,
      change: success && (groupRevoked || b !== null) ? 'REVOKED' : null,
      error,
    };
  });
}
