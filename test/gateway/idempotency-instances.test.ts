/**
 * Idempotency across gateway instances: two built gateway processes
 * (dist/main.js) on one PostgreSQL, in front of the same simulators, get
 * the same mutation with the same Idempotency-Key at once. The database
 * decides which one runs it: exactly one upstream write, both answers the
 * same, one of them replayed. Needs PostgreSQL: in CI a missing server fails
 * the test; a developer's local run skips it and says why.
 */
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { startSimulators } from '../../src/simulators/start';
import type { RunningSimulators } from '../../src/simulators/start';
import { DEMO_HEADERS } from '../helpers/harness';
import { spawnBuilt } from '../helpers/spawn-gateway';
import type { Spawned } from '../helpers/spawn-gateway';
import { IN_CI, POSTGRES_URL, postgresEngine, postgresUnreachable } from '../ledger/engines';
import type { StoreLocation } from '../ledger/engines';
import { SHARE_FOLDER, postRaw } from '../ledger/gateway-kit';

const unreachable = postgresUnreachable();
if (unreachable && !IN_CI) {
  console.warn(
    `Skipping idempotency across instances: nothing answers at ${POSTGRES_URL} (${unreachable}). Start PostgreSQL (as .ci/run does) to run it; with CI=true this fails instead of skipping.`,
  );
}
const describeWithPostgres = unreachable && !IN_CI ? describe.skip : describe;

describeWithPostgres('two gateway processes on one PostgreSQL', () => {
  let sims: RunningSimulators;
  let location: StoreLocation;
  const gateways: Spawned[] = [];

  beforeAll(async () => {
    sims = await startSimulators();
    location = await postgresEngine.fresh();
    const env = { ...sims.env, ...location.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' };
    gateways.push(...(await Promise.all([spawnBuilt('main.js', env), spawnBuilt('main.js', env)])));
  }, 30_000);
  afterAll(async () => {
    const codes = await Promise.all(gateways.map((g) => g.stop()));
    await sims?.close();
    await location?.dispose();
    expect(codes).toEqual(gateways.map(() => 0));
  });

  it('does the mutation once when both get the same key at once', async () => {
    // A slow write, so that the second instance asks while the first still holds the key.
    sims.ocm.sim.inject({ kind: 'delay', ms: 1000, method: 'POST' });
    const body = { query: SHARE_FOLDER, variables: { input: { backend: 'OCM', folderId: O.projectFolderId, recipients: [{ id: O.bobId, role: 'VIEWER' }] } } };
    const headers = { ...DEMO_HEADERS, 'idempotency-key': 'one-key-two-instances' };
    const [a, b] = await Promise.all(gateways.map((g) => postRaw(g.url, body, headers)));
    expect([a!.status, b!.status]).toEqual([200, 200]);
    expect(sims.ocm.sim.requests({ method: 'POST' })).toHaveLength(1);
    expect(a!.text).toBe(b!.text);
    expect([a!.headers['idempotent-replayed'], b!.headers['idempotent-replayed']].filter((v) => v === 'true')).toHaveLength(1);
    expect(a!.body.data!.shareFolder.results[0]).toMatchObject({ success: true, change: 'GRANTED' });
    expect(await location.count('ledger_operation')).toBe(1);
    expect(gateways[0]!.url).not.toBe(gateways[1]!.url);
  });
});
