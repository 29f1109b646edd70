/**
 * A bulkhead per backend: at most `limit` calls in flight, at most `queue`
 * more waiting, and anything beyond fails at once. One slow backend then
 * holds at most `limit + queue` of the gateway's pending work, and callers of
 * the other backends never wait behind it.
 *
 * Written here rather than taken from cockatiel, whose 3.2.1 `BulkheadPolicy`
 * leaves an aborted caller in its queue: the entry still takes a queue slot
 * and, when dequeued, a run slot, so aborted callers starve live ones. Here
 * an abort removes the waiter at once.
 */

import type { Abortable } from '../../util/abortable';

export class BulkheadFullError extends Error {
  override name = 'BulkheadFullError';
}

interface Waiter {
  /** Hands this waiter the slot of a call that just finished. */
  start(): void;
}

export class Bulkhead {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  /** Calls refused because both the slots and the queue were full, since start. */
  rejected = 0;

  constructor(
    readonly limit: number,
    readonly queue: number,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Runs `fn` when a slot is free. Throws `BulkheadFullError` at once when
   * the queue is full too; rejects with `signal.reason` if the signal aborts
   * while waiting.
   */
  async run<T>(fn: () => Promise<T>, signal?: Abortable): Promise<T> {
    if (signal?.aborted) throw signal.reason;
    if (this.active < this.limit) {
      this.active++;
    } else if (this.waiting.length < this.queue) {
      if (!(await this.wait(signal))) throw signal!.reason;
    } else {
      this.rejected++;
      throw new BulkheadFullError(`bulkhead full: ${this.limit} in flight, ${this.queue} queued`);
    }
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  // Private: a finished call hands its slot straight to the next waiter, so
  // that a caller arriving in between cannot take it and overfill the bulkhead.
  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.active--;
  }

  // Private: true once a finished call hands over its slot, false if the
  // signal aborts first (run then throws its reason, whatever it is).
  private wait(signal?: Abortable): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const onAbort = () => {
        const index = this.waiting.indexOf(waiter);
        if (index !== -1) this.waiting.splice(index, 1);
        resolve(false);
      };
      const waiter: Waiter = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
