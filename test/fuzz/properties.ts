/**
 * The gateway's fuzz properties, shared by `npm test` (test/security/fuzz.test.ts,
 * 10,000 cases) and `npm run fuzz` (the same file, many more cases).
 *
 * Cases are random and hostile values for every input field of every
 * operation (sent as GraphQL variables, next to valid values so that many
 * cases get past validation and reach a simulator), random bytes as a raw
 * body, random strings as `{"query": …}`, and random request envelopes.
 *
 * The rule every answer must keep:
 * - no HTTP status of 500 or more;
 * - a body, when there is one, is JSON with `data` or `errors`;
 * - every error with an `extensions.code` has a known code: one of the tables
 *   in docs/errors.md, or one of yoga's own request-level codes
 *   (`YOGA_REQUEST_CODES`), never INTERNAL_SERVER_ERROR (that is a crash);
 * - an error without a code is accepted only with an HTTP 4xx: graphql-js
 *   refusing a variable (HTTP 400) and the CSRF check (HTTP 403) give none;
 * - an empty body is accepted only with an HTTP 4xx (yoga's 415);
 * and, per batch: no simulator logged a request outside its route
 * templates (`route: null`), and no prototype was polluted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { request } from 'undici';
import type { RunningSimulators } from '../../src/simulators/start';
import { ARCGIS_DEMO as A, hexId } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as X } from '../../src/simulators/onlyoffice/seed';
import { HOSTILE_STRINGS, WRONG_TYPES, withValid } from './hostile';

// ---- the known codes ---------------------------------------------------------------

/**
 * Codes graphql-yoga itself gives a refused request, before any resolver
 * runs: a body that is not a GraphQL request (BAD_REQUEST), a document that
 * does not parse or validate, an operation name that names nothing.
 */
export const YOGA_REQUEST_CODES = ['BAD_REQUEST', 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE'] as const;

/** Every code row of every table in docs/errors.md. */
export function documentedCodes(root = path.resolve(__dirname, '../..')): Set<string> {
  const doc = readFileSync(path.join(root, 'docs/errors.md'), 'utf8');
  return new Set([...doc.matchAll(/^\| ([A-Z][A-Z_]+) \|/gm)].map((m) => m[1]!));
}

export function knownCodes(): Set<string> {
  const codes = new Set([...documentedCodes(), ...YOGA_REQUEST_CODES]);
  // Documented, but in a fuzz run it can only mean an unexpected exception.
  codes.delete('INTERNAL_SERVER_ERROR');
  return codes;
}

// ---- cases -----------------------------------------------------------------------------

export type FuzzCase =
  | { kind: 'operation'; op: string; query: string; variables: unknown; headers: Record<string, string> }
  | { kind: 'raw'; label: string; method: 'POST' | 'GET'; body: string | Uint8Array; headers: Record<string, string>; search?: string };

export const DEMO_CREDENTIALS: Record<string, string> = {
  'x-arcgis-token': A.aliceToken,
  'x-ocm-authorization': O.bearer,
  'x-onlyoffice-authorization': X.token,
};

const printable = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
/** Built once each: making a string arbitrary is costly in fast-check 4 (it prepares its bias strings per instance). */
const printableString = fc.string({ unit: printable, maxLength: 40 });
const asciiString = fc.string();
const binaryString = fc.string({ unit: 'binary' });

/** Mostly the demo credentials (so that cases reach the simulators), sometimes none or junk. */
const credentialHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(DEMO_CREDENTIALS) },
  { weight: 1, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.record(
      {
        'x-arcgis-token': fc.oneof(printableString, fc.constant('x'.repeat(9000))),
        'x-ocm-authorization': printableString,
        'x-onlyoffice-authorization': printableString,
      },
      { requiredKeys: [] },
    ),
  },
);

/** 10,001 items and 1,001 groups: built once, sent rarely. */
const HUGE_LISTS = [Array.from({ length: 10_001 }, (_, i) => hexId('ba', (i % 1200) + 1)), Array.from({ length: 1_001 }, (_, i) => hexId('9a', (i % 150) + 1))];

/** Anything at all, hostile values first. */
export const anything: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: asciiString },
  { weight: 3, arbitrary: binaryString },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-composite', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.object({ maxDepth: 2, maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.array(asciiString, { maxLength: 6 }) },
);

