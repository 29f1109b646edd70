/**
 * What the clients frontends use expect of a GraphQL server over HTTP, as
 * raw requests (test/clients/urql.test.ts and apollo.test.ts run the
 * clients themselves):
 * - CSRF prevention that accepts the headers clients send for it, and says
 *   which one to send;
 * - CORS that answers a listed origin fully and any other one with nothing
 *   (never `null`, never a CSRF error);
 * - the GraphQL-over-HTTP statuses: every answer without data 4xx under
 *   application/graphql-response+json, a body that is not JSON 400 under
 *   application/json too, a code on every error the gateway makes;
 * - limit messages that say what was exceeded, in every mode;
 * - introspection for tools, `__type` held to the rule `__schema` is.
 */
import { request } from 'undici';
import { startHarness, DEMO_HEADERS } from '../helpers/harness';
import type { GqlBody, Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const CAPABILITIES = '{ capabilities { backend } }';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: GqlBody<Record<string, unknown>>;
  text: string;
}

async function send(url: string, init: { method?: 'GET' | 'POST' | 'OPTIONS'; headers?: Record<string, string>; body?: string; query?: string }): Promise<Answer> {
  const target = init.query === undefined ? url : `${url}?query=${encodeURIComponent(init.query)}`;
  const res = await request(target, { method: init.method ?? 'POST', headers: init.headers, body: init.body });
  const text = await res.body.text();
  let body: GqlBody<Record<string, unknown>> = {};
  try {
    body = JSON.parse(text) as GqlBody<Record<string, unknown>>;
  } catch {
    // An answer without a JSON body (a preflight): `text` says so.
  }
  return { status: res.statusCode, headers: res.headers, body, text };
}

const json = (query: string, headers: Record<string, string> = {}) => ({ headers: { 'content-type': 'application/json', ...DEMO_HEADERS, ...headers }, body: JSON.stringify({ query }) });
const codes = (a: Answer) => (a.body.errors ?? []).map((e) => e.extensions?.code);
const corsHeaderNames = (a: Answer) =>
  Object.keys(a.headers)
    .filter((n) => n.startsWith('access-control-'))
    .sort();

let prod: Harness;
let open: Harness;
beforeAll(async () => {
  [prod, open] = await Promise.all([startHarness(), startHarness({ env: { CORS_ORIGINS: 'http://localhost:*, https://app.example.com', INTROSPECTION: 'true', NODE_ENV: 'development' } })]);
});
afterAll(() => Promise.all([prod.close(), open.close()]));
beforeEach(() => {
  prod.reset();
  open.reset();
});

describe('CSRF prevention, with the headers clients send', () => {
  it.each(['GraphQL-Require-Preflight', 'apollo-require-preflight', 'x-graphql-yoga-csrf', 'x-requested-with'])('a GET query with %s runs', async (name) => {
    const res = await send(prod.url, { method: 'GET', query: CAPABILITIES, headers: { [name]: '1' } });
    expect(res.status).toBe(200);
    expect(res.body.data!.capabilities).toHaveLength(3);
  });

  it('a GET carrying content-type: application/json is not a simple request either', async () => {
    const res = await send(prod.url, { method: 'GET', query: CAPABILITIES, headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.body.data!.capabilities).toHaveLength(3);
  });

  it.each([
    ['a GET without any of them', { method: 'GET' as const, query: CAPABILITIES }],
    [
      'a text/plain POST',
      { headers: { 'content-type': 'text/plain', ...DEMO_HEADERS }, body: JSON.stringify({ query: `mutation { shareItem(input: { itemId: "${D.parksMap}", org: true }) { success } }` }) },
    ],
  ])('%s: 403 CSRF_PREVENTED, naming the header to send, and nothing sent upstream', async (_label, init) => {
    const res = await send(prod.url, init);
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['CSRF_PREVENTED']);
    expect(res.body.errors![0]!.message).toContain('GraphQL-Require-Preflight');
    expect(prod.upstreamCount()).toBe(0);
  });
});

