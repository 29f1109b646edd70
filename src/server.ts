/**
 * createGateway(config): the yoga instance and the connectors behind it,
 * without listening, so that tests can serve it on port 0 and `main.ts` on
 * the configured port.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createYoga, createGraphQLError } from 'graphql-yoga';
import type { YogaServerInstance } from 'graphql-yoga';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config';
import { createConnectors } from './connectors';
import type { Connectors } from './connectors';
import type { UpstreamObserver } from './connectors/http';
import { createContext } from './context';
import type { GatewayContext } from './context';
import { readCredentials } from './credentials';
import { UpstreamError } from './errors';
import { resolvers } from './resolvers';
import { graphiqlOptions } from './graphiql';
import { gatewayPlugins } from './plugins';

export const ROOT_DIR = path.resolve(__dirname, '..');

export function loadTypeDefs(dir = path.join(ROOT_DIR, 'schema')): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'));
}

let cachedSchema: GraphQLSchema | null = null;

/** Built once per process: schema construction never sits on the request path. */
export function buildSchema(): GraphQLSchema {
  cachedSchema ??= makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers });
  return cachedSchema;
}

/**
 * What a client sees of an error. Our own GraphQL errors keep their
 * message and `extensions.code`; an upstream failure that reaches a field
 * (a read such as folderAccess) keeps its code and our own message; anything
 * else is masked, with details only in development.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) return error;
  if (original instanceof UpstreamError) {
    return createGraphQLError(original.message, {
      extensions: { code: original.code, backend: original.backend, upstreamCode: original.upstreamCode },
      path: error instanceof GraphQLError ? error.path : undefined,
    });
  }
  return createGraphQLError(message, {
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(isDev && original instanceof Error ? { originalError: { message: original.message, stack: original.stack } } : {}) },
    path: error instanceof GraphQLError ? error.path : undefined,
  });
}

export interface Gateway {
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  connectors: Connectors;
  config: Config;
  close(): Promise<void>;
}

export interface GatewayOptions {
  observer?: UpstreamObserver;
}

export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  const connectors = createConnectors(config, options.observer);
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? graphiqlOptions(ROOT_DIR) : false,
    maskedErrors: { maskError, isDev: config.development },
    plugins: gatewayPlugins({ config, connectors }),
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: false } : false,
    context: ({ request }) =>
      createContext({
        config,
        connectors,
        credentials: readCredentials(request.headers),
        requestId: requestIdOf(request.headers),
        signal: request.signal,
      }),
  });
  return {
    yoga,
    connectors,
    config,
    close: () => connectors.close(),
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-Id when it is safe to forward, else a fresh one. */
export function requestIdOf(headers: Headers): string {
  const given = headers.get('x-request-id');
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