/** A valid value most of the time, a valid one with hostile parts around it, or anything. */
function field(valid: readonly unknown[]): fc.Arbitrary<unknown> {
  const strings = valid.filter((v): v is string => typeof v === 'string');
  const arms: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 20, arbitrary: fc.constantFrom(...valid) },
    { weight: 3, arbitrary: anything },
  ];
  if (strings.length > 0) arms.push({ weight: 2, arbitrary: fc.constantFrom(...strings).chain((v) => fc.constantFrom(...withValid(v))) });
  return fc.oneof(...arms);
}

/**
 * A list of `entry`, with duplicates, nulls, hostile entries, or a wrong type
 * instead. A huge list (10,001 items, 1,001 groups) comes about once in 400
 * lists: each costs a 350 KB body, so they are kept rare to keep the run fast.
 */
function listOf(entry: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 320, arbitrary: fc.array(entry, { minLength: 1, maxLength: 4 }) },
    { weight: 30, arbitrary: fc.array(entry, { maxLength: 4 }).map((l) => [...l, ...l]) },
    { weight: 10, arbitrary: fc.constant([]) },
    { weight: 40, arbitrary: anything },
    { weight: 1, arbitrary: fc.constantFrom(...HUGE_LISTS) },
  );
}

/**
 * An input object: its required fields and any subset of the others, now
 * and then with a required field missing, fields the type does not have, or
 * not an object at all.
 */
function input(fields: Record<string, fc.Arbitrary<unknown>>, required: string[] = []): fc.Arbitrary<unknown> {
  const record = fc.record(fields, { requiredKeys: required as never[] });
  const loose = fc.record(fields, { requiredKeys: [] });
  return fc.oneof(
    { weight: 16, arbitrary: record },
    { weight: 1, arbitrary: loose },
    { weight: 1, arbitrary: fc.tuple(record, fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'extra', 'itemID', ''), anything)).map(([r, extra]) => ({ ...extra, ...r })) },
    { weight: 1, arbitrary: anything },
  );
}

const ITEM_IDS = [A.parksMap, A.trailsLayer, A.surveyForm, A.bobsItem, hexId('ba', 7), hexId('ba', 900), '0000000000000000000000000000dead', A.parksMap.toUpperCase()];
const GROUP_IDS = [A.fieldTeamGroup, A.editorsGroup, A.financeGroup, A.publicGroup, hexId('9a', 3), '0000000000000000000000000000beef'];
const OWNERS = ['alice', 'bob', 'admin', 'nobody', 'first.last@example.com'];
const OCM_FOLDERS = [O.projectFolderId, O.subFolderId, O.bobsFolderId, O.carolsFolderId, O.collectionId, O.aliceHomeId, 'self', 'Fnope'];
const OCM_USERS = [O.aliceId, O.bobId, O.carolId, O.daveId, 'alice', 'bob', 'Unobody'];
const OO_FOLDERS = [X.myFolderId, X.commonFolderId, X.otherUsersFolderId, X.thirdPartyFolderId, '999999', 1001];
const OO_RECIPIENTS = [X.aliceId, X.bobId, X.carolId, X.visitorId, X.designGroupId, X.everyoneGroupId, X.adminGroupId, X.bobId.toUpperCase(), '0badc0de-0000-4000-8000-000000000001'];
const ROLES = ['VIEWER', 'DOWNLOADER', 'CONTRIBUTOR', 'MANAGER', 'REVIEWER', 'COMMENTER', 'FORM_FILLER', 'CUSTOM_FILTER', 'DENIED', 'NONE'];

/** An enum value: mostly `valid`, sometimes another spelling, sometimes anything. */
function enumField(valid: readonly string[], wrong: readonly string[]): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...wrong) }, { weight: 1, arbitrary: anything });
}

const bool = field([true, false, null]);
const message = field([null, 'hello', 'a'.repeat(1000), 'a'.repeat(1001), '\u0000\r\n<script>']);
const role = enumField(ROLES, ['viewer', 'OWNER', '']);

/** Folder operations pick a backend first, then mostly ids of that backend's form (and sometimes the other's). */
function folderArgs<T>(build: (parts: { backend: fc.Arbitrary<unknown>; folderId: fc.Arbitrary<unknown>; recipientId: fc.Arbitrary<unknown> }) => fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.constantFrom('OCM', 'ONLYOFFICE').chain((b) => {
    const ocm = b === 'OCM';
    return build({
      backend: enumField([b], [ocm ? 'ONLYOFFICE' : 'OCM', 'ARCGIS', 'ocm']),
      folderId: fc.oneof({ weight: 8, arbitrary: field(ocm ? OCM_FOLDERS : OO_FOLDERS) }, { weight: 1, arbitrary: field(ocm ? OO_FOLDERS : OCM_FOLDERS) }),
      recipientId: fc.oneof({ weight: 8, arbitrary: field(ocm ? OCM_USERS : OO_RECIPIENTS) }, { weight: 1, arbitrary: field(ocm ? OO_RECIPIENTS : OCM_USERS) }),
    });
  });
}

