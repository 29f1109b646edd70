/**
 * ArcGIS item sharing: what shareItem and shareItems do between validation
 * and the connector, and the chunked send unshareItems uses too. Every item
 * asked for gets exactly one result, in input order, whatever fails: a
 * failed chunk gives each of its items the chunk's error, an item the portal
 * left out of its answer gets an UPSTREAM_ERROR of its own.
 */
import type { Config } from '../../config';
import type { ArcgisSession } from '../../sessions/arcgis';
import type { ItemOutcome, ShareTargets } from '../../connectors/arcgis';
import { gatewayError, toShareError } from '../../errors';
import type { ShareErrorValue } from '../../errors';
import type { AccessChangeName, GroupModel, ItemShareResultModel } from '../../models';
import { chunk, mapConcurrent } from '../../util/map-concurrent';
import { OwnerGroups, settleAlreadyShared } from './already-shared';
import { previewItemShares } from './preview';
import { traceShares } from './trace';
import { readBefore } from './before';
import type { ItemsBefore, OwnerMembership } from './before';

/** The gateway's settings an item service reads. */
export type ItemSettings = Pick<Config, 'arcgisChunkSize' | 'fanOutConcurrency'>;

export interface ShareItemInput extends ShareTargets {
  itemId: string;
  owner?: string | null;
  dryRun?: boolean | null;
  /** Read the items' access before a real write, so that each result carries its `changes` and `change` (trace.ts), for the ledger. */
  track?: boolean;
}

export interface ShareItemsInput extends ShareTargets {
  itemIds: readonly string[];
  owner?: string | null;
  dryRun?: boolean | null;
  /** As ShareItemInput.track. */
  track?: boolean;
}

export interface BatchSettings {
  chunkSize: number;
  concurrency: number;
}

export function failedResult(itemId: string, error: ShareErrorValue): ItemShareResultModel {
  return { itemId, success: false, notSharedWithIds: [], notUnsharedFromIds: [], change: null, error };
}

/**
 * Groups whose members may update shared items need an explicit
 * confirmItemControl, and the portal would only list them in notSharedWith:
 * refuse the whole mutation up front, naming them, and send nothing. A group
 * the portal does not know or show (null) is left for the portal to judge.
 * A look-up that failed is not: the check cannot be made, so its error is
 * returned, and the caller gives it to every item and sends no share (the
 * other groups must not get the item while the check is off).
 */
export async function precheckItemControl(session: ArcgisSession, groups: readonly string[] | null | undefined, confirmItemControl: boolean | null | undefined): Promise<ShareErrorValue | null> {
  if (!prechecks(groups, confirmItemControl)) return null;
  const loaded = await session.groups.loadMany(groups);
  const controlled = loaded.filter((g): g is GroupModel => g !== null && !(g instanceof Error) && (g.capabilities ?? []).includes('updateitemcontrol'));
  if (controlled.length > 0) {
    const names = controlled.map((g) => (g.title ? `${g.title} (${g.id})` : g.id)).join(', ');
    throw gatewayError('CONFIRM_ITEM_CONTROL_REQUIRED', `Members of these groups may update shared items; set confirmItemControl: true to share with them: ${names}`, {
      groups: controlled.map((g) => g.id),
    });
  }
  const failure = loaded.find((g): g is Error => g instanceof Error);
  return failure ? toShareError(failure, 'ARCGIS') : null;
}

/** Whether the item-control pre-check loads the groups (see precheckItemControl). */
function prechecks(groups: readonly string[] | null | undefined, confirmItemControl: boolean | null | undefined): groups is readonly string[] {
  return !!groups && groups.length > 0 && confirmItemControl !== true;
}

/**
 * Starts, next to the pre-check's group look-up, the read of who the caller
 * is when the share needs it: for the owner in the share URL when none is
 * named, and always for a dry run (its actor). The two are independent, so
 * they cost one round trip instead of two. A failure here is reported by
 * whoever awaits it (each item gets it), never thrown from this start.
 */
function startSelf(session: ArcgisSession, owner: string | null | undefined, dryRun: boolean | null | undefined): void {
  if (owner == null || dryRun) session.self().catch(() => undefined);
}

/** The owner named in the input, or the caller's own user name (asked of the portal once per request). */
export function resolveOwner(session: ArcgisSession, owner: string | null | undefined): Promise<string> {
  return owner != null ? Promise.resolve(owner) : session.self().then((me) => me.username);
}

function fromOutcome(itemId: string, outcome: ItemOutcome | undefined, mode: 'share' | 'unshare'): ItemShareResultModel {
  if (!outcome) {
    return failedResult(itemId, { code: 'UPSTREAM_ERROR', message: 'ArcGIS portal returned no result for this item', backend: 'ARCGIS', upstreamCode: null });
  }
  if (outcome.error) return failedResult(itemId, outcome.error);
  let change: AccessChangeName | null = null;
  if (mode === 'unshare') change = 'REVOKED';
  return {
    itemId,
    success: outcome.success,
    notSharedWithIds: mode === 'share' ? outcome.groupsLeft : [],
    notUnsharedFromIds: mode === 'unshare' ? outcome.groupsLeft : [],
    change,
    error: null,
  };
}

