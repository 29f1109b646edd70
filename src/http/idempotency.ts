/**
 * `Idempotency-Key`: a mutation sent with the header is done once per caller
 * and key. This sits at the front door (request-guard.ts calls it for an
 * admitted POST carrying the header), where the whole HTTP answer is known:
 * - the key is claimed in the ledger's store (INSERT … ON CONFLICT DO
 *   NOTHING: the database decides, across every instance on it, which
 *   request runs);
 * - the request that holds the claim goes through yoga's normal path (never
 *   the fast adapter), and its answer, status, body and the headers that
 *   describe it, is recorded before it is sent;
 * - the same key with the same operation and variables answers that
 *   recorded response again with `Idempotent-Replayed: true`, and sends
 *   nothing upstream; with a different body it fails with
 *   IDEMPOTENCY_KEY_REUSED (HTTP 422) and sends nothing;
 * - a request whose key is held by one still running waits for it (up to
 *   OPERATION_DEADLINE_MS, woken by the store as soon as the first one is
 *   recorded, on any instance), then replays it; past the wait it fails
 *   with IDEMPOTENCY_KEY_IN_USE (HTTP 409).
 * A query (the document parses and its operation is a query) is passed on
 * as if the header were not there: it writes nothing. The caller is named by
 * the keyed fingerprints of the credentials it sends (src/ledger), so two
 * callers never share a key and no credential is stored. An answer of 5xx is
 * not kept (the key is given up, so that a retry runs again); the store
 * failing to keep an answer never withholds it from the client.
 * The draft standard: https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { OperationTypeNode, getOperationAST, parse } from 'graphql';
import type { Logger } from 'pino';
import { CREDENTIAL_HEADERS } from '../credentials';
import { REFUSAL_CODES } from '../errors';
import { hashRequest, isValidIdempotencyKey } from '../ledger';
import type { IdempotencyClaim, IdempotencyRequest, IdempotencyWait, LedgerStore, RecordedResponse } from '../ledger';
import { BACKENDS } from '../models';
import type { GatewayMetrics } from '../observability/metrics';
import type { AdmittedRequest, GatewayYoga } from './server-context';
import { CapturedResponse } from './captured-response';
import { toYoga } from './to-yoga';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

/** A claim whose instance died is taken over this long after the operation deadline. */
const LEASE_MARGIN_MS = 30_000;
/** The headers of an answer that are kept for a replay: those describing its body, and CORS's. */
const KEPT_HEADERS = /^(content-type|vary|access-control-[a-z-]+)$/;
/** Request headers that describe the connection or the framing, which the Request made for yoga sets itself. */

export interface IdempotencyOptions {
  store: LedgerStore;
  /** OPERATION_DEADLINE_MS: how long a request waits for the one holding its key. */
  waitMs: number;
  metrics?: GatewayMetrics | null;
  logger?: Logger | null;
}

/** A POST with the header: the only requests answered here. */
export function wantsIdempotency(request: AdmittedRequest): request is AdmittedRequest & { body: Buffer } {
  return request.body !== null && request.headers[IDEMPOTENCY_KEY_HEADER] !== undefined;
}

/**
 * Answers `request` once per caller and key (see the module comment).
 * False, with nothing written, when the request is a query: it goes the
 * usual way.
 */
export async function answerIdempotent(yoga: GatewayYoga, request: AdmittedRequest & { body: Buffer }, res: ServerResponse, options: IdempotencyOptions): Promise<boolean> {
  const key = request.headers[IDEMPOTENCY_KEY_HEADER];
  if (typeof key !== 'string' || !isValidIdempotencyKey(key)) {
    refuse(res, 400, 'Idempotency-Key must be one header of 1 to 200 printable ASCII characters');
    return true;
  }
  const described = describe(request.body);
  if (described.isQuery) return false;
  const req: IdempotencyRequest = { caller: idempotencyCaller(request.headers, options.store), key, requestHash: described.hash };
  const leaseMs = options.waitMs + LEASE_MARGIN_MS;
  let claim: IdempotencyClaim | IdempotencyWait;
  try {
    claim = await options.store.claimIdempotencyKey(req, { leaseMs });
    if (claim.outcome === 'running') {
      claim = await options.store.waitForIdempotencyKey(req, { leaseMs, timeoutMs: options.waitMs, signal: request.context.signal.toAbortSignal() });
    }
  } catch (err) {
    options.logger?.warn({ error: err instanceof Error ? err.message : String(err) }, 'idempotency key could not be claimed');
    refuse(res, 503, 'The sharing ledger cannot be reached to check the Idempotency-Key; nothing was sent, retry shortly', 'LEDGER_UNAVAILABLE');
    return true;
  }
  switch (claim.outcome) {
    case 'replay':
      options.metrics?.idempotentReplay();
      write(res, claim.response, true);
      return true;
    case 'reused':
      refuse(res, 422, 'This Idempotency-Key was used for a different operation or variables; nothing was sent');
      return true;
    case 'timeout':
      refuse(res, 409, 'A request with this Idempotency-Key is still running; nothing was sent, retry later for its answer');
      return true;
    case 'claimed':
      await runClaimed(yoga, request, res, options, req, claim.token);
      return true;
  }
}

