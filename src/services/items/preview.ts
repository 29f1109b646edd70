/**
 * Dry runs for ArcGIS items: read who the caller is, the current access
 * (item and its groups, through the per-request loaders) and the groups
 * asked for, predict the portal's verdict, and send no write.
 *
 * The prediction follows the rules the simulator implements (see
 * src/simulators/arcgis/state.ts), which are the documented ones:
 * - only the owner or an org admin may act on an owner's items; anyone else
 *   gets a 403 for the whole call (WOULD_FAIL, FORBIDDEN);
 * - an item that is not the owner's, or not visible, is "does not exist or
 *   is inaccessible" (WOULD_FAIL, NOT_FOUND);
 * - the owner shares only to groups they belong to; an org admin (role
 *   org_admin without a custom roleId, as arcgis-rest-js decides) acting for
 *   the owner shares a private or group-shared item only to groups the owner
 *   belongs to too, and an org or public one to any group they can see ("The
 *   items with a private sharing level may only be shared to groups the item
 *   owner has sharing access to", share-item-as-group-admin docs); other
 *   groups would come back in notSharedWith. When
 *   that is all the share would do, the item WOULD_FAIL with FORBIDDEN;
 *   next to a real change, they are listed in notSharedWith as a real run
 *   would list them;
 * - a share never removes a group, so an item shared with groups stays at
 *   least SHARED (even when the caller cannot see those groups).
 */
import type { ArcgisSession } from '../../sessions/arcgis';
import { isOrgAdmin } from '../../connectors/arcgis';
import type { ItemInfo, SelfInfo } from '../../connectors/arcgis';
import { toShareError } from '../../errors';
import type { ShareErrorValue } from '../../errors';
import type { AccessChangeName, GroupModel, ItemShareResultModel, ItemShareTargets } from '../../models';

export type Level = 'private' | 'shared' | 'org' | 'public';
export const RANK: Record<Level, number> = { private: 0, shared: 1, org: 2, public: 3 };

export type PreviewTargets = ItemShareTargets;

function wouldFail(itemId: string, error: ShareErrorValue, notSharedWithIds: string[] = []): ItemShareResultModel {
  return { itemId, success: false, notSharedWithIds, notUnsharedFromIds: [], change: 'WOULD_FAIL', error };
}

export const isLevel = (s: string): s is Level => s in RANK;

/** An item's access as the portal reports it: its level and the groups holding it (ids in lower case). */
export interface Current {
  item: ItemInfo;
  level: Level;
  groups: Set<string>;
}

/** Each item's access through the request's loaders (one GET of the item and one of its groups, batched); an error where either read failed. */
export async function readCurrent(session: ArcgisSession, itemIds: readonly string[]): Promise<Array<Current | ShareErrorValue>> {
  const [items, groups] = await Promise.all([session.items.loadMany(itemIds), session.itemGroups.loadMany(itemIds)]);
  return itemIds.map((id, i) => {
    const item = items[i];
    const held = groups[i];
    if (item instanceof Error) return toShareError(item, 'ARCGIS');
    if (!item) return { code: 'NOT_FOUND', message: 'ArcGIS portal reports that the item does not exist or is not accessible', backend: 'ARCGIS', upstreamCode: null };
    if (held instanceof Error) return toShareError(held, 'ARCGIS');
    const level = item.access.toLowerCase();
    if (!isLevel(level)) return { code: 'UPSTREAM_ERROR', message: 'ArcGIS portal reported an access level the gateway does not know', backend: 'ARCGIS', upstreamCode: null };
    return { item, level, groups: new Set((held ?? []).map((g) => g.id.toLowerCase())) };
  });
}

/** A read that failed, told from the state it would have given (a Current, or before.ts's Before). */
export const isError = <T extends object>(v: T | ShareErrorValue): v is ShareErrorValue => 'code' in v;

function ownerMismatch(owner: string): ShareErrorValue {
  return { code: 'NOT_FOUND', message: `ArcGIS portal would report that the item is not among ${owner}'s items`, backend: 'ARCGIS', upstreamCode: null };
}

function notAllowed(owner: string): ShareErrorValue {
  return { code: 'FORBIDDEN', message: `ArcGIS portal would refuse: only ${owner} or an org administrator may change these items`, backend: 'ARCGIS', upstreamCode: null };
}

const REFUSED: ShareErrorValue = { code: 'FORBIDDEN', message: 'The owner is not a member of the groups asked for', backend: 'ARCGIS', upstreamCode: null };

interface Actor {
  owner: string;
  isAdmin: boolean;
  /** The caller acts for another user (an org admin on the owner's behalf). */
  forOther: boolean;
}

