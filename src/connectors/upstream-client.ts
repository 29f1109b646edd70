/**
 * One backend's upstream client: the HTTP pool plus the policies every call
 * goes through (deadline, retries). Connectors call `call()` and never see
 * undici directly.
 */
import type { UpstreamSettings } from '../config';
import type { BackendName } from '../models';
import { UpstreamError, UpstreamTimeoutError, codeForHttpStatus, upstreamHttpError } from '../errors';
import { UpstreamHttp, deadlineSignal, neverSent } from './http';
import type { UpstreamObserver, UpstreamRequest, UpstreamResponse } from './http';

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 5000;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 2000;

export class UpstreamClient {
  readonly http: UpstreamHttp;

  constructor(
    readonly backend: BackendName,
    baseUrl: URL,
    readonly settings: UpstreamSettings,
    observer?: UpstreamObserver,
  ) {
    this.http = new UpstreamHttp(backend, baseUrl, settings, observer);
  }

  /**
   * Sends the request, retrying where that is safe. Returns any response
   * whose status is not retryable; callers read 4xx bodies themselves since
   * each backend puts its error detail somewhere else.
   */
  async call(req: UpstreamRequest): Promise<UpstreamResponse> {
    const signal = deadlineSignal(this.settings.callDeadlineMs, req.signal);
    const deadline = Date.now() + this.settings.callDeadlineMs;
    let attempt = 0;
    let previousDelay = BACKOFF_BASE_MS;
    for (;;) {
      attempt++;
      let failure: UpstreamError;
      let retryAfterMs: number | null = null;
      try {
        const res = await this.http.send(req, signal);
        if (!RETRYABLE_STATUS.has(res.status)) return res;
        failure = upstreamHttpError(this.backend, codeForHttpStatus(res.status), res.status);
        retryAfterMs = parseRetryAfter(res.headers['retry-after']);
        if (!req.idempotent) throw failure;
      } catch (err) {
        if (!(err instanceof UpstreamError)) throw err;
        failure = err;
        if (!this.mayRetry(req, err)) throw err;
      }
      if (attempt >= this.settings.maxAttempts || signal.aborted) throw failure;
      // Decorrelated jitter: spread retries so that callers who failed together do not return together.
      previousDelay = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS + Math.random() * (previousDelay * 3 - BACKOFF_BASE_MS));
      let wait = previousDelay;
      if (retryAfterMs !== null) {
        if (retryAfterMs > MAX_RETRY_AFTER_MS) throw failure;
        wait = Math.max(wait, retryAfterMs);
      }
      if (Date.now() + wait >= deadline) throw failure.code === 'UPSTREAM_TIMEOUT' ? failure : failure;
      await sleepUnlessAborted(wait, signal);
      if (signal.aborted) throw new UpstreamTimeoutError(this.backend, 'call deadline');
    }
  }

  /** Repeatable calls retry on transport failure; others only when nothing was sent. */
  private mayRetry(req: UpstreamRequest, err: UpstreamError): boolean {
    if (err.code !== 'UPSTREAM_UNAVAILABLE') return false;
    if (req.signal?.aborted) return false;
    return req.idempotent || neverSent(err);
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
