/**
 * One circuit breaker per backend, the only module that knows cockatiel.
 *
 * The breaker judges each upstream exchange (one attempt, not one call with
 * its retries) by a verdict the caller computes: transport errors, timeouts,
 * 500/502/503/504 and 2xx bodies that are empty or not JSON are failures;
 * 4xx and 429 never are. It opens after `consecutiveFailures` failures in a
 * row, or when at least `failureRatio` of at least `minCalls` calls in the
 * window failed. While open it refuses at once, with no network call. After
 * `halfOpenAfterMs` one trial call goes through; its failure reopens the
 * breaker for twice as long (up to `maxHalfOpenAfterMs`), its success closes it.
 *
 * Three things are done around cockatiel 3.2.1 on purpose:
 * - The function it runs never throws: it returns the exchange, and the
 *   verdict is applied with `handleWhenResult`. So an empty 200, which is a
 *   value and not an exception, can count as a failure.
 * - Calls that arrive while the trial call is in flight are refused here.
 *   cockatiel would park them on the trial and then run them without their
 *   AbortSignal (its half-open branch calls `execute(fn)` and drops the
 *   signal), so an aborted caller could not leave.
 * - A trial call the caller aborts proves nothing about the backend.
 *   cockatiel treats an error its policy does not handle as a success and
 *   closes the circuit; here an aborted trial counts as a failure that
 *   reopens the breaker for the same time again (not doubled), so the next
 *   caller gets a fresh trial and the breaker never sticks half-open.
 */
import { CircuitBreakerPolicy, CircuitState, circuitBreaker, handleWhenResult, isBrokenCircuitError } from 'cockatiel';
import type { FailureReason, IBackoff, IBackoffFactory, IBreaker, IHalfOpenAfterBackoffContext } from 'cockatiel';
import type { BackendName } from '../../models';
import { UpstreamUnavailableError } from '../../errors';
import { SlidingWindow } from './sliding-window';

export type BreakerStateName = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerOptions {
  consecutiveFailures: number;
  failureRatio: number;
  minCalls: number;
  windowMs: number;
  halfOpenAfterMs: number;
  maxHalfOpenAfterMs: number;
}

/** How the breaker should count one exchange. */
export interface Verdict {
  /** The backend misbehaved: counts towards opening. */
  failure: boolean;
  /** The caller went away before the exchange ended: proves nothing. */
  callerAborted: boolean;
  /** Our own words for the failure (never upstream text), kept as `lastError`. */
  reason: string | null;
}

/** The breaker refused the call without sending anything. */
export class BreakerOpenError extends UpstreamUnavailableError {
  override name = 'BreakerOpenError';
}

interface Judged<T> {
  value: T;
  verdict: Verdict;
}

export class BackendBreaker {
  private policy!: CircuitBreakerPolicy;
  private openedAt = 0;
  private openForMs = 0;
  private lastFailure: string | null = null;
  /** Counters since start, for logs and the soak report. */
  readonly totals = { failures: 0, rejected: 0, opened: 0 };

  constructor(
    readonly backend: BackendName,
    private readonly options: BreakerOptions,
  ) {
    this.reset();
  }

  /** Back to closed with nothing counted (between tests; after a backend was fixed by hand). */
  reset(): void {
    const options = this.options;
    this.openedAt = 0;
    this.openForMs = 0;
    this.lastFailure = null;
    const halfOpenAfter: IBackoffFactory<IHalfOpenAfterBackoffContext> = {
      next: () => this.backoff(options.halfOpenAfterMs, options.maxHalfOpenAfterMs),
    };
    const policy = circuitBreaker(
      handleWhenResult((r) => {
        const { verdict } = r as Judged<unknown>;
        return verdict.failure || (verdict.callerAborted && policy.state === CircuitState.HalfOpen);
      }),
      { halfOpenAfter, breaker: new ConsecutiveOrRatioBreaker(options) },
    );
    policy.onBreak(() => {
      if (policy !== this.policy) return;
      this.openedAt = Date.now();
      this.totals.opened++;
    });
    this.policy = policy;
  }

