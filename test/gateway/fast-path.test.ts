/**
 * The fast adapter (src/http/fast-path.ts) must answer exactly as yoga does,
 * and must be the one answering what its contract names. The same requests
 * go to two gateways, FAST_PATH on and off: the same status, type and body
 * come back for results, partial failures, input errors, validation and
 * parse errors and bad variables; and gateway_fast_path_operations_total
 * counts, on the gateway with it on, exactly the requests the contract says
 * the fast adapter answers, and nothing on the gateway with it off. Among
 * them the requests of the clients frontends use, with their headers as
 * they send them (test/clients/ runs the clients themselves): Apollo
 * Client's, urql's (its GET queries too) and a browser's, from an allowed
 * origin and from another one, with the CORS headers compared as well.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { startHarness, DEMO_HEADERS } from '../helpers/harness';
import type { GqlBody, Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

let fast: Harness;
let slow: Harness;
const CORS = { CORS_ORIGINS: 'http://localhost:*' };
beforeAll(async () => {
  [fast, slow] = await Promise.all([startHarness({ env: CORS }), startHarness({ env: { ...CORS, FAST_PATH: 'false' } })]);
});
afterAll(() => Promise.all([fast.close(), slow.close()]));

/** How the body goes on the wire: with a Content-Length, gzip-compressed, or chunked (a stream, no length). */
type Wire = 'plain' | 'gzip' | 'chunked';

interface Ask {
  body: unknown;
  headers?: Record<string, string>;
  wire?: Wire;
  /** GET: the body's fields go in the query string, `variables` and `extensions` as JSON, as urql sends them. */
  method?: 'GET';
}

/** The headers a browser reads for CORS: they must match too. */
const CORS_HEADERS = ['access-control-allow-origin', 'access-control-expose-headers', 'access-control-max-age', 'vary'];

async function askGet(h: Harness, { body, headers = DEMO_HEADERS }: Ask) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) search.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  const res = await request(`${h.url}?${search}`, { headers });
  return { status: res.statusCode, type: res.headers['content-type'], cors: CORS_HEADERS.map((n) => res.headers[n]), body: await res.body.text() };
}

async function ask(h: Harness, asked: Ask) {
  if (asked.method === 'GET') return askGet(h, asked);
  const { body, headers = DEMO_HEADERS, wire = 'plain' } = asked;
  const text = JSON.stringify(body);
  const sent = wire === 'gzip' ? gzipSync(text) : wire === 'chunked' ? Readable.from([Buffer.from(text)]) : text;
  const res = await request(h.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(wire === 'gzip' ? { 'content-encoding': 'gzip' } : {}), ...headers },
    body: sent,
  });
  // Request ids differ by design; everything else must match.
  return { status: res.statusCode, type: res.headers['content-type'], cors: CORS_HEADERS.map((n) => res.headers[n]), body: await res.body.text() };
}

/** Operations the fast adapter has answered on this gateway so far. */
async function fastAnswers(h: Harness): Promise<number> {
  const res = await request(h.url.replace(/\/graphql$/, '/metrics'));
  const line = (await res.body.text()).split('\n').find((l) => l.startsWith('gateway_fast_path_operations_total '));
  if (line === undefined) throw new Error('gateway_fast_path_operations_total is missing from /metrics');
  return Number(line.split(' ')[1]);
}

