/**
 * The caller's credentials, one header per backend. Each value is forwarded
 * to its own backend only, never logged and never echoed. Values that could
 * smuggle a header (CR, LF, NUL) or are absurdly large are refused before
 * anything reaches undici.
 */
import type { BackendName } from './models';
import { backendLabel, gatewayError } from './errors';

/** Pinned header names (see README "Credentials"). */
export const CREDENTIAL_HEADERS: Record<BackendName, string> = {
  ARCGIS: 'x-arcgis-token',
  OCM: 'x-ocm-authorization',
  ONLYOFFICE: 'x-onlyoffice-authorization',
};

export const MAX_CREDENTIAL_BYTES = 8 * 1024;

export type Credentials = Record<BackendName, string | null>;

export function readCredentials(headers: Headers): Credentials {
  return {
    ARCGIS: headers.get(CREDENTIAL_HEADERS.ARCGIS),
    OCM: headers.get(CREDENTIAL_HEADERS.OCM),
    ONLYOFFICE: headers.get(CREDENTIAL_HEADERS.ONLYOFFICE),
  };
}

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f]/;

/** The credential for a backend, or an UNAUTHENTICATED GraphQL error. */
export function requireCredential(credentials: Credentials, backend: BackendName): string {
  const value = credentials[backend]?.trim();
  const header = CREDENTIAL_HEADERS[backend];
  if (!value) {
    throw gatewayError('UNAUTHENTICATED', `${backendLabel(backend)} needs a credential in the ${headerLabel(header)} header`);
  }
  if (UNSAFE.test(value) || Buffer.byteLength(value) > MAX_CREDENTIAL_BYTES) {
    throw gatewayError('UNAUTHENTICATED', `The ${headerLabel(header)} header is not a usable credential`);
  }
  return value;
}

function headerLabel(header: string): string {
  return header
    .replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase())
    .replace('Arcgis', 'ArcGIS')
    .replace('Ocm', 'OCM')
    .replace('Onlyoffice', 'ONLYOFFICE');
}
