/**
 * The gateway's JSON log lines: one per operation, with what an operator
 * needs, and never a credential. Lines are written when the response has
 * finished, which can be just after the client has read it: each test waits
 * for the line it is about before it reads the log.
 */
import { startObserved } from '../helpers/gateway-with';
import type { Observed } from '../helpers/gateway-with';
import { waitFor } from '../helpers/wait-for';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO } from '../../src/simulators/ocm/seed';

let g: Observed;
beforeAll(async () => {
  g = await startObserved();
});
afterAll(() => g.close());

const SHARE = `mutation ShareParks { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", groups: ["${D.fieldTeamGroup}"] }) { success } }`;
const operationLines = (requestId: string) => g.lines.filter((l) => l.msg === 'operation' && l.requestId === requestId);
const logged = (requestId: string) => waitFor(() => operationLines(requestId).length > 0);

it('writes one JSON line per operation with request id, name, backends, upstream count, duration and outcome', async () => {
  const res = await g.post({ query: SHARE }, { 'x-arcgis-token': D.aliceToken, 'x-request-id': 'req-abc-123' });
  expect(res.data!.shareItem.success).toBe(true);
  await logged('req-abc-123');
  // A later request's line is the proof that no second line for this one is still to come.
  await g.post({ query: '{ capabilities { backend } }' }, { 'x-request-id': 'req-abc-124' });
  await logged('req-abc-124');
  const lines = operationLines('req-abc-123');
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
  expect(lines[0]!.durationMs).toEqual(expect.any(Number));
});

it('returns the request id and forwards it upstream', async () => {
  g.sims.reset();
  const res = await g.post({ query: SHARE }, { 'x-arcgis-token': D.aliceToken, 'x-request-id': 'trace-me-42' });
  expect(res.headers['x-request-id']).toBe('trace-me-42');
  expect(g.sims.arcgis.sim.log).toHaveLength(2);
  for (const r of g.sims.arcgis.sim.log) expect(r.headers['x-request-id']).toBe('trace-me-42');
});

it('makes a request id when none (or an unsafe one) is given', async () => {
  const res = await g.post({ query: '{ capabilities { backend } }' }, { 'x-request-id': 'bad id\twith spaces' });
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  await logged(String(res.headers['x-request-id']));
});

it('never logs a credential, even when a backend echoes it in its error body', async () => {
  const token = 'ultra-secret-token-0042';
  g.sims.reset();
  g.sims.arcgis.sim.inject({ kind: 'respond', status: 500, path: '/share', body: `{"error":{"code":500,"message":"bad token ${token}"}}` });
  g.sims.ocm.sim.inject({ kind: 'respond', status: 401, path: '/shares/', body: `{"errorCode":"-1","errorMessage":"Bearer ${token}"}` });
  const arcgis = await g.post({ query: SHARE }, { 'x-arcgis-token': token, 'x-request-id': 'echo-arcgis' });
  const ocm = await g.post(
    { query: `mutation { shareFolder(input: { backend: OCM, folderId: "${OCM_DEMO.projectFolderId}", recipients: [{ id: "${OCM_DEMO.bobId}", role: VIEWER }] }) { results { success } } }` },
    { 'x-ocm-authorization': `Bearer ${token}`, 'x-request-id': 'echo-ocm' },
  );
  // The token went out and came back in both backends' error bodies...
  expect(arcgis.data!.shareItem.success).toBe(false);
  expect(ocm.data!.shareFolder.results[0]!.success).toBe(false);
  expect(g.sims.arcgis.sim.log.some((r) => r.headers['x-esri-authorization'] === `Bearer ${token}`)).toBe(true);
  expect(g.sims.ocm.sim.log.some((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
  // ...and both operations have been logged: only now can the log be searched for it.
  await logged('echo-arcgis');
  await logged('echo-ocm');
  expect(g.raw()).not.toContain(token);
});

it("redacts credentials by the logger's own paths", async () => {
  g.gateway.logger.info({ headers: { 'x-arcgis-token': 'leak-1', authorization: 'Bearer leak-2' }, token: 'leak-3' }, 'probe');
  await waitFor(() => g.lines.some((l) => l.msg === 'probe'));
  const probe = g.lines.find((l) => l.msg === 'probe')!;
  expect(probe).toMatchObject({ headers: { 'x-arcgis-token': '[redacted]', authorization: '[redacted]' }, token: '[redacted]' });
  expect(g.raw()).not.toMatch(/leak-[123]/);
});
