/**
 * `npm start` as a newcomer meets it: the built demo starts the simulators
 * and the gateway, serves GraphiQL with the examples and demo headers, and
 * every example operation runs without an error.
 */
import path from 'node:path';
import { request } from 'undici';
import { spawnBuilt } from '../helpers/spawn-gateway';
import type { Spawned } from '../helpers/spawn-gateway';
import type { GqlBody } from '../helpers/graphql';
import { DEMO_HEADERS, exampleOperations } from '../../src/graphiql';

const examples = exampleOperations(path.resolve(__dirname, '../..'));
const operationNames = examples.map((e) => e.name);

let demo: Spawned;
beforeAll(async () => {
  demo = await spawnBuilt('demo.js', { PORT: '0', HOST: '127.0.0.1' }, /GraphiQL:\s+(http:\/\/\S+\/graphql)/);
}, 20000);
afterAll(async () => {
  expect(await demo.stop()).toBe(0);
});

it('prints what runs where', () => {
  expect(demo.output()).toMatch(/ARCGIS\s+http:\/\/127\.0\.0\.1:\d+\/sharing\/rest/);
  expect(demo.output()).toMatch(/OCM\s+http:\/\/127\.0\.0\.1:\d+/);
  expect(demo.output()).toMatch(/ONLYOFFICE\s+http:\/\/127\.0\.0\.1:\d+/);
});

it('serves GraphiQL with the example operations and demo headers pre-filled', async () => {
  const res = await request(demo.url, { headers: { accept: 'text/html' } });
  const html = await res.body.text();
  expect(res.statusCode).toBe(200);
  expect(html).toContain('GraphiQL');
  expect(html).toContain('ShareItem');
  expect(html).toContain('ShareFolderOnlyoffice');
  expect(html).toContain('X-ArcGIS-Token');
});

it('has examples of share, read-back, revoke and dry run for every backend', () => {
  for (const name of [
    'ShareItem',
    'ShareItems',
    'ShareItemsDryRun',
    'ItemAccess',
    'UnshareItems',
    'ShareFolderOcm',
    'ShareFolderOcmGroup',
    'ShareFolderOnlyoffice',
    'FolderAccessOcm',
    'FolderAccessOnlyoffice',
    'RevokeFolderSharesOcm',
    'RevokeFolderSharesOnlyoffice',
    'ShareFolderOcmDryRun',
    'ShareFolderOnlyofficeDryRun',
    'RevokeFolderSharesOnlyofficeDryRun',
    'ShareFileOnlyoffice',
    'FileAccessOnlyoffice',
    'RevokeFileSharesOnlyoffice',
    'ShareFileOnlyofficeDryRun',
    'ShareItemForHistory',
    'SharingHistory',
    'UndoOperationDryRun',
    'UndoOperation',
  ]) {
    expect(operationNames).toContain(name);
  }
});

/** The newest operation in the demo's ledger, for the undo examples, which take it as their one variable. */
async function newestOperationId(): Promise<string> {
  const res = await request(demo.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...DEMO_HEADERS },
    body: JSON.stringify({ query: '{ sharingHistory(first: 1) { edges { node { operationId } } } }' }),
  });
  const body = (await res.body.json()) as GqlBody<{ sharingHistory: { edges: Array<{ node: { operationId: string } }> } }>;
  return body.data!.sharingHistory.edges[0]!.node.operationId;
}

it.each(examples.map((e) => [e.name, e.document]))('example %s runs against the simulators without an error', async (_name, document) => {
  const variables = document.includes('$operationId') ? { operationId: await newestOperationId() } : undefined;
  const res = await request(demo.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...DEMO_HEADERS },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = (await res.body.json()) as GqlBody<Record<string, unknown>>;
  expect(body.errors).toBeUndefined();
  expect(Object.values(body.data!).every((v) => v !== null)).toBe(true);
});
