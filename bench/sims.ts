/**
 * Benchmark child process: the three simulators, each answer held for
 * BENCH_LATENCY_MS (0 unless set: the CPU table wants none, the latency table
 * a real backend's distance), request logging reduced to per-route counters
 * (so memory stays flat), and seeds grown with enough users for 20-recipient
 * folder shares. Prints one JSON line with the URLs, then serves until killed.
 */
import { SimServer } from '../src/simulators/kit';
import { createArcgisSimulator, ARCGIS_BASE_PATH } from '../src/simulators/arcgis/server';
import { createOcmSimulator } from '../src/simulators/ocm/server';
import { DEMO_OCM_SEED, OCM_DEMO } from '../src/simulators/ocm/seed';
import { createOnlyofficeSimulator } from '../src/simulators/onlyoffice/server';
import { DEMO_ONLYOFFICE_SEED, ONLYOFFICE_DEMO } from '../src/simulators/onlyoffice/seed';

export const BENCH_USERS = 20;

/** `U` + 23 hex + `T` + 11 digits, the documented OCM user id form. */
export const ocmBenchUser = (n: number) => `UBE0C${n.toString(16).padStart(19, '0')}T${String(n).padStart(11, '0')}`;
export const onlyofficeBenchUser = (n: number) => `be0c0000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function main(): Promise<void> {
  const arcgis = createArcgisSimulator();
  const ocm = createOcmSimulator({
    seed: {
      users: [
        ...DEMO_OCM_SEED.users,
        ...Array.from({ length: BENCH_USERS }, (_, i) => ({
          id: ocmBenchUser(i + 1),
          displayName: `Bench User ${i + 1}`,
          loginName: `bench${i + 1}`,
          email: `bench${i + 1}@example.com`,
          password: 'x',
          tokens: [],
          homeFolderId: OCM_DEMO.aliceHomeId,
        })),
      ],
      folders: DEMO_OCM_SEED.folders,
    },
  });
  const onlyoffice = createOnlyofficeSimulator({
    seed: {
      ...DEMO_ONLYOFFICE_SEED,
      users: [
        ...DEMO_ONLYOFFICE_SEED.users,
        ...Array.from({ length: BENCH_USERS }, (_, i) => ({
          id: onlyofficeBenchUser(i + 1),
          userName: `bench${i + 1}`,
          firstName: 'Bench',
          lastName: `User ${i + 1}`,
          email: `bench${i + 1}@example.com`,
          password: 'x',
          tokens: [],
        })),
      ],
    },
  });
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new Error(`BENCH_LATENCY_MS must be a number of milliseconds, not ${process.env.BENCH_LATENCY_MS}`);
  arcgis.state.options.latencyMs = latencyMs;
  ocm.state.latencyMs = latencyMs;
  onlyoffice.state.latencyMs = latencyMs;
  const sims: SimServer[] = [arcgis.sim, ocm.sim, onlyoffice.sim];
  for (const sim of sims) sim.keepLog = false;
  const [a, o, w] = await Promise.all(sims.map((s) => s.listen(0, '127.0.0.1')));
  console.log(JSON.stringify({ arcgis: a, arcgisRoot: a + ARCGIS_BASE_PATH, ocm: o, onlyoffice: w, onlyofficeAlice: ONLYOFFICE_DEMO.aliceId }));
}

if (require.main === module) void main();
