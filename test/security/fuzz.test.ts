/**
 * The fuzz suite (test/fuzz/properties.ts): random and hostile values for
 * every input field of every operation, random bytes and random queries at
 * the HTTP endpoint, against one gateway and its simulators, 8 requests in
 * flight. Seeded and bounded: `npm test` runs 10,000 cases with a fixed seed;
 * `npm run fuzz` runs the same properties longer (FUZZ_RUNS, FUZZ_SEED).
 * A failure prints the seed and the shrunk batch; replay it with
 * `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npx jest test/security/fuzz.test.ts`.
 * Answers the fuzz once got wrong are pinned by the named tests at the end
 * of this file.
 */
import { startHarness, DEMO_HEADERS } from '../helpers/harness';
import type { GqlBody, Harness } from '../helpers/harness';
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { knownCodes, runFuzz, strayRequests, violation } from '../fuzz/properties';
import { rawRequest } from '../fuzz/raw-http';
import { request } from 'undici';

const CASES = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 0x5ecf00d);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const BATCH = Number(process.env.FUZZ_BATCH ?? 32);
/** 10,000 cases cost about 25 s of CPU (one process: gateway, simulators and client); the rest is headroom for a busy machine. */
const TIMEOUT_MS = Math.max(180_000, CASES * 20);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      // No breaker trips on a run of refusals, so every case meets the same gateway.
      UPSTREAM_BREAKER_CONSECUTIVE_FAILURES: '1000000',
      UPSTREAM_BREAKER_MIN_CALLS: '1000000',
    },
  });
});
afterAll(() => h.close());

it(
  `keeps the rule over ${CASES} random and hostile requests (seed ${SEED})`,
  async () => {
    // yoga logs every upstream failure to the console; thousands of them drown the report.
    const quiet = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level).mockImplementation(() => {}));
    // Every refused request builds GraphQLErrors, and under jest each stack frame goes through its
    // source-map hook: a third of the run's CPU. Nothing here reads a stack, so take none.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let report;
    try {
      report = await runFuzz({ url: h.url, sims: h.sims, cases: CASES, seed: SEED, concurrency: CONCURRENCY, batch: BATCH });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
      for (const spy of quiet) spy.mockRestore();
    }
    process.stdout.write(
      `fuzz: ${report.cases} cases in ${(report.ms / 1000).toFixed(1)} s, ${(report.cpuMs / 1000).toFixed(1)} s CPU (seed ${SEED}, ${CONCURRENCY} in flight); ` +
        `statuses ${JSON.stringify(report.byStatus)}; ${report.reachedUpstream} cases reached a simulator\n`,
    );
    expect(report.cases).toBeGreaterThanOrEqual(CASES);
    // The cases must really exercise the backends, not only validation.
    expect(report.reachedUpstream).toBeGreaterThan(report.cases * 0.1);
  },
  TIMEOUT_MS,
);

it('still answers clean requests afterwards, on every backend', async () => {
  h.reset();
  const caps = await h.gql('{ capabilities { backend configured } }');
  expect(caps.errors).toBeUndefined();
  const share = await h.gql(`mutation { shareItem(input: { itemId: "${A.parksMap}", owner: "alice", org: true }) { success error { code } } }`);
  expect(share.data!.shareItem).toEqual({ success: true, error: null });
  const folders = await h.gql(
    `{ o: folderAccess(backend: OCM, folderId: "${O.projectFolderId}") { grants { role } } x: folderAccess(backend: ONLYOFFICE, folderId: "1001") { grants { role } } }`,
    undefined,
    DEMO_HEADERS,
  );
  expect(folders.errors).toBeUndefined();
  expect(strayRequests(h.sims)).toEqual([]);
});

