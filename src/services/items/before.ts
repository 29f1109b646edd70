/**
 * What the sharing ledger needs to know about ArcGIS items before a write,
 * so that a real write says what it changed (trace.ts): per item, whether
 * each group asked for holds it and, where the write sets `everyone` or
 * `org`, the item's level. Read in one wave next to the write's other reads
 * (the item-control pre-check, the caller's name), and within the bounds the
 * latency issue sets for the write itself:
 *
 * - A few items (two reads each fit in one fan-out wave): exact reads,
 *   `content/items/{id}` and `content/items/{id}/groups` per item through the
 *   request's loaders, as a dry run reads them.
 * - More: the portal's item search, per 100 items, not per item
 *   (`search?q=id:(…) AND …`, connector `searchItemsById`): one search for
 *   the items in ANY of the groups asked and, with more than one group, one
 *   for the items in ALL of them; with `everyone` or `org` set, one more by
 *   id alone for the levels. An item in all is held by every group asked,
 *   one in none by none of them: a bulk share (the same groups for every
 *   item, first time or again) is settled by those two searches. An item in
 *   some of the groups is most often in all those the owner may share to
 *   (a group the owner is not in never gets the owner's items): when the
 *   owner's memberships (already-shared.ts `OwnerGroups`, read by then
 *   alongside) rule groups out, the two searches run again for those items
 *   with the other groups. Only what is still unsettled, or an item the
 *   level search does not find (new, or behind the index), is read exactly,
 *   through the loaders.
 *
 * The search index can lag behind a share made moments before ("There may
 * be a lag between the time the content is updated and the time it's
 * reflected in the search results", the search docs): such a share reads as
 * absent, and the write is recorded as GRANTED where it left the group as it
 * was. A share that takes access away (`everyone: false` or `org: false`)
 * needs every group of the item to tell the level it leaves, which only the
 * exact reads give, so it is always read exactly.
 *
 * Never rejects: a read that fails is the error of each item it was for, and
 * the write goes ahead recorded without the state before (trace.ts).
 */
import type { ArcgisSession } from '../../sessions/arcgis';
import { SEARCH_PAGE_MAX } from '../../connectors/arcgis';
import type { ItemInfo, ItemSearchGroups } from '../../connectors/arcgis';
import { toShareError } from '../../errors';
import type { ShareErrorValue } from '../../errors';
import { chunk, mapConcurrent } from '../../util/map-concurrent';
import { isLevel, readCurrent } from './preview';
import type { Level } from './preview';

/**
 * An item's access before a write, as far as tracing needs it: its level
 * (null where the write does not touch it and it was not read) and the
 * groups holding it, lower-case ids: every group the caller may see after
 * an exact read, and at least those asked for after a search.
 */
export interface Before {
  level: Level | null;
  groups: Set<string>;
}

/** Each item's access before the write, in input order; an error where it could not be read. */
export type ItemsBefore = Array<Before | ShareErrorValue>;

/** What the write is about to change, as far as reading the state before needs it. */
export interface BeforeAsked {
  groups?: readonly string[] | null;
  everyone?: boolean | null;
  org?: boolean | null;
}

/** The owner's memberships, which the searches may need to settle items in some of the groups. */
export interface OwnerMembership {
  /** Starts what `of` will need, next to the first searches; called only when they may need it. */
  start(): void;
  /** Whether the items' owner is in each group (lower-case id): false only where known not to be. */
  of(groupIds: readonly string[]): Promise<Map<string, boolean | null>>;
}

/** Starts reading the items' access before a write; see the module comment. */
export function readBefore(session: ArcgisSession, itemIds: readonly string[], asked: BeforeAsked, membership: OwnerMembership | null = null): Promise<ItemsBefore> {
  const read = exactly(session, itemIds, asked) ? readCurrent(session, itemIds) : searchBefore(session, itemIds, asked, membership);
  return read.catch((err: unknown) => {
    const error = toShareError(err, 'ARCGIS');
    return itemIds.map(() => error);
  });
}

/** Exact reads: few items, or a share that lowers the level (see the module comment). */
function exactly(session: ArcgisSession, itemIds: readonly string[], asked: BeforeAsked): boolean {
  return itemIds.length * 2 <= session.concurrency || asked.everyone === false || asked.org === false;
}

