/**
 * The fast adapter: the operations clients send most, answered without
 * yoga's fetch-API layer (a Request and a Response object per call, and
 * their streams), which measured as the largest share of the gateway's CPU
 * per operation (bench/README.md). When FAST_PATH is on, the front door
 * (request-guard.ts) offers it every admitted request; what it does not
 * answer it hands back with nothing written, and the front door sends that
 * to yoga's normal path (to-yoga.ts).
 *
 * Contract.
 *
 * It answers what the clients frontends use send, as they send it (Apollo
 * Client's HttpLink, urql, a browser's fetch; test/gateway/fast-path.test.ts
 * replays their headers):
 * - a POST to /graphql with the content type application/json (matched as
 *   yoga matches it, see isJson), whose body (decompressed by the front
 *   door) is an object of `query` and, optionally, `variables`,
 *   `operationName` and `extensions` (Apollo Client sends
 *   `extensions.clientLibrary`), the extensions holding no `persistedQuery`;
 * - a GET of /graphql whose query string holds `query` and, optionally,
 *   `variables`, `operationName` and `extensions` (urql sends its queries so),
 *   JSON where JSON is expected, with a header that passes the CSRF check
 *   (src/plugins/use-csrf-prevention.ts), for a query;
 * - with any Accept for which yoga answers a single result with its regular
 *   processor (src/plugins/media-types.ts: Apollo's
 *   `application/graphql-response+json,application/json;q=0.9`, urql's list
 *   of five, a browser's wildcard, none), in the media type yoga picks;
 * - with or without an Origin, adding the CORS headers of
 *   src/plugins/use-cors.ts for the gateway's CORS_ORIGINS;
 * whose document parses and validates, and whose operation is a query or a
 * mutation (on a GET, a query).
 *
 * It hands everything else to yoga: other methods (a preflight among
 * them), paths and content types; an Accept that yoga answers otherwise
 * (only event streams or multipart, or nothing it has: a 406); a body with
 * other keys, a persisted-query hash (the persisted-queries plugin runs in a
 * request hook) or an array (batching); a GET without a CSRF header, or
 * with parameters that are not JSON, or accepting text/html (GraphiQL's
 * page, src/plugins/use-graphiql-page.ts); a document that does not parse or
 * validate, so that yoga answers it with its own codes and statuses; a
 * missing or ambiguous operation name; a subscription, or a mutation over
 * GET. With PERSISTED_OPERATIONS set it is never offered a request at all
 * (src/listen.ts): only yoga's path runs the persisted-operations plugin.
 *
 * Why the answers are the same: it runs yoga's own envelop pipeline
 * (yoga.getEnveloped: the same parse cache, validation rules and
 * graphql-armor limits, introspection rule, context factory given the same
 * ServerContext, executor, masked errors and observability hooks), and
 * builds the context and runs the execute hooks (our executor, the metrics
 * and log line's naming, the ledger's notices, yoga's masking) as plain
 * calls where every hook is known, envelop's steps otherwise
 * (src/plugins/use-gateway-context.ts, src/plugins/execute-steps.ts), and
 * writes a result as yoga's processRegularResult does: one without errors
 * as JSON with status 200, one with errors through processRegularResult
 * itself, which decides the status and strips internals. What it does not
 * run are yoga's request-level hooks (onRequest, onRequestParse, onParams,
 * onResultProcess, onResponse), nor the validation hooks for a document it
 * has validated before (see validatedOn). Ours are safe without them:
 * health, metrics and GraphiQL answer other paths or methods, the CSRF and
 * Accept checks are the same functions applied above, CORS headers come
 * from the same function, persisted queries are handed over, introspection
 * is refused by a validation rule, and a validation hook depends on the
 * document alone (src/plugins/index.ts).
 *
 * test/gateway/fast-path.test.ts sends the same requests to a gateway with
 * FAST_PATH on and to one with it off: the same status, type and body, and
 * the counter gateway_fast_path_operations_total says which path each took.
 */
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { getOperationAST, OperationTypeNode } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { processRegularResult } from 'graphql-yoga';
import type { Config } from '../config';
import { corsHeaders } from '../plugins/use-cors';
import { passesCsrfCheck } from '../plugins/use-csrf-prevention';
import { regularMediaType } from '../plugins/media-types';
import { directExecutor, oncePerYoga } from '../plugins/execute-steps';
import { directContext } from '../plugins/use-gateway-context';
import type { RegularMediaType } from '../plugins/media-types';
import type { AdmittedRequest, GatewayYoga } from './server-context';

