/**
 * The yoga/envelop plugins the gateway runs, in order. Each lives in its own
 * `use-x.ts` file; this list is the one place that says which are on.
 */
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import type { Connectors } from '../connectors';
import type { GatewayContext } from '../context';

export interface PluginDeps {
  config: Config;
  connectors: Connectors;
}

export function gatewayPlugins(_deps: PluginDeps): Array<Plugin<GatewayContext>> {
  return [];
}
