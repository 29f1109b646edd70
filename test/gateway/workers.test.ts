/**
 * WORKERS=2: two cluster workers share the port, both serve, and SIGTERM
 * ends them all with exit code 0.
 */
import { request } from 'undici';
import { spawnBuilt } from '../helpers/spawn-gateway';
import { startSimulators } from '../../src/simulators/start';
import type { RunningSimulators } from '../../src/simulators/start';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

let sims: RunningSimulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.close());

it('serves from two workers and shuts down cleanly', async () => {
  const gateway = await spawnBuilt('main.js', { ...sims.env, PORT: '0', HOST: '127.0.0.1', WORKERS: '2', LOG_LEVEL: 'silent' });
  try {
    expect(gateway.output()).toContain('(2 workers)');
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await request(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-arcgis-token': D.aliceToken },
          body: JSON.stringify({ query: `mutation { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", org: true }) { success } }` }),
        });
        return (await res.body.json()) as { data: { shareItem: { success: boolean } } };
      }),
    );
    expect(answers.every((a) => a.data.shareItem.success)).toBe(true);
  } finally {
    const code = await gateway.stop();
    if (code !== 0) console.log(`gateway output:\n${gateway.output()}`);
    expect(code).toBe(0);
  }
}, 30000);
