/**
 * Dry runs for ArcGIS items: read the current access (item and its groups,
 * through the per-request loaders), predict the portal's verdict from the
 * documented rules, and send no write. What cannot be known from reads (an
 * org admin acting for an owner, say) is predicted from the caller's own
 * group membership, which is what the portal checks for a plain owner.
 */
import type { ArcgisSession } from '../context';
import type { ItemInfo } from '../connectors/arcgis';
import { toShareError } from '../errors';
import type { ShareErrorValue } from '../errors';
import type { AccessChangeName, GroupModel, ItemShareResultModel } from '../models';
import { failedResult, resolveOwner } from './item-sharing';

type Level = 'private' | 'shared' | 'org' | 'public';
const RANK: Record<Level, number> = { private: 0, shared: 1, org: 2, public: 3 };

export interface PreviewTargets {
  groups?: readonly string[] | null;
  everyone?: boolean | null;
  org?: boolean | null;
}

function wouldFail(itemId: string, error: ShareErrorValue, notSharedWithIds: string[] = []): ItemShareResultModel {
  return { ...failedResult(itemId, error), notSharedWithIds, change: 'WOULD_FAIL' };
}

function levelOf(everyone: boolean, org: boolean, groupCount: number): Level {
  if (everyone) return 'public';
  if (org) return 'org';
  return groupCount > 0 ? 'shared' : 'private';
}

interface Current {
  item: ItemInfo;
  groups: Set<string>;
}

async function readCurrent(session: ArcgisSession, itemIds: readonly string[]): Promise<Array<Current | ShareErrorValue>> {
  const [items, groups] = await Promise.all([session.items.loadMany(itemIds), session.itemGroups.loadMany(itemIds)]);
  return itemIds.map((id, i) => {
    const item = items[i];
    const held = groups[i];
    if (item instanceof Error) return toShareError(item, 'ARCGIS');
    if (!item) return { code: 'NOT_FOUND', message: 'ArcGIS portal reports that the item does not exist or is not accessible', backend: 'ARCGIS', upstreamCode: null };
    if (held instanceof Error) return toShareError(held, 'ARCGIS');
    return { item, groups: new Set((held ?? []).map((g) => g.id.toLowerCase())) };
  });
}

const isError = (v: Current | ShareErrorValue): v is ShareErrorValue => 'code' in v;

function ownerMismatch(owner: string): ShareErrorValue {
  return { code: 'NOT_FOUND', message: `ArcGIS portal would report that the item is not among ${owner}'s items`, backend: 'ARCGIS', upstreamCode: null };
}

export async function previewItemShares(session: ArcgisSession, itemIds: readonly string[], owner: string | null | undefined, targets: PreviewTargets): Promise<ItemShareResultModel[]> {
  let resolvedOwner: string;
  try {
    resolvedOwner = await resolveOwner(session, owner);
  } catch (err) {
    const error = toShareError(err, 'ARCGIS');
    return itemIds.map((id) => wouldFail(id, error));
  }
  const wanted = targets.groups ?? [];
  const [current, groups] = await Promise.all([readCurrent(session, itemIds), session.groups.loadMany(wanted)]);
  const shareable = (g: GroupModel | null | Error): boolean => g !== null && !(g instanceof Error) && (g.memberType ?? 'none') !== 'none';
  return itemIds.map((itemId, i) => {
    const now = current[i]!;
    if (isError(now)) return wouldFail(itemId, now);
    if (now.item.owner !== null && now.item.owner.toLowerCase() !== resolvedOwner.toLowerCase()) return wouldFail(itemId, ownerMismatch(resolvedOwner));
    const refused = wanted.filter((g, j) => !now.groups.has(g.toLowerCase()) && !shareable(groups[j]!));
    const added = wanted.filter((g, j) => !now.groups.has(g.toLowerCase()) && shareable(groups[j]!));
    const before = now.item.access as Level;
    const everyone = targets.everyone ?? before === 'public';
    const org = targets.org ?? before === 'org';
    const after = levelOf(everyone, org, now.groups.size + added.length);
    let change: AccessChangeName;
    if (RANK[after] < RANK[before]) change = 'DOWNGRADED';
    else if (RANK[after] > RANK[before]) change = before === 'private' ? 'GRANTED' : 'UPGRADED';
    else if (added.length > 0) change = 'GRANTED';
    else if (refused.length > 0) change = 'WOULD_FAIL';
    else change = 'UNCHANGED';
    if (change === 'WOULD_FAIL') {
      return wouldFail(itemId, { code: 'FORBIDDEN', message: 'The owner is not a member of the groups asked for', backend: 'ARCGIS', upstreamCode: null }, refused);
    }
    return { itemId, success: true, notSharedWithIds: refused, notUnsharedFromIds: [], change, error: null };
  });
}

export async function previewItemUnshares(session: ArcgisSession, itemIds: readonly string[], owner: string | null | undefined, groups: readonly string[], withdrawPublic: boolean): Promise<ItemShareResultModel[]> {
  let resolvedOwner: string;
  try {
    resolvedOwner = await resolveOwner(session, owner);
  } catch (err) {
    const error = toShareError(err, 'ARCGIS');
    return itemIds.map((id) => wouldFail(id, error));
  }
  const current = await readCurrent(session, itemIds);
  return itemIds.map((itemId, i) => {
    const now = current[i]!;
    if (isError(now)) return wouldFail(itemId, now);
    if (now.item.owner !== null && now.item.owner.toLowerCase() !== resolvedOwner.toLowerCase()) return wouldFail(itemId, ownerMismatch(resolvedOwner));
    const removes = groups.some((g) => now.groups.has(g.toLowerCase()));
    const lowers = withdrawPublic && (now.item.access === 'org' || now.item.access === 'public');
    return { itemId, success: true, notSharedWithIds: [], notUnsharedFromIds: [], change: removes || lowers ? 'REVOKED' : 'UNCHANGED', error: null };
  });
}
