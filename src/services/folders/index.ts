/**
 * The folder services, one per GraphQL field, each of one shape:
 * `(session, input, settings)`. Each picks the strategy from one table, by
 * backend and by what `folderId` names (targetKind); a new folder backend,
 * a new kind of target on one (ONLYOFFICE files), or OCM's Documents API
 * 1.2 is one more module and one more cell, not a branch in each service.
 * A kind a backend's row lacks is UNSUPPORTED_TARGET, before anything is
 * sent, and Query.capabilities lists the kinds each row has.
 */
import type { FolderSession, FolderSessionOf } from '../../sessions/folders';
import type { FolderBackendName, FolderGrantModel, FolderShareResultModel, ShareTargetKindName } from '../../models';
import { gatewayError } from '../../errors';
import { ocm } from './ocm';
import { onlyoffice, onlyofficeFiles } from './onlyoffice';
import type { FolderRevokeRequest, FolderSettings, FolderShareRequest, FolderStrategy } from './strategy';

export type { FolderSettings } from './strategy';

/** Every kind, in the order of the ShareTargetKind enum (the order capabilities list them in). */
const TARGET_KINDS: readonly ShareTargetKindName[] = ['FOLDER', 'FILE'];

type StrategiesOf<S extends FolderSession> = Partial<Record<ShareTargetKindName, FolderStrategy<S>>>;

/** OCM's Documents API shares folders (and collections, through the same routes) only. */
const STRATEGIES: { [B in FolderBackendName]: StrategiesOf<FolderSessionOf<B>> } = {
  OCM: { FOLDER: ocm },
  ONLYOFFICE: { FOLDER: onlyoffice, FILE: onlyofficeFiles },
};

/** The kinds of target the backend shares, for Query.capabilities. */
export function folderTargetKinds(backend: FolderBackendName): ShareTargetKindName[] {
  return TARGET_KINDS.filter((kind) => STRATEGIES[backend][kind] !== undefined);
}

/**
 * The kind asked (FOLDER when not given), or UNSUPPORTED_TARGET when the
 * backend does not share that kind. Resolvers call it before anything else
 * (the services call it again), so that the answer is the same whatever
 * else is wrong with the request, and nothing is sent.
 */
export function requireTargetKind(backend: FolderBackendName, kind: ShareTargetKindName | null | undefined): ShareTargetKindName {
  const asked = kind ?? 'FOLDER';
  if (STRATEGIES[backend][asked] === undefined) {
    const supported = folderTargetKinds(backend);
    throw gatewayError('UNSUPPORTED_TARGET', `${backend} does not share targetKind ${asked}; it shares ${supported.join(', ')}`, {
      backend,
      targetKind: asked,
      supportedTargetKinds: supported,
    });
  }
  return asked;
}

function strategyOf<B extends FolderBackendName>(backend: B, kind: ShareTargetKindName | null | undefined): FolderStrategy<FolderSessionOf<B>> {
  const strategies: StrategiesOf<FolderSessionOf<B>> = STRATEGIES[backend];
  return strategies[requireTargetKind(backend, kind)]!;
}

interface Targeted {
  /** What `folderId` names; FOLDER when not given. */
  targetKind?: ShareTargetKindName | null;
}

export interface ShareFolderInput extends FolderShareRequest, Targeted {
  dryRun?: boolean | null;
}

export interface RevokeFolderSharesInput extends FolderRevokeRequest, Targeted {
  dryRun?: boolean | null;
}

export interface FolderAccessInput extends Targeted {
  folderId: string;
}

/** Mutation.shareFolder: the dry run, or the share. */
export function shareFolder(session: FolderSession, input: ShareFolderInput, settings: FolderSettings): Promise<FolderShareResultModel[]> {
  const strategy = strategyOf(session.backend, input.targetKind);
  return input.dryRun ? strategy.preview(session, input.folderId, input.recipients, settings) : strategy.share(session, input, settings);
}

/** Mutation.revokeFolderShares: the dry run (a share of role NONE), or the revoke. */
export function revokeFolderShares(session: FolderSession, input: RevokeFolderSharesInput, settings: FolderSettings): Promise<FolderShareResultModel[]> {
  const strategy = strategyOf(session.backend, input.targetKind);
  if (input.dryRun)
    return strategy.preview(
      session,
      input.folderId,
      input.recipientIds.map((id) => ({ id, role: 'NONE' as const })),
      settings,
    );
  return strategy.revoke(session, input, settings);
}

/** Query.folderAccess: the target's grants. A failed read throws: there is no partial answer to give. */
export function folderAccess(session: FolderSession, input: FolderAccessInput): Promise<FolderGrantModel[]> {
  return strategyOf(session.backend, input.targetKind).readGrants(session, input.folderId);
}
