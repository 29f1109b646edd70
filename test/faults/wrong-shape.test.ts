/**
 * No success without evidence (issue 21, point 4), route by route. In an
 * attack run JSON of the wrong shape read as success: shareFolder on `{}`,
 * a revoke that sent nothing after a members list answered `{}`
 * (UNCHANGED), shareItems results without `success`, a shareItem answer
 * naming another item. Each row answers one upstream call of one route with
 * such a body and expects UPSTREAM_ERROR on every target concerned, none of
 * them reported done, and (where a read comes before the write) nothing
 * written. The fault matrix (matrix.test.ts) runs the same kinds of body
 * against every backend's main sharing call.
 */
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { ARCGIS_DEMO as A, hexId } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as X } from '../../src/simulators/onlyoffice/seed';

type Backend = 'arcgis' | 'ocm' | 'onlyoffice';

/** What each target ended as: success, or the code of its error. */
type Outcome = true | string | null;

interface Route {
  backend: Backend;
  /** Which call gets the body. */
  call: { method: string; path: string };
  /** Runs the operation; one outcome per target, in input order. */
  run(h: Harness): Promise<Outcome[]>;
  /** Writes the backend must not have seen (the call answered was a read before them). */
  noWrites?: { method: string; path: string };
}

const ITEMS = [hexId('ba', 1), hexId('ba', 2)];

const itemOutcomes = (results: Array<{ success: boolean; error: { code: string } | null }>): Outcome[] => results.map((r) => (r.success ? true : (r.error?.code ?? null)));

const ROUTES: Record<string, Route> = {
  'ArcGIS shareItem': {
    backend: 'arcgis',
    call: { method: 'POST', path: `/items/${A.parksMap}/share` },
    run: async (h) => {
      const res = await h.gql(`mutation { shareItem(input: { itemId: "${A.parksMap}", owner: "alice", org: true }) { success error { code } } }`);
      return itemOutcomes([res.data!.shareItem]);
    },
  },
  'ArcGIS shareItems': {
    backend: 'arcgis',
    call: { method: 'POST', path: '/shareItems' },
    run: async (h) =>
      itemOutcomes(
        (await h.gql(`mutation($ids: [ID!]!) { shareItems(input: { itemIds: $ids, owner: "alice", org: true }) { results { success error { code } } } }`, { ids: ITEMS })).data!.shareItems.results,
      ),
  },
  'ArcGIS unshareItems': {
    backend: 'arcgis',
    call: { method: 'POST', path: '/unshareItems' },
    run: async (h) =>
      itemOutcomes(
        (
          await h.gql(`mutation($ids: [ID!]!, $g: [ID!]!) { unshareItems(input: { itemIds: $ids, owner: "alice", groups: $g }) { results { success error { code } } } }`, {
            ids: ITEMS,
            g: [A.fieldTeamGroup],
          })
        ).data!.unshareItems.results,
      ),
  },
  'ArcGIS itemAccess, at its item groups read': {
    backend: 'arcgis',
    call: { method: 'GET', path: `/items/${A.parksMap}/groups` },
    run: async (h) => {
      const res = await h.gql(`{ itemAccess(itemIds: ["${A.parksMap}"]) { itemId groups { id } } }`);
      return [res.data?.itemAccess?.[0] ? true : (res.errors?.[0]?.extensions?.code ?? null)];
    },
  },
  'OCM share (POST shares/{id})': {
    backend: 'ocm',
    call: { method: 'POST', path: `/shares/${O.projectFolderId}` },
    run: async (h) =>
      folderOutcomes(h, 'shareFolder', {
        backend: 'OCM',
        folderId: O.projectFolderId,
        recipients: [
          { id: O.bobId, role: 'VIEWER' },
          { id: O.daveId, role: 'VIEWER' },
        ],
      }),
  },
  'OCM role change (PUT shares/{id}/role)': {
    backend: 'ocm',
    call: { method: 'PUT', path: '/role' },
    run: async (h) => folderOutcomes(h, 'shareFolder', { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.carolId, role: 'VIEWER' }] }),
  },
  'OCM revoke (DELETE shares/{id}/user)': {
    backend: 'ocm',
    call: { method: 'DELETE', path: '/user' },
    run: async (h) => folderOutcomes(h, 'revokeFolderShares', { backend: 'OCM', folderId: O.projectFolderId, recipientIds: [O.carolId] }),
  },
  'OCM revoke, at its members read': {
    backend: 'ocm',
    call: { method: 'GET', path: '/items' },
    run: async (h) => folderOutcomes(h, 'revokeFolderShares', { backend: 'OCM', folderId: O.projectFolderId, recipientIds: [O.carolId, O.bobId] }),
    noWrites: { method: 'DELETE', path: '/user' },
  },
  'OCM share, at its members read': {
    backend: 'ocm',
    call: { method: 'GET', path: '/items' },
    run: async (h) => folderOutcomes(h, 'shareFolder', { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'VIEWER' }] }),
    noWrites: { method: 'POST', path: '/shares/' },
  },
  'OCM folderAccess': {
    backend: 'ocm',
    call: { method: 'GET', path: '/items' },
    run: async (h) => accessOutcome(h, 'OCM', O.projectFolderId),
  },
  'ONLYOFFICE share (PUT files/folder/{id}/share)': {
    backend: 'onlyoffice',
    call: { method: 'PUT', path: '/share' },
    run: async (h) =>
      folderOutcomes(h, 'shareFolder', {
        backend: 'ONLYOFFICE',
        folderId: X.myFolderId,
        recipients: [
          { id: X.carolId, role: 'VIEWER' },
          { id: X.designGroupId, role: 'VIEWER' },
        ],
      }),
  },
  'ONLYOFFICE folderAccess': {
    backend: 'onlyoffice',
    call: { method: 'GET', path: '/share' },
    run: async (h) => accessOutcome(h, 'ONLYOFFICE', X.myFolderId),
  },
};

