/**
 * A simulated ONLYOFFICE Workspace (Community Server API 2.0) portal, for
 * tests and the demo. Stateful and in memory; `sim.reset()` brings back the
 * seed, and the SimServer kit adds the request log and fault injection.
 */
import { SimServer } from '../kit';
import { registerOnlyofficeRoutes } from './routes';
import { DEMO_ONLYOFFICE_SEED } from './seed';
import { OnlyofficeState } from './state';
import type { OnlyofficeSeed } from './state';

export function createOnlyofficeSimulator(options: { seed?: OnlyofficeSeed } = {}): { sim: SimServer; state: OnlyofficeState } {
  const seed = options.seed ?? DEMO_ONLYOFFICE_SEED;
  const state = new OnlyofficeState(seed);
  const sim = new SimServer('onlyoffice', () => state.load(seed));
  registerOnlyofficeRoutes(sim, state);
  return { sim, state };
}

export { OnlyofficeState } from './state';
export type { OnlyofficeSeed } from './state';
export { DEMO_ONLYOFFICE_SEED, ONLYOFFICE_DEMO } from './seed';
export { ONLYOFFICE_SIM_ROUTES } from './routes';
