/**
 * Production entry point: `node dist/main.js`. Reads the environment (see
 * README "Configuration"), serves the gateway, and shuts down gracefully.
 */
import { ConfigError, loadConfig } from './config';
import type { Config } from './config';
import { createGateway } from './server';
import { serve } from './listen';

export async function run(config: Config, banner: (url: string) => void): Promise<void> {
  const gateway = createGateway(config);
  const served = await serve(gateway, config.port, config.host);
  banner(served.url);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight operations, then exiting`);
    void served.shutdown().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

function describeBackends(config: Config): string {
  return (Object.entries(config.backends) as Array<[string, URL | null]>)
    .map(([name, url]) => `  ${name.padEnd(10)} ${url ? url.href : 'not configured'}`)
    .join('\n');
}

if (require.main === module) {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  void run(config, (url) => console.log(`sharing-gateway listening on ${url}\n${describeBackends(config)}`));
}

export { describeBackends };
