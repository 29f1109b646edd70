/**
 * `GET /healthz`: the process is up and serving (liveness; never looks at a
 * backend, so a backend outage never gets the gateway restarted). With
 * WORKERS > 1 it answers for the cluster, as the primary last said: how
 * many workers serve, and `degraded` while fewer than WORKERS do (a dead
 * one is being forked again); still 200, since the port is served.
 *
 * `GET /readyz`: each configured backend's circuit breaker. 200 when none is
 * open, 503 when one is, so that a load balancer can prefer a gateway whose
 * backends answer. A breaker whose open time is over reads HALF_OPEN and
 * counts as ready: the next call is its trial, and without traffic it would
 * otherwise stay "open" for ever. Both answer before GraphQL parsing, CSRF
 * checks or credentials, and carry no upstream text.
 */
import type { Plugin } from 'graphql-yoga';
import type { Connectors } from '../connectors';
import { BACKENDS } from '../models';
import { clusterWorkers } from '../observability/cluster';

export interface HealthOptions {
  connectors: Connectors;
  /** @default '/healthz' */
  livePath?: string;
  /** @default '/readyz' */
  readyPath?: string;
}

export function useHealth({ connectors, livePath = '/healthz', readyPath = '/readyz' }: HealthOptions): Plugin {
  return {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      // Declared as a method, so called through the payload; yoga's own does not use `this`, but the type does not say so.
      const endResponse = (response: Response) => payload.endResponse(response);
      if (url.pathname !== livePath && url.pathname !== readyPath) return;
      const json = (status: number, body: unknown) =>
        endResponse(
          new fetchAPI.Response(JSON.stringify(body), {
            status,
            headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
          }),
        );
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      if (url.pathname === livePath) {
        const workers = clusterWorkers();
        json(200, workers ? { status: workers.live >= workers.configured ? 'ok' : 'degraded', workers } : { status: 'ok' });
        return;
      }
      const backends = BACKENDS.filter((b) => connectors.clients[b] !== undefined).map((backend) => ({
        backend,
        state: connectors.clients[backend]!.breaker.state,
      }));
      const open = backends.filter((b) => b.state === 'OPEN').map((b) => b.backend);
      json(open.length === 0 ? 200 : 503, { status: open.length === 0 ? 'ready' : 'unavailable', backends });
    },
  };
}
