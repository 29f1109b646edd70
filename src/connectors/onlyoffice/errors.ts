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
import type { ShareErrorCode } from '../../errors';

const BY_STATUS: Record<number, ShareErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
};

export function onlyofficeErrorCode(status: number | null): ShareErrorCode {
  if (status === null) return 'UPSTREAM_ERROR';
  return BY_STATUS[status] ?? 'UPSTREAM_ERROR';
}
