/**
 * One backend's upstream client: the HTTP pool plus the policies every call
 * goes through. Connectors call `call()` and never see undici directly.
 *
 * A call, from the outside in:
 * 1. the breaker is asked first, so that an open backend costs nothing, not
 *    even a place in the queue;
 * 2. the bulkhead gives it one of `maxInFlight` slots, or one of `maxQueued`
 *    places in the queue, or fails it at once with UPSTREAM_OVERLOADED;
 * 3. up to `maxAttempts` attempts, each judged by the breaker, with retries
 *    only where they are safe, paid for from the backend's retry budget and
 *    never past the call's deadline.
 * The call's deadline (`callDeadlineMs`), the operation's deadline and the
 * caller's signal (a client that disconnects) all cancel the call,
 * queued or in flight.
 */
import { resolveUpstreamSettings } from '../../config';
import type { ResolvedUpstreamSettings, UpstreamSettings } from '../../config';
import type { BackendName } from '../../models';
import { UpstreamError, UpstreamHttpError, UpstreamOverloadedError, UpstreamTimeoutError, UpstreamUnavailableError, backendLabel, codeForHttpStatus, upstreamHttpError } from '../../errors';
import { UpstreamHttp, isJsonBody, neverSent } from './http';
import type { UpstreamObserver, UpstreamRequest, UpstreamResponse } from './http';
import { BackendBreaker, BreakerOpenError } from './breaker';
import type { Verdict } from './breaker';
import { Bulkhead, BulkheadFullError } from './bulkhead';
import { Cancellation } from '../../util/abortable';
import type { Abortable } from '../../util/abortable';
import type { OperationDeadline } from '../../call';
import { RetryBudget } from './budget';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const BREAKER_STATUS = new Set([500, 502, 503, 504]);

/** One attempt's outcome: the response, or the error it ended with. Never thrown through the breaker. */
type Exchange = { response: UpstreamResponse; error?: undefined } | { error: UpstreamError; response?: undefined };

/** Per-backend counters since start, for logs and the soak report. */
export interface UpstreamStats {
  calls: number;
  attempts: number;
  retries: number;
  retriesRefusedByBudget: number;
  breakerFailures: number;
  breakerRejected: number;
  breakerOpened: number;
  bulkheadRejected: number;
}

export class UpstreamClient {
  readonly http: UpstreamHttp;
  readonly breaker: BackendBreaker;
  readonly bulkhead: Bulkhead;
  readonly budget: RetryBudget;
  private readonly observer: UpstreamObserver | undefined;
  readonly settings: ResolvedUpstreamSettings;
  private attempts = 0;

  constructor(
    readonly backend: BackendName,
    baseUrl: URL,
    settings: UpstreamSettings,
    observer?: UpstreamObserver,
  ) {
    this.settings = resolveUpstreamSettings(settings);
    const s = this.settings;
    this.http = new UpstreamHttp(backend, baseUrl, s, observer);
    this.observer = observer;
    this.breaker = new BackendBreaker(backend, {
      consecutiveFailures: s.breakerConsecutiveFailures,
      failureRatio: s.breakerFailureRatio,
      minCalls: s.breakerMinCalls,
      windowMs: s.breakerWindowMs,
      halfOpenAfterMs: s.breakerHalfOpenAfterMs,
      maxHalfOpenAfterMs: s.breakerMaxHalfOpenAfterMs,
    });
    this.bulkhead = new Bulkhead(s.maxInFlight, s.maxQueued);
    this.budget = new RetryBudget({ ratio: s.retryBudgetRatio, minPerSec: s.retryBudgetMinPerSec, windowMs: s.retryBudgetWindowMs });
  }