const shareItem = 'mutation S($i: ShareItemInput!) { shareItem(input: $i) { itemId success notSharedWith { id title } error { code } } }';
/** The headers the clients send, as test/clients/ sees them on the wire. */
const APOLLO = { accept: 'application/graphql-response+json,application/json;q=0.9' };
const URQL = { accept: 'application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed' };
const FROM_DEV_SERVER = { origin: 'http://localhost:5173' };
const capabilities = { query: 'query Caps { capabilities { backend roles } }', operationName: 'Caps' };
const apolloBody = {
  operationName: 'Caps',
  variables: {},
  extensions: { clientLibrary: { name: '@apollo/client', version: '4.3.8' } },
  query: 'query Caps {\n  capabilities {\n    backend\n    __typename\n  }\n}',
};
const tooManyAliases = { query: `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: capabilities { backend }`).join(' ')} }` };

/** Who answers each request on a gateway with FAST_PATH on, by the contract at the top of fast-path.ts. */
const CASES: Array<[string, 'fast' | 'yoga', Ask]> = [
  ['a query', 'fast', { body: { query: '{ capabilities { backend roles maxRecipients } }' } }],
  ['a mutation with variables', 'fast', { body: { query: shareItem, variables: { i: { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup, D.financeGroup] } } } }],
  ['null variables and operation name', 'fast', { body: { query: '{ capabilities { backend } }', variables: null, operationName: null } }],
  [
    'a per-item failure',
    'fast',
    {
      body: {
        query: `mutation { shareItems(input: { itemIds: ["${D.parksMap}", "0000000000000000000000000000dead"], owner: "alice", org: true }) { results { itemId success error { code message backend upstreamCode } } } }`,
      },
    },
  ],
  ['BAD_USER_INPUT', 'fast', { body: { query: 'mutation { shareItem(input: { itemId: "../x", org: true }) { success } }' } }],
  ['UNAUTHENTICATED', 'fast', { body: { query: `mutation { shareItem(input: { itemId: "${D.parksMap}", org: true }) { success } }` }, headers: {} }],
  ['CONFIRM_ITEM_CONTROL_REQUIRED', 'fast', { body: { query: `mutation { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", groups: ["${D.editorsGroup}"] }) { success } }` } }],
  ['a bad variable', 'fast', { body: { query: 'query G($ids: [ID!]!) { groups(ids: $ids) { id } }', variables: { ids: [1.5, null] } } }],
  ['a failed read', 'fast', { body: { query: 'query { folderAccess(backend: OCM, folderId: "FNOPE") { folderId } }' } }],
  ['a gzip body (the front door inflates it)', 'fast', { body: { query: '{ capabilities { backend } }' }, wire: 'gzip' }],
  ['a chunked body', 'fast', { body: { query: '{ capabilities { backend } }' }, wire: 'chunked' }],
  ['charset=utf-8 and Accept */*', 'fast', { body: { query: '{ capabilities { backend } }' }, headers: { ...DEMO_HEADERS, 'content-type': 'application/json; charset=utf-8', accept: '*/*' } }],
  ['a validation error', 'yoga', { body: { query: '{ capabilities { nope } }' } }],
  ['a parse error', 'yoga', { body: { query: '{ capabilities { ' } }],
  ['a missing operation name', 'yoga', { body: { query: 'query A { capabilities { backend } } query B { capabilities { roles } }' } }],
  ['introspection (off in production)', 'yoga', { body: { query: '{ __schema { types { name } } }' } }],
  ['a field suggestion probe', 'yoga', { body: { query: 'mutation { shareIte(input: {}) { success } }' } }],
  ['too many aliases', 'yoga', { body: tooManyAliases }],
  ['a subscription', 'yoga', { body: { query: 'subscription { capabilities { backend } }' } }],
  ['extensions without a persisted-query hash', 'fast', { body: { query: '{ capabilities { backend } }', extensions: { x: 1 } } }],
  ['a batch (an array body)', 'yoga', { body: [{ query: '{ capabilities { backend } }' }] }],
  ['Accept application/graphql-response+json', 'fast', { body: { query: '{ capabilities { backend } }' }, headers: { ...DEMO_HEADERS, accept: 'application/graphql-response+json' } }],
  ['a content type yoga does not take for JSON (APPLICATION/JSON)', 'yoga', { body: { query: '{ capabilities { backend } }' }, headers: { ...DEMO_HEADERS, 'content-type': 'APPLICATION/JSON' } }],
  [
    'a content type yoga does not take for JSON (a space before the charset)',
    'yoga',
    { body: { query: '{ capabilities { backend } }' }, headers: { ...DEMO_HEADERS, 'content-type': 'application/json ; charset=utf-8' } },
  ],
  ["Apollo Client's query: its Accept, extensions.clientLibrary, an allowed Origin", 'fast', { body: apolloBody, headers: { ...DEMO_HEADERS, ...APOLLO, ...FROM_DEV_SERVER } }],
  [
    "Apollo Client's mutation with variables and an error",
    'fast',
    {
      body: { operationName: 'S', variables: { i: { itemId: '../x', org: true } }, extensions: { clientLibrary: { name: '@apollo/client', version: '4.3.8' } }, query: shareItem },
      headers: { ...DEMO_HEADERS, ...APOLLO, ...FROM_DEV_SERVER },
    },
  ],
  [
    "urql's mutation (POST, its Accept)",
    'fast',
    { body: { query: shareItem, operationName: 'S', variables: { i: { itemId: D.parksMap, owner: 'alice', org: true } } }, headers: { ...DEMO_HEADERS, ...URQL, ...FROM_DEV_SERVER } },
  ],
  [
    "urql's query (GET, with the CSRF header its README snippet adds)",
    'fast',
    { method: 'GET', body: { ...capabilities, variables: {} }, headers: { ...URQL, ...FROM_DEV_SERVER, 'graphql-require-preflight': '1' } },
  ],
  ["a browser's fetch (Accept */*) from an allowed origin", 'fast', { body: capabilities, headers: { ...DEMO_HEADERS, accept: '*/*', ...FROM_DEV_SERVER } }],
  ['an unlisted Origin (no CORS headers either way)', 'fast', { body: capabilities, headers: { ...DEMO_HEADERS, ...APOLLO, origin: 'http://elsewhere.example' } }],
  ['a GET without a CSRF header', 'yoga', { method: 'GET', body: capabilities, headers: URQL }],
  ["a GET accepting text/html (GraphiQL's page where it is on)", 'yoga', { method: 'GET', body: capabilities, headers: { accept: 'text/html,*/*;q=0.8', 'graphql-require-preflight': '1' } }],
  ['a mutation over GET', 'yoga', { method: 'GET', body: { query: shareItem, variables: { i: { itemId: D.parksMap, org: true } } }, headers: { ...DEMO_HEADERS, 'graphql-require-preflight': '1' } }],
  ['GET variables that are not JSON', 'yoga', { method: 'GET', body: { query: capabilities.query, variables: '{nope' }, headers: { 'graphql-require-preflight': '1' } }],
  ['a persisted-query hash (APQ)', 'yoga', { body: { ...capabilities, extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }, headers: { ...DEMO_HEADERS, ...APOLLO } }],
  ['an Accept of event streams only', 'yoga', { body: capabilities, headers: { ...DEMO_HEADERS, accept: 'text/event-stream' } }],
  ['an Accept nothing fits (a 406)', 'yoga', { body: capabilities, headers: { ...DEMO_HEADERS, accept: 'text/html' } }],
];

