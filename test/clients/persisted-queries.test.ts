/**
 * Persisted queries both ways, with the clients' own persisted-query
 * support over real HTTP: Apollo Client's PersistedQueryLink and urql's
 * persistedExchange, which send the sha256 first and the document only on
 * PersistedQueryNotFound.
 *
 * - PERSISTED_OPERATIONS unset (automatic persisted queries): the first
 *   request of a document is the hash, then the document; every later one
 *   the hash alone.
 * - PERSISTED_OPERATIONS set to the manifest of `operations/` (as
 *   `npm run operations:manifest` writes it): the listed operations run as
 *   both clients send them, `__typename` added by their caches and all;
 *   another operation does not run, and reaches no backend.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { persistedExchange } from '@urql/exchange-persisted';
import { startHarness } from '../helpers/harness';
import type { Data, Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';
import { exampleOperations } from '../../src/graphiql';
import { ROOT_DIR } from '../../src/server';
import { buildManifest } from '../../src/tools/operations-manifest';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const operation = (name: string) => exampleOperations(ROOT_DIR).find((o) => o.name === name)!.document;

/** What each client put on the wire: whether a request carried the document, the hash, or both. */
interface Sent {
  method: string;
  document: boolean;
  hash: boolean;
}
const sent: Sent[] = [];
const realFetch = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    const extensions: unknown = body.extensions ?? (url.searchParams.get('extensions') ? (JSON.parse(url.searchParams.get('extensions')!) as unknown) : undefined);
    sent.push({
      method: init?.method ?? 'GET',
      document: typeof body.query === 'string' || url.searchParams.has('query'),
      hash: typeof (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery?.sha256Hash === 'string',
    });
    return realFetch(input, init);
  };
});
afterAll(() => {
  globalThis.fetch = realFetch;
});
beforeEach(() => {
  sent.length = 0;
});

function apolloWithPersistedQueries(url: string): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([new PersistedQueryLink({ sha256 }), new HttpLink({ uri: url, headers: { 'X-ArcGIS-Token': D.aliceToken } })]),
    cache: new InMemoryCache(),
  });
}

function urqlWithPersistedQueries(url: string): Client {
  return new Client({
    url,
    exchanges: [cacheExchange, persistedExchange(), fetchExchange],
    fetchOptions: () => ({ headers: { 'GraphQL-Require-Preflight': '1', 'X-ArcGIS-Token': D.aliceToken } }),
    requestPolicy: 'network-only',
  });
}

const shape = (s: Sent) => (s.document && s.hash ? 'document+hash' : s.hash ? 'hash' : 'document');

describe('automatic persisted queries (PERSISTED_OPERATIONS unset)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('Apollo Client: the hash, then the document on PersistedQueryNotFound, then the hash alone', async () => {
    const apollo = apolloWithPersistedQueries(h.url);
    const query = gql(operation('ItemAccess'));
    for (let i = 0; i < 2; i++) {
      const { data } = await apollo.query<Pick<Data, 'itemAccess'>>({ query, fetchPolicy: 'network-only' });
      expect(data!.itemAccess.map((a) => a!.itemId)).toEqual([D.parksMap, D.trailsLayer]);
    }
    expect(sent.map(shape)).toEqual(['hash', 'document+hash', 'hash']);
  });

  it('urql: the same, its hashed queries as GET', async () => {
    const urql = urqlWithPersistedQueries(h.url);
    for (let i = 0; i < 2; i++) {
      const result = await urql.query<Pick<Data, 'capabilities'>>(operation('Capabilities'), {}).toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data!.capabilities).toHaveLength(3);
    }
    expect(sent.map(shape)).toEqual(['hash', 'document+hash', 'hash']);
    expect(sent[0]!.method).toBe('GET');
  });

  it('refuses a hash that is not the sha256 of the document sent with it', async () => {
    const wrong = await realFetch(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ capabilities { backend } }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ capabilities { roles } }') } } }),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('PERSISTED_QUERY_MISMATCH');
  });
});

describe('trusted documents (PERSISTED_OPERATIONS = the manifest of operations/)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'trusted-'));
    const manifest = path.join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify(buildManifest()));
    h = await startHarness({ env: { PERSISTED_OPERATIONS: manifest } });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => h.reset());

  it("Apollo Client, with its cache's __typename transform: a listed mutation runs", async () => {
    const apollo = apolloWithPersistedQueries(h.url);
    const mutation = gql(operation('ShareItem'));
    for (let i = 0; i < 2; i++) {
      const { data } = await apollo.mutate<Pick<Data, 'shareItem'>>({ mutation });
      expect(data!.shareItem).toMatchObject({ __typename: 'ItemShareResult', itemId: D.parksMap, success: true });
    }
    // Its hash (of the document with __typename) is not the manifest's: one PersistedQueryNotFound, then the hash is known.
    expect(sent.map(shape)).toEqual(['hash', 'document+hash', 'hash']);
    expect(h.sims.arcgis.sim.requests({ method: 'POST' }).filter((r) => r.path.endsWith('/share'))).toHaveLength(2);
  });

  it('urql, with its cacheExchange adding __typename: a listed query runs', async () => {
    const urql = urqlWithPersistedQueries(h.url);
    for (let i = 0; i < 2; i++) {
      const result = await urql.query<Pick<Data, 'itemAccess'>>(operation('ItemAccess'), {}).toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data!.itemAccess.map((a) => a!.itemId)).toEqual([D.parksMap, D.trailsLayer]);
    }
    expect(sent.map(shape)).toEqual(['hash', 'document+hash', 'hash']);
  });

  it('an operation that is not in the manifest does not run, whichever client sends it, and reaches no backend', async () => {
    const unlisted = `mutation Everyone { shareItem(input: { itemId: "${D.parksMap}", everyone: true }) { success } }`;
    const apolloError = await apolloWithPersistedQueries(h.url)
      .mutate({ mutation: gql(unlisted) })
      .then(
        () => null,
        (err: unknown) => err,
      );
    expect(CombinedGraphQLErrors.is(apolloError) && apolloError.errors[0]!.extensions!.code).toBe('CANNOT_SEND_PQ_ID_AND_BODY');
    const urqlResult = await urqlWithPersistedQueries(h.url).query(`query Unlisted { capabilities { backend } }`, {}).toPromise();
    expect(urqlResult.error!.graphQLErrors[0]!.extensions.code).toBe('CANNOT_SEND_PQ_ID_AND_BODY');
    expect(h.upstreamCount()).toBe(0);
  });
});
