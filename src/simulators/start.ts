/**
 * Starts the three simulators on loopback and says where the gateway should
 * point: ARCGIS_URL (the portal's REST root), OCM_URL and ONLYOFFICE_URL.
 */
import type { SimServer } from './kit';
import { createArcgisSimulator, ARCGIS_BASE_PATH } from './arcgis/server';
import type { ArcgisState } from './arcgis/state';
import { createOcmSimulator } from './ocm/server';
import type { OcmState } from './ocm/state';
import { createOnlyofficeSimulator } from './onlyoffice/server';
import type { OnlyofficeState } from './onlyoffice/state';

export interface RunningSimulators {
  arcgis: { sim: SimServer; state: ArcgisState };
  ocm: { sim: SimServer; state: OcmState };
  onlyoffice: { sim: SimServer; state: OnlyofficeState };
  /** Values for ARCGIS_URL, OCM_URL and ONLYOFFICE_URL. */
  env: { ARCGIS_URL: string; OCM_URL: string; ONLYOFFICE_URL: string };
  reset(): void;
  close(): Promise<void>;
}

export interface SimulatorPorts {
  arcgis?: number;
  ocm?: number;
  onlyoffice?: number;
}

/** Listens on the wanted port, or any free one when it is taken. */
async function listenPreferring(sim: SimServer, port: number, host: string): Promise<string> {
  try {
    return await sim.listen(port, host);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE' && port !== 0) return sim.listen(0, host);
    throw err;
  }
}

export async function startSimulators(ports: SimulatorPorts = {}, host = '127.0.0.1'): Promise<RunningSimulators> {
  const arcgis = createArcgisSimulator();
  const ocm = createOcmSimulator();
  const onlyoffice = createOnlyofficeSimulator();
  const arcgisUrl = await listenPreferring(arcgis.sim, ports.arcgis ?? 0, host);
  const ocmUrl = await listenPreferring(ocm.sim, ports.ocm ?? 0, host);
  const onlyofficeUrl = await listenPreferring(onlyoffice.sim, ports.onlyoffice ?? 0, host);
  return {
    arcgis,
    ocm,
    onlyoffice,
    env: { ARCGIS_URL: arcgisUrl + ARCGIS_BASE_PATH, OCM_URL: ocmUrl, ONLYOFFICE_URL: onlyofficeUrl },
    reset() {
      arcgis.sim.reset();
      ocm.sim.reset();
      onlyoffice.sim.reset();
    },
    async close() {
      await Promise.all([arcgis.sim.close(), ocm.sim.close(), onlyoffice.sim.close()]);
    },
  };
}
