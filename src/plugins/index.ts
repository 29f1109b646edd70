/**
 * The yoga/envelop plugins the gateway runs, in order. Each lives in its own
 * `use-x.ts` file; this list is the one place that says which are on.
 *
 * A validation hook must depend on the document alone, never on the
 * request: the fast path (src/http/fast-path.ts) validates each distinct
 * document once per gateway.
 */
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config';
import type { Connectors } from '../connectors';
import type { GatewayContext } from '../context';
import { useOperationLimits } from './use-operation-limits';
import { useKnownOperationTypes } from './use-known-operation-types';
import { loadManifest, usePersistedQueries } from './use-persisted-operations';
import { useHealth } from './use-health';
import { useGraphqlJsExecute } from './use-graphql-js-execute';
import { useHiddenSuggestions } from './use-hidden-suggestions';
import { useCors } from './use-cors';
import { useCsrfPrevention } from './use-csrf-prevention';
import { useHttpRefusals } from './use-http-refusals';
import { useNoIntrospection } from './use-introspection-rule';
import { useGraphiQLPage } from './use-graphiql-page';

export interface PluginDeps {
  config: Config;
  connectors: Connectors;
  /** Where GraphiQL's example operations come from (GRAPHIQL=true only). */
  rootDir: string;
}

export function gatewayPlugins(deps: PluginDeps): Array<Plugin<GatewayContext>> {
  const { config } = deps;
  const plugins: Plugin[] = [
    // Answers every OPTIONS, before anything that would read it as a GraphQL request.
    useCors(config.corsOrigins),
    useHealth({ connectors: deps.connectors }),
  ];
  if (config.graphiql) plugins.push(useGraphiQLPage(deps.rootDir));
  plugins.push(
    useCsrfPrevention(),
    useHttpRefusals(),
    usePersistedQueries(config.persistedOperationsPath ? loadManifest(config.persistedOperationsPath) : null),
    ...useOperationLimits(),
    useKnownOperationTypes(),
    useGraphqlJsExecute(),
  );
  if (!config.development) plugins.push(useHiddenSuggestions());
  if (!config.introspection) plugins.push(useNoIntrospection());
  return plugins as Array<Plugin<GatewayContext>>;
}
