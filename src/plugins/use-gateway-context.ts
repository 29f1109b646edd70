/**
 * The gateway's per-request context (src/context.ts), built by a plugin of
 * our own rather than by yoga's `context` option, which yoga wraps in the
 * same hook (envelop's useExtendContext: the factory's result merged into
 * the initial context, server.js in graphql-yoga 5). Being ours, it is marked
 * with its factory, so that the fast path can build the context with a plain
 * call where this is the only context hook (`directContext`), without
 * envelop's hook runner and its promise helpers (about 1 % of a shareItem's
 * CPU). Where another plugin builds context too, envelop's runs.
 */
import type { Plugin } from 'graphql-yoga';
import { oncePerYoga, yogaPlugins } from './execute-steps';

const CONTEXT_FACTORY = Symbol('gateway.contextFactory');

/** Makes the request's context from yoga's initial context (the request, its parameters and the server context). */
export type ContextFactory = (initial: Record<string, unknown>) => object;

type FactoryPlugin = Plugin & { [CONTEXT_FACTORY]?: ContextFactory };

export function useGatewayContext(factory: ContextFactory): Plugin {
  const plugin: FactoryPlugin = {
    onContextBuilding({ context, extendContext }) {
      extendContext(factory(context));
    },
  };
  plugin[CONTEXT_FACTORY] = factory;
  return plugin;
}

/** Builds the context as envelop's context step would, by a plain call; for directContext. */
export type DirectContext = (initial: Record<string, unknown>) => object;

/** `yoga`'s context step as a plain call where our plugin is its only context hook, else null. */
export const directContext = oncePerYoga<DirectContext | null>((yoga) => {
  const hooked = ((yogaPlugins(yoga) ?? []) as FactoryPlugin[]).filter((p) => typeof p.onContextBuilding === 'function');
  const factory = hooked.length === 1 ? hooked[0]![CONTEXT_FACTORY] : undefined;
  return factory ? (initial) => Object.assign(initial, factory(initial)) : null;
});
