/**
 * The fuzz suite (test/fuzz/properties.ts): random and hostile values for
 * every input field of every operation, random bytes and random queries at
 * the HTTP endpoint, against one gateway and its simulators, 8 requests in
 * flight. Seeded and bounded: `npm test` runs 10,000 cases with a fixed seed;
 * `npm run fuzz` runs the same properties longer (FUZZ_RUNS, FUZZ_SEED).
 * A failure prints the seed and the shrunk batch; replay it with
 * `FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npx jest test/security/fuzz.test.ts`.
 * Gaps the fuzz once found are pinned by the named tests
 * at the end of this file.
 */
import { startHarness, DEMO_HEADERS } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { knownCodes, runFuzz, strayRequests, violation } from '../fuzz/properties';

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
  const folders = await h.gql(`{ o: folderAccess(backend: OCM, folderId: "${O.projectFolderId}") { grants { role } } x: folderAccess(backend: ONLYOFFICE, folderId: "1001") { grants { role } } }`, undefined, DEMO_HEADERS);
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

// KNOWN GAP (src/server.ts maskError): a subscription operation (the schema has no Subscription type)
// passes validation and fails in execute() with a GraphQLError that has no extensions.code, at HTTP 200.
// Suggested fix: give codeless GraphQLErrors from execution a code in maskError (e.g. BAD_REQUEST or
// GRAPHQL_VALIDATION_FAILED), or refuse subscriptions in a validation rule. Until then the fuzz grammar
// leaves out the word 'subscription'; this test turns red (flip it to `it`) once the gap is closed.
it('a subscription operation is refused with a known code', async () => {
  const res = await h.gql('subscription { capabilities { backend } }');
  expect(violation({ status: res.status, text: JSON.stringify({ data: res.data, errors: res.errors }) }, knownCodes())).toBeNull();
});

// KNOWN GAP (src/http/request-guard.ts): for a POST with `Accept: multipart/mixed` yoga answers with
// `Transfer-Encoding: chunked`, and the guard copies that header and adds a Content-Length as well.
// A response with both is invalid HTTP/1.1 (RFC 9112 §6.3, a response-smuggling shape); undici refuses
// it ("Content-Length can't be present with Transfer-Encoding"). Suggested fix: do not copy hop-by-hop
// headers (transfer-encoding, connection, keep-alive, content-length) from yoga's Response. Until then
// the fuzz leaves multipart/mixed out of its Accept headers; flip this to `it` once fixed.
it('a POST asking for multipart/mixed gets a well-formed HTTP answer', async () => {
  const { rawRequest } = await import('../fuzz/raw-http');
  const res = await rawRequest(h.url, {
    headers: [['Host', 'localhost'], ['Content-Type', 'application/json'], ['Accept', 'multipart/mixed'], ['Connection', 'close']],
    body: JSON.stringify({ query: '{ capabilities { backend } }' }),
  });
  expect(res.headers['transfer-encoding'] !== undefined && res.headers['content-length'] !== undefined).toBe(false);
});

// KNOWN GAP (src/server.ts maskError): a GET whose `variables` or `extensions` parameter is not valid
// JSON makes yoga's request parser throw a SyntaxError, which maskError turns into
// INTERNAL_SERVER_ERROR at HTTP 200 (a POST with a bad JSON body gets 400 BAD_REQUEST). Suggested fix:
// in maskError, answer a SyntaxError raised outside execution (no path) with BAD_REQUEST and
// `http: { status: 400 }`. Until then the fuzz sends only JSON text in those parameters; flip to `it` once fixed.
it.each(['variables=garbage', 'extensions=%00'])('a GET with malformed JSON in %s is a 400 BAD_REQUEST', async (param) => {
  const { request } = await import('undici');
  const res = await request(`${h.url}?query=${encodeURIComponent('{ capabilities { backend } }')}&${param}`, { headers: { 'x-graphql-yoga-csrf': '1', accept: 'application/json' } });
  const body = (await res.body.json()) as { errors: Array<{ extensions: { code: string } }> };
  expect(res.statusCode).toBe(400);
  expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
});

// KNOWN GAP (src/server.ts maskError): outside development, a POST body that is not JSON gets yoga's
// BAD_REQUEST with `extensions.originalError: { name, message }`, the JSON parser's message, which
// quotes the start of the body; maskError drops it outside development.
it('a body that is not JSON gets no originalError outside development', async () => {
  const { request } = await import('undici');
  const res = await request(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'not json at all' });
  const body = (await res.body.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
  // GraphQL over HTTP: 200 for an application/json answer, 400 for application/graphql-response+json.
  expect([200, 400]).toContain(res.statusCode);
  expect(body.errors[0]!.extensions.code).toBe('BAD_REQUEST');
  expect(body.errors[0]!.extensions.originalError).toBeUndefined();
});
