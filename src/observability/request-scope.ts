/**
 * Per-request facts that code deep in the call tree adds to (upstream calls,
 * backends touched, retries) and the request logger reads at the end.
 *
 * It travels explicitly, inside the request's call context (src/call.ts),
 * which every upstream call carries. An AsyncLocalStorage would be less
 * code, but on Node 20 it puts a hook on every promise of the process, which
 * measured at about a third of a millisecond per operation (bench/README.md).
 */
import type { BackendName } from '../models';
import type { GatewayMetrics } from './metrics';

export interface RequestScope {
  requestId: string;
  startedAt: number;
  operationName: string | null;
  operationType: string | null;
  upstreamCalls: number;
  retries: number;
  backends: Set<BackendName>;
  /** `ok` when the operation had no top-level error, `error` otherwise; null before execution. */
  outcome: string | null;
  metrics: GatewayMetrics | null;
}

export function newScope(requestId: string, metrics: GatewayMetrics | null = null): RequestScope {
  return { requestId, startedAt: performance.now(), operationName: null, operationType: null, upstreamCalls: 0, retries: 0, backends: new Set(), outcome: null, metrics };
}
