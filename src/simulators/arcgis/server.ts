import { SimServer } from '../kit';
import { ArcgisState } from './state';
import { demoArcgisSeed } from './seed';
import type { ArcgisSeed } from './seed';
import { ARCGIS_BASE_PATH, registerArcgisRoutes } from './routes';

export { ARCGIS_BASE_PATH };

/** A stateful ArcGIS portal simulator; its REST root is `${sim.url}${ARCGIS_BASE_PATH}`. */
export function createArcgisSimulator(options: { seed?: ArcgisSeed } = {}): { sim: SimServer; state: ArcgisState } {
  const state = new ArcgisState(options.seed ?? demoArcgisSeed());
  const sim = new SimServer('arcgis', () => state.load());
  registerArcgisRoutes(sim, state);
  return { sim, state };
}
