/**
 * Graceful shutdown of the built gateway (`node dist/main.js`, as deployed):
 * on SIGTERM it stops accepting connections, lets the mutation in flight
 * finish and answer in full, prints its upstream totals and exits 0.
 * Needs `npm run build` first (`npm test` does it).
 */
import { Client } from 'undici';
import { spawnBuilt } from '../helpers/spawn-gateway';
import type { Spawned } from '../helpers/spawn-gateway';
import { DEMO_HEADERS, postGql } from '../helpers/harness';
import { waitFor } from '../helpers/wait-for';
import { startSimulators } from '../../src/simulators/start';
import type { RunningSimulators } from '../../src/simulators/start';
import { hexId } from '../../src/simulators/arcgis/seed';

const SHARE_ITEMS = `mutation($input: ShareItemsInput!) {
  shareItems(input: $input) { results { itemId success error { code } } }
}`;

let sims: RunningSimulators;
let gateway: Spawned | null = null;

beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(async () => {
  if (gateway && gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  await sims.close();
});

it('finishes a slow shareItems in flight on SIGTERM, refuses new connections, and exits 0', async () => {
  // LEDGER=off: a recorded write reads the items first, which would add to the totals below (test/ledger/startup.test.ts shuts down with the ledger on).
  gateway = await spawnBuilt('main.js', { ...sims.env, PORT: '0', HOST: '127.0.0.1', UPSTREAM_HEADERS_TIMEOUT_MS: '10000', LEDGER: 'off' });
  const ids = [1, 2, 3].map((n) => hexId('ba', n));
  sims.arcgis.sim.inject({ kind: 'delay', ms: 1500, path: '/shareItems' });

  const inFlight = postGql(gateway.url, { query: SHARE_ITEMS, variables: { input: { itemIds: ids, owner: 'alice', org: true } } }, DEMO_HEADERS);
  await waitFor(() => sims.arcgis.sim.requests({ method: 'POST' }).length === 1, 5000);

  const exited = gateway.stop('SIGTERM');
  // The gateway prints this line and stops listening in one go (src/main.ts, src/listen.ts).
  await waitFor(() => gateway!.output().includes('SIGTERM: finishing in-flight operations'), 5000);
  // No new connections once shutdown has begun.
  const late = new Client(new URL(gateway.url).origin);
  const refused = await late.request({ method: 'GET', path: '/healthz' }).catch((e: unknown) => e);
  expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
  await late.close();

  const res = await inFlight;
  expect(res.status).toBe(200);
  expect(res.data!.shareItems.results).toEqual(ids.map((itemId) => ({ itemId, success: true, error: null })));
  expect(await exited).toBe(0);
  const totals = /upstream totals (\{.*\})/.exec(gateway.output());
  expect(totals).not.toBeNull();
  expect(JSON.parse(totals![1]!)).toMatchObject({ ARCGIS: { calls: 1, attempts: 1, retries: 0 } });
}, 20000);
