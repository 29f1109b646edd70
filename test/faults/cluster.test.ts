/**
 * The cluster heals and reports as one (issue 21, point 6), on the built
 * gateway (`node dist/main.js` with WORKERS=2, as deployed):
 * - a worker killed with SIGKILL is forked again, and /healthz on the
 *   shared port reports the live workers throughout;
 * - /metrics answers for every worker from whichever worker a scrape
 *   reaches, and no counter goes backwards, not even across a worker's
 *   death;
 * - workers that keep dying before they listen make the primary give up
 *   (exit 1) after MAX_FAILED_STARTS of them, not fork for ever.
 * Needs `npm run build:dev` first (`npm test` does it).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Client } from 'undici';
import { DIST, spawnBuilt } from '../helpers/spawn-gateway';
import type { Spawned } from '../helpers/spawn-gateway';
import { metric } from '../helpers/metrics';
import { waitFor } from '../helpers/wait-for';
import { spawnNode } from '../../src/dev/spawn';
import { startSimulators } from '../../src/simulators/start';
import type { RunningSimulators } from '../../src/simulators/start';
import { MAX_FAILED_STARTS } from '../../src/main';

let sims: RunningSimulators;
let gateway: Spawned | null = null;
beforeAll(async () => {
  sims = await startSimulators();
});
afterAll(async () => {
  if (gateway && gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  await sims.close();
});

/** The primary's children: its workers. */
function workerPids(primary: number): number[] {
  try {
    return readFileSync(`/proc/${primary}/task/${primary}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return execFileSync('pgrep', ['-P', String(primary)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  }
}

/** One request on a connection of its own: the primary hands connections to the workers in turn. */
async function onFreshConnection(origin: string, method: 'GET' | 'POST', pathName: string, body?: string): Promise<{ status: number; text: string }> {
  const client = new Client(origin);
  try {
    const res = await client.request({ method, path: pathName, headers: body ? { 'content-type': 'application/json' } : {}, body });
    return { status: res.statusCode, text: await res.body.text() };
  } finally {
    await client.close();
  }
}

interface Health {
  status: string;
  workers?: { live: number; configured: number };
}

const health = async (origin: string) => JSON.parse((await onFreshConnection(origin, 'GET', '/healthz')).text) as Health;
const CAPABILITIES = JSON.stringify({ query: 'query Capabilities { capabilities { backend } }' });
const counted = async (origin: string) => metric((await onFreshConnection(origin, 'GET', '/metrics')).text, 'gateway_operations_total', { operation: 'Capabilities', outcome: 'ok' });

it('forks a killed worker again, reports live workers on /healthz, and sums all workers in /metrics without going backwards', async () => {
  gateway = await spawnBuilt('main.js', { ...sims.env, PORT: '0', HOST: '127.0.0.1', WORKERS: '2', LOG_LEVEL: 'silent' });
  const origin = new URL(gateway.url).origin;
  await waitFor(async () => (await health(origin)).workers?.live === 2, 10_000);
  expect(await health(origin)).toEqual({ status: 'ok', workers: { live: 2, configured: 2 } });

  // Six operations on one connection: one worker counts them all.
  const one = new Client(origin);
  for (let i = 0; i < 6; i++) {
    const res = await one.request({ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: CAPABILITIES });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  }
  await one.close();
  // Scrapes on fresh connections reach both workers in turn; each answers for the cluster.
  const before: number[] = [];
  for (let i = 0; i < 4; i++) before.push(await counted(origin));
  expect(before).toEqual([6, 6, 6, 6]);

  const pids = workerPids(gateway.pid);
  expect(pids).toHaveLength(2);
  process.kill(pids[0]!, 'SIGKILL');
  await waitFor(() => {
    const now = workerPids(gateway!.pid);
    return now.length === 2 && !now.includes(pids[0]!);
  }, 10_000);
  await waitFor(async () => (await health(origin)).workers?.live === 2, 10_000);
  expect(gateway.output()).toMatch(new RegExp(`worker ${pids[0]} died \\(SIGKILL\\); forking another in \\d+ ms`));

  for (let i = 0; i < 2; i++) expect((await onFreshConnection(origin, 'POST', '/graphql', CAPABILITIES)).status).toBe(200);
  // Whichever worker died, its six are still counted (kept from its last report), plus the two since.
  const after: number[] = [];
  for (let i = 0; i < 4; i++) after.push(await counted(origin));
  expect(after).toEqual([8, 8, 8, 8]);

  const code = await gateway.stop();
  if (code !== 0) console.log(gateway.output());
  expect(code).toBe(0);
}, 60_000);

it(`gives up, exit 1, after ${MAX_FAILED_STARTS} workers in a row die before they listen`, async () => {
  // The port is taken, so every worker's listen fails at start-up.
  const squatter = http.createServer((_req, res) => res.end());
  await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', () => resolve()));
  const port = (squatter.address() as AddressInfo).port;
  try {
    const primary = await spawnNode(path.join(DIST, 'main.js'), {
      env: { PATH: process.env.PATH ?? '', ...sims.env, PORT: String(port), HOST: '127.0.0.1', WORKERS: '2', LOG_LEVEL: 'silent' },
      ready: /workers in a row died before they listened/,
      timeoutMs: 30_000,
    });
    expect(await primary.exited).toBe(1);
    // Two forked at start; each of the first four start-up deaths got a new fork; the fifth ended it.
    expect([...primary.output().matchAll(/forking another in \d+ ms/g)]).toHaveLength(MAX_FAILED_STARTS - 1);
  } finally {
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  }
}, 60_000);
