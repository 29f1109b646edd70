/**
 * Query.principals, a share dialog's picker: one PrincipalStrategy per
 * backend, picked from one table. A new backend is one more module and one
 * more row, not a branch here.
 */
import type { BackendName, FolderBackendName, PrincipalKindName, PrincipalModel } from '../../models';
import type { ArcgisSession } from '../../sessions/arcgis';
import type { FolderSessionOf } from '../../sessions/folders';
import { arcgis } from './arcgis';
import { ocm } from './ocm';
import { onlyoffice } from './onlyoffice';
import { bestMatches } from './strategy';
import type { PrincipalSessions, PrincipalStrategy } from './strategy';

export type { PrincipalSessions } from './strategy';

type SessionOf<B extends BackendName> = B extends FolderBackendName ? FolderSessionOf<B> : ArcgisSession;

const STRATEGIES: { [B in BackendName]: PrincipalStrategy<SessionOf<B>> } = {
  ARCGIS: arcgis,
  OCM: ocm,
  ONLYOFFICE: onlyoffice,
};

/** The kinds the backend's picker finds, for Query.capabilities. */
export function principalSearchKinds(backend: BackendName): PrincipalKindName[] {
  return [...STRATEGIES[backend].kinds];
}

export interface PrincipalSearchInput {
  /** Trimmed and checked (src/validation/principals.ts). */
  search: string;
  /** Null for every kind the backend finds. */
  kinds: readonly PrincipalKindName[] | null;
  first: number;
}

/**
 * The best `first` matches on one backend. The session is opened first, so
 * a backend that is not configured, or a missing credential, says so
 * whatever was asked; kinds the backend cannot search give nothing, and
 * when none is left nothing is sent. A failed call throws: the field has no
 * per-target result to carry it.
 */
export async function findPrincipals<B extends BackendName>(sessions: PrincipalSessions, backend: B, input: PrincipalSearchInput): Promise<PrincipalModel[]> {
  const strategy: PrincipalStrategy<SessionOf<B>> = STRATEGIES[backend];
  const session = strategy.open(sessions);
  const kinds = strategy.kinds.filter((k) => input.kinds === null || input.kinds.includes(k));
  if (kinds.length === 0) return [];
  const found = await strategy.search(session, { search: input.search, kinds, first: input.first });
  return bestMatches(found, input.search, input.first);
}