  /**
   * CLOSED, OPEN, or HALF_OPEN: a trial call is in flight, or the open time
   * is over and the next call will be the trial.
   */
  get state(): BreakerStateName {
    switch (this.policy.state) {
      case CircuitState.Closed:
        return 'CLOSED';
      case CircuitState.HalfOpen:
        return 'HALF_OPEN';
      default:
        return this.openRemainingMs() > 0 ? 'OPEN' : 'HALF_OPEN';
    }
  }

  /** Our message for the last failure counted, whatever the state; null if none yet. */
  get lastError(): string | null {
    return this.lastFailure;
  }

  /** Throws `BreakerOpenError` when a call would be refused now. Sends nothing. */
  check(): void {
    if (this.policy.state === CircuitState.HalfOpen) {
      throw this.refuse('circuit breaker half-open, a trial call is in flight');
    }
    if (this.policy.state !== CircuitState.Closed) {
      const remaining = this.openRemainingMs();
      if (remaining > 0) throw this.refuse(`circuit breaker open after repeated failures; next trial in ${Math.ceil(remaining / 1000)} s`);
    }
  }

  /**
   * Runs one exchange under the breaker. `fn` must not throw: it returns the
   * exchange, success or failure, and `judge` says how to count it.
   */
  async execute<T>(fn: () => Promise<T>, judge: (value: T) => Verdict): Promise<T> {
    this.check();
    let judged: Judged<T>;
    try {
      judged = await this.policy.execute(async () => {
        const value = await fn();
        return { value, verdict: judge(value) };
      });
    } catch (err) {
      if (isBrokenCircuitError(err)) throw this.refuse('circuit breaker open after repeated failures');
      throw err;
    }
    if (judged.verdict.failure) {
      this.totals.failures++;
      if (judged.verdict.reason) this.lastFailure = judged.verdict.reason;
    }
    return judged.value;
  }

  private refuse(why: string): BreakerOpenError {
    this.totals.rejected++;
    return new BreakerOpenError(this.backend, why);
  }

  private openRemainingMs(): number {
    return this.openedAt + this.openForMs - Date.now();
  }

  // Private: cockatiel asks the first backoff when the circuit opens from
  // closed, and `next()` of the current one each time a trial fails. The
  // duration doubles per failed trial, except after an aborted trial.
  private backoff(durationMs: number, maxMs: number): IBackoff<IHalfOpenAfterBackoffContext> {
    this.openForMs = durationMs;
    return {
      duration: durationMs,
      next: (context) => this.backoff(trialWasAborted(context.result) ? durationMs : Math.min(maxMs, durationMs * 2), maxMs),
    };
  }
}

function trialWasAborted(result: FailureReason<unknown>): boolean {
  return 'value' in result && (result.value as Judged<unknown>).verdict.callerAborted === true;
}

/**
 * Opens on `consecutiveFailures` in a row, or on a failure ratio of at
 * least `failureRatio` once the window holds `minCalls` calls. (cockatiel's
 * own SamplingBreaker wants strictly more than the ratio and counts a
 * minimum rate rather than a minimum number of calls.)
 */
class ConsecutiveOrRatioBreaker implements IBreaker {
  private consecutive = 0;
  private readonly window: SlidingWindow<'ok' | 'failed'>;

  constructor(private readonly options: BreakerOptions) {
    this.window = new SlidingWindow(['ok', 'failed'], options.windowMs);
  }

  get state(): unknown {
    return { consecutive: this.consecutive, ...this.window.sums() };
  }

  set state(_value: unknown) {
    // Never restored from a snapshot: the breaker lives as long as the process.
  }

  success(state: CircuitState): void {
    // A good trial call starts a clean slate, or old failures would reopen at once.
    if (state === CircuitState.HalfOpen) this.window.clear();
    this.consecutive = 0;
    this.window.add('ok');
  }

  failure(state: CircuitState): boolean {
    this.consecutive++;
    this.window.add('failed');
    if (state !== CircuitState.Closed) return true;
    if (this.consecutive >= this.options.consecutiveFailures) return true;
    const { ok, failed } = this.window.sums();
    const total = ok + failed;
    return total >= this.options.minCalls && failed >= this.options.failureRatio * total;
  }
}
