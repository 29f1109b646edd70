/**
 * A share that is already in place is a success. Portal users report that
 * sharing an item with a group that already holds it can list that group in
 * `notSharedWith` (arcgis-rest-js PR #207 searches first to avoid it). Rather
 * than pay a read before every share, the gateway looks only at what an
 * answer lists in notSharedWith, after the share, and as little as it can:
 *
 * - Nothing at all for a group the item's owner is not a member of. The
 *   owner shares only to groups they belong to, so no share of theirs can be
 *   in place there, and the portal's "not shared" stands. Who is a member
 *   comes from the group loader when the caller is the owner (a group's
 *   `userMembership` is the caller's), and otherwise from one read of the
 *   owner's groups (`community/users/{owner}`), which `shareItems` may start
 *   alongside the share calls when the pre-check already shows a group the
 *   caller is not in (see `OwnerGroups`).
 * - For the owner's groups, one group content search per group and 100 items
 *   (`content/groups/{id}/search?q=id:(…)`), not one read per item.
 * - Per-item reads (`content/items/{id}/groups`) only for the pairs that
 *   search did not confirm: its index lags behind recent shares.
 *
 * A read that fails keeps the portal's own answer rather than guess.
 *
 * The item's `change` becomes UNCHANGED only when the answer proves nothing
 * moved: every group asked for already held the item and the call set
 * neither org nor everyone. When another group was granted in the same call,
 * or org/everyone was set, the answer cannot tell what changed, so `change`
 * stays as it was (null).
 */
import type { ArcgisSession } from '../../sessions/arcgis';
import type { GroupModel, ItemShareResultModel, ItemShareTargets } from '../../models';
import { SEARCH_PAGE_MAX } from '../../connectors/arcgis';
import { chunk, mapConcurrent } from '../../util/map-concurrent';

/** What the share asked for, as far as settling needs it. */
export type AskedShare = ItemShareTargets;

const MEMBER_TYPES = new Set(['owner', 'admin', 'member']);

/** Whether the owner is in a group: true, false, or null when it cannot be told (a read failed). */
type Membership = boolean | null;

/**
 * Whether the owner of the items is in the groups an answer listed, found out
 * with at most one read per operation. `owner` is the name the caller gave,
 * or null/undefined when the caller shares their own items; `prechecked` are
 * the groups the item-control pre-check loaded (null when it did not run).
 */
export class OwnerGroups {
  private read: Promise<Set<string> | null> | null = null;

  constructor(
    private readonly session: ArcgisSession,
    private readonly owner: string | null | undefined,
    private readonly prechecked: readonly string[] | null,
  ) {}

  /** The caller is the owner: the group loader's memberships are the owner's, and nothing need be read. */
  private get callerIsOwner(): boolean {
    return this.owner == null;
  }

  /**
   * Starts reading the owner's groups now, next to the share calls, when a
   * group the pre-check loaded is one the caller is not in: the portal will
   * most likely list it in notSharedWith, and only the owner's groups tell
   * whether it could hold a share of theirs. Nothing is read when the caller
   * is the owner (the loader knows) or when every group is the caller's, so
   * that a share with no refusal makes no extra call.
   */
  prefetch(): void {
    if (this.callerIsOwner || !this.prechecked || this.prechecked.length === 0) return;
    // Served from the loader's cache (the pre-check loaded them); loadMany puts failures in slots, never rejects.
    void this.session.groups.loadMany(this.prechecked).then((found) => {
      if (found.some((g) => membershipOf(g) !== true)) void this.ownerGroupIds();
    });
  }

  private ownerGroupIds(): Promise<Set<string> | null> {
    this.read ??= this.session.connector.getUserGroupIds(this.session.opts, this.owner!).catch(() => null);
    return this.read;
  }

  /** The owner's membership of each group (lower-case id to Membership). */
  async of(groupIds: readonly string[]): Promise<Map<string, Membership>> {
    const out = new Map<string, Membership>();
    if (this.callerIsOwner) {
      const found = await this.session.groups.loadMany(groupIds);
      groupIds.forEach((id, i) => out.set(id.toLowerCase(), membershipOf(found[i])));
      return out;
    }
    // A group of the caller's is most likely the owner's too (the caller usually is the owner):
    // it is looked at anyway, so the owner's groups are read only for the others.
    const callers = new Set<string>();
    if (this.prechecked) {
      const asked = new Set(this.prechecked.map((g) => g.toLowerCase()));
      const known = groupIds.filter((g) => asked.has(g.toLowerCase()));
      const found = await this.session.groups.loadMany(known);
      known.forEach((id, i) => {
        if (membershipOf(found[i]) === true) callers.add(id.toLowerCase());
      });
    }
    const others = groupIds.filter((g) => !callers.has(g.toLowerCase()));
    const ids = others.length > 0 ? await this.ownerGroupIds() : null;
    for (const id of groupIds) out.set(id.toLowerCase(), callers.has(id.toLowerCase()) ? null : ids ? ids.has(id.toLowerCase()) : null);
    return out;
  }
}