/** The owner acted for and whether the caller is an org admin; an error when the portal would refuse the call. */
async function actorOf(session: ArcgisSession, owner: string | null | undefined): Promise<Actor | ShareErrorValue> {
  let me: SelfInfo;
  try {
    me = await session.self();
  } catch (err) {
    return toShareError(err, 'ARCGIS');
  }
  const resolved = owner ?? me.username;
  const isAdmin = isOrgAdmin(me);
  const forOther = resolved.toLowerCase() !== me.username.toLowerCase();
  if (forOther && !isAdmin) return notAllowed(resolved);
  return { owner: resolved, isAdmin, forOther };
}

const isActorError = (v: Actor | ShareErrorValue): v is ShareErrorValue => 'code' in v;

function ownedBy(now: Current, owner: string): boolean {
  return now.item.owner === null || now.item.owner.toLowerCase() === owner.toLowerCase();
}

export async function previewItemShares(session: ArcgisSession, itemIds: readonly string[], owner: string | null | undefined, targets: PreviewTargets): Promise<ItemShareResultModel[]> {
  const actor = await actorOf(session, owner);
  if (isActorError(actor)) return itemIds.map((id) => wouldFail(id, actor));
  const wanted = targets.groups ?? [];
  const [current, groups] = await Promise.all([readCurrent(session, itemIds), session.groups.loadMany(wanted)]);
  const lookupFailure = groups.find((g): g is Error => g instanceof Error);
  if (lookupFailure) {
    // Whether the owner may share to a group cannot be told without the group.
    const error = toShareError(lookupFailure, 'ARCGIS');
    return itemIds.map((id) => wouldFail(id, error));
  }
  // An admin acting for the owner needs the owner's groups: a group's memberType is the caller's.
  let ownerGroups: Set<string> | null = null;
  if (actor.forOther && wanted.length > 0) {
    try {
      ownerGroups = await session.connector.getUserGroupIds(session.opts, actor.owner);
    } catch (err) {
      const error = toShareError(err, 'ARCGIS');
      return itemIds.map((id) => wouldFail(id, error));
    }
  }
  const ownerIn = (g: GroupModel): boolean => (ownerGroups ? ownerGroups.has(g.id.toLowerCase()) : ['owner', 'admin', 'member'].includes(g.memberType ?? 'none'));
  const shareable = (g: GroupModel | null | Error | undefined, level: Level): boolean => !!g && !(g instanceof Error) && (ownerIn(g) || (actor.isAdmin && (level === 'org' || level === 'public')));
  return itemIds.map((itemId, i) => {
    const now = current[i]!;
    if (isError(now)) return wouldFail(itemId, now);
    if (!ownedBy(now, actor.owner)) return wouldFail(itemId, ownerMismatch(actor.owner));
    const fresh = wanted.map((g, j) => [g, groups[j]] as const).filter(([g]) => !now.groups.has(g.toLowerCase()));
    const added = fresh.filter(([, g]) => shareable(g, now.level)).map(([id]) => id);
    const refused = fresh.filter(([, g]) => !shareable(g, now.level)).map(([id]) => id);
    const before = now.level;
    const everyone = targets.everyone ?? before === 'public';
    const org = targets.org ?? before === 'org';
    const hasGroups = before === 'shared' || now.groups.size > 0 || added.length > 0;
    const after: Level = everyone ? 'public' : org ? 'org' : hasGroups ? 'shared' : 'private';
    let change: AccessChangeName;
    if (RANK[after] < RANK[before]) change = 'DOWNGRADED';
    else if (RANK[after] > RANK[before]) change = before === 'private' ? 'GRANTED' : 'UPGRADED';
    else if (added.length > 0) change = 'GRANTED';
    else if (refused.length > 0) return wouldFail(itemId, REFUSED, refused);
    else change = 'UNCHANGED';
    return { itemId, success: true, notSharedWithIds: refused, notUnsharedFromIds: [], change, error: null };
  });
}

export async function previewItemUnshares(
  session: ArcgisSession,
  itemIds: readonly string[],
  owner: string | null | undefined,
  groups: readonly string[],
  withdrawPublic: boolean,
): Promise<ItemShareResultModel[]> {
  const actor = await actorOf(session, owner);
  if (isActorError(actor)) return itemIds.map((id) => wouldFail(id, actor));
  const [current, found] = await Promise.all([readCurrent(session, itemIds), session.groups.loadMany(groups)]);
  // The simulator lists a group it does not know in notUnsharedFrom (the portal's answer is not documented).
  const unknown = groups.filter((_g, j) => found[j] === null);
  return itemIds.map((itemId, i) => {
    const now = current[i]!;
    if (isError(now)) return wouldFail(itemId, now);
    if (!ownedBy(now, actor.owner)) return wouldFail(itemId, ownerMismatch(actor.owner));
    const removes = groups.some((g) => now.groups.has(g.toLowerCase()));
    const lowers = withdrawPublic && (now.level === 'org' || now.level === 'public');
    return { itemId, success: true, notSharedWithIds: [], notUnsharedFromIds: unknown, change: removes || lowers ? 'REVOKED' : 'UNCHANGED', error: null };
  });
}