const lower = (s: string) => s.toLowerCase();

/** What the searches of one chunk found: the items by lower-case id (levels), and the lower-case ids in any and in all of the groups. */
interface ChunkFound {
  levels: Map<string, ItemInfo> | null;
  inAny: Set<string> | null;
  inAll: Set<string> | null;
}

async function searchBefore(session: ArcgisSession, itemIds: readonly string[], asked: BeforeAsked, membership: OwnerMembership | null): Promise<ItemsBefore> {
  const groups = [...new Map((asked.groups ?? []).map((g) => [lower(g), g])).values()];
  const needLevel = asked.everyone != null || asked.org != null;
  if (groups.length > 1) membership?.start();
  const out = await searchRound(session, itemIds, groups, needLevel);
  const open = () => itemIds.flatMap((_id, i) => (out[i] === null ? [i] : []));
  // Items in some of the groups: search again without the groups the owner is known not to be in.
  if (open().length > 0 && membership && groups.length > 1) {
    const member = await membership.of(groups).catch(() => new Map<string, boolean | null>());
    const shareable = groups.filter((g) => member.get(lower(g)) !== false);
    if (shareable.length < groups.length) {
      const positions = open();
      const again = await searchRound(
        session,
        positions.map((i) => itemIds[i]!),
        shareable,
        needLevel,
      );
      positions.forEach((i, k) => (out[i] = again[k]!));
    }
  }
  const positions = open();
  if (positions.length === 0) return out as ItemsBefore;
  const exact = await readCurrent(
    session,
    positions.map((i) => itemIds[i]!),
  );
  positions.forEach((i, k) => (out[i] = exact[k]!));
  return out as ItemsBefore;
}

/**
 * One round of searches over `itemIds` for `groups`: each item's state
 * before, its chunk's error, or null where these searches cannot tell.
 */
async function searchRound(session: ArcgisSession, itemIds: readonly string[], groups: readonly string[], needLevel: boolean): Promise<Array<Before | ShareErrorValue | null>> {
  const chunks = chunk(itemIds, SEARCH_PAGE_MAX);
  type Task = { chunk: number; kind: keyof ChunkFound };
  const tasks: Task[] = chunks.flatMap((_ids, c): Task[] => [
    ...(needLevel ? [{ chunk: c, kind: 'levels' as const }] : []),
    ...(groups.length > 0 ? [{ chunk: c, kind: 'inAny' as const }] : []),
    ...(groups.length > 1 ? [{ chunk: c, kind: 'inAll' as const }] : []),
  ]);
  const answers = await mapConcurrent(tasks, session.concurrency, ({ chunk: c, kind }) => {
    const inGroups: ItemSearchGroups | null = kind === 'levels' ? null : { groups, match: kind === 'inAny' ? 'any' : 'all' };
    return session.connector.searchItemsById(session.opts, chunks[c]!, inGroups).catch((err: unknown) => toShareError(err, 'ARCGIS'));
  });
  const found: ChunkFound[] = chunks.map(() => ({ levels: null, inAny: null, inAll: null }));
  const failures = new Map<number, ShareErrorValue>();
  tasks.forEach((t, i) => {
    const answer = answers[i]!;
    if (!Array.isArray(answer)) {
      failures.set(t.chunk, answer);
      return;
    }
    const into = found[t.chunk]!;
    if (t.kind === 'levels') into.levels = new Map(answer.map((item) => [lower(item.id), item]));
    else into[t.kind] = new Set(answer.map((item) => lower(item.id)));
  });
  return itemIds.map((id, i) => {
    const c = Math.floor(i / SEARCH_PAGE_MAX);
    const failure = failures.get(c);
    if (failure) return failure;
    const f = found[c]!;
    const key = lower(id);
    let level: Level | null = null;
    if (needLevel) {
      const access = f.levels!.get(key)?.access.toLowerCase();
      if (access === undefined || !isLevel(access)) return null;
      level = access;
    }
    if (groups.length === 0) return { level, groups: new Set<string>() };
    const inAny = f.inAny!.has(key);
    const inAll = groups.length === 1 ? inAny : f.inAll!.has(key);
    if (!inAny) return { level, groups: new Set<string>() };
    if (inAll) return { level, groups: new Set(groups.map(lower)) };
    return null;
  });
}
