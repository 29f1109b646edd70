/**
 * `npm start`: the demo. Starts the three simulators on loopback, then the
 * gateway pointed at them with GraphiQL and introspection on, and prints
 * what runs where. Backend URLs given in the environment win over the
 * simulators, so the same command can front a real backend.
 */
import { ConfigError, loadConfig } from './config';
import { startSimulators } from './simulators/start';
import { describeBackends, run } from './main';

async function demo(): Promise<void> {
  const sims = await startSimulators({ arcgis: 4101, ocm: 4102, onlyoffice: 4103 });
  const env = {
    GRAPHIQL: 'true',
    INTROSPECTION: 'true',
    LOG_PRETTY: 'true',
    ...process.env,
    ARCGIS_URL: process.env.ARCGIS_URL || sims.env.ARCGIS_URL,
    OCM_URL: process.env.OCM_URL || sims.env.OCM_URL,
    ONLYOFFICE_URL: process.env.ONLYOFFICE_URL || sims.env.ONLYOFFICE_URL,
  };
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  await run({ ...config, host: process.env.HOST || '127.0.0.1' }, (url) => {
    // One write, so that whoever reads the banner sees it whole.
    console.log(
      [
        'sharing-gateway demo',
        `  GraphiQL:   ${url}   (example operations and demo credential headers are pre-filled)`,
        `  Simulators: ArcGIS ${sims.env.ARCGIS_URL}, OCM ${sims.env.OCM_URL}, ONLYOFFICE ${sims.env.ONLYOFFICE_URL}`,
        describeBackends(config),
      ].join('\n'),
    );
  });
}

void demo();
