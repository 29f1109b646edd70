/**
 * The one place where the gateway talks HTTP to a backend.
 *
 * One keep-alive undici Pool per backend, explicit timeouts, no redirects
 * (a custom credential header such as X-Esri-Authorization would survive a
 * redirect to another origin), a cap on response size, and a single table
 * from undici's error codes to our ShareErrorCode. Connectors build paths
 * and bodies; this module moves bytes and classifies transport failures.
 */
import { Pool, errors as undiciErrors } from 'undici';
import type { Dispatcher } from 'undici';
import type { UpstreamSettings } from '../../config';
import { startUpstreamSpan } from '../../observability/tracing';
import type { BackendName } from '../../models';
import type { Abortable } from '../../util/abortable';
import type { Call } from '../../call';
import { UpstreamError, UpstreamHttpError, UpstreamTimeoutError, UpstreamUnavailableError, backendLabel } from '../../errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface UpstreamRequest {
  method: HttpMethod;
  /** Path below the backend's base URL, every dynamic segment already encoded. */
  path: string;
  /** A template such as `/content/users/:owner/items/:id/share`, for logs and metrics. */
  route: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
  /**
   * Repeating the call leaves the same state (reads, ArcGIS share, ONLYOFFICE
   * PUT). Calls that are not are retried only when they never left the box.
   */
  idempotent: boolean;
  /**
   * The request this call serves: a client that goes away cancels the call,
   * and its operation deadline bounds it. Absent for calls no request made
   * (readiness probes, tests of the upstream layer).
   */
  call?: Call;
}

export interface UpstreamResponse {
  status: number;
  contentType: string;
  text: string;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The body as parsed, filled on first use (parseUpstreamJson, isJsonBody),
   * so that the breaker's check and the connector share one parse.
   */
  parsed?: ParsedBody;
}

/** Observers for metrics, logs and traces; all optional. */
export interface UpstreamObserver {
  /** A retry is about to be sent (after its backoff); `call` is the calling request's. */
  onRetry?(backend: BackendName, call?: Call): void;
  onCall?(event: { backend: BackendName; method: HttpMethod; route: string; status: number | null; durationMs: number; error?: UpstreamError; call?: Call }): void;
}

/**
 * undici's failure codes, mapped once. Timeouts are a slow backend; the rest
 * are a backend that cannot be reached or dropped the connection.
 */
const UNDICI_CODE_TO_FAILURE: Record<string, 'timeout' | 'unavailable'> = {
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_SOCKET: 'unavailable',
  UND_ERR_CLOSED: 'unavailable',
  UND_ERR_DESTROYED: 'unavailable',
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  EPIPE: 'unavailable',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENETUNREACH: 'unavailable',
  ETIMEDOUT: 'timeout',
};

const TIMEOUT_WHAT: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'headers timeout',
  UND_ERR_BODY_TIMEOUT: 'body timeout',
  ETIMEDOUT: 'connect timeout',
};

function errorCode(err: unknown): string | undefined {
  if (err && typeof err === 'object') {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const cause = (err as { cause?: unknown }).cause;
    if (cause) return errorCode(cause);
  }
  return undefined;
}

/** Any error thrown while calling a backend, as an UpstreamError. */
export function classifyTransportError(err: unknown, backend: BackendName, deadlineHit: boolean): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (deadlineHit) return new UpstreamTimeoutError(backend, 'call deadline');
  const code = errorCode(err);
  const failure = code ? UNDICI_CODE_TO_FAILURE[code] : undefined;
  if (failure === 'timeout') return new UpstreamTimeoutError(backend, TIMEOUT_WHAT[code!] ?? 'timeout');
  if (failure === 'unavailable') return new UpstreamUnavailableError(backend, code === 'ECONNREFUSED' ? 'connection refused' : 'connection failed');
  if (err instanceof undiciErrors.RequestAbortedError || nameOf(err) === 'AbortError') {
    return new UpstreamUnavailableError(backend, 'request aborted');
  }
  return new UpstreamHttpError('UPSTREAM_ERROR', backend, `${backendLabel(backend)} call failed`);
}

/** True when the failure proves the request never reached the backend. */
export function neverSent(err: UpstreamError): boolean {
  return err.neverSent;
}

