/**
 * A retry budget per backend, after Finagle's `RetryBudget` and the Google
 * SRE book: retries may add at most `ratio` of the calls seen over a sliding
 * window, plus a floor of `minPerSec` per second of that window, so that a
 * backend with little traffic can still have a failed call retried.
 *
 * Why a budget and not only "at most 3 attempts": when a backend is down,
 * every call fails, and three attempts each would triple the load on it just
 * when it can least take it. With the budget a total outage costs at most
 * `(1 + ratio) x calls + floor` upstream requests.
 */
import { SlidingWindow } from './sliding-window';

export interface RetryBudgetOptions {
  /** Share of calls that may be retried: 0.1 is 10 %. */
  ratio: number;
  /** Retries always allowed per second of window, on top of the ratio. */
  minPerSec: number;
  windowMs: number;
}

export class RetryBudget {
  private readonly window: SlidingWindow<'calls' | 'retries'>;
  /** Since start, for logs and the soak report. */
  readonly totals = { calls: 0, retries: 0, refused: 0 };

  constructor(
    private readonly options: RetryBudgetOptions,
    now: () => number = Date.now,
  ) {
    this.window = new SlidingWindow(['calls', 'retries'], options.windowMs, now);
  }

  /** Forgets the window (totals are kept). */
  reset(): void {
    this.window.clear();
  }

  /** Counts a first attempt. */
  recordCall(): void {
    this.window.add('calls');
    this.totals.calls++;
  }

  /** Takes one retry from the budget; false, taking nothing, when it is spent. */
  tryRetry(): boolean {
    const { calls, retries } = this.window.sums();
    const allowed = this.options.ratio * calls + (this.options.minPerSec * this.options.windowMs) / 1000;
    if (retries + 1 > allowed) {
      this.totals.refused++;
      return false;
    }
    this.window.add('retries');
    this.totals.retries++;
    return true;
  }
}
