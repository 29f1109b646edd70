import { request } from 'undici';
import { startObserved } from '../helpers/gateway-with';
import type { Observed } from '../helpers/gateway-with';
import { metric as value } from '../helpers/metrics';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';

let g: Observed;
beforeAll(async () => {
  g = await startObserved({ LOG_LEVEL: 'silent' });
});
afterAll(() => g.close());

async function scrape(): Promise<string> {
  const res = await request(g.served.url.replace('/graphql', '/metrics'));
  expect(res.statusCode).toBe(200);
  expect(String(res.headers['content-type'])).toContain('text/plain');
  return res.body.text();
}

it('counts operations, upstream requests and DataLoader batches, and the numbers move as expected', async () => {
  const before = await scrape();
  const share = `mutation ShareItems { shareItems(input: { itemIds: ["${hexId('ba', 1)}", "${hexId('ba', 2)}"], owner: "alice", groups: ["${D.fieldTeamGroup}", "${D.financeGroup}"] }) { results { notSharedWith { title } } } }`;
  for (let i = 0; i < 3; i++) await g.post({ query: share }, { 'x-arcgis-token': D.aliceToken });
  await g.post({ query: `query Groups { groups(ids: ["nope"]) { id } }` }, { 'x-arcgis-token': D.aliceToken });
  const after = await scrape();

  const ops = (t: string, outcome: string) => value(t, 'gateway_operations_total', { operation: 'ShareItems', outcome });
  expect(ops(after, 'ok') - ops(before, 'ok')).toBe(3);
  expect(value(after, 'gateway_operations_total', { operation: 'Groups', outcome: 'error' })).toBe(1);
  expect(value(after, 'gateway_operation_duration_seconds_count', { operation: 'ShareItems' })).toBeGreaterThanOrEqual(3);

  const shares = (t: string) => value(t, 'gateway_upstream_requests_total', { backend: 'ARCGIS', method: 'POST', route: '/content/users/:owner/shareItems', status: '200' });
  expect(shares(after) - shares(before)).toBe(3);
  expect(value(after, 'gateway_upstream_request_duration_seconds_count', { backend: 'ARCGIS', route: '/content/users/:owner/shareItems' })).toBeGreaterThanOrEqual(3);
  expect(value(after, 'gateway_dataloader_batch_size_count', { loader: 'groups' })).toBeGreaterThanOrEqual(3);
  expect(after).not.toContain(D.aliceToken);
  expect(after).not.toContain(hexId('ba', 1));
});

it("counts retries and shows each backend's breaker state", async () => {
  const before = await scrape();
  g.sims.arcgis.sim.inject({ kind: 'respond', status: 503, path: '/share', body: '' });
  const res = await g.post({ query: `mutation Retried { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", org: true }) { success } }` }, { 'x-arcgis-token': D.aliceToken });
  expect(res.data!.shareItem.success).toBe(true);
  const after = await scrape();
  expect(value(after, 'gateway_upstream_retries_total', { backend: 'ARCGIS' }) - value(before, 'gateway_upstream_retries_total', { backend: 'ARCGIS' })).toBe(1);
  for (const backend of ['ARCGIS', 'OCM', 'ONLYOFFICE']) expect(after).toContain(`gateway_breaker_state{backend="${backend}"} 0`);
});
