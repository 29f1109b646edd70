/**
 * Start-up with a ledger it cannot use: the built gateway stops with exit
 * code 1 and one line naming the setting to fix, never the password. With a
 * good store, a shutdown records the writes in flight before it closes the
 * ledger, and a restart finds them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runNode } from '../../src/dev/spawn';
import { startSimulators } from '../../src/simulators/start';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { DEMO_HEADERS } from '../helpers/harness';
import { DIST, spawnBuilt } from '../helpers/spawn-gateway';
import { waitFor } from '../helpers/wait-for';
import { HISTORY, SHARE_FOLDER, postRaw } from './gateway-kit';

const MAIN = path.join(DIST, 'main.js');

it('stops with one line naming DATABASE_URL, its password masked, when PostgreSQL cannot be reached', () => {
  const password = 'pw-never-printed-91';
  const run = runNode([MAIN], { env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `postgres://gateway:${password}@127.0.0.1:1/ledger` }, timeoutMs: 20_000 });
  expect(run.status).toBe(1);
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Ledger error: .*DATABASE_URL/);
  expect(lines[0]).toContain('postgres://gateway:***@127.0.0.1:1/ledger');
  expect(run.stdout + run.stderr).not.toContain(password);
});

it('stops naming LEDGER_DIR when the embedded store cannot be made there', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-startup-'));
  try {
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, 'a file where the folder should be');
    const run = runNode([MAIN], { env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LEDGER_DIR: file }, timeoutMs: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^Ledger error: .*LEDGER_DIR/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('records a write still in flight at SIGTERM before it closes the ledger, and keeps it across a restart', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ledger-restart-'));
  const sims = await startSimulators();
  try {
    const env = { ...sims.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', LEDGER_DIR: dir };
    const first = await spawnBuilt('main.js', env);
    sims.ocm.sim.inject({ kind: 'delay', ms: 1000, method: 'POST' });
    const inFlight = postRaw(first.url, { query: SHARE_FOLDER, variables: { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'VIEWER' }] } } }, DEMO_HEADERS);
    await waitFor(() => sims.ocm.sim.requests({ method: 'POST' }).length === 1, 5000);
    const exited = first.stop('SIGTERM');
    const shared = await inFlight;
    expect(await exited).toBe(0);
    const id = shared.body.data!.shareFolder.operationId;
    expect(id).toEqual(expect.any(String));
    const second = await spawnBuilt('main.js', env);
    const history = await postRaw(second.url, { query: HISTORY }, DEMO_HEADERS);
    expect(await second.stop()).toBe(0);
    expect(history.body.data!.sharingHistory.edges.map((e) => e.node.operationId)).toEqual([id]);
  } finally {
    await sims.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
