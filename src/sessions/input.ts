/**
 * What a per-request session is made from: the gateway's connectors and
 * settings, and this request's credentials and call context.
 * createContext passes its own input, which carries all of these.
 */
import type { Config } from '../config';
import type { Connectors } from '../connectors';
import type { Credentials } from '../credentials';
import { backendLabel, gatewayError } from '../errors';
import type { BackendName } from '../models';
import type { Call } from '../call';

export interface SessionInput {
  config: Pick<Config, 'fanOutConcurrency'>;
  connectors: Connectors;
  credentials: Credentials;
  /** The request's call context: connectors put it on every upstream call. */
  call: Call;
}

export function requireConfigured<T>(connector: T | null, backend: BackendName): T {
  if (connector === null) {
    throw gatewayError('BACKEND_NOT_CONFIGURED', `${backendLabel(backend)} is not configured on this gateway (set ${backend}_URL)`, { backend });
  }
  return connector;
}
