/**
 * graphql 16 validates a `subscription` against a schema that has none and
 * only fails at execution, with no code. This backport of graphql 17's
 * KnownOperationTypesRule refuses it at validation, with yoga's usual
 * GRAPHQL_VALIDATION_FAILED.
 */
import { GraphQLError, OperationTypeNode } from 'graphql';
import type { ASTVisitor, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      const root = node.operation === OperationTypeNode.QUERY ? schema.getQueryType() : node.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getSubscriptionType();
      if (!root) {
        context.reportError(new GraphQLError(`The schema does not support ${node.operation} operations`, { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
      }
    },
  };
}

export function useKnownOperationTypes(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(knownOperationTypesRule);
    },
  };
}
