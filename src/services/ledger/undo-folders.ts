/**
 * Undoing recorded folder changes (OCM, ONLYOFFICE) with the caller's own
 * credential. Each folder's grants are read once (as folderAccess reads
 * them); a recipient whose role there is no longer the operation's `after`
 * is left alone with CONFLICT. The rest go back through the folder services
 * themselves: one share for the recipients that had a role (given that role
 * again), one revoke for those that had none, so that every backend rule a
 * share or revoke follows (owners, inherited access, guests) holds for an
 * undo too.
 */
import type { FolderSession } from '../../sessions/folders';
import { toShareError } from '../../errors';
import type { ChangeRecord } from '../../ledger';
import type { FolderGrantModel, FolderShareResultModel, ShareRoleName, ShareTargetKindName } from '../../models';
import { mapConcurrent } from '../../util/map-concurrent';
import * as folders from '../folders';
import type { FolderSettings } from '../folders';
import { changeOf } from '../folders/strategy';
import { conflict, failed } from './undo-model';
import type { UndoResultModel } from './undo-model';

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The role each principal holds on the folder now, null for none. An id the
 * grants do not list (OCM lists users by GUID, and takes a login name too)
 * is looked up through the request's loader, which the grants read primed.
 */
async function rolesNow(session: FolderSession, grants: readonly FolderGrantModel[], ids: readonly string[]): Promise<Array<ShareRoleName | null>> {
  const direct = ids.map((id) => grants.find((g) => sameId(g.principal.id, id)));
  const toLoad = ids.filter((_id, i) => !direct[i]);
  const loaded = toLoad.length > 0 ? await session.principals.loadMany(toLoad) : [];
  const byId = new Map(toLoad.map((id, i) => [id, loaded[i]]));
  return ids.map((id, i) => {
    const hit = direct[i];
    if (hit) return hit.role;
    const p = byId.get(id);
    if (!p || p instanceof Error) return null;
    return grants.find((g) => sameId(g.principal.id, p.id))?.role ?? null;
  });
}

/** What a recorded change was on: rows from before the ledger kept the kind are folders. */
const kindOf = (c: ChangeRecord): ShareTargetKindName => (c.targetKind === 'FILE' ? 'FILE' : 'FOLDER');

export async function undoFolderChanges(session: FolderSession, changes: readonly ChangeRecord[], dryRun: boolean, settings: FolderSettings): Promise<UndoResultModel[]> {
  // A folder and a file may share an id on ONLYOFFICE: each (kind, id) is a target of its own.
  const targetOf = (c: ChangeRecord) => `${kindOf(c)}:${c.targetId}`;
  const targets = [...new Map(changes.map((c) => [targetOf(c), { id: c.targetId, kind: kindOf(c) }])).entries()];
  const perFolder = await mapConcurrent(targets, settings.fanOutConcurrency, async ([key, target]) => {
    const mine = changes.filter((c) => targetOf(c) === key);
    const results = await undoFolder(session, { folderId: target.id, targetKind: target.kind }, mine, dryRun, settings);
    return mine.map((c, i) => [c, results[i]!] as const);
  });
  // Back in the operation's order.
  const byChange = new Map(perFolder.flat());
  return changes.map((c) => byChange.get(c)!);
}

/** The folder or file an undo writes back to, as the folder services take it. */
interface UndoTarget {
  folderId: string;
  targetKind: ShareTargetKindName;
}

async function undoFolder(session: FolderSession, target: UndoTarget, mine: readonly ChangeRecord[], dryRun: boolean, settings: FolderSettings): Promise<UndoResultModel[]> {
  let now: Array<ShareRoleName | null>;
  try {
    const grants = await folders.folderAccess(session, target);
    now = await rolesNow(
      session,
      grants,
      mine.map((c) => c.principalId),
    );
  } catch (err) {
    const error = toShareError(err, session.backend);
    return mine.map((c) => failed(c, error));
  }
  const planned = (c: ChangeRecord, i: number): UndoResultModel => ({
    targetId: c.targetId,
    principalId: c.principalId,
    success: true,
    change: changeOf(now[i] ? { role: now[i] } : undefined, (c.before as ShareRoleName | null) ?? 'NONE'),
    error: null,
    before: now[i]!,
    after: c.before,
  });
  const judged = mine.map((c, i) => (now[i] !== c.after ? conflict(c, now[i]!, session.backend) : null));
  if (dryRun) return mine.map((c, i) => judged[i] ?? planned(c, i));

  const regrant = mine.flatMap((c, i) => (judged[i] === null && c.before !== null ? [i] : []));
  const revoke = mine.flatMap((c, i) => (judged[i] === null && c.before === null ? [i] : []));
  const written = new Map<number, FolderShareResultModel>();
  if (regrant.length > 0) {
    const recipients = regrant.map((i) => ({ id: mine[i]!.principalId, role: mine[i]!.before as ShareRoleName }));
    const results = await folders.shareFolder(session, { ...target, recipients }, settings);
    regrant.forEach((i, k) => written.set(i, results[k]!));
  }
  if (revoke.length > 0) {
    const results = await folders.revokeFolderShares(session, { ...target, recipientIds: revoke.map((i) => mine[i]!.principalId) }, settings);
    revoke.forEach((i, k) => written.set(i, results[k]!));
  }
  return mine.map((c, i) => {
    const decided = judged[i];
    if (decided) return decided;
    const r = written.get(i)!;
    return r.success ? planned(c, i) : failed(c, r.error ?? { code: 'UPSTREAM_ERROR', message: 'The backend did not apply the change', backend: session.backend, upstreamCode: null }, now[i]);
  });
}
