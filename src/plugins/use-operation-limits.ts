/**
 * Operation limits, configured rather than hand-written: graphql-armor for
 * tokens, depth, aliases, directives and cost, and one small validation rule
 * for root fields (armor has none). Armor's rejections carry no
 * `extensions.code` on yoga, so each gets a stable one through `onReject`.
 * Every limit runs at parse or validation time, before any resolver, so an
 * over-limit operation never reaches a backend.
 */
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, Kind } from 'graphql';
import type { ASTVisitor, FragmentDefinitionNode, SelectionSetNode, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { LIMIT_CODES } from '../errors';
import type { LimitName } from '../errors';

export const LIMITS = {
  tokens: 1000,
  depth: 6,
  aliases: 5,
  directives: 10,
  cost: 5000,
  rootFields: 5,
} as const satisfies Record<LimitName, number>;

/** The codes live in the error registry, with the rest; re-exported here beside the limits they name. */
export { LIMIT_CODES };

function withCode(code: string): GraphQLArmorRejectCallback[] {
  return [
    (_ctx, error) => {
      // GraphQLError.extensions is a plain object: adding the code here is what reaches the client.
      (error.extensions as Record<string, unknown>).code = code;
    },
  ];
}

/** Counts root fields, following fragments spread at the root, once each. */
function rootFieldCount(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) count++;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFieldCount(selection.selectionSet, fragments, seen);
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (fragment && !seen.has(name)) {
        seen.add(name);
        count += rootFieldCount(fragment.selectionSet, fragments, seen);
      }
    }
  }
  return count;
}

export function maxRootFieldsRule(max: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      const count = rootFieldCount(node.selectionSet, fragments);
      if (count > max) {
        context.reportError(new GraphQLError(`Operation has ${count} root fields; at most ${max} are allowed`, { nodes: [node], extensions: { code: LIMIT_CODES.rootFields } }));
      }
    },
  });
}

export function useOperationLimits(options: { exposeLimits: boolean }): Plugin[] {
  const armor = EnvelopArmorPlugin({
    maxTokens: { n: LIMITS.tokens, onReject: withCode(LIMIT_CODES.tokens), exposeLimits: options.exposeLimits },
    maxDepth: { n: LIMITS.depth, onReject: withCode(LIMIT_CODES.depth), exposeLimits: options.exposeLimits, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: LIMITS.aliases, onReject: withCode(LIMIT_CODES.aliases), exposeLimits: options.exposeLimits },
    maxDirectives: { n: LIMITS.directives, onReject: withCode(LIMIT_CODES.directives), exposeLimits: options.exposeLimits },
    costLimit: { maxCost: LIMITS.cost, onReject: withCode(LIMIT_CODES.cost), exposeLimits: options.exposeLimits, flattenFragments: true },
    // Suggestions are hidden by use-hidden-suggestions.ts, which also covers enum values and variables.
    blockFieldSuggestion: { enabled: false },
  });
  const rootFields: Plugin = {
    onValidate({ addValidationRule }) {
      addValidationRule(maxRootFieldsRule(LIMITS.rootFields));
    },
  };
  return [armor as Plugin, rootFields];
}
