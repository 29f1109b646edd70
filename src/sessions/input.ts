/**
 * What a per-request session is made from: the gateway's connectors and
 * settings, and this request's credentials, cancellation and scope.
 * createContext passes its own input, which carries all of these.
 */
import type { Config } from '../config';
import type { Connectors } from '../connectors';
import type { Credentials } from '../credentials';
import { backendLabel, gatewayError } from '../errors';
import type { BackendName } from '../models';
import type { RequestScope } from '../observability/request-scope';
import type { Abortable } from '../util/abortable';

export interface SessionInput {
  config: Pick<Config, 'fanOutConcurrency'>;
  connectors: Connectors;
  credentials: Credentials;
  requestId: string;
  signal: Abortable;
  /** What this request did, for its log line and metrics. */
  scope: RequestScope;
}

export function requireConfigured<T>(connector: T | null, backend: BackendName): T {
  if (connector === null) {
    throw gatewayError('BACKEND_NOT_CONFIGURED', `${backendLabel(backend)} is not configured on this gateway (set ${backend}_URL)`, { backend });
  }
  return connector;
}
