/**
 * Every error code a client can see, in one table: the code, where the client
 * reads it, what raises it, the HTTP status it stands for where it has one,
 * and the line docs/errors.md opens its explanation with. The code lists
 * (`SHARE_ERROR_CODES`, `LIMIT_CODES`, `REFUSAL_CODES` …) and the HTTP status
 * table of `codeForHttpStatus` are read off this table, and
 * test/unit/error-codes.test.ts holds docs/errors.md to it both ways, as
 * fastify does with its `FST_ERR_*` codes and docs/Reference/Errors.md.
 *
 * A code never changes name or meaning: clients match on it.
 */

/**
 * Where a client reads the code.
 * - `share`: `ShareError.code` on one target's result; the same code is the
 *   `extensions.code` when a read such as `folderAccess` fails as a whole.
 * - `operation`: `extensions.code` of an error the gateway's own code raises.
 * - `limit`: `extensions.code` of an operation over one of the operation limits.
 * - `refusal`: `extensions.code` of a request refused before GraphQL runs,
 *   by the front door or by one of the HTTP-level plugins (CSRF, Accept,
 *   content type).
 * - `framework`: `extensions.code` that graphql-yoga or one of its plugins raises.
 */
export type ErrorKind = 'share' | 'operation' | 'limit' | 'refusal' | 'framework';

/** The limits of src/plugins/use-operation-limits.ts, by name. */
export type LimitName = 'tokens' | 'depth' | 'aliases' | 'directives' | 'cost' | 'rootFields';

export interface ErrorCodeEntry {
  readonly code: string;
  readonly kind: ErrorKind;
  /**
   * The class or factory in src/errors that raises it (`errors.<name>`);
   * otherwise the module (a path under src/) or the library that does.
   * null: reserved in the schema, raised by nothing today.
   */
  readonly raisedBy: string | null;
  /** Share codes: the upstream HTTP statuses (and ArcGIS codes) that mean this code. */
  readonly upstreamStatus?: readonly number[];
  /** The status a refusal with this code is answered with (by the front door, src/http/request-guard.ts, or an HTTP-level plugin). */
  readonly refusalStatus?: number;
  /** Limit codes: which limit; `{limit}` in `doc` stands for its value. */
  readonly limit?: LimitName;
  /** The sentence docs/errors.md opens this code's "Meaning" with. */
  readonly doc: string;
}

/**
 * The classes and factories of src/errors the table names, by name: the
 * table is a leaf that the error classes read their code types from, so it
 * imports none of them (test/unit/error-codes.test.ts checks each name).
 */
type RaiserName = 'UpstreamHttpError' | 'UpstreamTimeoutError' | 'UpstreamUnavailableError' | 'UpstreamOverloadedError' | 'gatewayError' | 'badInput';
const raisers: { readonly [N in RaiserName]: `errors.${N}` } = {
  UpstreamHttpError: 'errors.UpstreamHttpError',
  UpstreamTimeoutError: 'errors.UpstreamTimeoutError',
  UpstreamUnavailableError: 'errors.UpstreamUnavailableError',
  UpstreamOverloadedError: 'errors.UpstreamOverloadedError',
  gatewayError: 'errors.gatewayError',
  badInput: 'errors.badInput',
};

const LIMITS_PLUGIN = 'src/plugins/use-operation-limits.ts';
const FRONT_DOOR = 'src/http/request-guard.ts';
const IDEMPOTENCY = 'src/http/idempotency.ts';
const PERSISTED = 'src/plugins/use-persisted-operations.ts';
const BODY_READER = 'src/http/read-body.ts';

