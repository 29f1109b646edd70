/**
 * ONLYOFFICE status codes to ShareErrorCode. The API handler turns exceptions
 * into statuses (ItemNotFound 404, Argument 400, Security and
 * InvalidOperation 403, anything else 500) and repeats the status in the
 * envelope's `statusCode`.
 *
 * 403 is deliberately not split further: the Files service wraps every
 * sharing failure in InvalidOperationException, so on the share endpoints a
 * folder that does not exist and a folder the caller may not share look the
 * same, and only the upstream message (which we never read) tells them apart.
 */
import { codeForHttpStatus } from '../../errors';
import type { ShareErrorCode } from '../../errors';

/** The shared HTTP status table is exactly ONLYOFFICE's: its envelope repeats the HTTP status. */
export function onlyofficeErrorCode(status: number | null): ShareErrorCode {
  return status === null ? 'UPSTREAM_ERROR' : codeForHttpStatus(status);
}
