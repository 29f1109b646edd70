/**
 * The fast path (src/http/fast-path.ts) must answer exactly as yoga does:
 * the same operations against two gateways, FAST_PATH on and off, give the
 * same status and the same body, for results, partial failures, input
 * errors, validation and parse errors and bad variables.
 */
import { request } from 'undici';
import { startHarness, DEMO_HEADERS } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

let fast: Harness;
let slow: Harness;
beforeAll(async () => {
  [fast, slow] = await Promise.all([startHarness(), startHarness({ env: { FAST_PATH: 'false' } })]);
});
afterAll(() => Promise.all([fast.close(), slow.close()]));

async function ask(h: Harness, body: unknown, headers: Record<string, string> = DEMO_HEADERS) {
  const res = await request(h.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.body.text();
  // Request ids differ by design; everything else must match.
  return { status: res.statusCode, type: res.headers['content-type'], body: text };
}

const CASES: Array<[string, unknown, Record<string, string>?]> = [
  ['a query', { query: '{ capabilities { backend roles maxRecipients } }' }],
  ['a mutation with variables', { query: 'mutation S($i: ShareItemInput!) { shareItem(input: $i) { itemId success notSharedWith { id title } error { code } } }', variables: { i: { itemId: D.parksMap, owner: 'alice', groups: [D.fieldTeamGroup, D.financeGroup] } } }],
  ['a per-item failure', { query: `mutation { shareItems(input: { itemIds: ["${D.parksMap}", "0000000000000000000000000000dead"], owner: "alice", org: true }) { results { itemId success error { code message backend upstreamCode } } } }` }],
  ['BAD_USER_INPUT', { query: 'mutation { shareItem(input: { itemId: "../x", org: true }) { success } }' }],
  ['UNAUTHENTICATED', { query: `mutation { shareItem(input: { itemId: "${D.parksMap}", org: true }) { success } }` }, {}],
  ['CONFIRM_ITEM_CONTROL_REQUIRED', { query: `mutation { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", groups: ["${D.editorsGroup}"] }) { success } }` }],
  ['a validation error', { query: '{ capabilities { nope } }' }],
  ['a parse error', { query: '{ capabilities { ' }],
  ['a bad variable', { query: 'query G($ids: [ID!]!) { groups(ids: $ids) { id } }', variables: { ids: [1.5, null] } }],
  ['a missing operation name', { query: 'query A { capabilities { backend } } query B { capabilities { roles } }' }],
  ['a failed read', { query: 'query { folderAccess(backend: OCM, folderId: "FNOPE") { folderId } }' }],
  ['introspection (off in production)', { query: '{ __schema { types { name } } }' }],
  ['a field suggestion probe', { query: 'mutation { shareIte(input: {}) { success } }' }],
  ['too many aliases', { query: `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: capabilities { backend }`).join(' ')} }` }],
];

// Rows may omit the headers; jest would take a missing third argument for a `done` callback.
it.each(CASES.map(([name, body, headers]) => [name, { body, headers }] as const))('%s: same status and body with and without the fast path', async (_name, { body, headers }) => {
  fast.reset();
  slow.reset();
  const [a, b] = await Promise.all([ask(fast, body, headers), ask(slow, body, headers)]);
  expect(a).toEqual(b);
});

it('takes the fast path for plain JSON (one upstream call, same answer) and leaves other shapes to yoga', async () => {
  const res = await ask(fast, { query: '{ capabilities { backend } }', extensions: { x: 1 } });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.body).data.capabilities).toHaveLength(3);
});

describe('validation, once per document', () => {
  const tooManyAliases = { query: `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: capabilities { backend }`).join(' ')} }` };
  const valid = { query: '{ capabilities { backend } }' };
  const codes = (body: string) => ((JSON.parse(body) as { errors?: Array<{ extensions?: { code?: string } }> }).errors ?? []).map((e) => e.extensions?.code);

  it('refuses an invalid document every time it comes, and answers a valid one the same every time', async () => {
    for (let i = 0; i < 3; i++) {
      const refused = await ask(fast, tooManyAliases);
      expect(codes(refused.body)).toEqual(['TOO_MANY_ALIASES']);
      const answered = await ask(fast, valid);
      expect(codes(answered.body)).toEqual([]);
      expect(JSON.parse(answered.body).data.capabilities).toHaveLength(3);
    }
  });

  it('keeps each gateway to its own rules: introspection allowed on one is still refused on another', async () => {
    const open = await startHarness({ env: { INTROSPECTION: 'true' } });
    try {
      const introspect = { query: '{ __schema { queryType { name } } }' };
      for (let i = 0; i < 2; i++) {
        expect(JSON.parse((await ask(open, introspect)).body).data.__schema.queryType.name).toBe('Query');
        const refused = codes((await ask(fast, introspect)).body);
        expect(refused.length).toBeGreaterThan(0);
        expect(new Set(refused)).toEqual(new Set(['GRAPHQL_VALIDATION_FAILED']));
      }
    } finally {
      await open.close();
    }
  });
});