export const ERROR_REGISTRY = [
  // Share errors: one target failed; the others have their own results.
  { code: 'BAD_REQUEST', kind: 'share', raisedBy: raisers.UpstreamHttpError, upstreamStatus: [400, 422], doc: 'The backend rejected the request as invalid (HTTP 400 or 422, ArcGIS code 400).' },
  {
    code: 'UNAUTHENTICATED',
    kind: 'share',
    raisedBy: raisers.UpstreamHttpError,
    upstreamStatus: [401, 498, 499],
    doc: 'The backend did not accept the credential (HTTP 401, ArcGIS 498 invalid token / 499 token required).',
  },
  { code: 'FORBIDDEN', kind: 'share', raisedBy: raisers.UpstreamHttpError, upstreamStatus: [403], doc: 'The caller may not share this target (HTTP 403, OCM -20, ArcGIS GWM_0003 with code 403).' },
  {
    code: 'NOT_FOUND',
    kind: 'share',
    raisedBy: raisers.UpstreamHttpError,
    upstreamStatus: [404, 410],
    doc: 'The item, folder, group or recipient does not exist or is hidden (HTTP 404 or 410, OCM -16, ArcGIS CONT_0001 / COM_0003).',
  },
  { code: 'CONFLICT', kind: 'share', raisedBy: raisers.UpstreamHttpError, upstreamStatus: [409], doc: 'The backend reports a conflict (HTTP 409, OCM -17).' },
  { code: 'RATE_LIMITED', kind: 'share', raisedBy: raisers.UpstreamHttpError, upstreamStatus: [429], doc: 'The backend throttled the caller (HTTP 429) past the retries the gateway allows.' },
  {
    code: 'UPSTREAM_ERROR',
    kind: 'share',
    raisedBy: raisers.UpstreamHttpError,
    doc: 'The backend failed (5xx), redirected, or answered something unreadable (not JSON, wrong shape, too large, too deep).',
  },
  { code: 'UPSTREAM_TIMEOUT', kind: 'share', raisedBy: raisers.UpstreamTimeoutError, doc: 'The backend did not answer in time (connect, headers, body or call deadline).' },
  { code: 'UPSTREAM_UNAVAILABLE', kind: 'share', raisedBy: raisers.UpstreamUnavailableError, doc: 'The backend could not be reached (refused, reset) or its circuit breaker is open.' },
  { code: 'BACKEND_NOT_CONFIGURED', kind: 'share', raisedBy: null, doc: 'The gateway has no URL for this backend.' },
  { code: 'UPSTREAM_OVERLOADED', kind: 'share', raisedBy: raisers.UpstreamOverloadedError, doc: 'Too many calls to this backend are in flight and queued.' },
  { code: 'ACCESS_INHERITED', kind: 'share', raisedBy: 'src/services/folders/onlyoffice.ts', doc: 'Access comes from a parent folder and cannot be removed here.' },

  // Operation errors: the whole operation failed and nothing was sent upstream.
  {
    code: 'BAD_USER_INPUT',
    kind: 'operation',
    raisedBy: raisers.badInput,
    refusalStatus: 400,
    doc: 'An argument or a variable is malformed, an operation name is over 100 characters, or the request body could not be read (or is not UTF-8).',
  },
  { code: 'UNAUTHENTICATED', kind: 'operation', raisedBy: raisers.gatewayError, doc: 'The credential header for the backend is missing, or holds CR, LF, NUL or more than 8 KB.' },
  { code: 'BACKEND_NOT_CONFIGURED', kind: 'operation', raisedBy: raisers.gatewayError, doc: 'The gateway has no URL for that backend.' },
  { code: 'CONFIRM_ITEM_CONTROL_REQUIRED', kind: 'operation', raisedBy: raisers.gatewayError, doc: 'A target group lets members update shared items and `confirmItemControl` was not true.' },
  { code: 'UNSUPPORTED_ROLE', kind: 'operation', raisedBy: raisers.gatewayError, doc: "A recipient's role does not exist on the chosen backend." },
  { code: 'UNSUPPORTED_TARGET', kind: 'operation', raisedBy: raisers.gatewayError, doc: 'The backend does not share this kind of target (`targetKind`).' },

  // The sharing ledger (src/ledger, src/services/ledger).
  { code: 'FORBIDDEN', kind: 'operation', raisedBy: raisers.gatewayError, doc: 'undoOperation on an operation another caller made, without the operator token.' },
  { code: 'NOT_FOUND', kind: 'operation', raisedBy: raisers.gatewayError, doc: 'undoOperation names an operation the ledger does not hold (never recorded, or pruned).' },
  { code: 'LEDGER_DISABLED', kind: 'operation', raisedBy: raisers.gatewayError, doc: 'The sharing ledger is off (`LEDGER=off`), so sharingHistory and undoOperation cannot answer.' },
  {
    code: 'LEDGER_UNAVAILABLE',
    kind: 'operation',
    raisedBy: raisers.gatewayError,
    refusalStatus: 503,
    doc: "The ledger's database did not answer: sharingHistory or undoOperation failed, or a request with an `Idempotency-Key` was refused before anything was sent (HTTP 503).",
  },
  {
    code: 'LEDGER_WRITE_FAILED',
    kind: 'operation',
    raisedBy: 'src/services/ledger/record.ts',
    doc: "A write was made but the ledger could not record it: the mutation answers as usual with `operationId: null`, and the response's `extensions.LEDGER_WRITE_FAILED` names the fields.",
  },

  // Operation limits, checked at parse and validation time.
  { code: 'TOO_MANY_TOKENS', kind: 'limit', raisedBy: LIMITS_PLUGIN, limit: 'tokens', doc: 'The document has more than {limit} tokens.' },
  { code: 'QUERY_TOO_DEEP', kind: 'limit', raisedBy: LIMITS_PLUGIN, limit: 'depth', doc: 'Selections nest deeper than {limit} levels.' },
  { code: 'TOO_MANY_ALIASES', kind: 'limit', raisedBy: LIMITS_PLUGIN, limit: 'aliases', doc: 'More than {limit} aliases.' },
  { code: 'TOO_MANY_DIRECTIVES', kind: 'limit', raisedBy: LIMITS_PLUGIN, limit: 'directives', doc: 'More than {limit} directives.' },
  { code: 'QUERY_TOO_COMPLEX', kind: 'limit', raisedBy: LIMITS_PLUGIN, limit: 'cost', doc: 'The estimated cost is over {limit}.' },
  { code: 'TOO_MANY_ROOT_FIELDS', kind: 'limit', raisedBy: LIMITS_PLUGIN, limit: 'rootFields', doc: 'More than {limit} root fields in one operation.' },

  // Refused at the front door, before GraphQL runs.
  { code: 'PAYLOAD_TOO_LARGE', kind: 'refusal', raisedBy: FRONT_DOOR, refusalStatus: 413, doc: 'The request body is over 1 MB once decompressed (HTTP 413).' },
  {
    code: 'IDEMPOTENCY_KEY_REUSED',
    kind: 'refusal',
    raisedBy: IDEMPOTENCY,
    refusalStatus: 422,
    doc: 'The `Idempotency-Key` was used before, by the same caller, for a different operation or variables (HTTP 422); nothing was sent.',
  },
  {
    code: 'IDEMPOTENCY_KEY_IN_USE',
    kind: 'refusal',
    raisedBy: IDEMPOTENCY,
    refusalStatus: 409,
    doc: 'The first request with this `Idempotency-Key` was still running when this one had waited `OPERATION_DEADLINE_MS` for it (HTTP 409); nothing was sent.',
  },
  {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    kind: 'refusal',
    raisedBy: FRONT_DOOR,
    refusalStatus: 415,
    doc: "The body's charset is not UTF-8, its content encoding is unknown, or its content type is not one a GraphQL request is sent as (HTTP 415).",
  },
  {
    code: 'CSRF_PREVENTED',
    kind: 'refusal',
    raisedBy: 'src/plugins/use-csrf-prevention.ts',
    refusalStatus: 403,
    doc: 'A GET, or a form, multipart or text/plain POST, came without a header proving a CORS preflight (HTTP 403).',
  },
  {
    code: 'NOT_ACCEPTABLE',
    kind: 'refusal',
    raisedBy: 'src/plugins/use-http-refusals.ts',
    refusalStatus: 406,
    doc: '`Accept` allows none of the types an answer is sent as (HTTP 406); the operation was not run.',
  },
  {
    code: 'REQUEST_TIMEOUT',
    kind: 'refusal',
    raisedBy: BODY_READER,
    refusalStatus: 408,
    doc: 'The request body did not arrive in time: not whole within `BODY_TIMEOUT_MS` (10 s), or slower than `BODY_MIN_BYTES_PER_SEC` (1 KB/s) after its first second (HTTP 408).',
  },
  {
    code: 'OVERLOADED',
    kind: 'refusal',
    raisedBy: BODY_READER,
    refusalStatus: 503,
    doc: 'The gateway holds `MAX_BUFFERED_BODY_BYTES` (64 MB) of request bodies being read already; the body was not read (HTTP 503, `Retry-After: 1`).',
  },

  // Raised by graphql-yoga and its plugins (masking is yoga's, configured in src/server.ts).
  {
    code: 'INTERNAL_SERVER_ERROR',
    kind: 'framework',
    raisedBy: 'src/server.ts',
    refusalStatus: 500,
    doc: 'An unexpected failure inside the gateway (HTTP 500 when it happens before GraphQL runs); details are masked outside development.',
  },
  { code: 'BAD_REQUEST', kind: 'framework', raisedBy: 'graphql-yoga', doc: 'The HTTP request is not a GraphQL request.' },
  { code: 'GRAPHQL_PARSE_FAILED', kind: 'framework', raisedBy: 'graphql-yoga', doc: 'The document has a syntax error.' },
  {
    code: 'GRAPHQL_VALIDATION_FAILED',
    kind: 'framework',
    raisedBy: 'graphql-yoga',
    doc: 'The document does not match the schema (unknown field, wrong argument type, a subscription, introspection when it is off).',
  },
  { code: 'OPERATION_RESOLUTION_FAILURE', kind: 'framework', raisedBy: 'graphql-yoga', doc: 'The document has several operations and `operationName` names none of them.' },
  {
    code: 'PERSISTED_QUERY_NOT_FOUND',
    kind: 'framework',
    raisedBy: PERSISTED,
    doc: 'Without `PERSISTED_OPERATIONS`: the hash is not one the gateway has been sent a document for (message "PersistedQueryNotFound").',
  },
  { code: 'PERSISTED_QUERY_MISMATCH', kind: 'framework', raisedBy: PERSISTED, doc: 'The hash sent with a document is not the sha256 of that document.' },
  {
    code: 'PERSISTED_QUERY_NOT_IN_LIST',
    kind: 'framework',
    raisedBy: PERSISTED,
    doc: 'With `PERSISTED_OPERATIONS` set: the hash is not in the manifest, nor one a listed document was sent with (message "PersistedQueryNotFound").',
  },
  { code: 'PERSISTED_QUERY_ID_REQUIRED', kind: 'framework', raisedBy: PERSISTED, doc: 'With `PERSISTED_OPERATIONS` set: the request has neither a hash nor a document.' },
  { code: 'CANNOT_SEND_PQ_ID_AND_BODY', kind: 'framework', raisedBy: PERSISTED, doc: 'With `PERSISTED_OPERATIONS` set: a document was sent without a hash, or one that is not a manifest operation.' },
] as const satisfies readonly ErrorCodeEntry[];

