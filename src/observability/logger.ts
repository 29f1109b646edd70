/**
 * Structured JSON logs with pino. Credentials are removed by pino's own
 * redaction paths, never by string replacement; the writes are
 * asynchronous so that logging stays off the hot path.
 */
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

/**
 * Every place a credential could sit in what we log: header maps at the top
 * or one level down (`req.headers`, `err.headers`), and bare fields. Explicit
 * paths, not `*` wildcards: a wildcard makes pino walk every object of every
 * line, which measured at a tenth of a millisecond per operation.
 */
const HEADER_NAMES = ['authorization', 'cookie', '["x-arcgis-token"]', '["x-ocm-authorization"]', '["x-onlyoffice-authorization"]', '["x-esri-authorization"]', '["x-gateway-admin-token"]'];
const headerPaths = (prefix: string) => HEADER_NAMES.map((h) => (h.startsWith('[') ? `${prefix}headers${h}` : `${prefix}headers.${h}`));
export const REDACT_PATHS = [...headerPaths(''), ...headerPaths('req.'), ...headerPaths('request.'), ...headerPaths('err.'), 'token', 'authorization', 'credentials', 'args[0].headers'];

/** Longest a buffered log line waits before it is written. */
export const LOG_FLUSH_MS = 1000;

export interface LoggerOptions {
  level: string;
  pretty?: boolean;
  /** For tests: where lines go instead of stdout. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const base = { level: options.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'sharing-gateway' } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty) {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' } } });
  }
  // Lines are written in 8 KB batches (one write per line would cost a syscall per operation), and at
  // least once a second, so that a quiet gateway's last lines do not wait in the buffer for traffic.
  return pino(base, pino.destination({ sync: false, minLength: 8192, periodicFlush: LOG_FLUSH_MS }));
}
