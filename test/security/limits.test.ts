/**
 * Operation limits (graphql-armor + a root-field rule) with stable codes,
 * and production defaults. Every rejected operation reaches no backend.
 */
import { request } from 'undici';
import { startHarness, firstCode } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const share = (alias: string) => `${alias}: shareItem(input: { itemId: "${D.parksMap}", owner: "alice", org: true }) { success }`;

async function expectRejected(query: string, code: string, variables?: Record<string, unknown>): Promise<void> {
  const res = await h.gql(query, variables);
  expect(res.data?.shareItem ?? null).toBeNull();
  expect(firstCode(res)).toBe(code);
  expect(h.upstreamCount()).toBe(0);
}

describe('operation limits', () => {
  it('refuses more than 5 aliases with TOO_MANY_ALIASES (16 aliases of shareItem)', () =>
    expectRejected(`mutation { ${Array.from({ length: 16 }, (_, i) => share(`a${i}`)).join(' ')} }`, 'TOO_MANY_ALIASES'));

  it('refuses more than 5 root fields with TOO_MANY_ROOT_FIELDS', () => expectRejected(`query { ${Array.from({ length: 6 }, () => 'capabilities { backend }').join(' ')} }`, 'TOO_MANY_ROOT_FIELDS'));

  it('counts root fields spread through fragments', () =>
    expectRejected(
      `query { ...F ...G } fragment F on Query { capabilities { backend } groups(ids: []) { id } itemAccess(itemIds: []) { itemId } } fragment G on Query { capabilities { roles } folderAccess(backend: OCM, folderId: "x") { folderId } x: capabilities { configured } }`,
      'TOO_MANY_ROOT_FIELDS',
    ));

  it('accepts 5 aliases', async () => {
    const res = await h.gql(`mutation { ${Array.from({ length: 5 }, (_, i) => share(`a${i}`)).join(' ')} }`);
    expect(res.errors).toBeUndefined();
  });

  it('refuses more than 1,000 tokens with TOO_MANY_TOKENS', () => expectRejected(`query { capabilities { ${Array.from({ length: 1001 }, () => 'backend').join(' ')} } }`, 'TOO_MANY_TOKENS'));

  it('refuses more than 10 directives with TOO_MANY_DIRECTIVES', () =>
    expectRejected(`query { capabilities { backend ${Array.from({ length: 11 }, () => '@include(if: true)').join(' ')} } }`, 'TOO_MANY_DIRECTIVES'));

  /**
   * Eight fragments, each spreading the next three times: 3^7 copies of one
   * field, in about 100 tokens, at depth 2, with no alias and one root
   * field. Only the cost limit can refuse it.
   */
  const FRAGMENT_CHAIN = Array.from({ length: 8 }, (_, i) =>
    i === 7 ? `fragment F${i} on Query { capabilities { backend } }` : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} ...F${i + 1} }`,
  ).join(' ');

  it('stops nested, reused fragments before execution with QUERY_TOO_COMPLEX', () => expectRejected(`query { ...F0 } ${FRAGMENT_CHAIN}`, 'QUERY_TOO_COMPLEX'));

  it.each([
    ['an operation', `query __schema { ...F0 } ${FRAGMENT_CHAIN}`],
    ['a fragment', `query Q { ...__schema } fragment __schema on Query { ...F0 } ${FRAGMENT_CHAIN}`],
  ])('does not let %s named __schema escape the cost limit (GHSA-733v-p3h5-qpq7)', (_label, query) => expectRejected(query, 'QUERY_TOO_COMPLEX'));

  it('says what was exceeded in production too, and never calls it a syntax error', async () => {
    const aliases = await h.gql(`mutation { ${Array.from({ length: 16 }, (_, i) => share(`a${i}`)).join(' ')} }`);
    expect(aliases.errors![0]!.message).toBe('operation has 16 aliases, more than the 5 allowed');
    const tokens = await h.gql(`query { capabilities { ${Array.from({ length: 1001 }, () => 'backend').join(' ')} } }`);
    expect(tokens.errors![0]!.message).toBe('operation has more than 1000 tokens');
    const directives = await h.gql(`query { capabilities { backend ${Array.from({ length: 11 }, () => '@include(if: true)').join(' ')} } }`);
    expect(directives.errors![0]!.message).toBe('operation has 11 directives, more than the 10 allowed');
    for (const res of [aliases, tokens, directives]) expect(res.errors![0]!.message).not.toMatch(/Syntax Error/);
  });
});

describe('depth limit', () => {
  // Our schema is at most four levels deep, so depth is proven on a deeper schema with the same plugins.
  it('refuses depth 7 with QUERY_TOO_DEEP and accepts depth 6', async () => {
    const { createYoga, createSchema } = await import('graphql-yoga');
    const { useOperationLimits } = await import('../../src/plugins/use-operation-limits');
    const yoga = createYoga({
      schema: createSchema({ typeDefs: 'type Query { n: N } type N { n: N v: Int }', resolvers: { Query: { n: () => ({}) }, N: { n: () => ({}), v: () => 1 } } }),
      plugins: useOperationLimits(),
      maskedErrors: false,
    });
    const run = async (depth: number) => {
      const query = `{ ${'n { '.repeat(depth - 1)}v${' }'.repeat(depth - 1)} }`;
      const res = await yoga.fetch('http://x/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      return (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    };
    expect((await run(6)).errors).toBeUndefined();
    expect((await run(8)).errors![0]).toMatchObject({ message: 'operation depth 8 exceeds 6', extensions: { code: 'QUERY_TOO_DEEP' } });
    expect((await run(7)).errors![0]!.extensions!.code).toBe('QUERY_TOO_DEEP');
  });
});

describe('prototype keys change nothing', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('%s as an alias, a variable name and an id', async (key) => {
    const asAlias = await h.gql(`query { ${key}: capabilities { backend } }`);
    expect(asAlias.errors).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(asAlias.data, key)?.value).toHaveLength(3);
    const asVariable = await h.gql(`query($${key}: [ID!]!) { groups(ids: $${key}) { id } }`, { [key]: [D.fieldTeamGroup] });
    expect(asVariable.errors).toBeUndefined();
    expect(asVariable.data!.groups).toEqual([{ id: D.fieldTeamGroup }]);
    const asId = await h.gql(`mutation($id: ID!) { shareItem(input: { itemId: $id, org: true }) { success } }`, { id: key });
    expect(firstCode(asId)).toBe('BAD_USER_INPUT');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('backend');
  });
});

describe('production defaults', () => {
  it('has introspection off', async () => {
    const res = await h.gql(`{ __schema { types { name } } }`);
    expect(res.data).toBeUndefined();
    expect(firstCode(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0]!.message).toBe('GraphQL introspection has been disabled, but the requested query contained the field "__schema".');
  });

  it('serves no GraphiQL', async () => {
    const res = await request(h.url, { headers: { accept: 'text/html' } });
    const text = await res.body.text();
    expect(text).not.toContain('GraphiQL');
  });

  it('does not suggest field names', async () => {
    const res = await h.gql(`mutation { shareIte(input: {}) { success } }`);
    expect(res.errors![0]!.message).not.toContain('Did you mean');
    expect(res.errors![0]!.message).not.toContain('shareItem');
  });

  it('does not suggest enum values or input fields, in the document or in variables', async () => {
    const folder = (recipient: string) => `mutation { shareFolder(input: { backend: OCM, folderId: "F1", recipients: [${recipient}] }) { folderId } }`;
    const inDocument = [await h.gql(folder('{ id: "U1", role: VIWER }')), await h.gql(folder('{ id: "U1", rol: VIEWER }'))];
    const byVariable = `mutation S($i: ShareFolderInput!) { shareFolder(input: $i) { folderId } }`;
    const inVariables = [
      await h.gql(byVariable, { i: { backend: 'OCM', folderId: 'F1', recipients: [{ id: 'U1', role: 'VIWER' }] } }),
      await h.gql(byVariable, { i: { backend: 'OCM', folderId: 'F1', recipients: [{ id: 'U1', rol: 'VIEWER' }] } }),
    ];
    for (const res of [...inDocument, ...inVariables]) {
      expect(res.errors!.length).toBeGreaterThan(0);
      for (const error of res.errors!) {
        // Naming what the caller sent, or a field the type requires, is fine; offering other names is not.
        expect(error.message).not.toMatch(/Did you mean|REVIEWER/);
        expect(error.extensions!.code).toMatch(/^(GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
      }
    }
    expect(inVariables.flatMap((r) => r.errors!).some((e) => e.message.endsWith('[Suggestion hidden]'))).toBe(true);
    // A variable that does not fit its type is the caller's mistake, with a code like any other.
    expect(inVariables.every((r) => r.status === 400 && r.errors!.every((e) => e.extensions!.code === 'BAD_USER_INPUT'))).toBe(true);
    expect(h.upstreamCount()).toBe(0);
  });

  it('refuses a mutation over GET', async () => {
    const res = await request(`${h.url}?query=${encodeURIComponent(`mutation { ${share('a')} }`)}`, { headers: { 'x-graphql-yoga-csrf': '1', 'x-arcgis-token': D.aliceToken } });
    expect(res.statusCode).toBe(405);
    await res.body.dump();
    expect(h.upstreamCount()).toBe(0);
  });
});

describe('CSRF prevention', () => {
  const mutation = JSON.stringify({ query: `mutation { ${share('a')} }` });
  it.each([
    ['text/plain', mutation],
    ['application/x-www-form-urlencoded', `query=${encodeURIComponent(`mutation { ${share('a')} }`)}`],
    ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${mutation}\r\n--x--\r\n`],
  ])('refuses a %s POST without the CSRF header with 403', async (contentType, body) => {
    const res = await request(h.url, { method: 'POST', headers: { 'content-type': contentType, 'x-arcgis-token': D.aliceToken }, body });
    expect(res.statusCode).toBe(403);
    await res.body.dump();
    expect(h.upstreamCount()).toBe(0);
  });

  it('refuses a GET query without the CSRF header with 403', async () => {
    const res = await request(`${h.url}?query=${encodeURIComponent('{ capabilities { backend } }')}`);
    expect(res.statusCode).toBe(403);
    await res.body.dump();
  });

  it('has CORS closed by default', async () => {
    const res = await request(h.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-arcgis-token' },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    await res.body.dump();
  });
});

describe('CORS_ORIGINS opens CORS to the listed origins only', () => {
  let open: Harness;
  beforeAll(async () => {
    open = await startHarness({ env: { CORS_ORIGINS: 'https://app.example.com, https://admin.example.com' } });
  });
  afterAll(() => open.close());

  it('allows a listed origin and not another', async () => {
    const allowed = await request(open.url, { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    await allowed.body.dump();
    const denied = await request(open.url, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(denied.headers['access-control-allow-origin']).not.toBe('https://evil.example');
    await denied.body.dump();
  });
});