describe('CORS for browser apps', () => {
  const preflight = (origin: string) => ({ method: 'OPTIONS' as const, headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-arcgis-token' } });

  it('a listed origin (any port of localhost): its origin back, the methods and headers asked, Max-Age, and the exposed headers', async () => {
    const res = await send(open.url, preflight('http://localhost:5173'));
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type,x-arcgis-token',
      'access-control-max-age': '600',
      'access-control-expose-headers': 'X-Request-Id, Idempotent-Replayed',
    });
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    const actual = await send(open.url, json(CAPABILITIES, { origin: 'https://app.example.com' }));
    expect(actual.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-expose-headers': 'X-Request-Id, Idempotent-Replayed',
      'access-control-max-age': '600',
    });
  });

  it.each([
    ['an unlisted origin', () => open, 'https://evil.example'],
    ['a look-alike of a listed one', () => open, 'http://localhost.evil.example:5173'],
    ['the sandboxed origin null', () => open, 'null'],
    ['any origin in production (CORS_ORIGINS unset)', () => prod, 'http://localhost:5173'],
  ])('%s: a CORS refusal (no Access-Control-* header at all), not a CSRF error', async (_label, gateway, origin) => {
    const res = await send(gateway().url, preflight(origin));
    expect(res.status).toBe(204);
    expect(corsHeaderNames(res)).toEqual([]);
    expect(res.text).toBe('');
    const actual = await send(gateway().url, json(CAPABILITIES, { origin }));
    expect(corsHeaderNames(actual)).toEqual([]);
  });
});

