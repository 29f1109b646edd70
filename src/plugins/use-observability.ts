/**
 * Operation-level observability: names the request's scope and span after
 * the operation, records its outcome, serves `GET /metrics`, and counts
 * operations by name and outcome. The one log line per operation is written
 * by the request handler when the response is finished (src/http/request-guard.ts).
 *
 * An operation name labels metrics and log lines, so it is bounded: a
 * document naming an operation with more than 100 characters is refused at
 * validation with BAD_USER_INPUT, before anything runs (a validation rule,
 * which the fast path runs too), and metrics count names the gateway does
 * not know as `other` (src/observability/operation-names.ts).
 */
import { GraphQLError, getOperationAST } from 'graphql';
import type { ASTVisitor, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { trace } from '@opentelemetry/api';
import type { GatewayMetrics } from '../observability/metrics';
import { OPERATION_NAME_MAX } from '../observability/operation-names';
import type { GatewayContext } from '../context';
import { withExecuteStep } from './execute-steps';
import type { AroundStep } from './execute-steps';

/** Refuses an operation whose name is longer than OPERATION_NAME_MAX; the message never repeats the name. */
export function OperationNameLengthRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(node) {
      if (node.name && node.name.value.length > OPERATION_NAME_MAX) {
        context.reportError(
          new GraphQLError(`Operation names are limited to ${OPERATION_NAME_MAX} characters; this one has ${node.name.value.length}`, {
            nodes: [node.name],
            extensions: { code: 'BAD_USER_INPUT' },
          }),
        );
      }
    },
  };
}

/** What a failed scrape answers: no stack, no path, nothing of the error. */
const SCRAPE_FAILED = 'metrics are unavailable right now\n';

/**
 * Names the scope and the span after the operation before it runs, and
 * records its outcome after: the plain form of this plugin's execute hook,
 * which the fast path calls directly (src/plugins/execute-steps.ts).
 */
function observeExecution(metrics: GatewayMetrics): AroundStep {
  return {
    kind: 'around',
    before(args) {
      const scope = (args.contextValue as Partial<GatewayContext>).call?.scope;
      const operation = getOperationAST(args.document, args.operationName ?? undefined);
      const name = operation?.name?.value ?? null;
      if (scope) {
        scope.operationName = name;
        scope.operationType = operation?.operation ?? null;
      }
      const span = trace.getActiveSpan();
      span?.updateName(`graphql.${operation?.operation ?? 'operation'} ${name ?? 'anonymous'}`);
      span?.setAttribute('graphql.operation.name', name ?? 'anonymous');
      span?.setAttribute('graphql.operation.type', operation?.operation ?? 'unknown');
      return (result) => {
        const hasErrors = 'errors' in result && Array.isArray(result.errors) && result.errors.length > 0;
        const outcome = hasErrors ? 'error' : 'ok';
        if (scope) scope.outcome = outcome;
        metrics.operation(name, outcome, scope ? (performance.now() - scope.startedAt) / 1000 : 0);
        return result;
      };
    },
  };
}

export function useObservability(metrics: GatewayMetrics, beforeScrape: () => void = () => {}): Plugin {
  metrics.onCollect(beforeScrape);
  const step = observeExecution(metrics);
  return withExecuteStep<Plugin>(
    {
      onValidate({ addValidationRule }) {
        addValidationRule(OperationNameLengthRule);
      },
      onRequest(payload) {
        const { url, request, fetchAPI } = payload;
        const endResponse = (response: Response) => payload.endResponse(response);
        if (url.pathname !== '/metrics' || request.method !== 'GET') return;
        return metrics.text().then(
          (text) => endResponse(new fetchAPI.Response(text, { status: 200, headers: { 'content-type': metrics.contentType } })),
          () => endResponse(new fetchAPI.Response(SCRAPE_FAILED, { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } })),
        );
      },
      onExecute({ args }) {
        const after = step.before(args);
        return after ? { onExecuteDone: ({ result }) => void after(result as ExecutionResult) } : undefined;
      },
    },
    step,
  );
}
