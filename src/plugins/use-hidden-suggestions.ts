/**
 * graphql-js suggests names from the schema in three kinds of message: an
 * unknown field at validation ("Did you mean \"shareItem\"?"), an unknown
 * enum value ("Did you mean the enum value \"VIEWER\"?"), and a variable
 * that does not coerce, where the suggestion arrives at execution ("Field
 * \"rol\" is not defined ... Did you mean \"role\"?"). graphql-armor's
 * blockFieldSuggestion catches only the first kind, at validation only. With
 * introspection off, a production gateway hides all three the same way.
 */
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = /Did you mean .*\?$/;
export const SUGGESTION_MASK = '[Suggestion hidden]';

function hideSuggestion(error: Error): void {
  // graphql-js puts the suggestion at the end of the message, and an Error's message is writable.
  if (SUGGESTION.test(error.message)) error.message = error.message.replace(SUGGESTION, SUGGESTION_MASK);
}

export function useHiddenSuggestions(): Plugin {
  return {
    onValidate:
      () =>
      ({ valid, result }) => {
        if (!valid) result.forEach(hideSuggestion);
      },
    onExecute: () => ({
      onExecuteDone: ({ result }) => {
        // This schema has no @defer/@stream or subscriptions: a result is a single ExecutionResult.
        if (!(Symbol.asyncIterator in result)) (result as ExecutionResult).errors?.forEach(hideSuggestion);
      },
    }),
  };
}
