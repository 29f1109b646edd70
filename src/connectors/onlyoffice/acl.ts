/**
 * Telling inherited grants apart on ONLYOFFICE, from what the API shows.
 *
 * `GET files/folder/{id}/share` lists, per subject, the row of the nearest
 * level among the folder and its ancestors, with no flag saying which level
 * it came from (CommunityServer SecurityDao.GetShares joins
 * files_folder_tree; FileSharing.GetSharedInfo keeps the first row by Level).
 * A file's list does the same with the file's own rows in front of its
 * folder's. And `Access: 0` deletes only the subject's own rows, on the
 * entry and everything below it (SecurityDao.SetShare).
 *
 * So the parent's list is all it takes: it already folds in every level
 * above, and what it shows for a subject is exactly what that subject keeps
 * on the child once the child's own row is gone. Whether the child also
 * holds a row of its own with the same value cannot be seen through the
 * API, and does not matter: removing it changes nothing.
 * https://api.onlyoffice.com/workspace/api-backend/usage-api/files/sharing/get-the-shared-folder-information
 */
import type { OnlyofficeShareEntry } from './response';
import { Access } from './request';

export interface OnlyofficeMarkedEntry extends OnlyofficeShareEntry {
  /**
   * What the parent's list shows for the same subject: the access it keeps
   * here after a revoke (or a share with None) here. Null when the parent
   * lists it not at all, and when the parent's list was not read.
   */
  parentAccess: number | null;
  /**
   * The parent grants this subject access (anything but Restrict), so a
   * revoke here cannot take it away: the subject keeps `parentAccess`.
   * Never set for the owner's entry, which the server adds to every list
   * without a row behind it.
   */
  inherited: boolean;
}

const sameSubject = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Marks the entries of a folder's (or file's) list that its parent's list
 * grants too. `parentEntries` null means "not known" (no parent, or its
 * list could not be read): nothing is marked then. Links are never marked
 * (a folder's link rows are not modelled; a file's link entry is its own).
 * The parent's owner entry is skipped: the server adds it without a row, so
 * nothing reaches the child from it.
 */
export function markInherited(entries: readonly OnlyofficeShareEntry[], parentEntries: readonly OnlyofficeShareEntry[] | null): OnlyofficeMarkedEntry[] {
  const fromParent = (parentEntries ?? []).filter((p) => !p.isLink && !p.isOwner && p.principal !== null);
  return entries.map((entry) => {
    const id = entry.principal?.id;
    const parent = entry.isLink || entry.isOwner || id === undefined ? undefined : fromParent.find((p) => sameSubject(p.principal!.id, id));
    const parentAccess = parent?.access ?? null;
    return { ...entry, parentAccess, inherited: parentAccess !== null && parentAccess !== Access.Restrict && parentAccess !== Access.None };
  });
}

const isNativeId = (id: string) => /^\d+$/.test(id);
/** `box-12`, `box-12-…`: the connected account (ProviderAccountId) an id belongs to. */
const accountOf = (id: string) => /^[a-z]+-\d+/i.exec(id)?.[0] ?? id;

/**
 * The folder whose list is the inheritance source of `folderId`, or null
 * when nothing is inherited: a root folder (`parentId` 0), and a connected
 * account's root, whose parent is the native folder it is mounted in
 * (ProviderSecurityDao.GetShareForFolders inherits only from folders of the
 * same account). For a file, pass its folder id as `parentId` and the
 * file's id as `folderId`: files always inherit from their folder.
 */
export function inheritanceParentOf(folderId: string, parentId: string | null): string | null {
  if (parentId === null) return null;
  if (isNativeId(folderId) !== isNativeId(parentId)) return null;
  if (!isNativeId(folderId) && accountOf(folderId) !== accountOf(parentId)) return null;
  return parentId;
}

/**
 * FileShareRecord.ShareComparer's order, from "allows most" to "allows least"
 * (Files/Core/Security/FileShareRecord.cs).
 */
const SHARE_ORDER: readonly number[] = [Access.None, Access.ReadWrite, Access.CustomFilter, Access.Review, Access.FillForms, Access.Comment, Access.Read, Access.Restrict, Access.Varies];

/**
 * What the list will show for `asked` on a guest: FileSharing.GetSharedInfo
 * lowers anything ranked above Read (ReadWrite, CustomFilter, Review,
 * FillForms, Comment) to Read. The PUT stores what was asked; only the list
 * shows less. For a full user the list shows what was asked.
 */
export function accessShownFor(asked: number, isVisitor: boolean): number {
  if (!isVisitor || asked === Access.None) return asked;
  const rank = SHARE_ORDER.indexOf(asked);
  return rank !== -1 && rank < SHARE_ORDER.indexOf(Access.Read) ? Access.Read : asked;
}