/** Runs the request through yoga holding the claim, keeps its answer, then sends it. */
async function runClaimed(yoga: GatewayYoga, request: AdmittedRequest & { body: Buffer }, res: ServerResponse, options: IdempotencyOptions, req: IdempotencyRequest, token: string): Promise<void> {
  let answer: RecordedResponse;
  try {
    answer = await throughYoga(yoga, request);
  } catch (err) {
    await options.store.releaseIdempotencyKey(req, token).catch(() => undefined);
    throw err;
  }
  try {
    if (answer.status >= 500) await options.store.releaseIdempotencyKey(req, token);
    else if (!(await options.store.completeIdempotencyKey(req, token, kept(answer)))) throw new Error('the claim was taken over before the answer was kept');
  } catch (err) {
    // The answer stands: the client gets it whether or not the store kept it.
    options.metrics?.ledgerWriteFailed('idempotency');
    options.logger?.warn({ error: err instanceof Error ? err.message : String(err) }, 'idempotent answer not kept');
  }
  write(res, answer, false);
}

/**
 * yoga's normal path (to-yoga.ts), with the answer kept whole rather than
 * written to the socket, so that it is stored before the client gets it.
 */
async function throughYoga(yoga: GatewayYoga, request: AdmittedRequest & { body: Buffer }): Promise<RecordedResponse> {
  const captured = new CapturedResponse();
  await toYoga(yoga, request, captured as unknown as ServerResponse);
  await captured.finished;
  return captured.answer();
}

/** What a replay needs of an answer. */
function kept(answer: RecordedResponse): RecordedResponse {
  return { status: answer.status, headers: Object.fromEntries(Object.entries(answer.headers).filter(([name]) => KEPT_HEADERS.test(name))), body: answer.body };
}

function write(res: ServerResponse, answer: RecordedResponse, replayed: boolean): void {
  const headers: Record<string, string | number> = { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) };
  if (replayed) headers[REPLAYED_HEADER] = 'true';
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}

/** A refusal before anything is sent; its code is the status's refusal code unless named (503 means more than one thing). */
function refuse(res: ServerResponse, status: number, message: string, code: string | undefined = REFUSAL_CODES[status]): void {
  write(res, { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify({ errors: [{ message, extensions: { code } }] }) }, false);
}

/**
 * The request hash and whether it is a query. The hash covers the
 * operation's text, name and variables (key order aside); a body that is
 * not one plain operation is hashed whole.
 */
function describe(body: Buffer): { hash: string; isQuery: boolean } {
  const text = body.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { hash: hashRequest({ query: text }), isQuery: false };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || typeof (parsed as { query?: unknown }).query !== 'string') {
    return { hash: hashRequest({ query: text }), isQuery: false };
  }
  const { query, operationName, variables } = parsed as { query: string; operationName?: unknown; variables?: unknown };
  const name = typeof operationName === 'string' ? operationName : null;
  return { hash: hashRequest({ query, operationName: name, variables }), isQuery: isQuery(query, name) };
}

function isQuery(query: string, operationName: string | null): boolean {
  try {
    return getOperationAST(parse(query), operationName)?.operation === OperationTypeNode.QUERY;
  } catch {
    // yoga answers a document that does not parse; with the key, that answer is kept like any other.
    return false;
  }
}

/** Who sent it, without a credential: the keyed fingerprint of each credential header. */
export function idempotencyCaller(headers: IncomingHttpHeaders, store: LedgerStore): string {
  const parts = BACKENDS.flatMap((backend) => {
    const value = headers[CREDENTIAL_HEADERS[backend]];
    const credential = (Array.isArray(value) ? value.join(', ') : (value ?? '')).trim();
    return credential === '' ? [] : [`${backend}=${store.fingerprint(backend, credential)}`];
  });
  return parts.length > 0 ? parts.join(';') : 'anonymous';
}
