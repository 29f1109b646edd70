/**
 * Environment to typed configuration. Everything is validated at start-up so
 * that a typo stops the process with a clear message instead of failing the
 * first caller.
 */
import type { BackendName } from './models';

export interface UpstreamSettings {
  /** @default 3000 */
  connectTimeoutMs: number;
  /** @default 5000 */
  headersTimeoutMs: number;
  /** @default 10000 */
  bodyTimeoutMs: number;
  /** Overall deadline of one upstream call, retries included. @default 10000 */
  callDeadlineMs: number;
  /** Deadline of one GraphQL operation. @default 30000 */
  operationDeadlineMs: number;
  /** undici pool size per backend. @default 50 */
  connections: number;
  /** Upstream bodies larger than this are refused. @default 5242880 (5 MB) */
  maxResponseBytes: number;
  /** @default 3 */
  maxAttempts: number;
  /** Calls in flight per backend before queueing. @default 100 */
  maxInFlight: number;
  /** Calls queued per backend before failing with UPSTREAM_OVERLOADED. @default 100 */
  maxQueued: number;
}

export interface Config {
  /** @default 4000 */
  port: number;
  /** @default '0.0.0.0' */
  host: string;
  backends: Record<BackendName, URL | null>;
  upstream: UpstreamSettings;
  /** Items per ArcGIS shareItems/unshareItems call. @default 100 */
  arcgisChunkSize: number;
  /** Upstream calls one operation runs at once (chunks, per-recipient calls). @default 4 */
  fanOutConcurrency: number;
  graphiql: boolean;
  introspection: boolean;
  /** Show error details (development only). */
  development: boolean;
  /** @default 'info' */
  logLevel: string;
  corsOrigins: string[];
  /** Largest request body, measured after decompression. @default 1048576 (1 MB) */
  maxBodyBytes: number;
  persistedOperationsPath: string | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function backendUrl(env: Env, name: string): URL | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${name} is not a valid URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http or https URL, got "${raw}"`);
  }
  if (url.username || url.password) {
    throw new ConfigError(`${name} must not carry credentials; callers send their own`);
  }
  if (url.search || url.hash) {
    throw new ConfigError(`${name} must not have a query string or fragment`);
  }
  // Paths are appended to the base, so keep it without a trailing slash.
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}

export function loadConfig(env: Env = process.env): Config {
  const development = env.NODE_ENV === 'development';
  const upstream: UpstreamSettings = {
    connectTimeoutMs: int(env, 'UPSTREAM_CONNECT_TIMEOUT_MS', 3000),
    headersTimeoutMs: int(env, 'UPSTREAM_HEADERS_TIMEOUT_MS', 5000),
    bodyTimeoutMs: int(env, 'UPSTREAM_BODY_TIMEOUT_MS', 10000),
    callDeadlineMs: int(env, 'UPSTREAM_CALL_DEADLINE_MS', 10000),
    operationDeadlineMs: int(env, 'OPERATION_DEADLINE_MS', 30000),
    connections: int(env, 'UPSTREAM_CONNECTIONS', 50, 1, 1000),
    maxResponseBytes: int(env, 'UPSTREAM_MAX_RESPONSE_BYTES', 5 * 1024 * 1024, 1024),
    maxAttempts: int(env, 'UPSTREAM_MAX_ATTEMPTS', 3, 1, 10),
    maxInFlight: int(env, 'UPSTREAM_MAX_IN_FLIGHT', 100, 1, 10000),
    maxQueued: int(env, 'UPSTREAM_MAX_QUEUED', 100, 0, 100000),
  };
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST && env.HOST.trim() !== '' ? env.HOST.trim() : '0.0.0.0',
    backends: {
      ARCGIS: backendUrl(env, 'ARCGIS_URL'),
      OCM: backendUrl(env, 'OCM_URL'),
      ONLYOFFICE: backendUrl(env, 'ONLYOFFICE_URL'),
    },
    upstream,
    arcgisChunkSize: int(env, 'ARCGIS_CHUNK_SIZE', 100, 1, 1000),
    fanOutConcurrency: int(env, 'FAN_OUT_CONCURRENCY', 4, 1, 100),
    graphiql: bool(env, 'GRAPHIQL', false),
    introspection: bool(env, 'INTROSPECTION', false),
    development,
    logLevel: env.LOG_LEVEL && env.LOG_LEVEL !== '' ? env.LOG_LEVEL : 'info',
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024),
    persistedOperationsPath: env.PERSISTED_OPERATIONS && env.PERSISTED_OPERATIONS !== '' ? env.PERSISTED_OPERATIONS : null,
  };
}