interface Params {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

/**
 * A content type yoga takes for JSON, matched as yoga matches it (exactly,
 * case and all, before any `;`), so that what yoga refuses (`APPLICATION/JSON`,
 * `application/json ;…`) is refused by yoga here too; a list (`a, b`), which
 * yoga cuts at the first comma, is left to yoga. A charset, if any, the
 * front door has already held to UTF-8.
 */
function isJson(type: string | undefined): boolean {
  return type === 'application/json' || (type !== undefined && type.startsWith('application/json;') && !type.includes(','));
}

function header(request: AdmittedRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const PARAM_NAMES = new Set(['query', 'variables', 'operationName', 'extensions']);

/** The parameters when they are the plain kind the contract names; null hands the request to yoga. */
function plainParams(fields: Record<string, unknown>): Params | null {
  for (const name in fields) if (!PARAM_NAMES.has(name)) return null;
  const { query, variables, operationName, extensions } = fields;
  if (typeof query !== 'string') return null;
  if (variables != null && !isPlainObject(variables)) return null;
  if (operationName != null && typeof operationName !== 'string') return null;
  if (extensions != null && (!isPlainObject(extensions) || 'persistedQuery' in extensions)) return null;
  return {
    query,
    variables: variables ?? undefined,
    operationName: operationName ?? undefined,
    extensions: extensions ?? undefined,
  };
}

function parseJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return null;
  }
}

function postParams(body: Buffer): Params | null {
  const parsed = parseJson(body.toString('utf8'));
  return parsed && isPlainObject(parsed.value) ? plainParams(parsed.value) : null;
}

/**
 * A GET's parameters as yoga reads them (plugins/request-parser/utils.js):
 * the first of each name, an empty one as absent, `variables` and
 * `extensions` as JSON, other names ignored.
 */
function getParams(search: string): Params | null {
  const searchParams = new URLSearchParams(search);
  const fields: Record<string, unknown> = {};
  for (const name of ['query', 'operationName'] as const) fields[name] = searchParams.get(name) || undefined;
  for (const name of ['variables', 'extensions'] as const) {
    const text = searchParams.get(name);
    if (!text) continue;
    const parsed = parseJson(text);
    if (!parsed) return null;
    fields[name] = parsed.value;
  }
  return plainParams(fields);
}

/** The request's parameters and the media type of its answer, when the contract lets the fast path answer it. */
function eligible(request: AdmittedRequest): { params: Params; mediaType: RegularMediaType } | null {
  const mediaType = regularMediaType(header(request, 'accept'));
  if (!mediaType) return null;
  const q = request.url.indexOf('?');
  const path = q === -1 ? request.url : request.url.slice(0, q);
  if (path !== '/graphql') return null;
  if (request.method === 'POST') {
    if (request.body === null || !isJson(header(request, 'content-type'))) return null;
    const params = postParams(request.body);
    return params && { params, mediaType };
  }
  if (request.method === 'GET' && q !== -1 && !header(request, 'accept')?.includes('text/html') && passesCsrfCheck((name) => header(request, name))) {
    const params = getParams(request.url.slice(q + 1));
    return params && { params, mediaType };
  }
  return null;
}

/** The headers of a Request stand-in, read from node's headers as a fetch Headers would give them. */
class HeadersLike {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.headers[name.toLowerCase()] !== undefined;
  }
}

/**
 * A Request stand-in with what our context factory and plugins read:
 * headers, method, url; and a signal, made only if something asks (ours take
 * the request's cancellation from the server context instead). A class, so
 * that a request costs one object and no closures.
 */
class RequestLike {
  readonly method: string;
  readonly headers: HeadersLike;
  private made: AbortSignal | undefined;

  constructor(private readonly request: AdmittedRequest) {
    this.method = request.method;
    this.headers = new HeadersLike(request.headers);
  }

