/**
 * The yoga/envelop plugins the gateway runs, in order. Each lives in its own
 * `use-x.ts` file; this list is the one place that says which are on.
 *
 * A validation hook must depend on the document alone, never on the
 * request: the fast path (src/http/fast-path.ts) validates each distinct
 * document once per gateway.
 */
import type { Plugin } from 'graphql-yoga';
import { NoSchemaIntrospectionCustomRule } from 'graphql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Config } from '../config';
import type { Connectors } from '../connectors';
import type { GatewayContext } from '../context';
import { useOperationLimits } from './use-operation-limits';
import { useKnownOperationTypes } from './use-known-operation-types';
import { usePersistedOperationsFromFile } from './use-persisted-operations';
import { useHealth } from './use-health';
import { useGraphqlJsExecute } from './use-graphql-js-execute';
import { useHiddenSuggestions } from './use-hidden-suggestions';

export interface PluginDeps {
  config: Config;
  connectors: Connectors;
}

export function gatewayPlugins(deps: PluginDeps): Array<Plugin<GatewayContext>> {
  const { config } = deps;
  const plugins: Plugin[] = [
    useHealth({ connectors: deps.connectors }),
    // Simple requests (form, multipart, text/plain, GET) must carry a custom header, which a browser
    // on another site can only send after a CORS preflight we do not grant.
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'x-requested-with'] }),
    ...useOperationLimits({ exposeLimits: config.development }),
    useKnownOperationTypes(),
    useGraphqlJsExecute(),
  ];
  if (!config.development) plugins.push(useHiddenSuggestions());
  // A validation rule rather than yoga's disable-introspection plugin, which marks requests in a
  // request-parsing hook that the fast path (src/http/fast-path.ts) does not run.
  if (!config.introspection) plugins.push({ onValidate: ({ addValidationRule }) => addValidationRule(NoSchemaIntrospectionCustomRule) });
  if (config.persistedOperationsPath) plugins.push(usePersistedOperationsFromFile(config.persistedOperationsPath));
  return plugins as Array<Plugin<GatewayContext>>;
}