type Entry = (typeof ERROR_REGISTRY)[number];
type OfKind<K extends ErrorKind> = Extract<Entry, { kind: K }>;
type CodeOf<K extends ErrorKind> = OfKind<K>['code'];

export type ShareErrorCode = CodeOf<'share'>;
export type OperationErrorCode = CodeOf<'operation'>;

/** The pinned `ShareErrorCode` enum of schema/base.graphql. */
export const SHARE_ERROR_CODES = ERROR_REGISTRY.filter((e): e is OfKind<'share'> => e.kind === 'share').map((e) => e.code);
/** Codes of errors the gateway's own code raises to fail a whole operation. */
export const OPERATION_ERROR_CODES = ERROR_REGISTRY.filter((e): e is OfKind<'operation'> => e.kind === 'operation').map((e) => e.code);
/** Codes graphql-yoga and its plugins raise (request parsing, GraphQL parse and validation, persisted operations, masking). */
export const FRAMEWORK_ERROR_CODES = ERROR_REGISTRY.filter((e): e is OfKind<'framework'> => e.kind === 'framework').map((e) => e.code);

type LimitCodes = { readonly [K in LimitName]: Extract<OfKind<'limit'>, { limit: K }>['code'] };

/** The `extensions.code` of each operation limit (every LimitName has a row; the docs test checks). */
export const LIMIT_CODES = Object.fromEntries(ERROR_REGISTRY.filter((e) => e.kind === 'limit').map((e) => [e.limit, e.code])) as LimitCodes;

/** `extensions.code` of each front-door refusal, by the HTTP status it is answered with. */
export const REFUSAL_CODES: Readonly<Record<number, string>> = Object.fromEntries(ERROR_REGISTRY.flatMap((e) => ('refusalStatus' in e ? [[e.refusalStatus, e.code]] : [])));

const BY_UPSTREAM_STATUS = new Map<number, ShareErrorCode>(ERROR_REGISTRY.flatMap((e) => ('upstreamStatus' in e ? e.upstreamStatus.map((status) => [status, e.code] as const) : [])));

/**
 * HTTP status to ShareErrorCode, shared by the connectors: the registry's
 * `upstreamStatus` column, anything else UPSTREAM_ERROR. Backends with their
 * own error bodies refine this in their `errors.ts`.
 */
export function codeForHttpStatus(status: number): ShareErrorCode {
  return BY_UPSTREAM_STATUS.get(status) ?? 'UPSTREAM_ERROR';
}
