/**
 * The node:http front door, the one way in. Every request gets a sane Host,
 * a request id and, when its answer is finished, one log line. A POST then
 * has its charset checked, refusing an exotic one at once (Apollo Server
 * CVE-2026-23897), and its body read whole with a hard byte limit measured
 * after decompression (a 1 KB gzip body can inflate to gigabytes: Apollo
 * Router CVE-2024-28101); yoga reads the body of a POST only, so other
 * methods come in with theirs unread. What is let in, the admitted request
 * (server-context.ts), goes to the fast adapter (fast-path.ts) when
 * FAST_PATH is on, and to yoga's normal path (to-yoga.ts) when the fast
 * adapter does not answer it.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import type { Logger } from 'pino';
import { newScope } from '../observability/request-scope';
import type { RequestScope } from '../observability/request-scope';
import type { GatewayMetrics } from '../observability/metrics';
import { withOperationSpan } from '../observability/tracing';
import { OverLimitError, readCapped } from '../util/read-capped';
import { Cancellation } from '../util/abortable';
import { REFUSAL_CODES } from '../errors';
import { requestIdOf } from './server-context';
import type { AdmittedRequest, GatewayYoga, ServerContext } from './server-context';
import { answerFast } from './fast-path';
import { toYoga } from './to-yoga';
import { answerIdempotent, wantsIdempotency } from './idempotency';
import type { IdempotencyOptions } from './idempotency';

export interface GuardOptions {
  /** Offer admitted requests to the fast adapter first (fast-path.ts). @default false */
  fastPath?: boolean;
  /** Largest accepted body, after decompression. @default 1048576 */
  maxBodyBytes: number;
  metrics?: GatewayMetrics;
  logger?: Logger;
  /** Answer a POST with an Idempotency-Key once per caller and key (idempotency.ts); none: the header is ignored. */
  idempotency?: IdempotencyOptions | null;
}

const HOST = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/** yoga builds its request URL from Host; a Host that is not one becomes `localhost` rather than a 500. */
function saneHost(req: IncomingMessage): void {
  const host = req.headers.host;
  const port = host ? Number(/:(\d+)$/.exec(host)?.[1] ?? 0) : 0;
  if (!host || !HOST.test(host) || port > 65535) req.headers.host = 'localhost';
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

function abortOnClientGone(res: ServerResponse): Cancellation {
  const cancellation = new Cancellation();
  res.once('close', () => {
    if (!res.writableFinished) cancellation.abort(new DOMException('The client went away', 'AbortError'));
  });
  return cancellation;
}

export function guardedHandler(yoga: GatewayYoga, options: GuardOptions) {
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

async function handle(yoga: GatewayYoga, options: GuardOptions, scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const admitted = await admit(req, res, options.maxBodyBytes, { scope, signal: abortOnClientGone(res) });
  if (!admitted) return;
  if (options.idempotency && wantsIdempotency(admitted) && (await answerIdempotent(yoga, admitted, res, options.idempotency))) return;
  if (options.fastPath && (await answerFast(yoga, admitted, res))) {
    options.metrics?.fastPathAnswered();
    return;
  }
  await toYoga(yoga, admitted, res);
}

/** Lets a request in, or answers it with a refusal and returns null. */
async function admit(req: IncomingMessage, res: ServerResponse, limit: number, context: ServerContext): Promise<AdmittedRequest | null> {
  const request = { raw: req, method: req.method ?? 'GET', url: req.url ?? '/', context };
  if (req.method !== 'POST') return { ...request, headers: req.headers, body: null };
  try {
    checkCharset(req.headers['content-type']);
    const body = await readLimited(req, limit);
    return { ...request, headers: describingReadBody(req.headers, body), body };
  } catch (err) {
    refuseFor(res, err);
    req.resume();
    return null;
  }
}

/** The headers, once the body is read and decoded: no content or transfer encoding any more, and its own length. */
function describingReadBody(headers: IncomingHttpHeaders, body: Buffer): IncomingHttpHeaders {
  if (headers['content-encoding'] === undefined && headers['transfer-encoding'] === undefined) return headers;
  const described: IncomingHttpHeaders = { ...headers, 'content-length': String(body.length) };
  delete described['content-encoding'];
  delete described['transfer-encoding'];
  return described;
}