interface Operation {
  name: string;
  query: string;
  variables: fc.Arbitrary<unknown>;
}

/** Every operation of the schema, each field of its input fuzzed. */
export const OPERATIONS: Operation[] = [
  {
    name: 'shareItem',
    query: 'mutation($input: ShareItemInput!) { shareItem(input: $input) { itemId success change notSharedWith { id title membership } error { code message backend upstreamCode } } }',
    variables: fc.record({
      input: input({ itemId: field(ITEM_IDS), owner: field(OWNERS), groups: listOf(field(GROUP_IDS)), everyone: bool, org: bool, confirmItemControl: bool, dryRun: bool }, ['itemId']),
    }),
  },
  {
    name: 'shareItems',
    query: 'mutation($input: ShareItemsInput!) { shareItems(input: $input) { results { itemId success change notSharedWith { id title } error { code backend } } } }',
    variables: fc.record({
      input: input({ itemIds: listOf(field(ITEM_IDS)), owner: field(OWNERS), groups: listOf(field(GROUP_IDS)), everyone: bool, org: bool, confirmItemControl: bool, dryRun: bool }, ['itemIds']),
    }),
  },
  {
    name: 'unshareItems',
    query: 'mutation($input: UnshareItemsInput!) { unshareItems(input: $input) { results { itemId success change notUnsharedFrom { id } error { code } } } }',
    variables: fc.record({ input: input({ itemIds: listOf(field(ITEM_IDS)), owner: field(OWNERS), groups: listOf(field(GROUP_IDS)), withdrawPublic: bool, dryRun: bool }, ['itemIds']) }),
  },
  {
    name: 'itemAccess',
    query: 'query($ids: [ID!]!) { itemAccess(itemIds: $ids) { itemId owner level groups { id title itemUpdateControl membership } } }',
    variables: fc.record({ ids: listOf(field(ITEM_IDS)) }),
  },
  {
    name: 'groups',
    query: 'query($ids: [ID!]!) { groups(ids: $ids) { id title owner itemUpdateControl membership } }',
    variables: fc.record({ ids: listOf(field(GROUP_IDS)) }),
  },
  {
    name: 'folderAccess',
    query:
      'query($backend: FolderBackend!, $folderId: ID!) { folderAccess(backend: $backend, folderId: $folderId) { backend folderId grants { principal { id displayName kind } role locked isOwner } } }',
    variables: folderArgs(({ backend, folderId }) =>
      fc.oneof({ weight: 12, arbitrary: fc.record({ backend, folderId }) }, { weight: 1, arbitrary: fc.record({ backend, folderId }, { requiredKeys: [] }) }),
    ),
  },
  {
    name: 'shareFolder',
    query:
      'mutation($input: ShareFolderInput!) { shareFolder(input: $input) { backend folderId results { recipientId role success change error { code message backend upstreamCode } recipient { id displayName kind } } } }',
    variables: folderArgs(({ backend, folderId, recipientId }) =>
      fc.record({
        input: input({ backend, folderId, recipients: listOf(input({ id: recipientId, role }, ['id', 'role'])), message, notify: bool, dryRun: bool }, ['backend', 'folderId', 'recipients']),
      }),
    ),
  },
  {
    name: 'revokeFolderShares',
    query: 'mutation($input: RevokeFolderSharesInput!) { revokeFolderShares(input: $input) { backend folderId results { recipientId success change error { code } } } }',
    variables: folderArgs(({ backend, folderId, recipientId }) =>
      fc.record({ input: input({ backend, folderId, recipientIds: listOf(recipientId), message, dryRun: bool }, ['backend', 'folderId', 'recipientIds']) }),
    ),
  },
  {
    name: 'capabilities',
    query: 'query { capabilities { backend configured roles principals maxItems maxGroups maxRecipients } }',
    variables: fc.option(fc.dictionary(asciiString, anything, { maxKeys: 3 }), { nil: undefined }),
  },
];

