/**
 * Shutdown says so (issue 21, point 5). In an attack run 36 requests were
 * lost because keep-alive clients sent them on sockets the gateway was
 * about to close. Once shutdown begins (what SIGTERM calls, src/main.ts):
 * every response carries `Connection: close`, those already in flight
 * included; idle keep-alive sockets are closed; a body still arriving is
 * cut at the body deadline, not at the end of the grace period.
 */
import { Client } from 'undici';
import { startHarness, DEMO_HEADERS } from '../helpers/harness';
import type { GqlBody, Harness } from '../helpers/harness';
import { slowPost, within } from '../helpers/slow-client';
import { waitFor } from '../helpers/wait-for';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';

let h: Harness;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await h.sims.close();
});

function client(): Client {
  const c = new Client(new URL(h.url).origin, { pipelining: 1 });
  clients.push(c);
  return c;
}

const SHARE = JSON.stringify({ query: `mutation { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", org: true }) { success } }` });

it('answers the operation in flight with Connection: close and closes the idle keep-alive socket', async () => {
  h = await startHarness();
  const idle = client();
  const first = await idle.request({ method: 'GET', path: '/healthz' });
  expect(first.headers.connection).toBe('keep-alive');
  await first.body.dump();
  const idleGone = new Promise<void>((resolve) => idle.once('disconnect', () => resolve()));

  h.sims.arcgis.sim.inject({ kind: 'delay', ms: 800, path: '/share' });
  const busy = client()
    .request({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', ...DEMO_HEADERS }, body: SHARE })
    .then(async (res) => ({ status: res.statusCode, connection: res.headers.connection, body: (await res.body.json()) as GqlBody }));
  await waitFor(() => h.sims.arcgis.sim.requests({ method: 'POST' }).length === 1, 5000);

  const shutdown = h.served.shutdown(10000);
  await within(idleGone, 5000, 'the idle keep-alive socket to close');
  const answer = await busy;
  expect(answer.status).toBe(200);
  expect(answer.connection).toBe('close');
  expect(answer.body.data!.shareItem.success).toBe(true);
  await within(shutdown, 10000, 'shutdown');
});

it('answers a request whose body was still arriving when shutdown began with Connection: close', async () => {
  h = await startHarness();
  const body = JSON.stringify({ query: '{ capabilities { backend } }' });
  const half = Math.floor(body.length / 2);
  // The headers and half the body before shutdown; the rest after.
  const slow = slowPost(h.url, { declared: body.length, prefix: Buffer.from(body.slice(0, half)), piece: Buffer.from(body.slice(half)), everyMs: 60_000 });
  await waitFor(() => slow.sent() === half, 5000);
  const shutdown = h.served.shutdown(10000);
  slow.socket.write(body.slice(half));
  const raw = await within(slow.closed, 5000, 'the answer and the close');
  expect(await slow.status).toBe(200);
  expect(raw).toMatch(/\r\nconnection: close\r\n/i);
  expect(raw).toContain('"capabilities"');
  await within(shutdown, 10000, 'shutdown');
});

it('cuts a slow upload open at shutdown at the body deadline (1.5 s), long before a 60 s grace period', async () => {
  h = await startHarness({ env: { BODY_TIMEOUT_MS: '1500', BODY_MIN_BYTES_PER_SEC: '0' } });
  const slow = slowPost(h.url, { declared: 100_000, piece: Buffer.alloc(10, 0x20), everyMs: 100 });
  await waitFor(() => slow.sent() > 0, 5000);
  const shutdown = h.served.shutdown(60_000);
  const raw = await within(slow.closed, 10_000, 'the slow upload to be cut');
  expect(await slow.status).toBe(408);
  expect(raw).toMatch(/\r\nconnection: close\r\n/i);
  await within(shutdown, 10_000, 'shutdown, well within its 60 s grace');
});
