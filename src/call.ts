/**
 * The per-request call context: what every upstream call needs to know
 * about the request it serves. It is made once per request in the context
 * factory (src/server.ts) and passed down explicitly: GraphQL context →
 * backend session → connector → upstream client. Nothing below looks it up
 * in a map keyed on the request, its signal or its response.
 *
 * It is a leaf module (types and one small class), so every layer may
 * import it.
 */
import type { RequestScope } from './observability/request-scope';
import type { Abortable } from './util/abortable';

export interface Call {
  /** Sent upstream as X-Request-Id; the caller's own when it is safe to forward. */
  readonly requestId: string;
  /** Aborted when the client goes away before its answer is complete: its upstream calls stop with it. */
  readonly signal: Abortable;
  /** What this request did (upstream calls, retries, backends), for its log line and metrics. */
  readonly scope: RequestScope;
  /** The operation's deadline, shared by all of its upstream calls. */
  readonly deadline: OperationDeadline;
}

/** Something in flight that the operation's end must stop: an upstream call's own cancellation. */
export interface Stoppable {
  abort(reason: unknown): void;
}

/**
 * One operation's upstream calls: when the first started (the operation
 * deadline counts from it) and those in flight. The client going away stops
 * them all through one listener on the request's signal, added on the first
 * call, rather than a listener added and removed per call (on Node 20
 * EventTarget listeners cost more than a Set: bench/README.md).
 */
export class OperationDeadline {
  private started: number | null = null;
  private readonly inFlight = new Set<Stoppable>();

  constructor(private readonly signal: Abortable) {}

  /** When the operation's first upstream call started; `now` for the first call itself. */
  startedAt(now: number): number {
    if (this.started === null) {
      this.started = now;
      this.signal.addEventListener('abort', () => this.stopAll(), { once: true });
    }
    return this.started;
  }

  /** Adds a call that the client going away must stop; one that comes after it is stopped at once. */
  track(call: Stoppable): void {
    if (this.signal.aborted) call.abort(this.signal.reason);
    else this.inFlight.add(call);
  }

  untrack(call: Stoppable): void {
    this.inFlight.delete(call);
  }

  private stopAll(): void {
    for (const call of this.inFlight) call.abort(this.signal.reason);
    this.inFlight.clear();
  }
}

export function newCall(requestId: string, signal: Abortable, scope: RequestScope): Call {
  return { requestId, signal, scope, deadline: new OperationDeadline(signal) };
}