  /**
   * Sends the request under the backend's policies. Returns any response
   * whose status is not retryable (callers read 4xx bodies themselves, since
   * each backend puts its error detail somewhere else); throws an
   * UpstreamError for everything else.
   */
  async call(req: UpstreamRequest): Promise<UpstreamResponse> {
    this.breaker.check();
    const deadline = this.deadlineFor(req);
    try {
      return await this.bulkhead.run(() => this.attempt(req, deadline, deadline.at), deadline);
    } catch (err) {
      if (err instanceof BulkheadFullError) throw new UpstreamOverloadedError(this.backend);
      if (err instanceof UpstreamError) throw err;
      // The deadline or the caller ended the call while it waited in the queue.
      if (deadline.aborted) {
        if (req.call?.signal.aborted) throw new UpstreamUnavailableError(this.backend, 'request aborted');
        throw new UpstreamOverloadedError(this.backend);
      }
      throw err;
    } finally {
      deadline.dispose();
    }
  }

  stats(): UpstreamStats {
    return {
      calls: this.budget.totals.calls,
      attempts: this.attempts,
      retries: this.budget.totals.retries,
      retriesRefusedByBudget: this.budget.totals.refused,
      breakerFailures: this.breaker.totals.failures,
      breakerRejected: this.breaker.totals.rejected,
      breakerOpened: this.breaker.totals.opened,
      bulkheadRejected: this.bulkhead.rejected,
    };
  }

  /** Closes the breaker and empties the retry budget's window; for tests and operators. */
  resetPolicies(): void {
    this.breaker.reset();
    this.budget.reset();
  }

  close(): Promise<void> {
    return this.http.close();
  }

  // Private: the attempts of one call. Retry when repeating is safe (see
  // `retryable`), at most `maxAttempts` in all, with decorrelated jitter
  // (sleep between base and three times the previous sleep, capped) so that
  // callers who failed together do not come back together, and only while
  // the budget allows and the deadline is not reached.
  private async attempt(req: UpstreamRequest, signal: Abortable, deadlineAt: number): Promise<UpstreamResponse> {
    const s = this.settings;
    this.budget.recordCall();
    let lastFailure: UpstreamError | null = null;
    let sleep = s.retryBaseDelayMs;
    for (let attempt = 1; ; attempt++) {
      let exchange: Exchange;
      try {
        exchange = await this.breaker.execute(
          () => this.exchange(req, signal),
          (e) => this.judge(e, req),
        );
      } catch (err) {
        // The breaker opened between two attempts: what this call met is the earlier failure.
        if (err instanceof BreakerOpenError && lastFailure) throw lastFailure;
        throw err;
      }
      let failure: UpstreamError;
      let retryAfterMs: number | null = null;
      if (exchange.response) {
        const res = exchange.response;
        if (!RETRYABLE_STATUS.has(res.status)) return res;
        failure = upstreamHttpError(this.backend, codeForHttpStatus(res.status), res.status);
        retryAfterMs = res.status === 429 || res.status === 503 ? parseRetryAfter(res.headers['retry-after']) : null;
        // It reached the backend, so only a repeatable call may try again.
        if (!req.idempotent) throw failure;
      } else {
        failure = exchange.error;
        if (!this.retryable(req, failure)) throw failure;
      }
      lastFailure = failure;
      if (attempt >= s.maxAttempts || signal.aborted) throw failure;
      sleep = Math.min(s.retryMaxDelayMs, s.retryBaseDelayMs + Math.random() * Math.max(0, sleep * 3 - s.retryBaseDelayMs));
      let wait = sleep;
      if (retryAfterMs !== null) {
        // The backend said when; a wait longer than we may give fails now rather than later.
        if (retryAfterMs > s.maxRetryAfterMs) throw failure;
        wait = Math.max(wait, retryAfterMs);
      }
      if (Date.now() + wait >= deadlineAt) throw failure;
      if (!this.budget.tryRetry()) throw failure;
      this.observer?.onRetry?.(this.backend, req.call);
      await sleepUnlessAborted(wait, signal);
      if (signal.aborted) throw req.call?.signal.aborted ? new UpstreamUnavailableError(this.backend, 'request aborted') : failure;
    }
  }

