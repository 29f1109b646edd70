/**
 * What the connectors use of the upstream layer: the client with its
 * policies (client.ts), and the request and response shapes of one HTTP
 * exchange (http.ts). The policy pieces (breaker, bulkhead, budget) are
 * imported by client.ts alone.
 */
export { UpstreamClient, parseRetryAfter } from './client';
export type { UpstreamStats } from './client';
export { isJsonBody, parseUpstreamJson } from './http';
export type { HttpMethod, UpstreamObserver, UpstreamRequest, UpstreamResponse } from './http';
