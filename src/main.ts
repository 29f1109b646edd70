/**
 * Production entry point: `node dist/main.js`. Reads the environment (see
 * README "Configuration"), serves the gateway, and shuts down gracefully.
 */
import cluster from 'node:cluster';
import { ConfigError, loadConfig } from './config';
import type { Config } from './config';
import { createGateway } from './server';
import type { Gateway } from './server';
import { serve } from './listen';
import type { UpstreamStats } from './connectors/upstream';
import { LedgerOpenError, openLedger } from './ledger';
import type { LedgerStore } from './ledger';

/**
 * Opens the sharing ledger the settings ask for (none with LEDGER=off). A
 * store that cannot be reached or migrated stops start-up with one line
 * naming the setting to fix (DATABASE_URL, with its password masked, or
 * LEDGER_DIR), and exit code 1.
 */
async function openLedgerOrExit(config: Config): Promise<LedgerStore | null> {
  try {
    return await openLedger(config, { onBackgroundError: (err) => console.error(`ledger: ${err instanceof Error ? err.message : String(err)}`) });
  } catch (err) {
    if (!(err instanceof LedgerOpenError)) throw err;
    console.error(`Ledger error: ${err.message.replace(/\s+/g, ' ')}`);
    process.exit(1);
  }
}

/**
 * Serves the gateway until SIGTERM or SIGINT, then shuts down gracefully:
 * stop accepting, let in-flight operations finish (at most the operation
 * deadline), close the upstream pools and the ledger, print the upstream
 * totals, exit 0. A shutdown that fails or hangs past the deadline exits 1.
 */
export async function run(config: Config, banner: (url: string) => void): Promise<void> {
  const ledger = await openLedgerOrExit(config);
  const gateway = createGateway(config, { ledger });
  const served = await serve(gateway, config.port, config.host);
  banner(served.url);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing in-flight operations, then exiting`);
    const graceMs = config.upstream.operationDeadlineMs;
    // The grace period ends in-flight requests; this only catches a shutdown that is itself stuck.
    setTimeout(() => {
      console.error(`shutdown did not finish within ${graceMs + 5000} ms; exiting`);
      process.exit(1);
    }, graceMs + 5000).unref();
    served.shutdown(graceMs).then(
      () => {
        console.log(`upstream totals ${JSON.stringify(upstreamTotals(gateway))}`);
        process.exit(0);
      },
      (err: unknown) => {
        console.error('shutdown failed', err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

/** A start-up failure the operator can fix (a bad setting, a taken PORT): one line, no stack trace, exit 1. */
export function exitOnConfigError(err: unknown): never {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

/** Each configured backend's upstream counters (calls, attempts, retries, breaker, bulkhead). */
export function upstreamTotals(gateway: Gateway): Record<string, UpstreamStats> {
  return Object.fromEntries(Object.entries(gateway.connectors.clients).map(([backend, client]) => [backend, client.stats()]));
}

function describeBackends(config: Config): string {
  return Object.entries<URL | null>(config.backends)
    .map(([name, url]) => `  ${name.padEnd(10)} ${url ? url.href : 'not configured'}`)
    .join('\n');
}

/**
 * WORKERS > 1: the primary forks that many workers, which share the port
 * (the gateway keeps no state between requests, so any worker may serve
 * any request), relays SIGTERM/SIGINT to them, and exits when they have
 * all finished. Each worker has its own pools, breakers and retry budgets.
 */
function runCluster(config: Config): void {
  const banner = (url: string) => console.log(`sharing-gateway listening on ${url} (${config.workers} workers)\n${describeBackends(config)}`);
  let ready = 0;
  let failed = false;
  let stopping = false;
  for (let i = 0; i < config.workers; i++) cluster.fork();
  // Say "listening" only once every worker is: before that, a worker has no signal handlers yet.
  cluster.on('message', (_worker, message: { url?: string }) => {
    if (message.url && ++ready === config.workers) banner(message.url);
  });
  cluster.on('exit', (_worker, code, signal) => {
    // A worker ended by the signal we relayed while shutting down had nothing in flight to lose.
    const clean = code === 0 || (stopping && code === null && (signal === 'SIGTERM' || signal === 'SIGINT'));
    if (!clean) failed = true;
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
    });
  }
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
  if (config.workers > 1 && cluster.isPrimary) runCluster(config);
  else if (cluster.isWorker) run(config, (url) => process.send?.({ url })).catch(exitOnConfigError);
  else run(config, (url) => console.log(`sharing-gateway listening on ${url}\n${describeBackends(config)}`)).catch(exitOnConfigError);
}

export { describeBackends };
