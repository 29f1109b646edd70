/**
 * Errors that fail a whole operation: the request itself is wrong (bad input,
 * no credential, backend not configured). They reach the client as a GraphQL
 * error with `extensions.code`, before anything is sent upstream.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { GraphQLError } from 'graphql';

/** Codes of errors that fail a whole operation (GraphQL `extensions.code`). */
export const OPERATION_ERROR_CODES = [
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'BACKEND_NOT_CONFIGURED',
  'CONFIRM_ITEM_CONTROL_REQUIRED',
  'UNSUPPORTED_ROLE',
] as const;
export type OperationErrorCode = (typeof OPERATION_ERROR_CODES)[number];

/**
 * Codes that graphql-yoga and its plugins raise themselves (request parsing,
 * GraphQL parse and validation, persisted operations). Listed so that
 * docs/errors.md can be checked against what clients really receive.
 */
export const FRAMEWORK_ERROR_CODES = [
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'PERSISTED_QUERY_ID_REQUIRED',
  'CANNOT_SEND_PQ_ID_AND_BODY',
] as const;

export function gatewayError(code: OperationErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLError {
  return createGraphQLError(message, { extensions: { code, ...extra } });
}

export function badInput(field: string, why: string): GraphQLError {
  return gatewayError('BAD_USER_INPUT', `${field}: ${why}`, { field });
}
