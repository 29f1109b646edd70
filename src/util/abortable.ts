/**
 * What the gateway needs of a cancellation: whether it happened, why, and a
 * listener to hear of it. An AbortSignal is one; so is a Cancellation.
 *
 * A Cancellation is what the gateway makes itself, once per request (the
 * client going away) and once per upstream call (its deadline): on Node 20
 * an AbortController, with its EventTarget, and adding and removing a
 * listener on its signal cost several times more than this array of at most
 * a few listeners, and they were made on every operation (bench/README.md).
 * undici and yoga never see one: upstream calls go through undici's dispatch
 * API, and yoga's own path gets an AbortSignal linked to it.
 */
export interface Abortable {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class Cancellation implements Abortable {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] | null = null;

  /** Listeners run once, in the order they were added; one added after the abort never runs, as with an AbortSignal. */
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.aborted) return;
    (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.listeners?.indexOf(listener) ?? -1;
    if (index !== -1) this.listeners!.splice(index, 1);
  }

  abort(reason: unknown = new DOMException('This operation was aborted', 'AbortError')): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = null;
    if (listeners) for (const listener of listeners) listener();
  }

  /** An AbortSignal that follows this cancellation, for an API that takes nothing else. */
  toAbortSignal(): AbortSignal {
    const controller = new AbortController();
    if (this.aborted) controller.abort(this.reason);
    else this.addEventListener('abort', () => controller.abort(this.reason));
    return controller.signal;
  }
}