export const operationCase: fc.Arbitrary<FuzzCase> = fc
  .constantFrom(...OPERATIONS)
  .chain((op) => fc.tuple(fc.constant(op), op.variables, credentialHeaders))
  .map(([op, variables, headers]) => ({ kind: 'operation', op: op.name, query: op.query, variables, headers }));

/** GraphQL-looking text: schema words (and 'subscription', an operation type this schema has not), punctuation and hostile strings, in random order. */
const GRAPHQL_TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '!',
  '$',
  '$v',
  '...',
  '@',
  '=',
  ',',
  '"',
  '"x"',
  '"""',
  '#',
  '\n',
  '1',
  '-1',
  '1e309',
  'true',
  'null',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'Query',
  'Mutation',
  'Subscription',
  'F',
  'input',
  'ID',
  'String',
  '@include(if: true)',
  '@skip(if: $v)',
  '@deprecated',
  'shareItem',
  'shareItems',
  'unshareItems',
  'itemAccess',
  'groups',
  'folderAccess',
  'shareFolder',
  'revokeFolderShares',
  'capabilities',
  'itemId',
  'itemIds',
  'owner',
  'ids',
  'backend',
  'OCM',
  'ONLYOFFICE',
  'folderId',
  'recipients',
  'recipientIds',
  'role',
  'VIEWER',
  'results',
  'success',
  'error',
  'code',
  '__typename',
  '__schema',
  '__type(name: "Query")',
  '__proto__',
  'constructor',
  `"${A.parksMap}"`,
  '"../x"',
  '"\\u0000"',
];
const graphqlish = fc.array(fc.constantFrom(...GRAPHQL_TOKENS), { maxLength: 40 }).map((t) => t.join(' '));

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/graphql-response+json',
  'application/graphql',
  'text/plain',
  'text/plain; charset=utf-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/xml',
  '',
  '*/*',
  'application/json; charset="utf-8"; x=y',
];

/** A GET parameter that should hold JSON: JSON text of anything, or any text (malformed JSON must be a 400, not a crash). */
const jsonTextOrNot = fc.oneof({ weight: 3, arbitrary: anything.map((v) => JSON.stringify(v) ?? 'null') }, { weight: 1, arbitrary: fc.oneof(asciiString, binaryString, graphqlish) });

const rawHeaders = fc.record({
  'content-type': fc.constantFrom(...CONTENT_TYPES),
  csrf: fc.boolean(),
  credentials: credentialHeaders,
  accept: fc.constantFrom('application/json', 'application/graphql-response+json', 'text/html', '*/*', 'text/event-stream', 'multipart/mixed', 'application/json, multipart/x'),
});

function headersOf(h: { 'content-type': string; csrf: boolean; credentials: Record<string, string>; accept: string }): Record<string, string> {
  const out: Record<string, string> = { ...h.credentials, accept: h.accept };
  if (h['content-type'] !== '') out['content-type'] = h['content-type'];
  if (h.csrf) out['x-graphql-yoga-csrf'] = '1';
  return out;
}

/** Raw requests: random bytes, random queries, random envelopes, random GETs. */
export const rawCase: fc.Arbitrary<FuzzCase> = fc.oneof(
  fc.tuple(fc.uint8Array({ maxLength: 600 }), rawHeaders).map(([body, h]): FuzzCase => ({ kind: 'raw', label: 'bytes', method: 'POST', body, headers: headersOf(h) })),
  fc
    .tuple(fc.oneof(binaryString, graphqlish, fc.constantFrom(...HOSTILE_STRINGS)), rawHeaders)
    .map(([query, h]): FuzzCase => ({ kind: 'raw', label: 'query string', method: 'POST', body: JSON.stringify({ query }), headers: headersOf({ ...h, 'content-type': 'application/json' }) })),
  fc
    .tuple(
      fc.record({ query: fc.oneof(fc.constantFrom(...OPERATIONS.map((o) => o.query)), anything), variables: anything, operationName: anything, extensions: anything }, { requiredKeys: [] }),
      rawHeaders,
    )
    .map(([envelope, h]): FuzzCase => ({ kind: 'raw', label: 'envelope', method: 'POST', body: JSON.stringify(envelope) ?? 'null', headers: headersOf(h) })),
  fc
    .tuple(
      fc.record(
        {
          query: fc.oneof(graphqlish, binaryString, fc.constantFrom(...OPERATIONS.map((o) => o.query))),
          operationName: binaryString,
          // Mostly JSON text, as the parameters should be; sometimes any text at all.
          variables: jsonTextOrNot,
          extensions: jsonTextOrNot,
          x: asciiString,
        },
        { requiredKeys: [] },
      ),
      rawHeaders,
    )
    .map(([params, h]): FuzzCase => ({ kind: 'raw', label: 'GET', method: 'GET', body: '', search: new URLSearchParams(params).toString(), headers: headersOf(h) })),
);

