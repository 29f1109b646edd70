/**
 * Per-request facts that code deep in the call tree adds to (upstream calls,
 * backends touched, retries) and the request logger reads at the end. An
 * AsyncLocalStorage carries it, so connectors need no extra parameter.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BackendName } from '../models';

export interface RequestScope {
  requestId: string;
  startedAt: number;
  operationName: string | null;
  operationType: string | null;
  upstreamCalls: number;
  retries: number;
  backends: Set<BackendName>;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function newScope(requestId: string): RequestScope {
  return { requestId, startedAt: performance.now(), operationName: null, operationType: null, upstreamCalls: 0, retries: 0, backends: new Set() };
}

export function currentScope(): RequestScope | undefined {
  return requestScope.getStore();
}
