/**
 * Errors that fail a whole operation: the request itself is wrong (bad input,
 * no credential, backend not configured). They reach the client as a GraphQL
 * error with `extensions.code`, before anything is sent upstream.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';
import type { OperationErrorCode } from './registry';

export function gatewayError(code: OperationErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...extra } });
}

export function badInput(field: string, why: string): GraphQLError {
  return gatewayError('BAD_USER_INPUT', `${field}: ${why}`, { field });
}
