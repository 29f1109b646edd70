/**
 * createGateway(config): the yoga instance and the connectors behind it,
 * without listening, so that tests can serve it on port 0 and `main.ts` on
 * the configured port.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createYoga, createGraphQLError } from 'graphql-yoga';
import type { YogaServerInstance } from 'graphql-yoga';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { GraphQLError } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config';
import { createConnectors } from './connectors';
import type { Connectors } from './connectors';
import type { UpstreamObserver } from './connectors/upstream';
import { createContext } from './context';
import type { GatewayContext } from './context';
import { readCredentials } from './credentials';
import { UpstreamError } from './errors';
import { resolvers } from './resolvers';
import { graphiqlOptions } from './graphiql';
import { gatewayPlugins } from './plugins';
import { useObservability } from './plugins/use-observability';
import { GatewayMetrics } from './observability/metrics';
import { knownOperationNames } from './observability/operation-names';
import { createLogger } from './observability/logger';
import type { Logger } from 'pino';
import { newScope } from './observability/request-scope';
import { newCall } from './call';
import { requestIdOf } from './http/server-context';
import type { ServerContext } from './http/server-context';
import { setupTracing } from './observability/tracing';

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
  if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
    // yoga attaches the parser's message (which quotes the body) as originalError: development only.
    if (!isDev && error.extensions && 'originalError' in error.extensions) delete (error.extensions as Record<string, unknown>).originalError;
    return error;
  }
  if (original instanceof SyntaxError && !(error instanceof GraphQLError && error.path)) {
    // Malformed JSON in a request parameter (GET variables or extensions) is the caller's mistake.
    return createGraphQLError('Request parameters are not valid JSON', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
  }
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

function loadGraphiQLRenderer(): (typeof import('@graphql-yoga/render-graphiql'))['renderGraphiQL'] {
  return (require('@graphql-yoga/render-graphiql') as typeof import('@graphql-yoga/render-graphiql')).renderGraphiQL;
}

export interface Gateway {
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  connectors: Connectors;
  config: Config;
  metrics: GatewayMetrics;
  logger: Logger;
  close(): Promise<void>;
}

export interface GatewayOptions {
  observer?: UpstreamObserver;
  /** For tests: where log lines go instead of stdout. */
  logDestination?: import('pino').DestinationStream;
}

/**
 * Every upstream call feeds the metrics and the request's scope (for the
 * operation's log line), then any observer the caller added.
 */
function observeUpstream(metrics: GatewayMetrics, extra?: UpstreamObserver): UpstreamObserver {
  return {
    onRetry(backend, call) {
      metrics.retry(backend);
      if (call) call.scope.retries++;
      extra?.onRetry?.(backend, call);
    },
    onCall(event) {
      metrics.upstreamCall(event.backend, event.method, event.route, event.status, event.durationMs / 1000);
      const scope = event.call?.scope;
      if (scope) {
        scope.upstreamCalls++;
        scope.backends.add(event.backend);
      }
      extra?.onCall?.(event);
    },
  };
}

/**
 * Writes out buffered log lines. pino's async destination refuses a flush
 * while it is still opening, and a shutdown must not fail over a log line:
 * errors and a stuck flush (1 s) are let go.
 */
function flushLogger(logger: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 1000);
    timer.unref();
    try {
      logger.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

function updateBreakerGauges(metrics: GatewayMetrics, connectors: Connectors): void {
  for (const [backend, client] of Object.entries(connectors.clients)) if (client) metrics.breakerState(backend, client.breaker.state);
}

/** yoga's own log calls, through pino; expected upstream failures are not errors of the gateway. */
function yogaLogging(logger: Logger) {
  return {
    debug: (...args: unknown[]) => logger.debug({ args }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ args }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ args }, 'yoga'),
    error: (...args: unknown[]) => {
      const err = args.find((a) => a instanceof Error) as (Error & { originalError?: unknown }) | undefined;
      const original = err?.originalError ?? err;
      if (original instanceof UpstreamError) logger.debug({ code: original.code, backend: original.backend }, original.message);
      else logger.error({ err: original instanceof Error ? { message: original.message, stack: original.stack } : String(args[0]) }, 'unexpected error');
    },
  };
}

export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  const metrics = new GatewayMetrics({ knownOperations: knownOperationNames({ operationsDir: path.join(ROOT_DIR, 'operations'), manifestPath: config.persistedOperationsPath }) });
  const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs, destination: options.logDestination });
  if (config.otelEndpoint) setupTracing({ endpoint: config.otelEndpoint });
  const connectors = createConnectors(config, observeUpstream(metrics, options.observer));
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? graphiqlOptions(ROOT_DIR) : false,
    // The bundled renderer inlines GraphiQL's code, so the page works without reaching a CDN; that code
    // costs some 60 MB of memory once loaded, so a gateway without GraphiQL never loads it.
    ...(config.graphiql ? { renderGraphiQL: loadGraphiQLRenderer() } : {}),
    maskedErrors: { maskError, isDev: config.development },
    plugins: [useObservability(metrics, () => updateBreakerGauges(metrics, connectors)), ...gatewayPlugins({ config, connectors })],
    logging: yogaLogging(logger),
    cors: config.corsOrigins.length > 0 ? { origin: config.corsOrigins, credentials: false } : false,
    context: (initial) => {
      const { request } = initial;
      // The request handler passes its scope as server context; a request that came another way gets one here.
      const given = initial as Partial<ServerContext>;
      const scope = given.scope ?? newScope(requestIdOf(request.headers.get('x-request-id') ?? undefined), metrics);
      const call = newCall(scope.requestId, given.signal ?? request.signal, scope);
      return createContext({ config, connectors, credentials: readCredentials(request.headers), call });
    },
  });
  return {
    yoga,
    connectors,
    config,
    metrics,
    logger,
    close: async () => {
      await connectors.close();
      await flushLogger(logger);
    },
  };
}

