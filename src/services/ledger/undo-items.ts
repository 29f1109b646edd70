/**
 * Undoing recorded ArcGIS changes with the caller's own token. The items'
 * access is read once, through the request's loaders (as a dry run reads
 * it); each change whose item no longer shows the operation's `after` is
 * left alone with CONFLICT. The rest are put back per item, with at most
 * two calls each: one share (`content/users/{owner}/items/{id}/share`) for
 * the groups to give back and the level to restore, one `unshareItems` for
 * the groups to take away.
 *
 * A group given back gets `confirmItemControl=true`: the item was in it
 * before, so its owner had confirmed that the group's members may update it.
 * A level is restored as the portal sets levels: PUBLIC with everyone=true,
 * ORG with everyone=false&org=true, SHARED or PRIVATE with both false (the
 * groups decide between the two).
 * https://developers.arcgis.com/rest/users-groups-and-items/share-item-as-item-owner
 * https://developers.arcgis.com/rest/users-groups-and-items/unshare-items
 */
import type { ArcgisSession } from '../../sessions/arcgis';
import type { ItemOutcome, ShareTargets } from '../../connectors/arcgis';
import { toShareError } from '../../errors';
import type { ShareErrorValue } from '../../errors';
import type { ChangeRecord } from '../../ledger';
import type { AccessChangeName } from '../../models';
import { mapConcurrent } from '../../util/map-concurrent';
import { isError, readCurrent } from '../items/preview';
import type { Current, Level } from '../items/preview';
import { IN_GROUP, levelChange, levelName } from '../items/trace';
import { conflict, failed, targetsOf } from './undo-model';
import type { UndoResultModel } from './undo-model';

const LEVEL_PRINCIPALS = new Set(['everyone', 'org']);
const isLevelChange = (c: ChangeRecord) => LEVEL_PRINCIPALS.has(c.principalId);
const asLevel = (access: string | null): Level | null => {
  const level = access?.toLowerCase();
  return level === 'private' || level === 'shared' || level === 'org' || level === 'public' ? level : null;
};

/** The access a change's principal has on the item now, as the ledger writes it. */
function accessNow(now: Current, c: ChangeRecord): string | null {
  if (isLevelChange(c)) return levelName(now.level);
  return now.groups.has(c.principalId.toLowerCase()) ? IN_GROUP : null;
}

/** What putting `c.before` back changes, from the access now. */
function undoChange(now: Current, c: ChangeRecord): AccessChangeName {
  if (isLevelChange(c)) return levelChange(now.level, asLevel(c.before) ?? 'private');
  return c.before === null ? 'REVOKED' : 'GRANTED';
}

function levelTargets(level: Level): Pick<ShareTargets, 'everyone' | 'org'> {
  if (level === 'public') return { everyone: true };
  if (level === 'org') return { everyone: false, org: true };
  return { everyone: false, org: false };
}

interface Judged {
  change: ChangeRecord;
  now: Current | null;
  /** Set when the change is left alone or cannot be undone. */
  outcome: UndoResultModel | null;
}

export async function undoItemChanges(session: ArcgisSession, changes: readonly ChangeRecord[], dryRun: boolean, concurrency: number): Promise<UndoResultModel[]> {
  const itemIds = targetsOf(changes);
  const current = await readCurrent(session, itemIds);
  const nowOf = new Map(itemIds.map((id, i) => [id, current[i]!]));
  const judged: Judged[] = changes.map((c) => {
    const now = nowOf.get(c.targetId)!;
    if (isError(now)) return { change: c, now: null, outcome: failed(c, now) };
    const access = accessNow(now, c);
    if (access !== c.after) return { change: c, now, outcome: conflict(c, access, 'ARCGIS') };
    return { change: c, now, outcome: null };
  });
  const planned = (j: Judged): UndoResultModel => ({
    targetId: j.change.targetId,
    principalId: j.change.principalId,
    success: true,
    change: undoChange(j.now!, j.change),
    error: null,
    before: j.change.after,
    after: j.change.before,
  });
  if (dryRun) return judged.map((j) => j.outcome ?? planned(j));

  const toWrite = itemIds.filter((id) => judged.some((j) => j.outcome === null && j.change.targetId === id));
  const written = new Map<Judged, ShareErrorValue | null>();
  try {
    await mapConcurrent(toWrite, concurrency, async (itemId) => {
      const mine = judged.filter((j) => j.outcome === null && j.change.targetId === itemId);
      for (const [j, error] of await writeItem(session, itemId, mine)) written.set(j, error);
    });
  } finally {
    session.forget(toWrite);
  }
  return judged.map((j) => {
    if (j.outcome) return j.outcome;
    const error = written.get(j) ?? null;
    return error ? failed(j.change, error, j.change.after) : planned(j);
  });
}

const REFUSED: ShareErrorValue = {
  code: 'FORBIDDEN',
  message: 'ArcGIS portal did not apply this change (it listed the group in notSharedWith or notUnsharedFrom)',
  backend: 'ARCGIS',
  upstreamCode: null,
};

/** Whether an item's answer shows the change to `principalId` applied. */
function applied(outcome: ItemOutcome | undefined, principalId: string): boolean {
  return outcome !== undefined && outcome.error === null && outcome.success && !outcome.groupsLeft.some((g) => g.toLowerCase() === principalId.toLowerCase());
}

/**
 * One item's undo: the share for groups given back and the level, the
 * unshare for groups taken away. Each change's error, or null where it was
 * applied. Never throws.
 */
async function writeItem(session: ArcgisSession, itemId: string, mine: readonly Judged[]): Promise<Map<Judged, ShareErrorValue | null>> {
  const out = new Map<Judged, ShareErrorValue | null>();
  const settle = (js: readonly Judged[], outcome: ItemOutcome | undefined) => {
    for (const j of js) out.set(j, applied(outcome, j.change.principalId) ? null : (outcome?.error ?? REFUSED));
  };
  const failAll = (js: readonly Judged[], err: unknown) => {
    for (const j of js) out.set(j, toShareError(err, 'ARCGIS'));
  };
  const now = mine[0]!.now!;
  let owner: string;
  try {
    owner = now.item.owner ?? (await session.self()).username;
  } catch (err) {
    failAll(mine, err);
    return out;
  }
  const level = mine.filter((j) => isLevelChange(j.change)).at(-1);
  const giveBack = mine.filter((j) => !isLevelChange(j.change) && j.change.before !== null);
  const takeAway = mine.filter((j) => !isLevelChange(j.change) && j.change.before === null);
  const sharing = level ? [...giveBack, level] : giveBack;
  if (sharing.length > 0) {
    const targets: ShareTargets = {
      ...(giveBack.length > 0 ? { groups: giveBack.map((j) => j.change.principalId), confirmItemControl: true } : {}),
      ...(level ? levelTargets(asLevel(level.change.before) ?? 'private') : {}),
    };
    try {
      settle(sharing, await session.connector.shareItem(session.opts, owner, itemId, targets));
    } catch (err) {
      failAll(sharing, err);
    }
  }
  if (takeAway.length > 0) {
    try {
      const outcomes = await session.connector.unshareItems(
        session.opts,
        owner,
        [itemId],
        takeAway.map((j) => j.change.principalId),
      );
      settle(takeAway, outcomes.get(itemId) ?? [...outcomes.values()].find((o) => o.itemId.toLowerCase() === itemId.toLowerCase()));
    } catch (err) {
      failAll(takeAway, err);
    }
  }
  return out;
}
