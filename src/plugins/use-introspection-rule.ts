/**
 * Introspection off: one error for the whole document. graphql-js's
 * NoSchemaIntrospectionCustomRule reports every `__schema` and `__type`
 * field on its own, so a tool's introspection query came back with one
 * error per field; one says it all. A validation rule rather than yoga's
 * disable-introspection plugin, which marks requests in a request-parsing
 * hook that the fast path (src/http/fast-path.ts) does not run; and a pure
 * function of the document, as src/plugins/index.ts requires.
 */
import { BREAK, GraphQLError, getNamedType, isIntrospectionType } from 'graphql';
import type { ASTVisitor, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function noIntrospectionRule(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const type = getNamedType(context.getType());
      if (node.name.value !== '__schema' && node.name.value !== '__type' && !(type && isIntrospectionType(type))) return undefined;
      context.reportError(new GraphQLError(`GraphQL introspection has been disabled, but the requested query contained the field "${node.name.value}".`, { nodes: [node] }));
      // Stops this rule only (validate runs its rules in parallel): the other rules still report what they find.
      return BREAK;
    },
  };
}

export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospectionRule);
    },
  };
}
