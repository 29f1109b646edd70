/**
 * Per-request facts that code deep in the call tree adds to (upstream calls,
 * backends touched, retries) and the request logger reads at the end. An
 * AsyncLocalStorage carries it, so connectors need no extra parameter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
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

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function newScope(requestId: string, metrics: GatewayMetrics | null = null): RequestScope {
  return { requestId, startedAt: performance.now(), operationName: null, operationType: null, upstreamCalls: 0, retries: 0, backends: new Set(), outcome: null, metrics };
}

export function currentScope(): RequestScope | undefined {
  return requestScope.getStore();
}
