/**
 * Environment to typed configuration. Everything is validated at start-up so
 * that a typo stops the process with a clear message instead of failing the
 * first caller.
 */
import { availableParallelism } from 'node:os';
import type { BackendName } from './models';

export interface UpstreamSettings extends Partial<ResilienceSettings> {
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

/**
 * Retry, budget and breaker settings. Optional in `UpstreamSettings` so that
 * code building settings by hand gets the defaults; `loadConfig` always
 * fills them in.
 */
export interface ResilienceSettings {
  /** First retry delay; later ones grow with decorrelated jitter. @default 100 */
  retryBaseDelayMs: number;
  /** Longest backoff between two attempts. @default 2000 */
  retryMaxDelayMs: number;
  /** A 429's Retry-After up to this is waited out; a longer one fails at once. @default 5000 */
  maxRetryAfterMs: number;
  /** Retries may add at most this share of the calls in the budget window. @default 0.1 */
  retryBudgetRatio: number;
  /** Retries always allowed on top of the ratio, per second of window. @default 10 */
  retryBudgetMinPerSec: number;
  /** Sliding window of the retry budget. @default 10000 */
  retryBudgetWindowMs: number;
  /** The breaker opens after this many failures in a row. @default 5 */
  breakerConsecutiveFailures: number;
  /** ...or when at least this share of the calls in its window failed. @default 0.5 */
  breakerFailureRatio: number;
  /** ...counted only once the window holds this many calls. @default 10 */
  breakerMinCalls: number;
  /** The breaker's sliding window. @default 10000 */
  breakerWindowMs: number;
  /** Open for this long before a trial call; doubles on each failed trial. @default 5000 */
  breakerHalfOpenAfterMs: number;
  /** Ceiling of that doubling. @default 60000 */
  breakerMaxHalfOpenAfterMs: number;
}

export const RESILIENCE_DEFAULTS: ResilienceSettings = {
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 2000,
  maxRetryAfterMs: 5000,
  retryBudgetRatio: 0.1,
  retryBudgetMinPerSec: 10,
  retryBudgetWindowMs: 10000,
  breakerConsecutiveFailures: 5,
  breakerFailureRatio: 0.5,
  breakerMinCalls: 10,
  breakerWindowMs: 10000,
  breakerHalfOpenAfterMs: 5000,
  breakerMaxHalfOpenAfterMs: 60000,
};

/** Upstream settings with every optional one filled in from the defaults. */
export type ResolvedUpstreamSettings = UpstreamSettings & ResilienceSettings;

export function resolveUpstreamSettings(settings: UpstreamSettings): ResolvedUpstreamSettings {
  const out = { ...RESILIENCE_DEFAULTS } as ResolvedUpstreamSettings;
  for (const [key, value] of Object.entries(settings)) if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value;
  return out;
}

export interface Config {
  /** @default 4000 */
  port: number;
  /** @default '0.0.0.0' */
  host: string;
  backends: Record<BackendName, URL | null>;
  /** Defaults for every backend (the `UPSTREAM_*` variables). */
  upstream: ResolvedUpstreamSettings;
  /**
   * What each backend's client really uses: `upstream` with that backend's
   * own overrides, e.g. `ARCGIS_UPSTREAM_HEADERS_TIMEOUT_MS`.
   */
  upstreamByBackend: Record<BackendName, ResolvedUpstreamSettings>;
  /** Items per ArcGIS shareItems/unshareItems call. @default 100 */
  arcgisChunkSize: number;
  /**
   * Where the caller's ArcGIS token travels: `header` (`X-Esri-Authorization:
   * Bearer`, on every call) or `form` (the `token` field of a POST body, every
   * call sent as POST), for portals before 10.5.1 and proxies that drop custom
   * headers. Never in a URL either way. @default 'header'
   */
  arcgisTokenIn: ArcgisTokenIn;
  /** Sent as `Referer` on every portal call, for tokens generated for a referer; null sends none. */
  arcgisReferer: string | null;
  /**
   * Upstream calls one operation runs at once (chunks, per-recipient calls,
   * each loader's reads). 20 lets a 1,000-item shareItems (10 chunks) go in
   * one wave and 50 items' reads in three; the bulkhead
   * (UPSTREAM_MAX_IN_FLIGHT) still bounds the whole gateway. @default 20
   */
  fanOutConcurrency: number;
  graphiql: boolean;
  introspection: boolean;
  /** Show error details (development only). */
  development: boolean;
  /** @default 'info' */
  logLevel: string;
  /**
   * `CORS_ORIGINS`: the origins a browser app may call from, comma-separated,
   * each `scheme://host[:port]` or `scheme://host:*` (any port, for dev
   * servers). Empty: CORS closed, every cross-origin call refused by the
   * browser. `npm start` sets `http://localhost:*,http://127.0.0.1:*`. @default []
   */
  corsOrigins: string[];
  /**
   * Largest request body, measured after decompression; a compressed body's
   * bytes on the wire are held to the same limit. @default 1048576 (1 MB)
   */
  maxBodyBytes: number;
  /**
   * `BODY_TIMEOUT_MS`: a request body must have arrived whole this long after
   * its headers, or the request is answered 408 and its connection closed.
   * Node's own limit is 300 s, long enough for slow senders to pile up.
   * @default 10000
   */
  bodyTimeoutMs: number;
  /**
   * `BODY_MIN_BYTES_PER_SEC`: after its first second, a body still arriving
   * must have come at this average rate at least, or it is answered 408; 0
   * turns the check off (the deadline still holds). @default 1024
   */
  bodyMinBytesPerSec: number;
  /**
   * `MAX_BUFFERED_BODY_BYTES`: request bodies held in memory at once, across
   * every connection; a body that would pass it is refused with 503
   * `OVERLOADED`. @default 67108864 (64 MB)
   */
  maxBufferedBodyBytes: number;
  /** Human-readable logs (the demo). @default false */
  prettyLogs: boolean;
  /** Node cluster workers sharing the port; `auto` is one per core. @default 1 */
  workers: number;
  /** Plain JSON operations skip yoga's fetch-API layer (src/http/fast-path.ts). @default true */
  fastPath: boolean;
  /**
   * `HEAP_GROWING_PERCENT`: how far V8 lets the old generation grow past what
   * the last full collection kept before it collects again (V8's
   * `--heap-growing-percent`). V8's own factor adapts up to 300 % on a
   * machine with room, so a process that served a burst of large operations
   * sat on 100 MB of garbage; at 100 the peak stays within twice the live
   * heap at no measured CPU cost (bench/README.md). 0 leaves V8's own
   * factor; the node flag, where given, wins. @default 100
   */
  heapGrowingPercent: number;
  /** OTLP/HTTP endpoint for traces; tracing is off when unset. */
  otelEndpoint: string | null;
  persistedOperationsPath: string | null;
  /** The sharing ledger (src/ledger): where it lives, how long it keeps things. */
  ledger: LedgerSettings;
  /**
   * `X-Gateway-Admin-Token` equal to this is the operator (sees every caller's
   * history, may undo any operation). Unset: nobody is. At least 16 characters.
   */
  adminToken: string | null;
}

export interface LedgerSettings {
  /** `LEDGER=off` turns the whole ledger off. @default true */
  enabled: boolean;
  /**
   * `DATABASE_URL`, a `postgres://` URL: the ledger lives in that PostgreSQL,
   * shared by every instance. Unset: an embedded SQLite file under `dir`.
   * Holds a password: print it only through `maskDatabaseUrl`.
   */
  databaseUrl: string | null;
  /** `LEDGER_DIR`, where the embedded SQLite file lives. @default './.ledger' */
  dir: string;
  /** `IDEMPOTENCY_TTL_HOURS`: how long an idempotency key is kept. @default 24 */
  idempotencyTtlHours: number;
  /** `LEDGER_RETENTION_DAYS`: operations older than this are pruned. @default 365 */
  retentionDays: number;
  /**
   * `LEDGER_FINGERPRINT_KEY`, the key of the hash that names a caller by its
   * credential. Unset: a random key made on first start and kept in the store,
   * so fingerprints stay the same across restarts and instances.
   */
  fingerprintKey: string | null;
}

export type ArcgisTokenIn = 'header' | 'form';

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

/** A whole percentage from the environment, as a ratio: `10` -> 0.1. */
function percent(env: Env, name: string, fallback: number, min: number, max: number): number {
  return int(env, name, Math.round(fallback * 100), min, max) / 100;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, choices: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  const hit = choices.find((c) => c === value);
  if (!hit) throw new ConfigError(`${name} must be one of ${choices.join(', ')}, got "${raw}"`);
  return hit;
}

/** A header value from the environment; refused when it holds a control character (it would split the header). */
function headerValue(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw new ConfigError(`${name} must not contain control characters`);
  return raw.trim();
}

/** A secret from the environment (a token, a key): trimmed, long enough to resist guessing, no control characters. */
function secret(env: Env, name: string, minLength: number): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  const value = raw.trim();
  // The value itself never goes into a message: it is a secret.
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new ConfigError(`${name} must not contain control characters`);
  if (value.length < minLength) throw new ConfigError(`${name} must be at least ${minLength} characters long`);
  return value;
}

