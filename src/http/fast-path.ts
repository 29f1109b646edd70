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
 * It answers a POST to /graphql with the content type application/json
 * (matched as yoga matches it, see isJson), no Accept header or the
 * wildcard or application/json, and no Origin, whose body (decompressed by
 * the front door) is exactly `{"query", "variables"?, "operationName"?}`,
 * whose document parses and validates, and whose operation is a query or a
 * mutation.
 *
 * It hands everything else to yoga: other methods, paths and content types;
 * an Accept asking for something else (multipart, event streams,
 * application/graphql-response+json), which yoga negotiates; any Origin
 * (CORS); a body with other keys (extensions, persisted-query hashes) or an
 * array (batching); a document that does not parse or validate, so that
 * yoga answers it with its own codes and statuses; a missing or ambiguous
 * operation name; a subscription. With PERSISTED_OPERATIONS set it is never
 * offered a request at all (src/listen.ts): only yoga's path runs the
 * persisted-operations plugin.
 *
 * Why the answers are the same: it runs yoga's own envelop pipeline
 * (yoga.getEnveloped: the same parse cache, validation rules and
 * graphql-armor limits, introspection rule, context factory given the same
 * ServerContext, executor, masked errors and observability hooks), and
 * writes a result as yoga's processRegularResult does: one without errors
 * as JSON with status 200, one with errors through processRegularResult
 * itself, which decides the status and strips internals. What it does not
 * run are yoga's request-level hooks (onRequest, onRequestParse, onParams,
 * onResultProcess), nor the validation hooks for a document it has
 * validated before (see validatedOn). Ours are safe without them: health
 * and metrics answer other paths, CSRF prevention passes JSON anyway, CORS
 * acts only on a request with an Origin, introspection is refused by a
 * validation rule, and a validation hook depends on the document alone
 * (src/plugins/index.ts).
 *
 * test/gateway/fast-path.test.ts sends the same requests to a gateway with
 * FAST_PATH on and to one with it off: the same status, type and body, and
 * the counter gateway_fast_path_operations_total says which path each took.
 */
import type { ServerResponse } from 'node:http';
import { getOperationAST, OperationTypeNode } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { processRegularResult } from 'graphql-yoga';
import type { AdmittedRequest, GatewayYoga } from './server-context';

interface Params {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
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

/** JSON in, JSON out, no CORS, nothing yoga must negotiate. */
function eligible(request: AdmittedRequest): request is AdmittedRequest & { body: Buffer } {
  if (request.body === null || request.url !== '/graphql') return false;
  if (!isJson(request.headers['content-type'])) return false;
  const accept = request.headers.accept;
  if (accept !== undefined && accept !== '*/*' && accept !== 'application/json') return false;
  return request.headers.origin === undefined;
}

function plainParams(body: Buffer): Params | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const { query, variables, operationName, ...rest } = parsed as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof query !== 'string') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  return { query, variables: (variables ?? undefined) as Record<string, unknown> | undefined, operationName: operationName ?? undefined };
}

/**
 * A Request stand-in with what our context factory and plugins read:
 * headers, method, url; and a signal, made only if something asks (ours take
 * the request's cancellation from the server context instead).
 */
function requestLike(request: AdmittedRequest) {
  const { headers, context } = request;
  let signal: AbortSignal | undefined;
  return {
    method: 'POST',
    url: `http://localhost${request.url}`,
    get signal(): AbortSignal {
      signal ??= context.signal.toAbortSignal();
      return signal;
    },
    headers: {
      get(name: string): string | null {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      has(name: string): boolean {
        return headers[name.toLowerCase()] !== undefined;
      },
    },
  };
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
const validatedDocuments = new WeakMap<GatewayYoga, WeakSet<DocumentNode>>();

function validatedOn(yoga: GatewayYoga): WeakSet<DocumentNode> {
  let set = validatedDocuments.get(yoga);
  if (!set) {
    set = new WeakSet();
    validatedDocuments.set(yoga, set);
  }
  return set;
}

/**
 * Answers `request` when the contract above lets it, and says whether it
 * did; when it returns false nothing has been written, and the request
 * must go to yoga.
 */
export async function answerFast(yoga: GatewayYoga, request: AdmittedRequest, res: ServerResponse): Promise<boolean> {
  if (!eligible(request)) return false;
  const params = plainParams(request.body);
  if (!params) return false;
  const envelop = yoga.getEnveloped({ request: requestLike(request), params, ...request.context } as never);
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
    if (!operation || (operation.operation !== OperationTypeNode.QUERY && operation.operation !== OperationTypeNode.MUTATION)) return false;
    contextValue = await envelop.contextFactory();
  } catch {
    return false;
  }
  const result = (await envelop.execute({
    schema: envelop.schema as GraphQLSchema,
    document,
    contextValue,
    variableValues: params.variables,
    operationName: params.operationName,
    rootValue: {},
  })) as ExecutionResult;
  await writeResult(res, result, yoga);
  return true;
}

/**
 * A result without errors is what processRegularResult would make of it,
 * status 200 and the result as JSON, written without a Response object in
 * between; anything with errors is left to yoga's serialiser, which decides
 * the status from the errors and strips their internals.
 */
async function writeResult(res: ServerResponse, result: ExecutionResult, yoga: GatewayYoga): Promise<void> {
  if (!result.errors?.length && !(result.extensions as { http?: unknown } | undefined)?.http) {
    // A plugin may bring its own stringifier (graphql-jit does); yoga honours it too.
    const text = ((result as { stringify?: (r: unknown) => string }).stringify ?? JSON.stringify)(result);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const response = processRegularResult(result, yoga.fetchAPI, 'application/json');
  const text = await response.text();
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(text)) };
  response.headers.forEach((value, name) => {
    if (name.toLowerCase() !== 'content-length') headers[name.toLowerCase()] = value;
  });
  res.writeHead(response.status, headers);
  res.end(text);
}
