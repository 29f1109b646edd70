/**
 * What every connector method takes, on every backend: the caller's own
 * credential for that backend and the request's call context.
 */
import type { Call } from '../call';

export interface CallOptions {
  /**
   * The caller's credential for this backend, as that backend takes it: an
   * ArcGIS token, or the whole `Authorization` value for OCM and ONLYOFFICE.
   * Forwarded to this backend only, never logged.
   */
  credential: string;
  /** The request this call serves (its signal, deadline, request id and scope); absent outside a request. */
  call?: Call;
}
