/**
 * The node:http front door. Before yoga parses anything, a POST body is
 * read with a hard byte limit measured after decompression (a 1 KB gzip
 * body can inflate to gigabytes: Apollo Router CVE-2024-28101), and a
 * request in an exotic charset is refused at once (Apollo Server
 * CVE-2026-23897). Other methods go straight to yoga.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import { randomUUID } from 'node:crypto';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { newScope } from '../observability/request-scope';
import type { RequestScope } from '../observability/request-scope';
import type { GatewayMetrics } from '../observability/metrics';
import { withOperationSpan } from '../observability/tracing';
import { fastPathEligible, runFastPath } from './fast-path';
import { OverLimitError, readCapped } from '../util/read-capped';
import { Cancellation } from '../util/abortable';
import { REFUSAL_CODES } from '../errors';

export interface GuardOptions {
  /** Run plain JSON operations through yoga's envelop directly (see fast-path.ts). @default false */
  fastPath?: boolean;
  /** Largest accepted body, after decompression. @default 1048576 */
  maxBodyBytes: number;
  metrics?: GatewayMetrics;
  logger?: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const HOP_BY_HOP = new Set(['transfer-encoding', 'connection', 'keep-alive', 'content-length', 'upgrade', 'proxy-connection', 'te', 'trailer']);
const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** yoga builds its request URL from Host; a Host that is not one becomes `localhost` rather than a 500. */
function saneHost(req: IncomingMessage): void {
  const host = req.headers.host;
  const port = host ? Number(/:(\d+)$/.exec(host)?.[1] ?? 0) : 0;
  if (!host || !HOST.test(host) || port > 65535) req.headers.host = 'localhost';
}

/** The caller's X-Request-Id when it is safe to forward upstream, else a fresh one. */
export function requestIdOf(given: string | string[] | undefined): string {
  const value = Array.isArray(given) ? given[0] : given;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

/** One line per operation, written when the response is finished. */
function logOperation(logger: Logger | undefined, scope: RequestScope, status: number, path: string): void {
  if (!logger || path.startsWith('/healthz') || path.startsWith('/readyz') || path.startsWith('/metrics')) return;
  logger.info(
    {
      requestId: scope.requestId,
      operation: scope.operationName,
      operationType: scope.operationType,
      backends: [...scope.backends],
      upstreamRequests: scope.upstreamCalls,
      retries: scope.retries,
      durationMs: Math.round((performance.now() - scope.startedAt) * 100) / 100,
      status,
      outcome: scope.outcome ?? (status >= 400 ? 'rejected' : 'none'),
    },
    'operation',
  );
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ALLOWED_CHARSETS = new Set(['utf-8', 'utf8']);

function checkCharset(contentType: string | undefined): void {
  if (!contentType) return;
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType);
  if (match && !ALLOWED_CHARSETS.has(match[1]!.toLowerCase())) {
    throw new Refusal(415, `Unsupported charset "${match[1]!.slice(0, 40)}": send UTF-8`);
  }
}

function decoderFor(encoding: string | undefined): Transform | null {
  const value = (encoding ?? 'identity').trim().toLowerCase();
  if (value === 'identity' || value === '') return null;
  if (value === 'gzip' || value === 'x-gzip') return createGunzip();
  if (value === 'deflate') return createInflate();
  if (value === 'br') return createBrotliDecompress();
  throw new Refusal(415, `Unsupported content encoding "${value.slice(0, 40)}"`);
}

/** Reads the body, stopping (and destroying the streams) the moment it passes the limit. */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const decoder = decoderFor(req.headers['content-encoding']);
  if (!decoder && Number.isFinite(declared) && declared > limit) throw new Refusal(413, `Request body over ${limit} bytes`);
  // A caller who hangs up mid-body ends the request stream but not the decoder it is piped into.
  if (decoder) req.once('close', () => req.complete || decoder.destroy());
  try {
    return await readCapped(decoder ? req.pipe(decoder) : req, limit);
  } catch (err) {
    decoder?.destroy();
    if (err instanceof OverLimitError) throw new Refusal(413, `Request body over ${limit} bytes${decoder ? ' once decompressed' : ''}`);
    throw new Refusal(400, 'Request body could not be read');
  }
}