export class UpstreamHttp {
  readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    readonly backend: BackendName,
    readonly baseUrl: URL,
    readonly settings: UpstreamSettings,
    private readonly observer: UpstreamObserver = {},
  ) {
    this.basePath = baseUrl.pathname === '/' ? '' : baseUrl.pathname;
    this.pool = new Pool(baseUrl.origin, {
      connections: settings.connections,
      connectTimeout: settings.connectTimeoutMs,
      headersTimeout: settings.headersTimeoutMs,
      bodyTimeout: settings.bodyTimeoutMs,
      keepAliveTimeout: 4000,
    });
  }

  /**
   * One HTTP exchange, no retries; `upstream-client.ts` adds those and the
   * other policies. `signal` is the call's (see CallDeadline there).
   */
  async send(req: UpstreamRequest, signal: Abortable): Promise<UpstreamResponse> {
    const started = performance.now();
    // A client span per attempt, named by route template; its context travels as `traceparent`.
    const span = startUpstreamSpan(this.backend, req.method, req.route);
    const headers = { ...req.headers, ...span.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const exchange = new BufferedExchange(this.backend, this.settings.maxResponseBytes, signal);
    try {
      if (!signal.aborted) this.pool.dispatch({ method: req.method, path: this.fullPath(req), headers, body: req.body ?? null }, exchange);
      const response = await exchange.done;
      span.end(response.status);
      this.observer.onCall?.({ backend: this.backend, method: req.method, route: req.route, status: response.status, durationMs: performance.now() - started, call: req.call });
      return response;
    } catch (err) {
      const error = classifyTransportError(err, this.backend, signal.aborted && isDeadline(signal));
      if (errorCode(err) === 'ECONNREFUSED') error.neverSent = true;
      span.end(exchange.status, error);
      this.observer.onCall?.({ backend: this.backend, method: req.method, route: req.route, status: exchange.status, durationMs: performance.now() - started, error, call: req.call });
      throw error;
    }
  }

  private fullPath(req: UpstreamRequest): string {
    const path = this.basePath + req.path;
    if (!req.query) return path;
    const qs = new URLSearchParams(req.query).toString();
    return qs === '' ? path : `${path}?${qs}`;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function isDeadline(signal: Abortable): boolean {
  return nameOf(signal.reason) === 'TimeoutError';
}

/** An error's name, read without instanceof: an abort reason may be a DOMException made in another realm. */
function nameOf(err: unknown): unknown {
  return err && typeof err === 'object' ? (err as { name?: unknown }).name : undefined;
}

const MAX_JSON_DEPTH = 64;

export type ParsedBody = { value: unknown; failure?: undefined } | { failure: 'not JSON' | 'too deep' };

function parsedBody(res: UpstreamResponse): ParsedBody {
  res.parsed ??= parseGuarded(res.text);
  return res.parsed;
}

/**
 * JSON.parse with the guards an untrusted upstream needs: a depth limit (a
 * deeply nested body can blow the stack of whoever walks it later) and no
 * `__proto__` keys (harmless as own properties, dangerous once copied).
 */
function parseGuarded(text: string): ParsedBody {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) return { failure: 'too deep' };
  try {
    return { value: text.includes('"__proto__"') ? JSON.parse(text, dropProtoKeys) : JSON.parse(text) };
  } catch {
    return { failure: 'not JSON' };
  }
}

/** The response's body as JSON; throws UPSTREAM_ERROR when it is not JSON or nested too deeply. */
export function parseUpstreamJson(res: UpstreamResponse, backend: BackendName): unknown {
  const parsed = parsedBody(res);
  if (parsed.failure !== undefined) {
    const what = parsed.failure === 'too deep' ? 'JSON nested too deeply' : 'a body that is not JSON';
    throw new UpstreamHttpError('UPSTREAM_ERROR', backend, `${backendLabel(backend)} answered with ${what}`, res.status);
  }
  return parsed.value;
}

/** False only for a body that is not JSON at all (JSON the guards refuse still is). */
export function isJsonBody(res: UpstreamResponse): boolean {
  return parsedBody(res).failure !== 'not JSON';
}

function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/**
 * Receives one response through undici's dispatch API and buffers it, up to
 * `maxBytes`. `pool.request` would do the same through a Readable body, an
 * AsyncResource and an AbortSignal listener per call, which together
 * measured at a tenth of the gateway's CPU per shareItem (bench/README.md);
 * here the call's own signal is listened to only while the exchange runs.
 * Redirects are refused (a custom credential header would follow one to
 * another origin), and so is a body over the cap, declared or counted.
 */
class BufferedExchange implements Dispatcher.DispatchHandler {
  /** The answer's status once it is known (a failed exchange may still have one). */
  status: number | null = null;
  readonly done: Promise<UpstreamResponse>;
  private resolve!: (response: UpstreamResponse) => void;
  private reject!: (err: unknown) => void;
  private controller: Dispatcher.DispatchController | null = null;
  private headers: Record<string, string | string[] | undefined> = {};
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private settled = false;
  private readonly onAbort = () => this.abort(this.signal.reason);

  constructor(
    private readonly backend: BackendName,
    private readonly maxBytes: number,
    private readonly signal: Abortable,
  ) {
    this.done = new Promise<UpstreamResponse>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (signal.aborted) this.fail(signal.reason);
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Aborted while it waited for a connection: it ends here, before a byte is written.
    if (this.settled) controller.abort(new undiciErrors.RequestAbortedError());
    else this.controller = controller;
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[]>): void {
    if (statusCode < 200) return; // 1xx: the real answer follows
    this.status = statusCode;
    this.headers = headers;
    if (statusCode >= 300 && statusCode < 400) {
      this.abort(new UpstreamHttpError('UPSTREAM_ERROR', this.backend, `${backendLabel(this.backend)} answered with a redirect, which the gateway does not follow`, statusCode));
      return;
    }
    const declared = Number(headers['content-length']);
    if (Number.isFinite(declared) && declared > this.maxBytes) this.abort(this.tooLarge());
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) this.abort(this.tooLarge());
    else this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.removeEventListener('abort', this.onAbort);
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
    this.resolve({ status: this.status!, contentType: String(this.headers['content-type'] ?? ''), text: body.toString('utf8'), headers: this.headers });
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.fail(err);
  }

  /** Ends the exchange with `reason`, and the request with it if undici has started it. */
  private abort(reason: unknown): void {
    if (this.settled) return;
    this.fail(reason);
    this.controller?.abort(reason instanceof Error ? reason : new undiciErrors.RequestAbortedError());
  }

  private fail(reason: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.signal.removeEventListener('abort', this.onAbort);
    this.reject(reason);
  }

  private tooLarge(): UpstreamHttpError {
    return new UpstreamHttpError('UPSTREAM_ERROR', this.backend, `${backendLabel(this.backend)} answered with a body over the size limit`, this.status ?? undefined);
  }
}