/**
 * The caller's (here: the owner's) membership as the loaded group says. A
 * group the portal does not show them is not theirs: a member sees their
 * group. A failed look-up, or an answer without userMembership, tells nothing.
 */
function membershipOf(g: GroupModel | null | Error | undefined): Membership {
  if (g === null) return false;
  if (g === undefined || g instanceof Error || g.memberType === null || g.memberType === undefined) return null;
  return MEMBER_TYPES.has(g.memberType);
}

const lower = (s: string) => s.toLowerCase();

export async function settleAlreadyShared(session: ArcgisSession, results: ItemShareResultModel[], asked: AskedShare, owner: OwnerGroups): Promise<ItemShareResultModel[]> {
  const suspects = results.filter((r) => r.error === null && r.notSharedWithIds.length > 0);
  if (suspects.length === 0) return results;
  const listed = [...new Map(suspects.flatMap((r) => r.notSharedWithIds).map((g) => [lower(g), g])).values()];
  const member = await owner.of(listed);
  // Only the owner's groups (or those whose membership could not be told) can hold a share of theirs.
  const toLook = new Map<string, { groupId: string; itemIds: string[] }>();
  for (const r of suspects) {
    for (const g of r.notSharedWithIds) {
      if (member.get(lower(g)) === false) continue;
      const entry = toLook.get(lower(g)) ?? { groupId: g, itemIds: [] };
      entry.itemIds.push(r.itemId);
      toLook.set(lower(g), entry);
    }
  }
  const held = await heldShares(session, [...toLook.values()]);
  const askedGroups = (asked.groups ?? []).map(lower);
  const setsAccess = asked.everyone != null || asked.org != null;
  return results.map((r) => {
    const holding = held.get(lower(r.itemId));
    if (!holding) return r;
    const stillNotShared = r.notSharedWithIds.filter((g) => !holding.has(lower(g)));
    if (stillNotShared.length === r.notSharedWithIds.length) return r;
    const allInPlace = stillNotShared.length === 0;
    // Every group asked for was answered as "not shared" and found holding the item: nothing moved.
    const answeredHeld = new Set(r.notSharedWithIds.filter((g) => holding.has(lower(g))).map(lower));
    const nothingMoved = allInPlace && !setsAccess && askedGroups.length > 0 && askedGroups.every((g) => answeredHeld.has(g));
    return { ...r, notSharedWithIds: stillNotShared, success: allInPlace ? true : r.success, change: nothingMoved ? 'UNCHANGED' : r.change };
  });
}

/**
 * Which of the (group, items) pairs are shares in place: lower-case item id
 * to the lower-case ids of the groups found holding it. Group content
 * searches first, all at once within the session's fan-out bound; then one item-groups
 * read for each item a search did not confirm in some group (a search that
 * failed confirms nothing and sends nothing further: the portal is failing).
 */
async function heldShares(session: ArcgisSession, pairs: ReadonlyArray<{ groupId: string; itemIds: string[] }>): Promise<Map<string, Set<string>>> {
  const held = new Map<string, Set<string>>();
  const add = (itemId: string, groupId: string) => {
    const set = held.get(lower(itemId)) ?? new Set<string>();
    set.add(lower(groupId));
    held.set(lower(itemId), set);
  };
  const searches = pairs.flatMap(({ groupId, itemIds }) => chunk(itemIds, SEARCH_PAGE_MAX).map((ids) => ({ groupId, ids })));
  const found = await mapConcurrent(searches, session.concurrency, ({ groupId, ids }) => session.connector.searchGroupContentById(session.opts, groupId, ids).catch(() => null));
  const unconfirmed = new Map<string, string[]>();
  searches.forEach(({ groupId, ids }, i) => {
    const hits = found[i];
    if (!hits) return;
    for (const id of ids) {
      if (hits.has(lower(id))) add(id, groupId);
      else unconfirmed.set(id, [...(unconfirmed.get(id) ?? []), groupId]);
    }
  });
  if (unconfirmed.size === 0) return held;
  const itemIds = [...unconfirmed.keys()];
  const lists = await session.itemGroups.loadMany(itemIds);
  itemIds.forEach((itemId, i) => {
    const list = lists[i];
    if (!list || list instanceof Error) return;
    const holding = new Set(list.map((g) => lower(g.id)));
    for (const g of unconfirmed.get(itemId)!) if (holding.has(lower(g))) add(itemId, g);
  });
  return held;
}
