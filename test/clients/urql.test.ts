/**
 * urql (@urql/core, default exchanges and settings, queries as GET) against
 * the running gateway over real HTTP, through the README's snippet run
 * verbatim: a query with the credential header, a mutation with variables,
 * a rejected operation and a failed input, each error read by its
 * `extensions.code`; and what the snippet's one extra line is for.
 */
import type { Client, OperationResult } from '@urql/core';
import { startHarness } from '../helpers/harness';
import type { Data, Harness } from '../helpers/harness';
import { metric, scrape } from '../helpers/metrics';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';
import { runSnippet, runSnippetWithout } from './readme-snippets';

interface Snippet {
  client: Client;
  errorCode: (result: OperationResult) => string | undefined;
}

let h: Harness;
let urql: Snippet;
/** The method and URL of each request urql sends, seen on the global fetch it calls. */
const sent: Array<{ method: string; url: string }> = [];
const realFetch = globalThis.fetch;

beforeAll(async () => {
  h = await startHarness({ env: { CORS_ORIGINS: 'http://localhost:*' } });
  globalThis.fetch = (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    sent.push({ method: init?.method ?? 'GET', url: String(input instanceof Request ? input.url : input) });
    return realFetch(input, init);
  };
  urql = await runSnippet<Snippet>('urql', h.url, ['client', 'errorCode']);
});
afterAll(async () => {
  globalThis.fetch = realFetch;
  await h.close();
});
beforeEach(() => {
  h.reset();
  sent.length = 0;
});

const ITEM_ACCESS = 'query ItemAccess($ids: [ID!]!) { itemAccess(itemIds: $ids) { itemId owner level groups { id title } } }';
const SHARE_ITEM = 'mutation ShareItem($input: ShareItemInput!) { shareItem(input: $input) { itemId success notSharedWith { id title } error { code } } }';

it('runs a query as GET, with the credential header, and reads the data', async () => {
  const fastBefore = metric(await scrape(h.url), 'gateway_fast_path_operations_total');
  const result = await urql.client.query<Pick<Data, 'itemAccess'>>(ITEM_ACCESS, { ids: [D.trailsLayer] }, { requestPolicy: 'network-only' }).toPromise();
  expect(result.error).toBeUndefined();
  expect(result.data!.itemAccess).toEqual([
    { __typename: 'ItemAccess', itemId: D.trailsLayer, owner: 'alice', level: 'SHARED', groups: [{ __typename: 'Group', id: D.fieldTeamGroup, title: 'Field Team' }] },
  ]);
  expect(sent.map((s) => s.method)).toEqual(['GET']);
  // The portal was asked with the caller's token; the gateway answered on its fast path, as it does a plain POST.
  expect(h.sims.arcgis.sim.log.length).toBeGreaterThan(0);
  expect(metric(await scrape(h.url), 'gateway_fast_path_operations_total')).toBe(fastBefore + 1);
});

it('runs a mutation with variables as POST and reads its result', async () => {
  const result = await urql.client.mutation<Pick<Data, 'shareItem'>>(SHARE_ITEM, { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup, D.financeGroup] } }).toPromise();
  expect(result.error).toBeUndefined();
  expect(result.data!.shareItem).toMatchObject({ itemId: D.parksMap, success: true, error: null, notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
  expect(sent.map((s) => s.method)).toEqual(['POST']);
  expect(h.sims.arcgis.sim.requests({ method: 'POST' }).filter((r) => r.path.endsWith('/share'))).toHaveLength(1);
});

it('reads the code of an operation the gateway refuses (a 400 without data)', async () => {
  const tooMany = `query { ${Array.from({ length: 6 }, (_, i) => `a${i}: capabilities { backend }`).join(' ')} }`;
  const result = await urql.client.query(tooMany, {}).toPromise();
  expect(result.data).toBeUndefined();
  expect(urql.errorCode(result)).toBe('TOO_MANY_ALIASES');
  expect(result.error!.graphQLErrors[0]!.message).toBe('operation has 6 aliases, more than the 5 allowed');
});

it('reads the code of a mutation whose input is refused, and nothing reaches the portal', async () => {
  const result = await urql.client.mutation(SHARE_ITEM, { input: { itemId: '../../x', org: true } }).toPromise();
  expect(urql.errorCode(result)).toBe('BAD_USER_INPUT');
  expect(h.upstreamCount()).toBe(0);
});

it("needs the snippet's GraphQL-Require-Preflight line for its GET queries: without it, CSRF_PREVENTED", async () => {
  const withoutLine = await runSnippetWithout<Snippet>('urql', h.url, "'GraphQL-Require-Preflight': '1', ", ['client', 'errorCode']);
  const query = await withoutLine.client.query('{ capabilities { backend } }', {}).toPromise();
  expect(withoutLine.errorCode(query)).toBe('CSRF_PREVENTED');
  expect(query.error!.graphQLErrors[0]!.message).toContain('GraphQL-Require-Preflight');
  // A mutation is a JSON POST, which needs no header.
  const mutation = await withoutLine.client.mutation(SHARE_ITEM, { input: { itemId: D.parksMap, org: true } }).toPromise();
  expect(mutation.error).toBeUndefined();
});
