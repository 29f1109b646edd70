/**
 * Per-request sessions for the folder backends: the connector, the caller's
 * credential and the recipient loader, made on first use so that a request
 * that never touches a backend needs no credential for it.
 */
import type { OcmConnector } from '../connectors/ocm';
import type { OnlyofficeConnector } from '../connectors/onlyoffice';
import { requireCredential } from '../credentials';
import { createOcmPrincipalLoader, createOnlyofficePrincipalLoader } from '../loaders/principals';
import type { PrincipalLoader } from '../loaders/principals';
import type { FolderBackendName, PrincipalModel } from '../models';
import type { CallOptions } from '../connectors/call-options';
import { requireConfigured } from './input';
import type { SessionInput } from './input';

export type FolderCallOptions = CallOptions;

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
  /** The portal's groups (`GET group`), asked at most once per request, whichever picker search asks first. */
  groupList(): Promise<PrincipalModel[]>;
}

export type FolderSession = OcmSession | OnlyofficeSession;

/** The session of one folder backend. */
export type FolderSessionOf<B extends FolderBackendName> = Extract<FolderSession, { backend: B }>;

export interface FolderSessions {
  /** Throws BACKEND_NOT_CONFIGURED or UNAUTHENTICATED before anything is sent. */
  get<B extends FolderBackendName>(backend: B): FolderSessionOf<B>;
}

type Make<B extends FolderBackendName> = (input: SessionInput) => FolderSessionOf<B>;

/**
 * How each folder backend's session is made; a new backend is one more row.
 * The connector is checked before the credential, so that a backend that is
 * not configured says so whatever the caller sent.
 */
const MAKERS: { [B in FolderBackendName]: Make<B> } = {
  OCM(input) {
    const connector = requireConfigured(input.connectors.OCM, 'OCM');
    const opts = callOptions(input, 'OCM');
    const onBatch = (size: number) => input.call.scope.metrics?.batchSize('ocm-principals', size);
    return { backend: 'OCM', connector, opts, principals: createOcmPrincipalLoader(connector, opts, input.config.fanOutConcurrency, onBatch) };
  },
  ONLYOFFICE(input) {
    const connector = requireConfigured(input.connectors.ONLYOFFICE, 'ONLYOFFICE');
    const opts = callOptions(input, 'ONLYOFFICE');
    const onBatch = (size: number) => input.call.scope.metrics?.batchSize('onlyoffice-principals', size);
    let groups: Promise<PrincipalModel[]> | null = null;
    return {
      backend: 'ONLYOFFICE',
      connector,
      opts,
      principals: createOnlyofficePrincipalLoader(connector, opts, input.config.fanOutConcurrency, onBatch),
      groupList: () => (groups ??= connector.listGroups(opts)),
    };
  },
};

function callOptions(input: SessionInput, backend: FolderBackendName): FolderCallOptions {
  return { credential: requireCredential(input.credentials, backend), call: input.call };
}

export function createFolderSessions(input: SessionInput): FolderSessions {
  const made: Partial<Record<FolderBackendName, FolderSession>> = {};
  return {
    get<B extends FolderBackendName>(backend: B): FolderSessionOf<B> {
      // Only MAKERS[backend] ever fills made[backend], so the session there is that backend's.
      return (made[backend] ??= MAKERS[backend](input)) as FolderSessionOf<B>;
    },
  };
}
