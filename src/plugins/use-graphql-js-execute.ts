/**
 * Runs operations with graphql-js's own `execute` instead of yoga's default,
 * @graphql-tools/executor's normalizedExecutor.
 *
 * That executor exists for incremental delivery (@defer, @stream) and
 * subscriptions, none of which this schema has; for a plain query or
 * mutation it does what graphql-js does, plus a copy of every variable
 * value and a promise helper per step. Paired runs of shareItem at 100
 * callers measured 8 % less CPU per operation with graphql-js's
 * (bench/README.md). Parsing, validation, the context and every other hook
 * stay yoga's and envelop's.
 */
import { GraphQLError, execute } from 'graphql';
import type { ExecutionArgs, ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { withExecuteStep } from './execute-steps';

/**
 * A result without `data` never started executing: the variables did not
 * coerce (or the operation was not found). yoga's executor marks those
 * errors as the caller's, HTTP 400 and BAD_USER_INPUT; so do we.
 */
function asRequestError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

function executeOperation(args: ExecutionArgs) {
  const result = execute(args);
  if (result instanceof Promise || 'data' in result) return result;
  return { errors: result.errors?.map(asRequestError) } as ExecutionResult;
}

export function useGraphqlJsExecute(): Plugin {
  return withExecuteStep<Plugin>(
    {
      onExecute({ setExecuteFn }) {
        setExecuteFn((args) => executeOperation(args));
      },
    },
    { kind: 'executor', execute: executeOperation },
  );
}
