/**
 * graphql-js suggests names from the schema in three kinds of message: an
 * unknown field at validation ("Did you mean \"shareItem\"?"), an unknown
 * enum value ("Did you mean the enum value \"VIEWER\"?"), and a variable
 * that does not coerce, where the suggestion arrives at execution ("Field
 * \"rol\" is not defined ... Did you mean \"role\"?"). graphql-armor's
 * blockFieldSuggestion catches only the first kind, at validation only. With
 * introspection off, a production gateway hides all three the same way.
 *
 * The plugin hides them in validation errors. Those of execution (a
 * variable that does not coerce) are hidden by the gateway's error mask
 * (maskError in src/server.ts), which sees every error of every result
 * anyway: as an execute hook of its own, this cost each operation one more
 * round of envelop's hook chain, a few per cent of its CPU (bench/README.md).
 */
import type { Plugin } from 'graphql-yoga';

const SUGGESTION = /Did you mean .*\?$/;
export const SUGGESTION_MASK = '[Suggestion hidden]';

/** Replaces the suggestion at the end of a graphql-js message, if any, in place. */
export function hideSuggestion(error: Error): void {
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
  };
}