/**
 * A database URL with its password replaced by `***`, for messages and logs.
 * Works on text that does not parse as a URL too, so that a typo in the URL
 * cannot leak the password through the message that reports the typo.
 */
export function maskDatabaseUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    // libpq and pg also take the password as a query parameter.
    for (const name of [...url.searchParams.keys()]) if (/pass/i.test(name)) url.searchParams.set(name, '***');
    return url.href;
  } catch {
    // Greedy up to the last '@': masking too much is harmless, too little is not.
    return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):.*@/i, '$1:***@');
  }
}

function databaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw.trim() === '') return null;
  const value = raw.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a valid URL: "${maskDatabaseUrl(value)}"`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must be a postgres:// URL, got "${maskDatabaseUrl(value)}"`);
  }
  return value;
}

function ledgerSettings(env: Env): LedgerSettings {
  return {
    enabled: bool(env, 'LEDGER', true),
    databaseUrl: databaseUrl(env),
    dir: env.LEDGER_DIR && env.LEDGER_DIR.trim() !== '' ? env.LEDGER_DIR.trim() : './.ledger',
    idempotencyTtlHours: int(env, 'IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 366),
    retentionDays: int(env, 'LEDGER_RETENTION_DAYS', 365, 1, 36600),
    fingerprintKey: secret(env, 'LEDGER_FINGERPRINT_KEY', 32),
  };
}

/**
 * An origin as a browser sends it in `Origin`: scheme, host and a port only
 * where it is not the default, with no path; or `scheme://host:*` for any
 * port. A trailing slash or a path is the usual slip and is refused by
 * name, since a browser's Origin never has one and the entry would match
 * nothing.
 */
const ORIGIN = /^(https?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}|\*))?$/;

