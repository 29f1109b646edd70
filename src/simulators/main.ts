/**
 * `npm run simulators`: the three simulators alone, for people wiring their
 * own client. Ports: ARCGIS_SIM_PORT (4101), OCM_SIM_PORT (4102),
 * ONLYOFFICE_SIM_PORT (4103); a taken port falls back to a free one.
 */
import { startSimulators } from './start';
import { ARCGIS_DEMO } from './arcgis/seed';
import { OCM_DEMO } from './ocm/seed';
import { ONLYOFFICE_DEMO } from './onlyoffice/seed';

const port = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);

async function main(): Promise<void> {
  const sims = await startSimulators({
    arcgis: port('ARCGIS_SIM_PORT', 4101),
    ocm: port('OCM_SIM_PORT', 4102),
    onlyoffice: port('ONLYOFFICE_SIM_PORT', 4103),
  });
  console.log('Simulators running (loopback only):');
  console.log(`  ARCGIS_URL=${sims.env.ARCGIS_URL}          token: ${ARCGIS_DEMO.aliceToken}`);
  console.log(`  OCM_URL=${sims.env.OCM_URL}                Authorization: ${OCM_DEMO.bearer}`);
  console.log(`  ONLYOFFICE_URL=${sims.env.ONLYOFFICE_URL}  Authorization: ${ONLYOFFICE_DEMO.token}`);
  const stop = () => void sims.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
