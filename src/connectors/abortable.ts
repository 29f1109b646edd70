/**
 * What the bulkhead's queue, the retry backoff and an HTTP exchange need of
 * a cancellation. An AbortSignal is one; so is an upstream call's
 * CallDeadline, which is far cheaper to make than an AbortController on
 * Node 20 (see upstream-client.ts).
 */
export interface Abortable {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
