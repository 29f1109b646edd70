/**
 * createGateway(config): the yoga instance and the connectors behind it,
 * without listening, so that tests can serve it on port 0 and `main.ts` on
 * the configured port.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createYoga, createGraphQLError } from 'graphql-yoga';
import type { YogaInitialContext, YogaServerInstance } from 'graphql-yoga';
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
import { gatewayPlugins } from './plugins';
import { hideSuggestion } from './plugins/use-hidden-suggestions';
import { useObservability } from './plugins/use-observability';
import { useLedgerNotices } from './plugins/use-ledger-notices';
import { useGatewayContext } from './plugins/use-gateway-context';
import { GatewayMetrics } from './observability/metrics';
import { knownOperationNames } from './observability/operation-names';
import { createLogger } from './observability/logger';
import type { Logger } from 'pino';
import { newScope } from './observability/request-scope';
import { newCall } from './call';
import { requestIdOf } from './http/server-context';
import type { ServerContext } from './http/server-context';
import { setupTracing } from './observability/tracing';
import { isOperatorToken } from './ledger';
import type { LedgerStore } from './ledger';
import { messageOf } from './ledger/errors';
import { UserNameCache } from './services/ledger';
import type { IdempotencyOptions } from './http/idempotency';

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
 * A request that is not a GraphQL request at all (a body that is not JSON,
 * no body, no query) is answered 400 under plain application/json too.
 * yoga marks those errors `http.spec`, which keeps such an answer at 200
 * for application/json; the GraphQL-over-HTTP spec keeps 200 for a
 * well-formed request only, and asks 4xx for JSON that does not parse
 * (https://graphql.github.io/graphql-over-http/draft/#sec-application-json).
 * Parse and validation errors of a well-formed request keep their 200.
 */
function asMalformedRequest(error: GraphQLError): void {
  const http = error.extensions?.http;
  if (error.extensions?.code === 'BAD_REQUEST' && http?.spec) http.spec = false;
}

/**
 * What a client sees of an error. Our own GraphQL errors keep their
 * message and `extensions.code`; an upstream failure that reaches a field
 * (a read such as folderAccess) keeps its code and our own message; anything
 * else is masked, with details only in development. Outside development a
 * kept message loses graphql-js's "Did you mean …?" (a variable that did not
 * coerce names the schema's fields; src/plugins/use-hidden-suggestions.ts).
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (error instanceof GraphQLError && (!original || original instanceof GraphQLError)) {
    // yoga attaches the parser's message (which quotes the body) as originalError: development only.
    if (!isDev && error.extensions && 'originalError' in error.extensions) delete (error.extensions as Record<string, unknown>).originalError;
    if (!isDev) hideSuggestion(error);
    asMalformedRequest(error);
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

export interface Gateway {
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  connectors: Connectors;
  config: Config;
  metrics: GatewayMetrics;
  logger: Logger;
  /** The sharing ledger the gateway records to; null without one (LEDGER=off). */
  ledger: LedgerStore | null;
  /** What the front door needs to answer Idempotency-Key (src/http/idempotency.ts); null without a ledger. */
  idempotency: IdempotencyOptions | null;
  /** Closes the upstream pools, then the ledger. */
  close(): Promise<void>;
}

export interface GatewayOptions {
  observer?: UpstreamObserver;
  /** For tests: where log lines go instead of stdout. */
  logDestination?: import('pino').DestinationStream;
  /**
   * The sharing ledger, opened by the caller (`openLedger(config)`, src/main.ts),
   * closed with the gateway. None: the gateway runs as with LEDGER=off.
   */
  ledger?: LedgerStore | null;
}

/** The header that carries the operator token (`ADMIN_TOKEN`). */
export const ADMIN_TOKEN_HEADER = 'x-gateway-admin-token';

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
      const err = args.find((a): a is Error & { originalError?: unknown } => a instanceof Error);
      const original = err?.originalError ?? err;
      if (original instanceof UpstreamError) logger.debug({ code: original.code, backend: original.backend }, original.message);
      else logger.error({ err: original instanceof Error ? { message: original.message, stack: original.stack } : String(args[0]) }, 'unexpected error');
    },
  };
}

export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  const metrics = new GatewayMetrics({ knownOperations: knownOperationNames({ operationsDir: path.join(ROOT_DIR, 'operations'), manifestPath: config.persistedOperationsPath }) });
  const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs, destination: options.logDestination });
  const ledger = options.ledger ?? null;
  const onLedgerWriteFailed = (err: unknown, what: 'operation' | 'idempotency') => {
    metrics.ledgerWriteFailed(what);
    logger.warn({ what, error: messageOf(err) }, 'ledger write failed');
  };
  if (config.otelEndpoint) setupTracing({ endpoint: config.otelEndpoint });
  const connectors = createConnectors(config, observeUpstream(metrics, options.observer));
  const userNames = ledger ? new UserNameCache() : null;
  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // GraphiQL (compressed and cached) and CORS are the gateway's own plugins (src/plugins/use-graphiql-page.ts, use-cors.ts).
    graphiql: false,
    cors: false,
    maskedErrors: { maskError, isDev: config.development },
    plugins: [
      useGatewayContext((initial) => {
        const request = (initial as unknown as YogaInitialContext).request;
        // The request handler passes its scope as server context; a request that came another way gets one here.
        const given = initial as Partial<ServerContext>;
        const scope = given.scope ?? newScope(requestIdOf(request.headers.get('x-request-id') ?? undefined), metrics);
        const call = newCall(scope.requestId, given.signal ?? request.signal, scope);
        const ledgerInput = ledger ? { store: ledger, operator: isOperatorToken(config.adminToken, request.headers.get(ADMIN_TOKEN_HEADER)), onWriteFailed: onLedgerWriteFailed, userNames } : null;
        return createContext({ config, connectors, credentials: readCredentials(request.headers), call, ledger: ledgerInput });
      }),
      useObservability(metrics, () => updateBreakerGauges(metrics, connectors)),
      ...gatewayPlugins({ config, connectors, rootDir: ROOT_DIR }),
      ...(ledger ? [useLedgerNotices()] : []),
    ],
    logging: yogaLogging(logger),
  });
  return {
    yoga,
    connectors,
    config,
    metrics,
    logger,
    ledger,
    idempotency: ledger ? { store: ledger, waitMs: config.upstream.operationDeadlineMs, metrics, logger } : null,
    close: async () => {
      await connectors.close();
      await ledger?.close();
      await flushLogger(logger);
    },
  };
}
