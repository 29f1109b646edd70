/**
 * The typed client in client/ (documents generated from operations/ by the
 * client preset) against a running gateway. `npm test` type-checks client/
 * before jest, so a schema change that breaks an example fails there too.
 */
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { execute } from '../../client/example-client';
import { CapabilitiesDocument, ShareFolderOcmGroupDocument, ShareFolderOnlyofficeDocument, ShareItemDocument } from '../../client/generated/graphql';
import { DEMO_HEADERS } from '../../src/graphiql';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

it('shares an item with a typed document and reads a typed result', async () => {
  const res = await execute(h.url, ShareItemDocument, {}, DEMO_HEADERS);
  expect(res.errors).toBeUndefined();
  const result = res.data!.shareItem;
  const ids: string[] = result.notSharedWith.map((g) => g.id);
  expect(result.success).toBe(true);
  expect(ids).toEqual(['f1e1d000000000000000000000000003']);
});

it('shares a folder and reads recipients through the typed result', async () => {
  const res = await execute(h.url, ShareFolderOnlyofficeDocument, {}, DEMO_HEADERS);
  const results = res.data!.shareFolder.results;
  expect(results.map((r) => r.success)).toEqual([true, true, false]);
  expect(results[2]!.error?.code).toBe('NOT_FOUND');
});

it('shares an OCM folder with two groups and a user: the groups in one POST, the member role changed by PUT /role', async () => {
  h.reset();
  const res = await execute(h.url, ShareFolderOcmGroupDocument, {}, DEMO_HEADERS);
  expect(res.errors).toBeUndefined();
  const results = res.data!.shareFolder.results;
  expect(results.map((r) => [r.recipientId, r.success, r.change, r.recipient?.kind])).toEqual([
    ['GS18003', true, 'GRANTED', 'GROUP'],
    ['GS18004', true, 'GRANTED', 'GROUP'],
    ['UCA7010D4C3B2A1F0E9D8C7BT00000000003', true, 'UPGRADED', 'USER'],
  ]);
  const writes = h.sims.ocm.sim.requests().filter((r) => r.method !== 'GET');
  expect(writes.map((r) => [r.method, r.route])).toEqual([
    ['POST', '/documents/api/1.2/shares/:folderId'],
    ['PUT', '/documents/api/1.2/shares/:folderId/role'],
  ]);
});

it('reads capabilities', async () => {
  const res = await execute(h.url, CapabilitiesDocument, {}, DEMO_HEADERS);
  expect(res.data!.capabilities.map((c) => c.backend)).toEqual(['ARCGIS', 'OCM', 'ONLYOFFICE']);
});
