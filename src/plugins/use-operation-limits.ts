/**
 * Operation limits, configured rather than hand-written where armor fits:
 * graphql-armor for tokens, aliases, directives and cost; two small
 * validation rules for depth (armor's exempts `__schema` but not `__type`)
 * and root fields (armor has none). Armor's rejections carry no
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

/**
 * What a client reads when an operation is over a limit: what was exceeded,
 * by how much, in every mode. The limits are fixed here and published in
 * docs/errors.md, so their values reveal nothing an attacker could not read
 * there; armor's production text ("Syntax Error: Query validation error.")
 * named neither, and called an operation that parsed a syntax error.
 */
const LIMIT_MESSAGES: Record<Exclude<LimitName, 'rootFields'>, (found: number | null) => string> = {
  tokens: () => `operation has more than ${LIMITS.tokens} tokens`,
  depth: (found) => `operation depth ${found ?? 'more than ' + LIMITS.depth} exceeds ${LIMITS.depth}`,
  aliases: (found) => `operation has ${found ?? 'more than ' + LIMITS.aliases} aliases, more than the ${LIMITS.aliases} allowed`,
  directives: (found) => `operation has ${found ?? 'more than ' + LIMITS.directives} directives, more than the ${LIMITS.directives} allowed`,
  cost: (found) => `operation cost ${found ?? 'over ' + LIMITS.cost} exceeds ${LIMITS.cost}`,
};

/** The count armor found, from its exposed message ("... exceeded, found 16."); null if its wording changed. */
function foundIn(message: string): number | null {
  const match = /found (\d+(?:\.\d+)?)/.exec(message);
  return match ? Math.round(Number(match[1])) : null;
}

/**
 * A rejection reported as a validation error, as armor's Apollo adapter
 * does (`reportToContext`): it joins the other validation errors, with
 * yoga's status for them (400, or 200 under plain application/json), where
 * a thrown one became an execution error with status 200. The token limit
 * rejects inside the parser, which has no validation context: that one is
 * thrown, as a parse error (400) with our message and code.
 */
function rejectWith(name: Exclude<LimitName, 'rootFields'>): GraphQLArmorRejectCallback[] {
  return [
    (ctx, error) => {
      const message = LIMIT_MESSAGES[name](foundIn(error.message));
      if (ctx) {
        ctx.reportError(new GraphQLError(message, { extensions: { code: LIMIT_CODES[name] } }));
        return;
      }
      // GraphQLError's message and extensions are plain writable fields: this is what reaches the client.
      error.message = message;
      (error.extensions as Record<string, unknown>).code = LIMIT_CODES[name];
    },
  ];
}

/** Fields of introspection that tools nest deeply (`ofType` in `ofType`): counted as depth 0, as armor counts `__schema`. */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

/**
 * The depth of a selection set, fragments flattened (a spread or an inline
 * fragment adds no level), each named fragment followed once per path so
 * that a cycle (which validation reports anyway) cannot recurse for ever.
 * armor's own depth rule exempts `__schema` only, so a tool's
 * `__type(name:) { fields { type { ofType { ofType { ofType { name } } } } } }`
 * was refused at depth 7 while the same read through `__schema` passed.
 */
function depthOf(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, path: Set<string> = new Set()): number {
  let depth = 0;
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
      depth = Math.max(depth, 1 + depthOf(selection.selectionSet, fragments, path));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = Math.max(depth, depthOf(selection.selectionSet, fragments, path));
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || path.has(name)) continue;
      path.add(name);
      depth = Math.max(depth, depthOf(fragment.selectionSet, fragments, path));
      path.delete(name);
    }
  }
  return depth;
}

export function maxDepthRule(max: number) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(node) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      const depth = depthOf(node.selectionSet, fragments);
      if (depth > max) context.reportError(new GraphQLError(LIMIT_MESSAGES.depth(depth), { nodes: [node], extensions: { code: LIMIT_CODES.depth } }));
    },
  });
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

export function useOperationLimits(): Plugin[] {
  // exposeLimits only so that the count found reaches rejectWith; the client sees LIMIT_MESSAGES.
  const reported = { exposeLimits: true, propagateOnRejection: false };
  const armor = EnvelopArmorPlugin({
    maxTokens: { n: LIMITS.tokens, onReject: rejectWith('tokens'), exposeLimits: true },
    maxDepth: { enabled: false },
    maxAliases: { n: LIMITS.aliases, onReject: rejectWith('aliases'), ...reported },
    maxDirectives: { n: LIMITS.directives, onReject: rejectWith('directives'), ...reported },
    costLimit: { maxCost: LIMITS.cost, onReject: rejectWith('cost'), ...reported, flattenFragments: true },
    // Suggestions are hidden by use-hidden-suggestions.ts, which also covers enum values and variables.
    blockFieldSuggestion: { enabled: false },
  });
  const ownRules: Plugin = {
    onValidate({ addValidationRule }) {
      addValidationRule(maxDepthRule(LIMITS.depth));
      addValidationRule(maxRootFieldsRule(LIMITS.rootFields));
    },
  };
  return [armor as Plugin, ownRules];
}
