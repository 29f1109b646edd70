/**
 * Per-request sessions for the folder backends: the connector, the caller's
 * credential and the recipient loader, made on first use so that a request
 * that never touches a backend needs no credential for it.
 */
import DataLoader from 'dataloader';
import type { ContextInput } from './context';
import { requireConfigured, settleEach } from './context';
import { requireCredential } from './credentials';
import type { OcmConnector } from './connectors/ocm';
import { ONLYOFFICE_BUILTIN_GROUP_IDS } from './connectors/onlyoffice';
import type { OnlyofficeConnector } from './connectors/onlyoffice';
import type { FolderBackendName, PrincipalModel } from './models';
import type { RequestScope } from './observability/request-scope';
import type { CallOptions } from './connectors/call-options';

export type FolderCallOptions = CallOptions;

export type PrincipalLoader = DataLoader<string, PrincipalModel | null>;

export interface OcmSession {
  backend: 'OCM';
  connector: OcmConnector;
  opts: FolderCallOptions;
  principals: PrincipalLoader;
}

export interface OnlyofficeSession {
  backend: 'ONLYOFFICE';
  connector: OnlyofficeConnector;
  opts: FolderCallOptions;
  principals: PrincipalLoader;
}

export type FolderSession = OcmSession | OnlyofficeSession;

export interface FolderSessions {
  /** Throws BACKEND_NOT_CONFIGURED or UNAUTHENTICATED before anything is sent. */
  get(backend: 'OCM'): OcmSession;
  get(backend: 'ONLYOFFICE'): OnlyofficeSession;
  get(backend: FolderBackendName): FolderSession;
}

/** Each key's lookup, with its failure as that key's Error (DataLoader's per-key contract). */
function perKey(concurrency: number, load: (id: string) => Promise<PrincipalModel | null>, loader: string, scope: RequestScope) {
  return (ids: readonly string[]) => settleEach(ids, concurrency, load, loader, scope);
}

/** Everyone and Admin are built into every portal and are not served by the groups endpoint. */
function builtinGroup(id: string): PrincipalModel | null {
  const lower = id.toLowerCase();
  if (lower === ONLYOFFICE_BUILTIN_GROUP_IDS.Everyone) return { id, displayName: 'Everyone', kind: 'GROUP' };
  if (lower === ONLYOFFICE_BUILTIN_GROUP_IDS.Admin) return { id, displayName: 'Admin', kind: 'GROUP' };
  return null;
}

export function createFolderSessions(input: ContextInput): FolderSessions {
  const made: Partial<Record<FolderBackendName, FolderSession>> = {};
  const concurrency = input.config.fanOutConcurrency;
  const optsFor = (backend: FolderBackendName): FolderCallOptions => ({ credential: requireCredential(input.credentials, backend), call: input.call });

  function make(backend: FolderBackendName): FolderSession {
    if (backend === 'OCM') {
      const connector = requireConfigured(input.connectors.OCM, 'OCM');
      const opts = optsFor('OCM');
      return { backend, connector, opts, principals: new DataLoader(perKey(concurrency, (id) => connector.getUser(opts, id), 'ocm-principals', input.call.scope)) };
    }
    const connector = requireConfigured(input.connectors.ONLYOFFICE, 'ONLYOFFICE');
    const opts = optsFor('ONLYOFFICE');
    // ONLYOFFICE takes user and group GUIDs in the same field and has no batch look-up: try people, then groups.
    const load = async (id: string) => builtinGroup(id) ?? (await connector.getPerson(opts, id)) ?? (await connector.getGroup(opts, id));
    return { backend, connector, opts, principals: new DataLoader(perKey(concurrency, load, 'onlyoffice-principals', input.call.scope), { cacheKeyFn: (id) => id.toLowerCase() }) };
  }

  return {
    get(backend: FolderBackendName) {
      made[backend] ??= make(backend);
      return made[backend];
    },
  } as FolderSessions;
}