async function folderOutcomes(h: Harness, field: 'shareFolder' | 'revokeFolderShares', input: Record<string, unknown>): Promise<Outcome[]> {
  const type = field === 'shareFolder' ? 'ShareFolderInput' : 'RevokeFolderSharesInput';
  const res = await h.gql(`mutation($input: ${type}!) { ${field}(input: $input) { results { success error { code } } } }`, { input });
  expect(res.errors).toBeUndefined();
  return itemOutcomes((res.data as unknown as Record<string, { results: Array<{ success: boolean; error: { code: string } | null }> }>)[field]!.results);
}

async function accessOutcome(h: Harness, backend: 'OCM' | 'ONLYOFFICE', folderId: string): Promise<Outcome[]> {
  const res = await h.gql(`{ folderAccess(backend: ${backend}, folderId: "${folderId}") { grants { principal { id } } } }`);
  return [res.data?.folderAccess ? true : (res.errors?.[0]?.extensions?.code ?? null)];
}

/** Bodies that parse as JSON and say nothing a share can be believed on, per backend. */
const BODIES: Record<Backend, Array<[string, string]>> = {
  arcgis: [
    ['{}', '{}'],
    ['no success, no notSharedWith', `{"itemId":"${A.parksMap}","results":[{"itemId":"${ITEMS[0]}"},{"itemId":"${ITEMS[1]}"}]}`],
    ['success as a string', `{"itemId":"${A.parksMap}","success":"true","results":[{"itemId":"${ITEMS[0]}","success":"true"},{"itemId":"${ITEMS[1]}","success":"true"}]}`],
    ['another item', `{"itemId":"${hexId('ba', 9)}","notSharedWith":[],"results":[{"itemId":"${hexId('ba', 9)}","success":true,"notSharedWith":[]}]}`],
    ['success without the item id', '{"success":true,"notSharedWith":[]}'],
    [
      'the evidence only under __proto__',
      `{"__proto__":{"itemId":"${A.parksMap}","success":true,"notSharedWith":[],"admin":[],"member":[],"other":[],"results":[{"itemId":"${ITEMS[0]}","success":true},{"itemId":"${ITEMS[1]}","success":true}]}}`,
    ],
  ],
  ocm: [
    ['{}', '{}'],
    ['errorCode alone', `{"errorCode":"0","id":"${O.projectFolderId}","type":"share"}`],
    ['members without errorCode', `{"members":[{"id":"${O.bobId}","isSuccessful":"1"},{"id":"${O.daveId}","isSuccessful":"1"},{"id":"${O.carolId}","isSuccessful":"1"}],"items":[]}`],
    ['the evidence only under __proto__', `{"__proto__":{"errorCode":"0","count":"0","items":[],"members":[{"id":"${O.bobId}","isSuccessful":"1"}]}}`],
  ],
  onlyoffice: [
    ['{}', '{}'],
    ['an envelope without response', '{"count":2,"status":0,"statusCode":200}'],
    ['a response that is not a list', '{"count":1,"status":0,"statusCode":200,"response":{"access":2}}'],
    ['the envelope only under __proto__', '{"__proto__":{"count":0,"status":0,"statusCode":200,"response":[]}}'],
  ],
};

const CASES = Object.entries(ROUTES).flatMap(([name, route]) => BODIES[route.backend].map(([label, body]) => [name, label, route, body] as const));

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { UPSTREAM_MAX_ATTEMPTS: '1' } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

it.each(CASES)('%s answered %s: UPSTREAM_ERROR on every target', async (_name, _label, route, body) => {
  const sim = h.sims[route.backend].sim;
  sim.inject({ kind: 'respond', status: 200, body, headers: { 'content-type': 'application/json' }, method: route.call.method, path: route.call.path, times: 10 });
  const outcomes = await route.run(h);
  expect(outcomes.length).toBeGreaterThan(0);
  expect(outcomes).toEqual(outcomes.map(() => 'UPSTREAM_ERROR'));
  // The call answered was made (the fault was used), and a write after a read that said nothing never went out.
  expect(sim.requests({ method: route.call.method }).some((r) => r.path.includes(route.call.path))).toBe(true);
  if (route.noWrites) expect(sim.requests({ method: route.noWrites.method }).filter((r) => r.path.includes(route.noWrites!.path))).toHaveLength(0);

  // The same operation succeeds against the backend's real answer.
  sim.clearFaults();
  h.reset();
  const clean = await route.run(h);
  expect(clean).toEqual(clean.map(() => true));
});