/** Most cases are operations (cheap: many are refused by validation); a quarter are raw requests. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof({ weight: 3, arbitrary: operationCase }, { weight: 1, arbitrary: rawCase });

// ---- running a case and judging the answer -------------------------------------------

export interface Observation {
  status: number;
  text: string;
  /** The answer's Content-Type. @default 'application/json' */
  contentType?: string;
}

/** Sends one case; `requestId` goes out as X-Request-Id, which the gateway passes on to the backends it calls. */
export async function runCase(url: string, c: FuzzCase, requestId?: string): Promise<Observation> {
  const id: Record<string, string> = requestId ? { 'x-request-id': requestId } : {};
  if (c.kind === 'operation') {
    const body = JSON.stringify({ query: c.query, variables: c.variables });
    const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...c.headers, ...id }, body });
    return { status: res.statusCode, text: await res.body.text(), contentType: String(res.headers['content-type'] ?? '') };
  }
  const target = c.search ? `${url}?${c.search}` : url;
  const res = await request(target, { method: c.method, headers: { ...c.headers, ...id }, body: c.method === 'GET' ? undefined : c.body });
  return { status: res.statusCode, text: await res.body.text(), contentType: String(res.headers['content-type'] ?? '') };
}

/**
 * The JSON payloads of an answer: the body itself, or, when the caller asked
 * for a stream (`Accept: text/event-stream` or `multipart/mixed`, which yoga
 * honours), each event's or part's payload. Null when some payload is not JSON.
 */
function payloads(obs: Observation): unknown[] | null {
  const type = (obs.contentType ?? 'application/json').toLowerCase();
  const texts: string[] = [];
  if (type.startsWith('text/event-stream')) {
    for (const line of obs.text.split('\n')) if (line.startsWith('data:') && line.slice(5).trim() !== '') texts.push(line.slice(5));
  } else if (type.startsWith('multipart/mixed')) {
    const boundary = /boundary="?([^";]+)"?/.exec(type)?.[1] ?? '-';
    for (const part of obs.text.split(`--${boundary}`)) {
      const split = part.indexOf('\r\n\r\n');
      if (split !== -1 && part.slice(split + 4).trim() !== '') texts.push(part.slice(split + 4));
    }
  } else {
    texts.push(obs.text);
  }
  const out: unknown[] = [];
  for (const text of texts) {
    try {
      out.push(JSON.parse(text));
    } catch {
      return null;
    }
  }
  return out;
}

/** What is wrong with an answer, or null when it keeps the rule. */
export function violation(obs: Observation, known: ReadonlySet<string>): string | null {
  if (obs.status >= 500) return `HTTP ${obs.status}: ${obs.text.slice(0, 300)}`;
  const clientError = obs.status >= 400 && obs.status < 500;
  if (obs.text.trim() === '') return clientError ? null : `HTTP ${obs.status} with an empty body`;
  const bodies = payloads(obs);
  if (bodies === null || bodies.length === 0) return `HTTP ${obs.status} with a body that is not JSON: ${obs.text.slice(0, 200)}`;
  for (const body of bodies) {
    const problem = payloadViolation(obs.status, clientError, body, known);
    if (problem) return problem;
  }
  return null;
}

function payloadViolation(status: number, clientError: boolean, body: unknown, known: ReadonlySet<string>): string | null {
  if (typeof body !== 'object' || body === null || (!('data' in body) && !('errors' in body))) return `HTTP ${status} with neither data nor errors`;
  const errors = (body as { errors?: unknown }).errors;
  if (errors === undefined) return null;
  if (!Array.isArray(errors) || errors.length === 0) return 'errors is not a non-empty list';
  for (const e of errors as Array<{ message?: unknown; extensions?: { code?: unknown } }>) {
    if (typeof e?.message !== 'string') return 'an error without a message';
    const code = e.extensions?.code;
    if (code === undefined) {
      if (!clientError) return `HTTP ${status} with an error that has no code: ${e.message.slice(0, 200)}`;
    } else if (typeof code !== 'string' || !known.has(code)) {
      return `unknown code ${JSON.stringify(code)} (HTTP ${status}): ${e.message.slice(0, 200)}`;
    }
  }
  return null;
}

