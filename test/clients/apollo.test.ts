/**
 * Apollo Client 4 (core, HttpLink, InMemoryCache, no React) against the
 * running gateway over real HTTP, through the README's snippet run
 * verbatim: a query with the credential header, a mutation with variables,
 * a rejected operation and a failed input, each error read by its
 * `extensions.code`. Apollo's cache adds `__typename` to every selection,
 * and its requests (their Accept, `extensions.clientLibrary`) are answered
 * on the gateway's fast path, as plain ones are.
 */
import { gql } from '@apollo/client';
import type { ApolloClient } from '@apollo/client';
import { startHarness } from '../helpers/harness';
import type { Data, Harness } from '../helpers/harness';
import { metric, scrape } from '../helpers/metrics';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';
import { runSnippet, runSnippetWithout } from './readme-snippets';

interface Snippet {
  client: ApolloClient;
  errorCode: (error: unknown) => string | undefined;
}

let h: Harness;
let apollo: Snippet;
beforeAll(async () => {
  h = await startHarness();
  apollo = await runSnippet<Snippet>('apollo', h.url, ['client', 'errorCode']);
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const fastPathAnswers = async () => metric(await scrape(h.url), 'gateway_fast_path_operations_total');

const ITEM_ACCESS = gql`
  query ItemAccess($ids: [ID!]!) {
    itemAccess(itemIds: $ids) {
      itemId
      owner
      level
      groups {
        id
        title
      }
    }
  }
`;
const SHARE_ITEM = gql`
  mutation ShareItem($input: ShareItemInput!) {
    shareItem(input: $input) {
      itemId
      success
      notSharedWith {
        id
        title
      }
      error {
        code
      }
    }
  }
`;

/** The rejection of a promise, for reading its error. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('the operation did not fail');
}

it('runs a query with the credential header, and reads the data, on the fast path', async () => {
  const before = await fastPathAnswers();
  const { data } = await apollo.client.query<Pick<Data, 'itemAccess'>>({ query: ITEM_ACCESS, variables: { ids: [D.trailsLayer] }, fetchPolicy: 'network-only' });
  expect(data!.itemAccess).toEqual([
    { __typename: 'ItemAccess', itemId: D.trailsLayer, owner: 'alice', level: 'SHARED', groups: [{ __typename: 'Group', id: D.fieldTeamGroup, title: 'Field Team' }] },
  ]);
  expect(h.sims.arcgis.sim.log.length).toBeGreaterThan(0);
  expect(await fastPathAnswers()).toBe(before + 1);
});

it('runs a mutation with variables and reads its result', async () => {
  const { data } = await apollo.client.mutate<Pick<Data, 'shareItem'>>({ mutation: SHARE_ITEM, variables: { input: { itemId: D.parksMap, groups: [D.fieldTeamGroup, D.financeGroup] } } });
  expect(data!.shareItem).toMatchObject({ itemId: D.parksMap, success: true, error: null, notSharedWith: [{ id: D.financeGroup, title: 'Finance' }] });
  expect(h.sims.arcgis.sim.requests({ method: 'POST' }).filter((r) => r.path.endsWith('/share'))).toHaveLength(1);
});

it('reads the code of an operation the gateway refuses (a 400 without data)', async () => {
  const tooMany = gql(`query TooMany { ${Array.from({ length: 6 }, (_, i) => `a${i}: capabilities { backend }`).join(' ')} }`);
  const error = await rejection(apollo.client.query({ query: tooMany, fetchPolicy: 'network-only' }));
  expect(apollo.errorCode(error)).toBe('TOO_MANY_ALIASES');
});

it('reads the code of a mutation whose input is refused, and nothing reaches the portal', async () => {
  const error = await rejection(apollo.client.mutate({ mutation: SHARE_ITEM, variables: { input: { itemId: '../../x', org: true } } }));
  expect(apollo.errorCode(error)).toBe('BAD_USER_INPUT');
  expect(h.upstreamCount()).toBe(0);
});

it('reads UNAUTHENTICATED when the credential header is missing', async () => {
  // The snippet without its header: what a page sends before sign-in.
  const anonymous = await runSnippetWithout<Snippet>('apollo', h.url, ", headers: { 'X-ArcGIS-Token': token }", ['client', 'errorCode']);
  const error = await rejection(anonymous.client.mutate({ mutation: SHARE_ITEM, variables: { input: { itemId: D.parksMap, org: true } } }));
  expect(anonymous.errorCode(error)).toBe('UNAUTHENTICATED');
  expect(h.upstreamCount()).toBe(0);
});