// Rows are [name, route, ask]: jest would take a missing argument for a `done` callback, so none is optional.
it.each(CASES)('%s: the same answer with and without the fast path, and on the gateway with it answered by %s', async (_name, route, asked) => {
  fast.reset();
  slow.reset();
  const before = await Promise.all([fastAnswers(fast), fastAnswers(slow)]);
  const [a, b] = await Promise.all([ask(fast, asked), ask(slow, asked)]);
  expect(a).toEqual(b);
  const after = await Promise.all([fastAnswers(fast), fastAnswers(slow)]);
  expect({ fastPathOn: after[0] - before[0], fastPathOff: after[1] - before[1] }).toEqual({ fastPathOn: route === 'fast' ? 1 : 0, fastPathOff: 0 });
});

/** The operation counters of a gateway's /metrics: every gateway_operations_total series, and how many durations each operation observed. */
async function operationSeries(h: Harness): Promise<string[]> {
  const res = await request(h.url.replace(/\/graphql$/, '/metrics'));
  const lines = (await res.body.text()).split('\n');
  return lines.filter((l) => l.startsWith('gateway_operations_total{') || l.startsWith('gateway_operation_duration_seconds_count{')).sort();
}

// The fast path runs the execute hooks as plain calls (src/plugins/execute-steps.ts), the other through envelop:
// after the same requests, the two gateways must have counted the same operations under the same names and outcomes.
it('counts the same operations, by name and outcome, on both paths', async () => {
  const [a, b] = await Promise.all([operationSeries(fast), operationSeries(slow)]);
  expect(a.length).toBeGreaterThan(4);
  expect(a).toEqual(b);
});

it('answers a plain query on the fast path with the data yoga gives', async () => {
  const before = await fastAnswers(fast);
  const res = await ask(fast, { body: { query: '{ capabilities { backend } }' } });
  expect(res.status).toBe(200);
  expect((JSON.parse(res.body) as GqlBody).data!.capabilities).toHaveLength(3);
  expect(await fastAnswers(fast)).toBe(before + 1);
});

describe('validation, once per document', () => {
  const valid = { query: '{ capabilities { backend } }' };
  const codes = (body: string) => ((JSON.parse(body) as { errors?: Array<{ extensions?: { code?: string } }> }).errors ?? []).map((e) => e.extensions?.code);

  it('refuses an invalid document every time it comes, and answers a valid one the same every time', async () => {
    const before = await fastAnswers(fast);
    for (let i = 0; i < 3; i++) {
      const refused = await ask(fast, { body: tooManyAliases });
      // Six aliased root fields: over both limits, each reported.
      expect(codes(refused.body)).toEqual(['TOO_MANY_ALIASES', 'TOO_MANY_ROOT_FIELDS']);
      const answered = await ask(fast, { body: valid });
      expect(codes(answered.body)).toEqual([]);
      expect((JSON.parse(answered.body) as GqlBody).data!.capabilities).toHaveLength(3);
    }
    // The valid one each time on the fast path; the refused one never.
    expect(await fastAnswers(fast)).toBe(before + 3);
  });

  it('keeps each gateway to its own rules: introspection allowed on one is still refused on another', async () => {
    const open = await startHarness({ env: { INTROSPECTION: 'true' } });
    try {
      const introspect = { body: { query: '{ __schema { queryType { name } } }' } };
      for (let i = 0; i < 2; i++) {
        expect((JSON.parse((await ask(open, introspect)).body) as GqlBody<{ __schema: { queryType: { name: string } } }>).data!.__schema.queryType.name).toBe('Query');
        const refused = codes((await ask(fast, introspect)).body);
        expect(refused.length).toBeGreaterThan(0);
        expect(new Set(refused)).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
      }
      expect(await fastAnswers(open)).toBe(2);
    } finally {
      await open.close();
    }
  });
});