  /** Connection refused and resets are retried for repeatable calls; a non-repeatable one only if nothing was sent. */
  private retryable(req: UpstreamRequest, err: UpstreamError): boolean {
    if (err.code !== 'UPSTREAM_UNAVAILABLE') return false;
    if (req.call?.signal.aborted) return false;
    return req.idempotent || neverSent(err);
  }

  private async exchange(req: UpstreamRequest, signal: Abortable): Promise<Exchange> {
    this.attempts++;
    try {
      return { response: await this.http.send(req, signal) };
    } catch (err) {
      if (err instanceof UpstreamError) return { error: err };
      return { error: new UpstreamHttpError('UPSTREAM_ERROR', this.backend, `${backendLabel(this.backend)} call failed`) };
    }
  }

  /**
   * What the breaker counts. Failures: transport errors, timeouts, answers
   * refused by http.ts (a redirect, a body over the cap), HTTP 500/502/503/504,
   * and a 2xx whose body is empty or not JSON (all three backends answer JSON
   * on every call the gateway makes; 204 is the one empty success). Never a
   * 4xx or 429, and never a JSON answer the connector later finds to be of
   * the wrong shape or an error envelope: those are the backend speaking.
   */
  private judge(exchange: Exchange, req: UpstreamRequest): Verdict {
    if (exchange.error) {
      if (req.call?.signal.aborted) return { failure: false, callerAborted: true, reason: null };
      const counts = ['UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_ERROR'].includes(exchange.error.code);
      return { failure: counts, callerAborted: false, reason: exchange.error.message };
    }
    const res = exchange.response;
    if (BREAKER_STATUS.has(res.status)) {
      return { failure: true, callerAborted: false, reason: upstreamHttpError(this.backend, 'UPSTREAM_ERROR', res.status).message };
    }
    if (res.status >= 200 && res.status < 300 && res.status !== 204) {
      const unreadable = unreadableBody(res);
      if (unreadable) return { failure: true, callerAborted: false, reason: `${backendLabel(this.backend)} answered with ${unreadable}` };
    }
    return { failure: false, callerAborted: false, reason: null };
  }

  /**
   * The signal that ends this call: the call deadline, the operation's
   * deadline (counted from the operation's first upstream call), or the
   * caller going away.
   */
  private deadlineFor(req: UpstreamRequest): CallDeadline {
    const now = Date.now();
    let at = now + this.settings.callDeadlineMs;
    const operation = req.call?.deadline;
    if (operation) {
      at = Math.min(at, operation.startedAt(now) + this.settings.operationDeadlineMs);
      if (at <= now) throw new UpstreamTimeoutError(this.backend, 'operation deadline');
    }
    return new CallDeadline(at, at - now, operation);
  }
}

function abortAtDeadline(call: CallDeadline): void {
  call.abort(new DOMException('upstream call deadline', 'TimeoutError'));
}

/**
 * One call's cancellation: it aborts at the call's deadline or with its
 * operation (the client going away), and is what the queue, the backoff and
 * the HTTP exchange listen to. A Cancellation rather than an
 * AbortController: see util/abortable.ts.
 */
class CallDeadline extends Cancellation {
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly at: number,
    delayMs: number,
    private readonly operation: OperationDeadline | undefined,
  ) {
    super();
    this.timer = setTimeout(abortAtDeadline, Math.max(0, delayMs), this);
    // A client already gone stops this call at once.
    operation?.track(this);
  }

  override abort(reason: unknown): void {
    clearTimeout(this.timer);
    super.abort(reason);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.operation?.untrack(this);
  }
}

function unreadableBody(res: UpstreamResponse): string | null {
  if (res.text.trim() === '') return 'an empty body';
  return isJsonBody(res) ? null : 'a body that is not JSON';
}

/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date; null when
 * absent, negative or unreadable (then the usual backoff applies).
 */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (raw === undefined || raw === '') return null;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  // Date.parse takes almost anything ("-5" is a year); an HTTP date names its month and ends in GMT.
  if (!/^[A-Za-z]{3,9},? .*\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b.* GMT$/.test(raw)) return null;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

function sleepUnlessAborted(ms: number, signal: Abortable): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
