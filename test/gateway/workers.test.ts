/**
 * WORKERS=2: two cluster workers share the port, both serve, and SIGTERM
 * ends them all with exit code 0. Each worker has its own upstream clients
 * and prints their totals when it shuts down: two totals lines, each with
 * calls of its own, are what shows that both workers served.
 */
import { Client } from 'undici';
import { spawnBuilt } from '../helpers/spawn-gateway';
import type { UpstreamStats } from '../../src/connectors/upstream/client';
import { startSimulators } from '../../src/simulators/start';
import type { RunningSimulators } from '../../src/simulators/start';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';
import type { GqlBody } from '../helpers/graphql';

let sims: RunningSimulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.close());

const REQUESTS = 20;
const SHARE = `mutation { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", org: true }) { success } }`;

/** One request on a connection of its own: the primary hands connections to the workers in turn. */
async function shareOnNewConnection(url: string): Promise<GqlBody> {
  const client = new Client(new URL(url).origin);
  try {
    const res = await client.request({
      method: 'POST',
      path: new URL(url).pathname,
      headers: { 'content-type': 'application/json', 'x-arcgis-token': D.aliceToken },
      body: JSON.stringify({ query: SHARE }),
    });
    return (await res.body.json()) as GqlBody;
  } finally {
    await client.close();
  }
}

it('serves from two workers and shuts down cleanly', async () => {
  const gateway = await spawnBuilt('main.js', { ...sims.env, PORT: '0', HOST: '127.0.0.1', WORKERS: '2', LOG_LEVEL: 'silent' });
  let code: number | null = null;
  try {
    expect(gateway.output()).toContain('(2 workers)');
    const answers = await Promise.all(Array.from({ length: REQUESTS }, () => shareOnNewConnection(gateway.url)));
    expect(answers.map((a) => a.data?.shareItem.success)).toEqual(answers.map(() => true));
  } finally {
    code = await gateway.stop();
    if (code !== 0) console.log(`gateway output:\n${gateway.output()}`);
  }
  expect(code).toBe(0);
  const totals = [...gateway.output().matchAll(/upstream totals (\{.*\})/g)].map((m) => JSON.parse(m[1]!) as Record<string, UpstreamStats>);
  expect(totals).toHaveLength(2);
  // Both workers called ArcGIS, and between them they made every call the simulator saw.
  for (const worker of totals) expect(worker.ARCGIS!.calls).toBeGreaterThan(0);
  expect(totals.reduce((sum, worker) => sum + worker.ARCGIS!.attempts, 0)).toBe(sims.arcgis.sim.log.length);
  expect(sims.arcgis.sim.log.length).toBeGreaterThanOrEqual(REQUESTS);
}, 30000);
