/**
 * Log lines are written in batches, yet a quiet gateway's last operation
 * still reaches stdout within about a second (LOG_FLUSH_MS), without more
 * traffic and without the process ending.
 */
import { request } from 'undici';
import { spawnBuilt } from '../helpers/spawn-gateway';
import { waitFor } from '../helpers/wait-for';
import { startSimulators } from '../../src/simulators/start';
import type { RunningSimulators } from '../../src/simulators/start';
import { LOG_FLUSH_MS } from '../../src/observability/logger';

let sims: RunningSimulators;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(() => sims.close());

it("writes a single operation's line without waiting for the batch to fill", async () => {
  const gateway = await spawnBuilt('main.js', { ...sims.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  try {
    const res = await request(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'quiet-gateway-line' },
      body: JSON.stringify({ query: '{ capabilities { backend } }' }),
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();
    // Generous against a loaded CI machine; what matters is that it comes without more traffic.
    await waitFor(() => gateway.output().includes('"requestId":"quiet-gateway-line"'), LOG_FLUSH_MS * 5);
    expect(gateway.output()).toContain('"requestId":"quiet-gateway-line"');
  } finally {
    await gateway.stop();
  }
}, 30000);
