import { startObserved } from '../helpers/gateway-with';
import type { Observed } from '../helpers/gateway-with';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO } from '../../src/simulators/ocm/seed';

let g: Observed;
beforeAll(async () => {
  g = await startObserved();
});
afterAll(() => g.close());

const SHARE = `mutation ShareParks { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", groups: ["${D.fieldTeamGroup}"] }) { success } }`;
const operationLines = () => g.lines.filter((l) => l.msg === 'operation');

it('writes one JSON line per operation with request id, name, backends, upstream count, duration and outcome', async () => {
  const before = operationLines().length;
  const res = await g.post({ query: SHARE }, { 'x-arcgis-token': D.aliceToken, 'x-request-id': 'req-abc-123' });
  expect(res.json.data.shareItem.success).toBe(true);
  await new Promise((r) => setTimeout(r, 20));
  const lines = operationLines().slice(before);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: 30,
    requestId: 'req-abc-123',
    operation: 'ShareParks',
    operationType: 'mutation',
    backends: ['ARCGIS'],
    upstreamRequests: 2,
    status: 200,
    outcome: 'ok',
  });
  expect(typeof lines[0]!.durationMs).toBe('number');
});

it('returns the request id and forwards it upstream', async () => {
  g.sims.reset();
  const res = await g.post({ query: SHARE }, { 'x-arcgis-token': D.aliceToken, 'x-request-id': 'trace-me-42' });
  expect(res.headers['x-request-id']).toBe('trace-me-42');
  for (const r of g.sims.arcgis.sim.log) expect(r.headers['x-request-id']).toBe('trace-me-42');
});

it('makes a request id when none (or an unsafe one) is given', async () => {
  const res = await g.post({ query: '{ capabilities { backend } }' }, { 'x-request-id': 'bad id\twith spaces' });
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

it('never logs a credential, even when a backend echoes it in its error body', async () => {
  const token = 'ultra-secret-token-0042';
  g.sims.arcgis.sim.inject({ kind: 'respond', status: 500, path: '/share', body: `{"error":{"code":500,"message":"bad token ${token}"}}` });
  g.sims.ocm.sim.inject({ kind: 'respond', status: 401, path: '/shares/', body: `{"errorCode":"-1","errorMessage":"Bearer ${token}"}` });
  await g.post({ query: SHARE }, { 'x-arcgis-token': token });
  await g.post(
    { query: `mutation { shareFolder(input: { backend: OCM, folderId: "${OCM_DEMO.projectFolderId}", recipients: [{ id: "${OCM_DEMO.bobId}", role: VIEWER }] }) { results { success } } }` },
    { 'x-ocm-authorization': `Bearer ${token}` },
  );
  await new Promise((r) => setTimeout(r, 20));
  expect(g.raw()).not.toContain(token);
  expect(g.lines.length).toBeGreaterThan(0);
});

it('redacts credentials by the logger\'s own paths', () => {
  const { REDACT_PATHS } = require('../../src/observability/logger') as { REDACT_PATHS: string[] };
  g.gateway.logger.info({ headers: { 'x-arcgis-token': 'leak-1', authorization: 'Bearer leak-2' }, token: 'leak-3' }, 'probe');
  expect(REDACT_PATHS.length).toBeGreaterThan(3);
  expect(g.raw()).toContain('probe');
  expect(g.raw()).not.toMatch(/leak-[123]/);
});
