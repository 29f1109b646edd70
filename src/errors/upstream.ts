/**
 * Failures of a backend call, as typed values with stable codes. They become
 * a `ShareError` on the targets concerned and never abort a whole mutation
 * (a read that fails as a whole shows the same code as `extensions.code`).
 * Match on `.code`, never on the message.
 */
import type { BackendName } from '../backends';
import type { ShareErrorCode } from './registry';

/** The `ShareError` GraphQL object, as a plain value. */
export interface ShareErrorValue {
  code: ShareErrorCode;
  message: string;
  backend: BackendName;
  upstreamCode: number | null;
}

export class UpstreamError extends Error {
  override name = 'UpstreamError';
  /**
   * Set by the transport when the failure proves the request never reached
   * the backend (the connection was refused), so that even a call that is
   * not idempotent may be sent again.
   */
  neverSent = false;
  constructor(
    readonly code: ShareErrorCode,
    readonly backend: BackendName,
    message: string,
    readonly upstreamCode: number | null = null,
  ) {
    super(message);
  }

  toShareError(): ShareErrorValue {
    return { code: this.code, message: this.message, backend: this.backend, upstreamCode: this.upstreamCode };
  }
}

export class UpstreamTimeoutError extends UpstreamError {
  override name = 'UpstreamTimeoutError';
  constructor(backend: BackendName, what: string) {
    super('UPSTREAM_TIMEOUT', backend, `${backendLabel(backend)} did not answer in time (${what})`);
  }
}

export class UpstreamUnavailableError extends UpstreamError {
  override name = 'UpstreamUnavailableError';
  constructor(backend: BackendName, why: string) {
    super('UPSTREAM_UNAVAILABLE', backend, `${backendLabel(backend)} is unavailable (${why})`);
  }
}

export class UpstreamOverloadedError extends UpstreamError {
  override name = 'UpstreamOverloadedError';
  constructor(backend: BackendName) {
    super('UPSTREAM_OVERLOADED', backend, `Too many calls to ${backendLabel(backend)} are in flight; try again shortly`);
  }
}

/** The backend answered, but with an error (HTTP status or an error body). */
export class UpstreamHttpError extends UpstreamError {
  override name = 'UpstreamHttpError';
}

export function backendLabel(backend: BackendName): string {
  return { ARCGIS: 'ArcGIS portal', OCM: 'Oracle Content Management', ONLYOFFICE: 'ONLYOFFICE' }[backend];
}

const STATUS_WORDS: Partial<Record<ShareErrorCode, string>> = {
  BAD_REQUEST: 'rejected the request as invalid',
  UNAUTHENTICATED: 'did not accept the credential',
  FORBIDDEN: 'refused: the caller lacks permission',
  NOT_FOUND: 'reports that the target does not exist or is not accessible',
  CONFLICT: 'reports a conflict with the current state',
  RATE_LIMITED: 'is throttling requests',
  UPSTREAM_ERROR: 'failed',
};

/**
 * A message of our own for an upstream failure. Upstream messages are never
 * copied: a backend may echo the caller's token or internal detail in them.
 */
export function upstreamHttpError(backend: BackendName, code: ShareErrorCode, upstreamCode: number | null): UpstreamHttpError {
  const words = STATUS_WORDS[code] ?? 'failed';
  const suffix = upstreamCode === null ? '' : ` (code ${upstreamCode})`;
  return new UpstreamHttpError(code, backend, `${backendLabel(backend)} ${words}${suffix}`, upstreamCode);
}

/** Whatever was thrown, as a ShareError for the target it concerns. */
export function toShareError(err: unknown, backend: BackendName): ShareErrorValue {
  if (err instanceof UpstreamError) return err.toShareError();
  return { code: 'UPSTREAM_ERROR', message: `${backendLabel(backend)} call failed unexpectedly`, backend, upstreamCode: null };
}
