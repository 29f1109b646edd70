/**
 * What the front door (request-guard.ts) hands on, in the shapes its two
 * adapters (fast-path.ts, to-yoga.ts) and yoga's context factory
 * (src/server.ts) read. It sits below all of them and imports none.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { YogaServerInstance } from 'graphql-yoga';
import type { RequestScope } from '../observability/request-scope';
import type { Cancellation } from '../util/abortable';

/**
 * yoga as the front door sees it: the GraphQL context stays open (`object`), as the front door must not
 * know it (docs/architecture.md, front-door-before-graphql). Picking every member compares them one by
 * one, so the gateway's yoga fits, which the instance type as a whole (invariant in its context) would refuse.
 */
type OpenContextYoga = YogaServerInstance<Record<string, unknown>, object>;
export type GatewayYoga = Pick<OpenContextYoga, keyof OpenContextYoga>;

/** What the front door gives yoga's context factory (src/server.ts) as server context. */
export interface ServerContext {
  scope: RequestScope;
  /** Aborted when the client goes away before its answer is complete: upstream calls stop with it. */
  signal: Cancellation;
}

/**
 * A request the front door has let in: Host made sane, request id given,
 * and for a POST the charset checked and the body read whole within the
 * limit, decompressed. Both adapters take this and nothing else.
 */
export interface AdmittedRequest {
  /** The request as it came, for what only node has (its socket); its body stream is spent when `body` is set. */
  readonly raw: IncomingMessage;
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly url: string;
  /** The caller's headers; with `body` set, those describing the body on the wire (encoding, framing) say what it is now. */
  readonly headers: IncomingHttpHeaders;
  /** A POST's body, decoded and within the limit; null for any other method, whose body (yoga reads none) is left unread. */
  readonly body: Buffer | null;
  readonly context: ServerContext;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is safe to forward upstream, else a fresh one. */
export function requestIdOf(given: string | string[] | undefined): string {
  const value = Array.isArray(given) ? given[0] : given;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}
