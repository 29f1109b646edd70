/**
 * The node:http front door, the one way in. Every request gets a sane Host,
 * a request id and, when its answer is finished, one log line. A POST then
 * has its charset checked, refusing an exotic one at once (Apollo Server
 * CVE-2026-23897), and its body read whole (read-body.ts) with a hard byte
 * limit measured after decompression (a 1 KB gzip body can inflate to
 * gigabytes: Apollo Router CVE-2024-28101) and on the wire, a deadline, a
 * least rate and a budget shared by all connections; yoga reads the body of
 * a POST only, so other methods come in with theirs unread. Only a request
 * target without dot segments or backslashes gets in: yoga matches its
 * paths after WHATWG URL parsing, which resolves `/graphql/%2e%2e/metrics`
 * and `/graphql/..\metrics` to `/metrics`. What is let in, the admitted request
 * (server-context.ts), goes to the fast adapter (fast-path.ts) when
 * FAST_PATH is on, and to yoga's normal path (to-yoga.ts) when the fast
 * adapter does not answer it.
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { newScope } from '../observability/request-scope';
import type { RequestScope } from '../observability/request-scope';
import type { GatewayMetrics } from '../observability/metrics';
import { withOperationSpan } from '../observability/tracing';
import { Cancellation } from '../util/abortable';
import { REFUSAL_CODES } from '../errors';
import { requestIdOf } from './server-context';
import type { AdmittedRequest, GatewayYoga, ServerContext } from './server-context';
import { answerFast } from './fast-path';
import { toYoga } from './to-yoga';
import { answerIdempotent, wantsIdempotency } from './idempotency';
import type { IdempotencyOptions } from './idempotency';
import { CallerGone, Refusal, checkUtf8, lingerAfterAnswer, newBodyReader, readBody } from './read-body';
import type { BodyLimits, BodyReader } from './read-body';

export interface GuardOptions {
  /** Offer admitted requests to the fast adapter first (fast-path.ts). @default false */
  fastPath?: boolean;
  /** Largest accepted body, after decompression and on the wire. @default 1048576 */
  maxBodyBytes: number;
  /** A body must be whole this long after its headers (408 beyond). @default 10000 */
  bodyTimeoutMs?: number;
  /** Least average rate of a body from its first second on (408 below); 0: none. @default 1024 */
  bodyMinBytesPerSec?: number;
  /** Bodies held in memory at once, across connections (503 OVERLOADED beyond). @default 67108864 */
  maxBufferedBodyBytes?: number;
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

/** Longest caller-chosen text a log line carries (an operation name is refused past 100 characters anyway). */
const LOGGED_TEXT_MAX = 100;

const truncated = (text: string | null): string | null => (text !== null && text.length > LOGGED_TEXT_MAX ? `${text.slice(0, LOGGED_TEXT_MAX)}…` : text);

/** One line per operation, written when the response is finished. */
function logOperation(logger: Logger | undefined, scope: RequestScope, status: number, path: string): void {
  if (!logger || path.startsWith('/healthz') || path.startsWith('/readyz') || path.startsWith('/metrics')) return;
  logger.info(
    {
      requestId: scope.requestId,
      operation: truncated(scope.operationName),
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

const ALLOWED_CHARSETS = new Set(['utf-8', 'utf8']);

function checkCharset(contentType: string | undefined): void {
  if (!contentType) return;
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType);
  if (match && !ALLOWED_CHARSETS.has(match[1]!.toLowerCase())) {
    throw new Refusal(415, `Unsupported charset "${match[1]!.slice(0, 40)}": send UTF-8`);
  }
}

/** `extensions.code` of each refusal, by HTTP status: the error registry's `refusalStatus` column. */
export { REFUSAL_CODES };

function refuse(res: ServerResponse, status: number, message: string, headers: Readonly<Record<string, string>> = {}): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: REFUSAL_CODES[status] ?? 'BAD_USER_INPUT' } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close', ...headers });
  res.end(body);
}

/** Answers a failed read or check: a Refusal with its own status, anything else as a plain 400. */
function refuseFor(res: ServerResponse, err: unknown): void {
  const refusal = err instanceof Refusal ? err : new Refusal(400, 'Bad request');
  refuse(res, refusal.status, refusal.message, refusal.headers);
}

/**
 * A request target whose path has a dot segment (`.`, `..`, or either
 * percent-encoded) or a backslash: yoga would match it after resolving
 * those, so `/graphql/%2e%2e/metrics` would serve /metrics. No path the
 * gateway serves has one.
 */
const UNRESOLVED_PATH = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)|\\/i;

function canonicalPath(url: string): boolean {
  const end = url.indexOf('?');
  return !UNRESOLVED_PATH.test(end === -1 ? url : url.slice(0, end));
}

/** Answered as yoga answers a path it does not serve. */
function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-length': 0 });
  res.end();
}

function abortOnClientGone(res: ServerResponse): Cancellation {
  const cancellation = new Cancellation();
  res.once('close', () => {
    if (!res.writableFinished) cancellation.abort(new DOMException('The client went away', 'AbortError'));
  });
  return cancellation;
}

function bodyLimits(options: GuardOptions): BodyLimits {
  return { maxBytes: options.maxBodyBytes, timeoutMs: options.bodyTimeoutMs ?? 10000, minBytesPerSec: options.bodyMinBytesPerSec ?? 1024 };
}

export function guardedHandler(yoga: GatewayYoga, options: GuardOptions) {
  const reader = newBodyReader(bodyLimits(options), options.maxBufferedBodyBytes ?? 64 * 1024 * 1024);
  return (req: IncomingMessage, res: ServerResponse): void => {
    saneHost(req);
    const scope = newScope(requestIdOf(req.headers['x-request-id']), options.metrics ?? null);
    res.setHeader('x-request-id', scope.requestId);
    res.once('finish', () => logOperation(options.logger, scope, res.statusCode, req.url ?? '/'));
    withOperationSpan(() => handle(yoga, options, reader, scope, req, res)).catch(() => {
      // Nothing may leave a request unanswered.
      if (!res.headersSent) refuse(res, 500, 'Unexpected error');
      else res.destroy();
    });
  };
}

async function handle(yoga: GatewayYoga, options: GuardOptions, reader: BodyReader, scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!canonicalPath(req.url ?? '/')) {
    notFound(res);
    return;
  }
  const admitted = await admit(req, res, reader, { scope, signal: abortOnClientGone(res) });
  if (!admitted) return;
  if (options.idempotency && wantsIdempotency(admitted) && (await answerIdempotent(yoga, admitted, res, options.idempotency))) return;
  if (options.fastPath && (await answerFast(yoga, admitted, res))) {
    options.metrics?.fastPathAnswered();
    return;
  }
  await toYoga(yoga, admitted, res);
}

/** Lets a request in, or answers it with a refusal and returns null. */
async function admit(req: IncomingMessage, res: ServerResponse, reader: BodyReader, context: ServerContext): Promise<AdmittedRequest | null> {
  const request = { raw: req, method: req.method ?? 'GET', url: req.url ?? '/', context };
  if (req.method !== 'POST') return { ...request, headers: req.headers, body: null };
  try {
    checkCharset(req.headers['content-type']);
    const body = await readBody(reader, req, res);
    checkUtf8(req.headers['content-type'], body);
    return { ...request, headers: describingReadBody(req.headers, body), body };
  } catch (err) {
    if (err instanceof CallerGone) return null;
    // The caller may still be sending: answer, then close without a reset (read-body.ts).
    lingerAfterAnswer(req);
    refuseFor(res, err);
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
