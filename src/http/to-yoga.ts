/**
 * yoga's normal path: an admitted request goes to yoga's own node adapter
 * (its requestListener), which builds the fetch-API Request, runs every yoga
 * hook and writes yoga's Response to `res` itself. This is the one way into
 * yoga; the fast adapter (fast-path.ts) answers only what yoga would answer
 * the same, and hands anything else here.
 */
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { AdmittedRequest, GatewayYoga, ServerContext } from './server-context';

/** yoga's node listener, which passes extra arguments on as server context (its typings show only two). */
type NodeListener = (req: object, res: ServerResponse, context: ServerContext) => Promise<void>;

export function toYoga(yoga: GatewayYoga, admitted: AdmittedRequest, res: ServerResponse): Promise<void> {
  const listener = yoga.requestListener as unknown as NodeListener;
  return listener(admitted.body === null ? admitted.raw : withReadBody(admitted, admitted.body), res, admitted.context);
}

/**
 * A request whose body the front door has read, in the shape yoga's node
 * adapter (whatwg-node's normalizeNodeRequest) takes from body-parsing
 * frameworks: a non-empty `body` becomes the Request's body as it is. An
 * empty one it would read from the request object itself, as a stream, so
 * for that one the object is an empty stream.
 */
function withReadBody(admitted: AdmittedRequest, body: Buffer): object {
  const request = { method: admitted.method, url: admitted.url, headers: admitted.headers, socket: admitted.raw.socket, body };
  return body.length > 0 ? request : Object.assign(Readable.from([]), request);
}