function corsOrigins(env: Env): string[] {
  const entries = (env.CORS_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const entry of entries) {
    const match = ORIGIN.exec(entry.toLowerCase());
    if (!match || (match[3] !== undefined && match[3] !== '*' && Number(match[3]) > 65535)) {
      throw new ConfigError(`CORS_ORIGINS: "${entry}" is not an origin (scheme://host[:port], or scheme://host:* for any port, with no path)`);
    }
  }
  return entries.map((e) => e.toLowerCase());
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
  const upstream = upstreamSettings(env, '');
  const config: Config = {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST && env.HOST.trim() !== '' ? env.HOST.trim() : '0.0.0.0',
    backends: {
      ARCGIS: backendUrl(env, 'ARCGIS_URL'),
      OCM: backendUrl(env, 'OCM_URL'),
      ONLYOFFICE: backendUrl(env, 'ONLYOFFICE_URL'),
    },
    upstream,
    upstreamByBackend: {
      ARCGIS: upstreamSettings(env, 'ARCGIS_', upstream),
      OCM: upstreamSettings(env, 'OCM_', upstream),
      ONLYOFFICE: upstreamSettings(env, 'ONLYOFFICE_', upstream),
    },
    arcgisChunkSize: int(env, 'ARCGIS_CHUNK_SIZE', 100, 1, 1000),
    arcgisTokenIn: oneOf(env, 'ARCGIS_TOKEN_IN', ['header', 'form'] as const, 'header'),
    arcgisReferer: headerValue(env, 'ARCGIS_REFERER'),
    fanOutConcurrency: int(env, 'FAN_OUT_CONCURRENCY', 20, 1, 100),
    graphiql: bool(env, 'GRAPHIQL', false),
    introspection: bool(env, 'INTROSPECTION', false),
    development,
    logLevel: env.LOG_LEVEL && env.LOG_LEVEL !== '' ? env.LOG_LEVEL : 'info',
    corsOrigins: corsOrigins(env),
    maxBodyBytes: int(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024),
    bodyTimeoutMs: int(env, 'BODY_TIMEOUT_MS', 10000, 100, 600000),
    bodyMinBytesPerSec: int(env, 'BODY_MIN_BYTES_PER_SEC', 1024, 0, 1024 * 1024 * 1024),
    maxBufferedBodyBytes: int(env, 'MAX_BUFFERED_BODY_BYTES', 64 * 1024 * 1024, 1024),
    prettyLogs: bool(env, 'LOG_PRETTY', false),
    fastPath: bool(env, 'FAST_PATH', true),
    heapGrowingPercent: int(env, 'HEAP_GROWING_PERCENT', 100, 0, 1000),
    workers: env.WORKERS === 'auto' ? availableParallelism() : int(env, 'WORKERS', 1, 1, 64),
    otelEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT && env.OTEL_EXPORTER_OTLP_ENDPOINT !== '' ? env.OTEL_EXPORTER_OTLP_ENDPOINT : null,
    persistedOperationsPath: env.PERSISTED_OPERATIONS && env.PERSISTED_OPERATIONS !== '' ? env.PERSISTED_OPERATIONS : null,
    ledger: ledgerSettings(env),
    adminToken: secret(env, 'ADMIN_TOKEN', 16),
  };
  if (config.maxBufferedBodyBytes < config.maxBodyBytes) {
    throw new ConfigError(`MAX_BUFFERED_BODY_BYTES (${config.maxBufferedBodyBytes}) must not be below MAX_BODY_BYTES (${config.maxBodyBytes}): no body that large could be read`);
  }
  return config;
}