/** One shareItem call. */
export async function shareOneItem(session: ArcgisSession, itemId: string, owner: string | null | undefined, targets: ShareTargets): Promise<ItemShareResultModel> {
  try {
    const resolvedOwner = await resolveOwner(session, owner);
    try {
      const outcome = await session.connector.shareItem(session.opts, resolvedOwner, itemId, targets);
      return fromOutcome(itemId, outcome, 'share');
    } finally {
      session.forget([itemId]);
    }
  } catch (err) {
    return failedResult(itemId, toShareError(err, 'ARCGIS'));
  }
}

/**
 * shareItems/unshareItems: chunks of `chunkSize` items sent with bounded
 * concurrency, merged back in input order. A chunk's failure (refused,
 * timed out, 5xx, unreadable body) is given to every item of that chunk.
 */
export async function runItemBatch(
  session: ArcgisSession,
  itemIds: readonly string[],
  owner: string | null | undefined,
  settings: BatchSettings,
  mode: 'share' | 'unshare',
  send: (owner: string, ids: readonly string[]) => Promise<Map<string, ItemOutcome>>,
): Promise<ItemShareResultModel[]> {
  let resolvedOwner: string;
  try {
    resolvedOwner = await resolveOwner(session, owner);
  } catch (err) {
    const error = toShareError(err, 'ARCGIS');
    return itemIds.map((id) => failedResult(id, error));
  }
  const chunks = chunk(itemIds, settings.chunkSize);
  const perChunk = await mapConcurrent(chunks, settings.concurrency, async (ids) => {
    try {
      const outcomes = await send(resolvedOwner, ids);
      const byLowerId = new Map([...outcomes].map(([k, v]) => [k.toLowerCase(), v]));
      return ids.map((id) => fromOutcome(id, outcomes.get(id) ?? byLowerId.get(id.toLowerCase()), mode));
    } catch (err) {
      const error = toShareError(err, 'ARCGIS');
      return ids.map((id) => failedResult(id, error));
    } finally {
      session.forget(ids);
    }
  });
  return perChunk.flat();
}

export function batchSettings(settings: ItemSettings): BatchSettings {
  return { chunkSize: settings.arcgisChunkSize, concurrency: settings.fanOutConcurrency };
}

/**
 * Mutation.shareItem: the confirmItemControl pre-check, then the dry run or
 * the share, whose notSharedWith is settled against the groups that already
 * hold the item.
 */
export async function shareItem(session: ArcgisSession, input: ShareItemInput): Promise<ItemShareResultModel> {
  startSelf(session, input.owner, input.dryRun);
  // Read alongside the pre-check (the loaders send both at once), and in full before anything is written.
  const [unreadable, before] = await Promise.all([
    precheckItemControl(session, input.groups, input.confirmItemControl),
    input.track && !input.dryRun ? readBefore(session, [input.itemId], input) : null,
  ]);
  if (input.dryRun) {
    const [preview] = await previewItemShares(session, [input.itemId], input.owner, input);
    return preview!;
  }
  if (unreadable) return trace(before, [failedResult(input.itemId, unreadable)], input)[0]!;
  const owner = new OwnerGroups(session, input.owner, prechecks(input.groups, input.confirmItemControl) ? input.groups : null);
  owner.prefetch();
  const result = await shareOneItem(session, input.itemId, input.owner, input);
  return trace(before, await settleAlreadyShared(session, [result], input, owner), input)[0]!;
}

/** The results as they are, or traced against the access read before the write. */
function trace(before: ItemsBefore | null, results: ItemShareResultModel[], input: ShareTargets): ItemShareResultModel[] {
  return before ? traceShares(before, results, input) : results;
}

/** Mutation.shareItems: as shareItem, in chunks of `arcgisChunkSize` items. */
export async function shareItems(session: ArcgisSession, input: ShareItemsInput, settings: ItemSettings): Promise<ItemShareResultModel[]> {
  startSelf(session, input.owner, input.dryRun);
  const owner = new OwnerGroups(session, input.owner, prechecks(input.groups, input.confirmItemControl) ? input.groups : null);
  // The state before may need the owner's memberships (before.ts): known once the pre-check's look-up is in.
  const precheck = precheckItemControl(session, input.groups, input.confirmItemControl);
  const membership: OwnerMembership = {
    // Who the caller is, asked next to the pre-check: when that is the owner, the caller's memberships are the owner's.
    start() {
      if (input.owner != null) session.self().catch(() => undefined);
    },
    of: async (groups) => {
      await precheck;
      const me = await session.self().catch(() => null);
      const callerOwns = input.owner == null || (me !== null && me.username.toLowerCase() === input.owner.toLowerCase());
      return (callerOwns ? new OwnerGroups(session, null, null) : owner).of(groups);
    },
  };
  const [unreadable, before] = await Promise.all([precheck, input.track && !input.dryRun ? readBefore(session, input.itemIds, input, membership) : null]);
  if (input.dryRun) return previewItemShares(session, input.itemIds, input.owner, input);
  if (unreadable)
    return trace(
      before,
      input.itemIds.map((id) => failedResult(id, unreadable)),
      input,
    );
  owner.prefetch();
  const results = await runItemBatch(session, input.itemIds, input.owner, batchSettings(settings), 'share', (name, ids) => session.connector.shareItems(session.opts, name, ids, input));
  return trace(before, await settleAlreadyShared(session, results, input, owner), input);
}
