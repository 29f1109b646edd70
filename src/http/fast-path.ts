/**
 * The hot path for the operations clients send most: a POST of
 * `{"query", "variables", "operationName"}` as JSON, answered as JSON.
 *
 * It runs the very same envelop pipeline yoga would (yoga.getEnveloped:
 * parse and validation caches, graphql-armor limits, introspection rule,
 * masked errors, our observability hooks) and serialises as yoga's own
 * processRegularResult does, so the answer is the same byte for byte; what it
 * skips is the fetch-API layer (a Request and a Response object per call
 * and their streams), which measured as the largest share of the gateway's
 * CPU per operation (bench/README.md). Anything else, and any document that
 * does not parse or validate, goes through yoga unchanged.
 *
 * What it does not run are yoga's request-level hooks (onRequestParse,
 * onParams), nor the validation hooks for a document it has validated
 * before (see validatedOn). Ours are safe without them: CSRF prevention
 * passes JSON anyway, introspection is refused by a validation rule, health and
 * metrics answer their own paths, CORS requests (with an Origin) and
 * persisted operations (PERSISTED_OPERATIONS set) always take yoga's path.
 * test/gateway/fast-path.test.ts compares both paths answer for answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST } from 'graphql';
import type { DocumentNode, ExecutionResult, GraphQLError } from 'graphql';
import { processRegularResult } from 'graphql-yoga';
import type { YogaServerInstance } from 'graphql-yoga';
import type { ServerContext } from './request-guard';
import type { Cancellation } from '../util/abortable';

type Yoga = YogaServerInstance<Record<string, unknown>, any>;

interface Params {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** JSON in, JSON out, no CORS, nothing yoga must negotiate. */
export function fastPathEligible(req: IncomingMessage): boolean {
  const path = req.url ?? '';
  if (path !== '/graphql') return false;
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;\s*charset\s*=\s*"?utf-?8"?\s*)?$/i.test(type)) return false;
  const accept = req.headers.accept;
  if (accept !== undefined && accept !== '*/*' && accept !== 'application/json') return false;
  return req.headers.origin === undefined;
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
function requestLike(req: IncomingMessage, cancellation: Cancellation) {
  let signal: AbortSignal | undefined;
  return {
    method: 'POST',
    url: `http://localhost${req.url ?? '/graphql'}`,
    get signal(): AbortSignal {
      signal ??= cancellation.toAbortSignal();
      return signal;
    },
    headers: {
      get(name: string): string | null {
        const value = req.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
      has(name: string): boolean {
        return req.headers[name.toLowerCase()] !== undefined;
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
const validatedDocuments = new WeakMap<Yoga, WeakSet<DocumentNode>>();

function validatedOn(yoga: Yoga): WeakSet<DocumentNode> {
  let set = validatedDocuments.get(yoga);
  if (!set) {
    set = new WeakSet();
    validatedDocuments.set(yoga, set);
  }
  return set;
}

/** Returns false when the request must go through yoga instead (nothing has been written then). */
export async function runFastPath(yoga: Yoga, context: ServerContext, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<boolean> {
  const params = plainParams(body);
  if (!params) return false;
  const request = requestLike(req, context.signal);
  const envelop = yoga.getEnveloped({ request, params, ...context } as never);
  let document: DocumentNode;
  let contextValue: unknown;
  try {
    // Parse and validation failures (and the limits, which throw) are answered by yoga, with its codes and statuses.
    document = envelop.parse(params.query);
    const validated = validatedOn(yoga);
    if (!validated.has(document)) {
      const errors = envelop.validate(envelop.schema, document) as readonly GraphQLError[];
      if (errors.length > 0) return false;
      validated.add(document);
    }
    const operation = getOperationAST(document, params.operationName);
    if (!operation || (operation.operation !== 'query' && operation.operation !== 'mutation')) return false;
    contextValue = await envelop.contextFactory();
  } catch {
    return false;
  }
  const result = (await envelop.execute({
    schema: envelop.schema,
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
async function writeResult(res: ServerResponse, result: ExecutionResult, yoga: Yoga): Promise<void> {
  if (!result.errors?.length && !(result.extensions as { http?: unknown } | undefined)?.http) {
    // A plugin may bring its own stringifier (graphql-jit does); yoga honours it too.
    const text = ((result as { stringify?: (r: unknown) => string }).stringify ?? JSON.stringify)(result);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const response = await processRegularResult(result, yoga.fetchAPI, 'application/json');
  const text = await response.text();
  const headers: Record<string, string> = { 'content-length': String(Buffer.byteLength(text)) };
  response.headers.forEach((value, name) => {
    if (name.toLowerCase() !== 'content-length') headers[name.toLowerCase()] = value;
  });
  res.writeHead(response.status, headers);
  res.end(text);
}
