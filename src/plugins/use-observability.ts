/**
 * Operation-level observability: names the request's scope and span after
 * the operation, records its outcome, serves `GET /metrics`, and counts
 * operations by name and outcome. The one log line per operation is written
 * by the request handler when the response is finished (src/http/request-guard.ts).
 */
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { DocumentNode } from 'graphql';
import { trace } from '@opentelemetry/api';
import type { GatewayMetrics } from '../observability/metrics';
import type { GatewayContext } from '../context';

export function useObservability(metrics: GatewayMetrics, beforeScrape: () => void = () => {}): Plugin {
  return {
    onRequest(payload) {
      const { url, request, fetchAPI } = payload;
      const endResponse = (response: Response) => payload.endResponse(response);
      if (url.pathname !== '/metrics' || request.method !== 'GET') return;
      beforeScrape();
      return metrics.text().then((text) => endResponse(new fetchAPI.Response(text, { status: 200, headers: { 'content-type': metrics.contentType } })));
    },
    onExecute({ args }) {
      const scope = (args.contextValue as Partial<GatewayContext>).call?.scope;
      const operation = getOperationAST(args.document as DocumentNode, (args.operationName as string | null | undefined) ?? undefined);
      const name = operation?.name?.value ?? null;
      if (scope) {
        scope.operationName = name;
        scope.operationType = operation?.operation ?? null;
      }
      const span = trace.getActiveSpan();
      span?.updateName(`graphql.${operation?.operation ?? 'operation'} ${name ?? 'anonymous'}`);
      span?.setAttribute('graphql.operation.name', name ?? 'anonymous');
      span?.setAttribute('graphql.operation.type', operation?.operation ?? 'unknown');
      return {
        onExecuteDone({ result }) {
          const hasErrors = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
          const outcome = hasErrors ? 'error' : 'ok';
          if (scope) scope.outcome = outcome;
          metrics.operation(name, outcome, scope ? (performance.now() - scope.startedAt) / 1000 : 0);
        },
      };
    },
  };
}
