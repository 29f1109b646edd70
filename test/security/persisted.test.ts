/**
 * Trusted documents: with PERSISTED_OPERATIONS pointing at a manifest
 * (sha256 hex -> document), the gateway runs the listed operations, sent as
 * `extensions.persistedQuery`, and nothing else. The codes (those
 * @graphql-yoga/plugin-persisted-operations 3.x used, kept by
 * src/plugins/use-persisted-operations.ts):
 * - PERSISTED_QUERY_NOT_IN_LIST: the hash is not in the manifest;
 * - PERSISTED_QUERY_ID_REQUIRED: neither a document nor a usable hash;
 * - CANNOT_SEND_PQ_ID_AND_BODY: a document was sent that is not a listed
 *   one with its hash (test/clients/persisted-queries.test.ts has the
 *   listed ones that Apollo Client and urql send).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { startHarness, DEMO_HEADERS } from '../helpers/harness';
import type { GqlBody, Harness } from '../helpers/harness';
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';

const CAPABILITIES = 'query Capabilities { capabilities { backend configured } }';
const SHARE_ITEM = 'mutation ShareItem($input: ShareItemInput!) { shareItem(input: $input) { itemId success error { code } } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let dir: string;
let h: Harness;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'persisted-'));
  const manifest = path.join(dir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ [sha256(CAPABILITIES)]: CAPABILITIES, [sha256(SHARE_ITEM)]: SHARE_ITEM }));
  h = await startHarness({ env: { PERSISTED_OPERATIONS: manifest } });
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => h.reset());

type Answer = GqlBody & { status: number };

/** Not `h.gql`: these bodies are persisted-operation envelopes, and some are not GraphQL requests at all. */
async function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await request(h.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...DEMO_HEADERS, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const parsed = (await res.body.json()) as GqlBody;
  return { status: res.statusCode, ...parsed };
}

const persisted = (hash: unknown, version: unknown = 1) => ({ persistedQuery: { version, sha256Hash: hash } });
const codes = (a: Answer) => (a.errors ?? []).map((e) => e.extensions?.code);

describe('listed operations run', () => {
  it('a listed query, by its hash', async () => {
    const res = await post({ extensions: persisted(sha256(CAPABILITIES)) });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data!.capabilities).toHaveLength(3);
  });

  it('a listed mutation with variables, which reaches the backend', async () => {
    const res = await post({ extensions: persisted(sha256(SHARE_ITEM)), variables: { input: { itemId: A.parksMap, owner: 'alice', org: true } } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.shareItem).toMatchObject({ itemId: A.parksMap, success: true, error: null });
    expect(h.sims.arcgis.sim.requests({ method: 'POST' })).toHaveLength(1);
  });

  it('a listed mutation still validates its input', async () => {
    const res = await post({ extensions: persisted(sha256(SHARE_ITEM)), variables: { input: { itemId: '../x', owner: 'alice', org: true } } });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(h.upstreamCount()).toBe(0);
  });
});

describe('anything else is refused, and nothing reaches a backend', () => {
  it('an arbitrary document: CANNOT_SEND_PQ_ID_AND_BODY', async () => {
    const res = await post({ query: `mutation { shareItem(input: { itemId: "${A.parksMap}", owner: "alice", everyone: true }) { success } }` });
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['CANNOT_SEND_PQ_ID_AND_BODY']);
    expect(h.upstreamCount()).toBe(0);
  });

  it('the exact text of a listed document, sent as a document, is refused too', async () => {
    const res = await post({ query: CAPABILITIES });
    expect(codes(res)).toEqual(['CANNOT_SEND_PQ_ID_AND_BODY']);
  });

  it('a listed hash with a document of its own does not run that document', async () => {
    const res = await post({ query: `mutation { shareItem(input: { itemId: "${A.parksMap}", owner: "alice", everyone: true }) { success } }`, extensions: persisted(sha256(CAPABILITIES)) });
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['CANNOT_SEND_PQ_ID_AND_BODY']);
    expect(h.upstreamCount()).toBe(0);
  });

  it('an introspection query', async () => {
    const res = await post({ query: '{ __schema { types { name } } }' });
    expect(codes(res)).toEqual(['CANNOT_SEND_PQ_ID_AND_BODY']);
  });

  it.each([
    ['the sha256 of an unlisted document', sha256('{ capabilities { backend } }')],
    ['a listed hash in upper case', sha256(CAPABILITIES).toUpperCase()],
    ['__proto__', '__proto__'],
    ['constructor', 'constructor'],
    ['toString', 'toString'],
    ['an empty string', ''],
    ['a huge string', 'a'.repeat(500_000)],
    ['a path', '../../etc/passwd'],
  ])('an unknown hash (%s): PERSISTED_QUERY_NOT_IN_LIST', async (_label, hash) => {
    const res = await post({ extensions: persisted(hash) });
    expect(codes(res)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    expect(h.upstreamCount()).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['no document and no extensions', {}],
    ['version 2', { extensions: persisted(sha256(CAPABILITIES), 2) }],
    ['version "1" as a string', { extensions: persisted(sha256(CAPABILITIES), '1') }],
    ['a hash that is a number', { extensions: persisted(12345) }],
    ['a hash that is an object', { extensions: persisted({ toString: sha256(CAPABILITIES) }) }],
    ['persistedQuery null', { extensions: { persistedQuery: null } }],
    ['extensions a string', { extensions: 'persistedQuery' }],
  ])('no usable id (%s): PERSISTED_QUERY_ID_REQUIRED', async (_label, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(codes(res)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);
    expect(h.upstreamCount()).toBe(0);
  });

  it('a GET of a listed query still needs the CSRF header', async () => {
    const url = `${h.url}?extensions=${encodeURIComponent(JSON.stringify(persisted(sha256(CAPABILITIES))))}`;
    const without = await request(url, { headers: { accept: 'application/json' } });
    expect(without.statusCode).toBe(403);
    await without.body.dump();
    const withHeader = await request(url, { headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(withHeader.statusCode).toBe(200);
    expect(((await withHeader.body.json()) as Answer).data!.capabilities).toHaveLength(3);
  });
});

describe('the codes it raises', () => {
  const refusals = () => [{ query: CAPABILITIES }, { extensions: persisted('nope') }, {}];

  it('are 4xx answers without data under application/graphql-response+json, with the codes listed at the top of this file', async () => {
    const answers = await Promise.all(refusals().map((body) => post(body)));
    expect(answers.map((a) => a.status)).toEqual([400, 404, 400]);
    expect(answers.map((a) => codes(a)[0])).toEqual(['CANNOT_SEND_PQ_ID_AND_BODY', 'PERSISTED_QUERY_NOT_IN_LIST', 'PERSISTED_QUERY_ID_REQUIRED']);
    expect(answers.map((a) => a.data ?? null)).toEqual([null, null, null]);
  });

  it("are HTTP 200 under plain application/json, where the protocol's clients have always read them", async () => {
    const answers = await Promise.all(refusals().map((body) => post(body, { accept: 'application/json' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => codes(a)[0])).toEqual(['CANNOT_SEND_PQ_ID_AND_BODY', 'PERSISTED_QUERY_NOT_IN_LIST', 'PERSISTED_QUERY_ID_REQUIRED']);
  });
});
