/** What tests that drive a connector straight against its simulator share. */
import type { UpstreamSettings } from '../../src/config';
import { UpstreamError } from '../../src/errors';

/** Short timeouts, a small pool and bulkhead: a connector test's upstream settings, with its own attempts. */
export function connectorTestSettings(maxAttempts: number): UpstreamSettings {
  return {
    connectTimeoutMs: 1000,
    headersTimeoutMs: 2000,
    bodyTimeoutMs: 2000,
    callDeadlineMs: 5000,
    operationDeadlineMs: 10000,
    connections: 4,
    maxResponseBytes: 1024 * 1024,
    maxAttempts,
    maxInFlight: 10,
    maxQueued: 10,
  };
}

/** The UpstreamError a call rejects with, so that code and upstreamCode can be checked together. */
export async function upstreamFailure(p: Promise<unknown>): Promise<UpstreamError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UpstreamError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}
