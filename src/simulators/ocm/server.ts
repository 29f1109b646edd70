import { SimServer } from '../kit';
import { OcmState } from './state';
import { DEMO_OCM_SEED } from './seed';
import type { OcmSeed } from './seed';
import { OCM_BASE_PATH, OCM_SIM_ROUTES, registerOcmRoutes } from './routes';
import { OCM_MAX_IDS_PER_CALL, OCM_V12_BASE_PATH, OCM_V12_SIM_ROUTES } from './routes-v12';

export { OCM_BASE_PATH, OCM_SIM_ROUTES, OCM_V12_BASE_PATH, OCM_V12_SIM_ROUTES, OCM_MAX_IDS_PER_CALL };
export { DEMO_OCM_SEED, OCM_DEMO } from './seed';
export type { OcmSeed, OcmSeedFolder, OcmSeedGroup, OcmSeedUser, OcmRole } from './seed';
export { OcmState } from './state';

/**
 * A stateful Oracle Content Management (Documents REST API) simulator,
 * serving 1.1 and 1.2 side by side. Point the OCM connector at `sim.url`:
 * paths carry `/documents/api/1.x` themselves. `sim.reset()` reloads the seed.
 */
export function createOcmSimulator(options: { seed?: OcmSeed } = {}): { sim: SimServer; state: OcmState } {
  const state = new OcmState(options.seed ?? DEMO_OCM_SEED);
  const sim = new SimServer('ocm', () => state.load());
  registerOcmRoutes(sim, state);
  return { sim, state };
}