/** `extensions.code` of each refusal, by HTTP status: the error registry's `refusalStatus` column. */
export { REFUSAL_CODES };

function refuse(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: REFUSAL_CODES[status] ?? 'BAD_USER_INPUT' } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

/** Answers a failed read or check: a Refusal with its own status, anything else as a plain 400. */
function refuseFor(res: ServerResponse, err: unknown): void {
  const refusal = err instanceof Refusal ? err : new Refusal(400, 'Bad request');
  refuse(res, refusal.status, refusal.message);
}

type Yoga = YogaServerInstance<Record<string, unknown>, any>;

/** yoga's node listener, which passes extra arguments on as server context (its typings show only two). */
const nodeListener = (yoga: Yoga) => yoga.requestListener as unknown as (req: IncomingMessage, res: ServerResponse, context: ServerContext) => Promise<void>;

/** What the handler gives yoga's context factory (src/server.ts). */
export interface ServerContext {
  scope: RequestScope;
  /** Aborted when the client goes away before its answer is complete: upstream calls stop with it. */
  signal: Cancellation;
}

function abortOnClientGone(res: ServerResponse): Cancellation {
  const cancellation = new Cancellation();
  res.once('close', () => {
    if (!res.writableFinished) cancellation.abort(new DOMException('The client went away', 'AbortError'));
  });
  return cancellation;
}

export function guardedHandler(yoga: Yoga, options: GuardOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    saneHost(req);
    const scope = newScope(requestIdOf(req.headers['x-request-id']), options.metrics ?? null);
    res.setHeader('x-request-id', scope.requestId);
    res.once('finish', () => logOperation(options.logger, scope, res.statusCode, req.url ?? '/'));
    withOperationSpan(() => handle(yoga, options, scope, req, res)).catch(() => {
      // Nothing may leave a request unanswered.
      if (!res.headersSent) refuse(res, 500, 'Unexpected error');
      else res.destroy();
    });
  };
}

/**
 * The common case, a plain POST whose declared length is within the limit,
 * goes to yoga's own node adapter: node's parser holds the body to that
 * length, so there is nothing left to guard and no copy to make. A
 * compressed or chunked body is read here, with the limit counted as it
 * inflates, then handed to yoga whole.
 */
function needsGuardedRead(req: IncomingMessage, limit: number): boolean {
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const declared = req.headers['content-length'] === undefined ? NaN : Number(req.headers['content-length']);
  return (encoding !== 'identity' && encoding !== '') || !Number.isFinite(declared) || declared > limit;
}

async function handle(yoga: Yoga, options: GuardOptions, scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const context: ServerContext = { scope, signal: abortOnClientGone(res) };
  if (req.method !== 'POST') {
    await nodeListener(yoga)(req, res, context);
    return;
  }
  let body: Buffer | null = null;
  try {
    checkCharset(req.headers['content-type']);
    if (needsGuardedRead(req, options.maxBodyBytes)) body = await readLimited(req, options.maxBodyBytes);
  } catch (err) {
    refuseFor(res, err);
    req.resume();
    return;
  }
  if (body === null && options.fastPath && fastPathEligible(req)) {
    try {
      body = await readLimited(req, options.maxBodyBytes);
    } catch (err) {
      refuseFor(res, err);
      return;
    }
    if (await runFastPath(yoga, context, req, res, body)) return;
  }
  if (body === null) {
    await nodeListener(yoga)(req, res, context);
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name === 'content-encoding' || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  try {
    // A fixed origin: the caller's Host is theirs to garble, and a path such as //evil must stay a path.
    const target = `http://localhost/${(req.url ?? '/').replace(/^\/+/, '')}`;
    const response = await yoga.fetch(target, { method: 'POST', headers, body, signal: context.signal.toAbortSignal() }, { ...context });
    const out = Buffer.from(await response.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      // The body is sent whole with its own length: framing headers from yoga would contradict it.
      if (!HOP_BY_HOP.has(name.toLowerCase())) outHeaders[name.toLowerCase()] = value;
    });
    outHeaders['content-length'] = String(out.length);
    res.writeHead(response.status, outHeaders);
    res.end(out);
  } catch {
    if (!res.headersSent) refuse(res, 500, 'Unexpected error');
    else res.destroy();
  }
}