  get url(): string {
    return `http://localhost${this.request.url}`;
  }

  get signal(): AbortSignal {
    this.made ??= this.request.context.signal.toAbortSignal();
    return this.made;
  }
}

/**
 * The documents that passed validation on each gateway. yoga's parse cache
 * hands back the same document object for the same query text, and our
 * validation is a pure function of the document (the schema and the rules
 * are fixed per gateway: graphql-armor's limits, the root-field and
 * operation-type rules, the introspection rule), so a document that passed
 * once passes again. Skipping envelop's validate step (its hooks run even
 * when yoga's validation cache answers) saved 5-10 % of the CPU per
 * shareItem in paired runs (bench/README.md). The set holds documents
 * weakly: one evicted from yoga's cache is forgotten here too.
 */
const validatedOn = oncePerYoga(() => new WeakSet<DocumentNode>());

/**
 * Answers `request` when the contract above lets it, and says whether it
 * did; when it returns false nothing has been written, and the request
 * must go to yoga.
 */
export async function answerFast(yoga: GatewayYoga, request: AdmittedRequest, res: ServerResponse): Promise<boolean> {
  const asked = eligible(request);
  if (!asked) return false;
  const { params, mediaType } = asked;
  const initial: Record<string, unknown> = { request: new RequestLike(request), params, ...request.context };
  const envelop = yoga.getEnveloped(initial as never);
  let document: DocumentNode;
  let contextValue: unknown;
  try {
    // Parse and validation failures (and the limits, which throw) are answered by yoga, with its codes and statuses.
    document = envelop.parse(params.query) as DocumentNode;
    const validated = validatedOn(yoga);
    if (!validated.has(document)) {
      const errors = envelop.validate(envelop.schema, document) as readonly GraphQLError[];
      if (errors.length > 0) return false;
      validated.add(document);
    }
    const operation = getOperationAST(document, params.operationName);
    if (!operation || !(operation.operation === OperationTypeNode.QUERY || (operation.operation === OperationTypeNode.MUTATION && request.method === 'POST'))) return false;
    // The context by a plain call where our factory is the only context hook (src/plugins/use-gateway-context.ts); else envelop's.
    const context = directContext(yoga);
    contextValue = context ? context(initial) : await envelop.contextFactory();
  } catch {
    return false;
  }
  const args = {
    schema: envelop.schema as GraphQLSchema,
    document,
    contextValue,
    variableValues: params.variables,
    operationName: params.operationName,
    rootValue: {},
  };
  // The gateway's execute hooks as plain calls where they are all known (src/plugins/execute-steps.ts); else envelop's.
  const direct = directExecutor(yoga);
  const result = direct ? await direct(args) : ((await envelop.execute(args)) as ExecutionResult);
  const cors = corsHeaders((contextValue as { config: Pick<Config, 'corsOrigins'> }).config.corsOrigins, header(request, 'origin'));
  await writeResult(res, result, yoga, mediaType, cors);
  return true;
}

/**
 * A result without errors is what processRegularResult would make of it,
 * status 200 and the result as JSON, written without a Response object in
 * between; anything with errors is left to yoga's serialiser, which decides
 * the status from the errors and the media type, and strips their internals.
 * The CORS headers are those yoga's path adds (src/plugins/use-cors.ts).
 */
async function writeResult(res: ServerResponse, result: ExecutionResult, yoga: GatewayYoga, mediaType: RegularMediaType, cors: Record<string, string>): Promise<void> {
  if (!result.errors?.length && !(result.extensions as { http?: unknown } | undefined)?.http) {
    // A plugin may bring its own stringifier (graphql-jit does); yoga honours it too.
    const text = ((result as { stringify?: (r: unknown) => string }).stringify ?? JSON.stringify)(result);
    res.writeHead(200, { ...cors, 'content-type': `${mediaType}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const response = processRegularResult(result, yoga.fetchAPI, mediaType);
  const text = await response.text();
  const headers: Record<string, string> = { ...cors, 'content-length': String(Buffer.byteLength(text)) };
  response.headers.forEach((value, name) => {
    if (name.toLowerCase() !== 'content-length') headers[name.toLowerCase()] = value;
  });
  res.writeHead(response.status, headers);
  res.end(text);
}