/**
 * The upstream settings under `prefix` (empty for the defaults, `ARCGIS_` and
 * so on for one backend's overrides), each falling back to `base`. The
 * operation deadline is the gateway's, not a backend's, so it has no override.
 */
function upstreamSettings(env: Env, prefix: string, base?: ResolvedUpstreamSettings): ResolvedUpstreamSettings {
  const n = (name: string, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER) => int(env, prefix + name, fallback, min, max);
  const p = (name: string, fallback: number, min: number, max: number) => percent(env, prefix + name, fallback, min, max);
  const s: ResolvedUpstreamSettings = {
    connectTimeoutMs: n('UPSTREAM_CONNECT_TIMEOUT_MS', base?.connectTimeoutMs ?? 3000),
    headersTimeoutMs: n('UPSTREAM_HEADERS_TIMEOUT_MS', base?.headersTimeoutMs ?? 5000),
    bodyTimeoutMs: n('UPSTREAM_BODY_TIMEOUT_MS', base?.bodyTimeoutMs ?? 10000),
    callDeadlineMs: n('UPSTREAM_CALL_DEADLINE_MS', base?.callDeadlineMs ?? 10000),
    operationDeadlineMs: base?.operationDeadlineMs ?? int(env, 'OPERATION_DEADLINE_MS', 30000),
    connections: n('UPSTREAM_CONNECTIONS', base?.connections ?? 50, 1, 1000),
    maxResponseBytes: n('UPSTREAM_MAX_RESPONSE_BYTES', base?.maxResponseBytes ?? 5 * 1024 * 1024, 1024),
    maxAttempts: n('UPSTREAM_MAX_ATTEMPTS', base?.maxAttempts ?? 3, 1, 10),
    maxInFlight: n('UPSTREAM_MAX_IN_FLIGHT', base?.maxInFlight ?? 100, 1, 10000),
    // 1,000: with the sharing ledger on (the default) a shareItem reads the item, its groups and the
    // caller's name before it writes, so 100 callers keep some 300 calls waiting for the 100 slots;
    // a queue of 100 refused a third of them (UPSTREAM_OVERLOADED) where waiting costs little.
    maxQueued: n('UPSTREAM_MAX_QUEUED', base?.maxQueued ?? 1000, 0, 100000),
    retryBaseDelayMs: n('UPSTREAM_RETRY_BASE_DELAY_MS', base?.retryBaseDelayMs ?? RESILIENCE_DEFAULTS.retryBaseDelayMs, 1, 60000),
    retryMaxDelayMs: n('UPSTREAM_RETRY_MAX_DELAY_MS', base?.retryMaxDelayMs ?? RESILIENCE_DEFAULTS.retryMaxDelayMs, 1, 600000),
    maxRetryAfterMs: n('UPSTREAM_MAX_RETRY_AFTER_MS', base?.maxRetryAfterMs ?? RESILIENCE_DEFAULTS.maxRetryAfterMs, 0, 600000),
    retryBudgetRatio: p('UPSTREAM_RETRY_BUDGET_PERCENT', base?.retryBudgetRatio ?? RESILIENCE_DEFAULTS.retryBudgetRatio, 0, 100),
    retryBudgetMinPerSec: n('UPSTREAM_RETRY_BUDGET_MIN_PER_SEC', base?.retryBudgetMinPerSec ?? RESILIENCE_DEFAULTS.retryBudgetMinPerSec, 0, 100000),
    retryBudgetWindowMs: n('UPSTREAM_RETRY_BUDGET_WINDOW_MS', base?.retryBudgetWindowMs ?? RESILIENCE_DEFAULTS.retryBudgetWindowMs, 1000, 600000),
    breakerConsecutiveFailures: n('UPSTREAM_BREAKER_CONSECUTIVE_FAILURES', base?.breakerConsecutiveFailures ?? RESILIENCE_DEFAULTS.breakerConsecutiveFailures, 1, 1000000),
    breakerFailureRatio: p('UPSTREAM_BREAKER_FAILURE_PERCENT', base?.breakerFailureRatio ?? RESILIENCE_DEFAULTS.breakerFailureRatio, 1, 100),
    breakerMinCalls: n('UPSTREAM_BREAKER_MIN_CALLS', base?.breakerMinCalls ?? RESILIENCE_DEFAULTS.breakerMinCalls, 1, 1000000),
    breakerWindowMs: n('UPSTREAM_BREAKER_WINDOW_MS', base?.breakerWindowMs ?? RESILIENCE_DEFAULTS.breakerWindowMs, 100, 600000),
    breakerHalfOpenAfterMs: n('UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS', base?.breakerHalfOpenAfterMs ?? RESILIENCE_DEFAULTS.breakerHalfOpenAfterMs, 1, 3600000),
    breakerMaxHalfOpenAfterMs: n('UPSTREAM_BREAKER_MAX_HALF_OPEN_AFTER_MS', base?.breakerMaxHalfOpenAfterMs ?? RESILIENCE_DEFAULTS.breakerMaxHalfOpenAfterMs, 1, 3600000),
  };
  if (s.retryMaxDelayMs < s.retryBaseDelayMs) {
    throw new ConfigError(`${prefix}UPSTREAM_RETRY_MAX_DELAY_MS (${s.retryMaxDelayMs}) must not be below ${prefix}UPSTREAM_RETRY_BASE_DELAY_MS (${s.retryBaseDelayMs})`);
  }
  if (s.breakerMaxHalfOpenAfterMs < s.breakerHalfOpenAfterMs) {
    throw new ConfigError(
      `${prefix}UPSTREAM_BREAKER_MAX_HALF_OPEN_AFTER_MS (${s.breakerMaxHalfOpenAfterMs}) must not be below ${prefix}UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS (${s.breakerHalfOpenAfterMs})`,
    );
  }
  return s;
}
