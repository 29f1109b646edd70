/**
 * Structured JSON logs with pino. Credentials are removed by pino's own
 * redaction paths, never by string replacement; the writes are
 * asynchronous so that logging stays off the hot path.
 */
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';

/** Every place a credential could sit in what we log. */
export const REDACT_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'headers["x-arcgis-token"]',
  'headers["x-ocm-authorization"]',
  'headers["x-onlyoffice-authorization"]',
  'headers["x-esri-authorization"]',
  '*.authorization',
  '*.token',
  'token',
  'authorization',
  'credentials',
];

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
  return pino(base, pino.destination({ sync: false }));
}