describe('the rule itself', () => {
  const known = knownCodes();
  it.each([
    ['a 500', { status: 500, text: '{"errors":[{"message":"x","extensions":{"code":"INTERNAL_SERVER_ERROR"}}]}' }],
    ['INTERNAL_SERVER_ERROR at 200', { status: 200, text: '{"errors":[{"message":"x","extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":null}' }],
    ['an unknown code', { status: 200, text: '{"errors":[{"message":"x","extensions":{"code":"NOPE"}}],"data":null}' }],
    ['a codeless error at 200', { status: 200, text: '{"errors":[{"message":"x"}]}' }],
    ['HTML', { status: 200, text: '<html></html>' }],
    ['an empty 200', { status: 200, text: '' }],
  ])('rejects %s', (_label, obs) => {
    expect(violation(obs, known)).not.toBeNull();
  });

  it.each([
    ['data', { status: 200, text: '{"data":{"x":1}}' }],
    ['BAD_USER_INPUT', { status: 200, text: '{"errors":[{"message":"x","extensions":{"code":"BAD_USER_INPUT"}}],"data":null}' }],
    ['a share code on a read', { status: 200, text: '{"errors":[{"message":"x","extensions":{"code":"UPSTREAM_ERROR"}}],"data":null}' }],
    ['a codeless variable error at 400', { status: 400, text: '{"errors":[{"message":"Variable \\"$i\\" got invalid value"}]}' }],
    ['yoga parse failure', { status: 400, text: '{"errors":[{"message":"Syntax Error","extensions":{"code":"GRAPHQL_PARSE_FAILED"}}]}' }],
    ['an empty 415', { status: 415, text: '' }],
  ])('accepts %s', (_label, obs) => {
    expect(violation(obs, known)).toBeNull();
  });
});

// What the fuzz once found, pinned by name; the fuzz grammar now sends each of these shapes too.
describe('answers the fuzz once got wrong', () => {
  // graphql 16 validates a subscription against a schema that has none; src/plugins/use-known-operation-types.ts refuses it.
  it('a subscription operation is refused with GRAPHQL_VALIDATION_FAILED', async () => {
    h.reset();
    const res = await h.gql('subscription { capabilities { backend } }');
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([expect.objectContaining({ message: 'The schema does not support subscription operations', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
    expect(h.upstreamCount()).toBe(0);
  });

  // RFC 9112 §6.3: a response with both is invalid (a smuggling shape); the guard must not copy yoga's framing headers.
  it('a POST asking for multipart/mixed gets a well-formed HTTP answer: Transfer-Encoding or Content-Length, never both', async () => {
    const res = await rawRequest(h.url, {
      headers: [
        ['Host', 'localhost'],
        ['Content-Type', 'application/json'],
        ['Accept', 'multipart/mixed'],
        ['Connection', 'close'],
      ],
      body: JSON.stringify({ query: '{ capabilities { backend } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^multipart\/mixed/);
    expect([res.headers['transfer-encoding'], res.headers['content-length']].filter((v) => v !== undefined)).toHaveLength(1);
    expect(res.body).toContain('{"data":{"capabilities":[{"backend":"ARCGIS"},{"backend":"OCM"},{"backend":"ONLYOFFICE"}]}}');
  });

  // yoga's request parser throws a SyntaxError on these; src/server.ts maskError makes it the caller's 400.
  it.each(['variables=garbage', 'extensions=%00'])('a GET with malformed JSON in %s is a 400 BAD_REQUEST', async (param) => {
    const res = await request(`${h.url}?query=${encodeURIComponent('{ capabilities { backend } }')}&${param}`, { headers: { 'x-graphql-yoga-csrf': '1', accept: 'application/json' } });
    const body = (await res.body.json()) as GqlBody;
    expect(res.statusCode).toBe(400);
    expect(body.errors![0]!.extensions!.code).toBe('BAD_REQUEST');
  });

  // yoga attaches the JSON parser's message, which quotes the body, as originalError; maskError keeps it for development.
  // GraphQL over HTTP: a body that is not JSON is not a GraphQL request, so 400 under either type (src/server.ts, asMalformedRequest).
  it.each([
    ['application/json', 400],
    ['application/graphql-response+json', 400],
  ])('a body that is not JSON, answered as %s, gets HTTP %i, BAD_REQUEST and no originalError outside development', async (accept, status) => {
    const res = await request(h.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: 'not json at all' });
    const text = await res.body.text();
    expect(res.statusCode).toBe(status);
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'POST body sent invalid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    expect(text).not.toContain('not json');
  });
});