describe('GraphQL-over-HTTP statuses', () => {
  const FOLDER_ACCESS = 'folderAccess(backend: OCM, folderId: "F1") { grants { recipient { __typename } } }';
  const withoutData: Array<[string, string, string, string]> = [
    ['a parse error', '{ capabilities { ', 'GRAPHQL_PARSE_FAILED', '400'],
    ['a validation error', '{ capabilities { nope } }', 'GRAPHQL_VALIDATION_FAILED', '400'],
    ['too many aliases', `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: capabilities { backend }`).join(' ')} }`, 'TOO_MANY_ALIASES', '400'],
    ['too many tokens', `{ capabilities { ${'backend '.repeat(1001)}} }`, 'TOO_MANY_TOKENS', '400'],
    ['too many root fields', `{ ${Array.from({ length: 6 }, () => FOLDER_ACCESS).join(' ')} }`, 'TOO_MANY_ROOT_FIELDS', '400'],
    ['introspection, off in production', '{ __schema { types { name } } }', 'GRAPHQL_VALIDATION_FAILED', '400'],
  ];

  it.each(withoutData)('%s: 4xx without data under application/graphql-response+json, 200 under application/json', async (_label, query, code, status) => {
    const strict = await send(prod.url, json(query, { accept: GRAPHQL_RESPONSE }));
    expect([strict.status, strict.headers['content-type'], strict.body.data ?? null, codes(strict)[0]]).toEqual([Number(status), `${GRAPHQL_RESPONSE}; charset=utf-8`, null, code]);
    const legacy = await send(prod.url, json(query, { accept: 'application/json' }));
    expect([legacy.status, codes(legacy)[0]]).toEqual([200, code]);
    expect(prod.upstreamCount()).toBe(0);
  });

  it.each([
    ['a persisted-query hash the gateway has not seen', 404, 'PERSISTED_QUERY_NOT_FOUND', JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } })],
    [
      'a persisted-query hash with the wrong document',
      400,
      'PERSISTED_QUERY_MISMATCH',
      JSON.stringify({ query: CAPABILITIES, extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } }),
    ],
  ])('%s: %i %s under application/graphql-response+json, without data', async (_label, status, code, body) => {
    const res = await send(prod.url, { headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE }, body });
    expect([res.status, res.body.data ?? null, codes(res)]).toEqual([status, null, [code]]);
  });

  it.each([
    ['a body that is not JSON', '{"query": '],
    ['no body', ''],
  ])('%s: 400 BAD_REQUEST under application/json too', async (_label, body) => {
    for (const accept of ['application/json', GRAPHQL_RESPONSE]) {
      const res = await send(prod.url, { headers: { 'content-type': 'application/json', accept }, body });
      expect([res.status, codes(res)]).toEqual([400, ['BAD_REQUEST']]);
    }
  });

  it('406 has a body with NOT_ACCEPTABLE, and the mutation was not carried out', async () => {
    const res = await send(prod.url, json(`mutation { shareItem(input: { itemId: "${D.parksMap}", org: true }) { success } }`, { accept: 'text/html' }));
    expect([res.status, codes(res)]).toEqual([406, ['NOT_ACCEPTABLE']]);
    expect(res.headers.accept).toContain('application/graphql-response+json');
    expect(prod.upstreamCount()).toBe(0);
  });

  it('415 has a body with UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await send(prod.url, { headers: { 'content-type': 'application/xml' }, body: '<query/>' });
    expect([res.status, codes(res)]).toEqual([415, ['UNSUPPORTED_MEDIA_TYPE']]);
  });

  it('413 has a body with PAYLOAD_TOO_LARGE', async () => {
    const res = await send(prod.url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CAPABILITIES, variables: { pad: 'x'.repeat(1100 * 1024) } }) });
    expect([res.status, codes(res)]).toEqual([413, ['PAYLOAD_TOO_LARGE']]);
  });

  it('a mutation over GET: 405 with a code', async () => {
    const res = await send(prod.url, {
      method: 'GET',
      query: `mutation { shareItem(input: { itemId: "${D.parksMap}", org: true }) { success } }`,
      headers: { 'GraphQL-Require-Preflight': '1', accept: GRAPHQL_RESPONSE },
    });
    expect([res.status, codes(res)]).toEqual([405, ['BAD_REQUEST']]);
  });
});

describe('limit messages say what was exceeded, in every mode', () => {
  it.each([
    ['production', () => prod],
    ['development', () => open],
  ])('%s', async (_label, gateway) => {
    const aliases = await send(gateway().url, json(`mutation { ${Array.from({ length: 7 }, (_, i) => `a${i}: shareItem(input: { itemId: "${D.parksMap}", org: true }) { success }`).join(' ')} }`));
    const tokens = await send(gateway().url, json(`{ capabilities { ${'backend '.repeat(1001)}} }`));
    expect([...aliases.body.errors!, ...tokens.body.errors!].map((e) => e.message)).toEqual([
      'operation has 7 aliases, more than the 5 allowed',
      'Operation has 7 root fields; at most 5 are allowed',
      'operation has more than 1000 tokens',
    ]);
  });
});

describe('introspection for tools', () => {
  it('reads [ShareRole!]! through three ofType levels of __type, as tools do, within the limits', async () => {
    const query = '{ __type(name: "BackendCapabilities") { fields { name type { kind ofType { kind ofType { kind ofType { kind name } } } } } } }';
    const res = await send(open.url, json(query, { accept: GRAPHQL_RESPONSE }));
    expect(res.status).toBe(200);
    const roles = (res.body.data!.__type as { fields: Array<{ name: string; type: unknown }> }).fields.find((f) => f.name === 'roles');
    expect(roles!.type).toEqual({ kind: 'NON_NULL', ofType: { kind: 'LIST', ofType: { kind: 'NON_NULL', ofType: { kind: 'ENUM', name: 'ShareRole' } } } });
  });

  it('holds a __type query to the rule __schema is held to: the same type read both ways passes both ways', async () => {
    const inner = 'fields { type { ofType { ofType { ofType { name } } } } }';
    const viaType = await send(open.url, json(`{ __type(name: "BackendCapabilities") { ${inner} } }`));
    const viaSchema = await send(open.url, json(`{ __schema { types { ${inner} } } }`));
    expect([viaType.body.errors, viaSchema.body.errors]).toEqual([undefined, undefined]);
  });

  it('with introspection off, one error for the whole document, not one per field', async () => {
    const res = await send(prod.url, json('{ __schema { queryType { name } } __type(name: "Query") { name fields { name } } }'));
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, message: expect.stringContaining('introspection has been disabled') });
  });
});
