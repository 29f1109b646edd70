/**
 * The folder services, one per GraphQL field, each of one shape:
 * `(session, input, settings)`. Each picks the backend's FolderStrategy
 * from one table; a new folder backend (or OCM's Documents API 1.2) is one
 * more module and one more row, not a branch in each service.
 */
import type { FolderSession, FolderSessionOf } from '../../sessions/folders';
import type { FolderBackendName, FolderGrantModel, FolderShareResultModel } from '../../models';
import { ocm } from './ocm';
import { onlyoffice } from './onlyoffice';
import type { FolderRevokeRequest, FolderSettings, FolderShareRequest, FolderStrategy } from './strategy';

export type { FolderSettings } from './strategy';

const STRATEGIES: { [B in FolderBackendName]: FolderStrategy<FolderSessionOf<B>> } = {
  OCM: ocm,
  ONLYOFFICE: onlyoffice,
};

function strategyOf<B extends FolderBackendName>(backend: B): FolderStrategy<FolderSessionOf<B>> {
  return STRATEGIES[backend];
}

export interface ShareFolderInput extends FolderShareRequest {
  dryRun?: boolean | null;
}

export interface RevokeFolderSharesInput extends FolderRevokeRequest {
  dryRun?: boolean | null;
}

export interface FolderAccessInput {
  folderId: string;
}

/** Mutation.shareFolder: the dry run, or the share. */
export function shareFolder(session: FolderSession, input: ShareFolderInput, settings: FolderSettings): Promise<FolderShareResultModel[]> {
  const strategy = strategyOf(session.backend);
  return input.dryRun ? strategy.preview(session, input.folderId, input.recipients) : strategy.share(session, input, settings);
}

/** Mutation.revokeFolderShares: the dry run (a share of role NONE), or the revoke. */
export function revokeFolderShares(session: FolderSession, input: RevokeFolderSharesInput, settings: FolderSettings): Promise<FolderShareResultModel[]> {
  const strategy = strategyOf(session.backend);
  if (input.dryRun) return strategy.preview(session, input.folderId, input.recipientIds.map((id) => ({ id, role: 'NONE' as const })));
  return strategy.revoke(session, input, settings);
}

/** Query.folderAccess: the folder's grants. A failed read throws: there is no partial answer to give. */
export function folderAccess(session: FolderSession, input: FolderAccessInput): Promise<FolderGrantModel[]> {
  return strategyOf(session.backend).readGrants(session, input.folderId);
}
