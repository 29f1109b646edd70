/**
 * Counts over a sliding time window, in ten buckets: what the retry budget
 * and the circuit breaker use to ask "how many calls, failures, retries in
 * the last N seconds" without keeping one timestamp per event.
 */

const BUCKETS = 10;

export class SlidingWindow<K extends string> {
  private readonly width: number;
  private readonly starts = new Array<number>(BUCKETS).fill(-Infinity);
  private readonly counts: Array<Record<K, number>>;

  constructor(
    private readonly keys: readonly K[],
    windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.width = Math.max(1, Math.ceil(windowMs / BUCKETS));
    this.counts = Array.from({ length: BUCKETS }, () => this.zero());
  }

  add(key: K, n = 1): void {
    const t = this.now();
    const start = t - (t % this.width);
    const i = Math.floor(start / this.width) % BUCKETS;
    if (this.starts[i] !== start) {
      this.starts[i] = start;
      this.counts[i] = this.zero();
    }
    this.counts[i]![key] += n;
  }

  /** Totals of the buckets that are still inside the window. */
  sums(): Record<K, number> {
    const t = this.now();
    const oldest = t - (t % this.width) - (BUCKETS - 1) * this.width;
    const out = this.zero();
    for (let i = 0; i < BUCKETS; i++) {
      if (this.starts[i]! < oldest) continue;
      for (const k of this.keys) out[k] += this.counts[i]![k];
    }
    return out;
  }

  clear(): void {
    this.starts.fill(-Infinity);
  }

  private zero(): Record<K, number> {
    return Object.fromEntries(this.keys.map((k) => [k, 0])) as Record<K, number>;
  }
}
