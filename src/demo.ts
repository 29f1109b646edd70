/**
 * `npm start`: the demo. Starts the three simulators on loopback, then the
 * gateway pointed at them with GraphiQL and introspection on, CORS open to
 * browser apps on this machine's dev servers, and prints what runs where. Backend URLs given in the environment win over the
 * simulators, so the same command can front a real backend.
 */
import { ConfigError, loadConfig } from './config';
import { startSimulators } from './simulators/start';
import { describeBackends, exitOnConfigError, run } from './main';

/** Browser apps on a dev server (Vite, webpack, Next …) on any port of this machine; CORS_ORIGINS in the environment wins. */
const DEMO_CORS_ORIGINS = 'http://localhost:*,http://127.0.0.1:*,http://[::1]:*';

async function demo(): Promise<void> {
  const sims = await startSimulators({ arcgis: 4101, ocm: 4102, onlyoffice: 4103 });
  const env = {
    GRAPHIQL: 'true',
    INTROSPECTION: 'true',
    LOG_PRETTY: 'true',
    CORS_ORIGINS: DEMO_CORS_ORIGINS,
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
  const cors = config.corsOrigins.length > 0 ? `${config.corsOrigins.join(', ')} (CORS_ORIGINS to change)` : 'closed (CORS_ORIGINS is empty)';
  await run({ ...config, host: process.env.HOST || '127.0.0.1' }, (url) => {
    // One write, so that whoever reads the banner sees it whole.
    console.log(
      [
        'sharing-gateway demo',
        `  GraphiQL:   ${url}   (example operations and demo credential headers are pre-filled)`,
        `  Simulators: ArcGIS ${sims.env.ARCGIS_URL}, OCM ${sims.env.OCM_URL}, ONLYOFFICE ${sims.env.ONLYOFFICE_URL}`,
        `  CORS:       browser apps may call from ${cors}`,
        describeBackends(config),
      ].join('\n'),
    );
  }).catch(exitOnConfigError);
}

void demo();