/** Requests any simulator served outside its route templates, since the last call. */
export function strayRequests(sims: RunningSimulators): string[] {
  return (['arcgis', 'ocm', 'onlyoffice'] as const).flatMap((b) => sims[b].sim.log.filter((r) => r.route === null).map((r) => `${b} ${r.method} ${r.url.slice(0, 200)}`));
}

export function clearSimulatorLogs(sims: RunningSimulators): void {
  for (const b of ['arcgis', 'ocm', 'onlyoffice'] as const) sims[b].sim.clearLog();
}

const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype, String.prototype];
const snapshot = () => PROTOTYPES.map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');

export interface FuzzOptions {
  url: string;
  sims: RunningSimulators;
  /** Cases in all (rounded up to whole batches). */
  cases: number;
  seed: number;
  /** Requests in flight at once. @default 8 */
  concurrency?: number;
  /** Cases per property run; each run keeps `concurrency` requests in flight until its cases are done. @default 32 */
  batch?: number;
  arbitrary?: fc.Arbitrary<FuzzCase>;
}

export interface FuzzReport {
  cases: number;
  byStatus: Record<number, number>;
  /** Cases that made at least one call to a simulator (told apart by their X-Request-Id). */
  reachedUpstream: number;
  ms: number;
  /** CPU time of this process (gateway, simulators and client together), which a busy machine inflates less than `ms`. */
  cpuMs: number;
}

/**
 * Runs the property over batches of cases (one fast-check value each, so
 * that it still seeds, replays and shrinks), each batch sent through a pool
 * that keeps `concurrency` requests in flight: the gateway sees concurrent
 * traffic, and one slow case holds up only its own slot.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batch ?? 32;
  const known = knownCodes();
  const pristine = snapshot();
  const report: FuzzReport = { cases: 0, byStatus: {}, reachedUpstream: 0, ms: 0, cpuMs: 0 };
  const cpuBefore = process.cpuUsage();
  let run = 0;
  const started = performance.now();
  await fc.assert(
    fc.asyncProperty(fc.array(options.arbitrary ?? fuzzCase, { minLength: batchSize, maxLength: batchSize }), async (batch) => {
      clearSimulatorLogs(options.sims);
      const problems: string[] = [];
      run += 1;
      const idOf = (i: number) => `fuzz-${run}-${i}`;
      // A reply undici cannot even parse is a failure of the property, not of the test run.
      const observations = await inPool(batch, concurrency, (c, i) =>
        runCase(options.url, c, idOf(i)).catch((err: unknown) => {
          problems.push(`${describeCase(c)} -> no readable HTTP answer: ${err instanceof Error ? err.message : String(err)}`);
          return null;
        }),
      );
      observations.forEach((obs, i) => {
        if (obs === null) return;
        report.byStatus[obs.status] = (report.byStatus[obs.status] ?? 0) + 1;
        const problem = violation(obs, known);
        if (problem) problems.push(`${describeCase(batch[i]!)} -> ${problem}`);
      });
      report.cases += batch.length;
      const logs = (['arcgis', 'ocm', 'onlyoffice'] as const).flatMap((b) => options.sims[b].sim.log);
      report.reachedUpstream += new Set(logs.map((r) => r.headers['x-request-id'])).size;
      for (const r of logs.filter((l) => l.route === null)) {
        const i = batch.findIndex((_c, k) => idOf(k) === r.headers['x-request-id']);
        problems.push(`request outside the route templates: ${r.method} ${r.url.slice(0, 200)}, from ${i === -1 ? 'an unknown case' : describeCase(batch[i]!)}`);
      }
      if (snapshot() !== pristine || ({} as Record<string, unknown>).polluted !== undefined) problems.push('a prototype was polluted');
      if (problems.length > 0) throw new Error(problems.join('\n'));
    }),
    { numRuns: Math.ceil(options.cases / batchSize), seed: options.seed },
  );
  report.ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  report.cpuMs = (cpu.user + cpu.system) / 1000;
  return report;
}

/** `fn` over `items`, at most `limit` at once, results in order. */
async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export function describeCase(c: FuzzCase): string {
  const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);
  if (c.kind === 'operation') return `${c.op} ${clip(JSON.stringify(c.variables) ?? 'undefined')}`;
  const body = typeof c.body === 'string' ? c.body : `bytes ${Buffer.from(c.body).toString('hex')}`;
  return `${c.label} ${c.method} ${JSON.stringify(c.headers)} ${clip(c.search ?? body)}`;
}
