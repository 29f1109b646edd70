/**
 * Production entry point: `node dist/main.js`. Reads the environment (see
 * README "Configuration"), serves the gateway, and shuts down gracefully.
 */
import cluster from 'node:cluster';
import v8 from 'node:v8';
import type { Worker } from 'node:cluster';
import { ConfigError, loadConfig } from './config';
import type { Config } from './config';
import { createGateway } from './server';
import type { Gateway } from './server';
import { serve } from './listen';
import type { UpstreamStats } from './connectors/upstream';
import { LedgerOpenError, openLedger } from './ledger';
import { ClusterMetrics, announceWorkers, joinCluster } from './observability/cluster';
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
  applyHeapGrowth(config.heapGrowingPercent);
  const ledger = await openLedgerOrExit(config);
  const gateway = createGateway(config, { ledger });
  if (cluster.isWorker) joinCluster(gateway.metrics);
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

/**
 * Applies HEAP_GROWING_PERCENT to this process's V8. `run` calls it, so
 * every process that serves has it: a single gateway, each cluster worker,
 * the demo. V8 reads the flag at every full collection, so setting it at
 * start-up is enough. A `--heap-growing-percent` given to node itself, on
 * its command line or in NODE_OPTIONS, is the operator's and is left alone.
 */
export function applyHeapGrowth(percent: number, nodeFlags = `${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`): boolean {
  if (percent === 0 || /--heap[-_]growing[-_]percent/.test(nodeFlags)) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return true;
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

/** Start-up deaths in a row (workers that exit before they listen) after which the primary gives up. */
export const MAX_FAILED_STARTS = 5;
/** First wait before forking a worker again; doubles with each death in the last minute, up to MAX_REFORK_DELAY_MS. */
const REFORK_DELAY_MS = 100;
const MAX_REFORK_DELAY_MS = 10_000;
const RECENT_MS = 60_000;

/**
 * WORKERS > 1: the primary forks that many workers, which share the port
 * (the gateway keeps no state between requests, so any worker may serve
 * any request), relays SIGTERM/SIGINT to them, and exits when they have
 * all finished. Each worker has its own pools, breakers and retry budgets.
 *
 * A worker that dies (any exit but a clean one) is forked again, after a
 * back-off that doubles with each death in the last minute. The primary
 * gives up, and exits 1, only when MAX_FAILED_STARTS workers in a row die
 * before they listen: a configuration or start-up fault that a new fork
 * would only repeat. It tells the workers how many of them serve (for
 * /healthz) and gathers their metrics for /metrics (observability/cluster.ts).
 */
function runCluster(config: Config): void {
  const banner = (url: string) => console.log(`sharing-gateway listening on ${url} (${config.workers} workers)\n${describeBackends(config)}`);
  const workers = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const metrics = new ClusterMetrics(workers);
  const listening = new Set<number>();
  // Our own count: cluster.workers may still hold a worker that has exited but not yet disconnected.
  const alive = new Set<number>();
  const fork = () => alive.add(cluster.fork().id);
  const deaths: number[] = [];
  const pendingForks = new Set<NodeJS.Timeout>();
  let announced = false;
  let failedStarts = 0;
  let failed = false;
  let stopping = false;
  const announce = () => announceWorkers(workers(), { live: listening.size, configured: config.workers });
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('message', (worker, message: { url?: string }) => {
    metrics.onMessage(worker, message);
    if (!message.url) return;
    listening.add(worker.id);
    failedStarts = 0;
    announce();
    // Say "listening" only once every worker is: before that, a worker has no signal handlers yet.
    if (!announced && listening.size === config.workers) {
      announced = true;
      banner(message.url);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    alive.delete(worker.id);
    const wasListening = listening.delete(worker.id);
    void metrics.retire(worker.id);
    announce();
    // A worker ended by the signal we relayed while shutting down had nothing in flight to lose.
    const clean = code === 0 || (stopping && code === null && (signal === 'SIGTERM' || signal === 'SIGINT'));
    if (stopping || clean) {
      if (!clean) failed = true;
      if (alive.size === 0 && pendingForks.size === 0) process.exit(failed ? 1 : 0);
      return;
    }
    if (!wasListening && ++failedStarts >= MAX_FAILED_STARTS) {
      console.error(`${failedStarts} workers in a row died before they listened; exiting`);
      failed = true;
      stopAll('SIGTERM');
      if (alive.size === 0) process.exit(1);
      return;
    }
    const now = Date.now();
    deaths.push(now);
    while (deaths.length > 0 && deaths[0]! < now - RECENT_MS) deaths.shift();
    const delay = Math.min(REFORK_DELAY_MS * 2 ** (deaths.length - 1), MAX_REFORK_DELAY_MS);
    console.error(`worker ${worker.process.pid} died (${signal ?? `exit code ${code}`}); forking another in ${delay} ms`);
    const timer = setTimeout(() => {
      pendingForks.delete(timer);
      if (!stopping) fork();
    }, delay);
    pendingForks.add(timer);
  });
  const stopAll = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const timer of pendingForks) clearTimeout(timer);
    pendingForks.clear();
    for (const worker of workers()) worker.process.kill(signal);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stopAll(signal));
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
