/**
 * `npm run soak`: a bounded load run on loopback. Starts the three
 * simulators with 5 % random faults, the built gateway (`dist/main.js`) as a
 * child process, and 50 clients sending mixed mutations on all three
 * backends for 60 s (`--duration=<seconds>` or SOAK_DURATION_S to change).
 * Then SIGTERM, and a report: requests, results expected vs received (every
 * target asked for must get a result, faults or not), results by code,
 * latency p50/p99, upstream calls and retries per backend, and the gateway's
 * RSS at start and end. Exits 1 if a result is missing, the gateway died (in
 * production it would have been restarted), or its RSS grew by more than 50 MB.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { startSimulators } from './simulators/start';
import type { RunningSimulators } from './simulators/start';
import { xorshift32 } from './simulators/kit';
import type { FaultKind } from './simulators/kit';
import { ARCGIS_DEMO, hexId } from './simulators/arcgis/seed';
import { OCM_DEMO } from './simulators/ocm/seed';
import { ONLYOFFICE_DEMO } from './simulators/onlyoffice/seed';
import { spawnNode } from './dev/spawn';
import type { SpawnedNode } from './dev/spawn';

export interface SoakOptions {
  /** @default 60000 */
  durationMs?: number;
  /** @default 50 */
  clients?: number;
  /** Share of upstream requests hit by a random fault. @default 0.05 */
  faultRate?: number;
  /** @default 50 */
  maxRssGrowthMb?: number;
  /**
   * RSS "at start" is read once the warm-up is over: a cold process grows its
   * heap while the JIT, the pools and V8's heap sizing settle under load,
   * which is not a leak. The warm-up lasts a quarter of the run, or until
   * `warmUpRequests` have been answered if that takes longer, but never more
   * than half the run. @default durationMs / 4
   */
  warmUpMs?: number;
  /** @default 5000 */
  warmUpRequests?: number;
  /** Seeds the faults and the mix of mutations, so a failing run can be repeated. @default 1 */
  seed?: number;
  /** Where progress lines go. @default console.log */
  log?: (line: string) => void;
}

export interface BackendTotals {
  /** Requests the simulator received (every attempt). */
  upstreamRequests: number;
  /** From the gateway's own counters, printed at shutdown. */
  calls: number | null;
  retries: number | null;
  breakerOpened: number | null;
  overloaded: number | null;
}

export interface SoakReport {
  durationMs: number;
  requestsSent: number;
  requestsFailed: number;
  resultsExpected: number;
  resultsReceived: number;
  resultsByCode: Record<string, number>;
  latencyMs: { p50: number; p99: number };
  backends: Record<'ARCGIS' | 'OCM' | 'ONLYOFFICE', BackendTotals>;
  /** At launch (idle), after the warm-up ("start"), at the end, and the highest seen. */
  rssMb: { launch: number; start: number; end: number; peak: number };
  gatewayExitCode: number | null;
  /** Why the run failed; empty when it passed. */
  problems: string[];
}

const RANDOM_FAULTS: FaultKind[] = [
  { kind: 'respond', status: 500, body: '' },
  { kind: 'respond', status: 502, body: '' },
  { kind: 'respond', status: 503, body: '' },
  { kind: 'respond', status: 504, body: '' },
  { kind: 'respond', status: 429, body: '' },
  { kind: 'respond', status: 429, body: '', headers: { 'retry-after': '1' } },
  { kind: 'respond', status: 200, body: '<html>maintenance</html>', headers: { 'content-type': 'text/html' } },
  { kind: 'respond', status: 200, body: '' },
  { kind: 'reset' },
  { kind: 'reset-mid-body' },
  { kind: 'delay', ms: 200 },
  { kind: 'close-after-response' },
  { kind: 'drop-after-response' },
];

const HEADERS = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json, application/json',
  'x-arcgis-token': ARCGIS_DEMO.aliceToken,
  'x-ocm-authorization': OCM_DEMO.bearer,
  'x-onlyoffice-authorization': ONLYOFFICE_DEMO.token,
};

const RESULT = 'results { success error { code } }';

interface Operation {
  query: string;
  variables: Record<string, unknown>;
  /** Targets asked for: one result each must come back. */
  targets: number;
  /** Where the results are in `data`. */
  results: (data: Record<string, unknown>) => unknown;
}

/** The mix: ArcGIS items and folder shares on OCM and ONLYOFFICE, shares and revokes. */
function pickOperation(rand: () => number): Operation {
  const r = rand();
  if (r < 0.3) {
    const n = 1 + Math.floor(rand() * 150);
    const from = 1 + Math.floor(rand() * 1000);
    const itemIds = Array.from({ length: n }, (_, i) => hexId('ba', from + i));
    const groups = rand() < 0.3 ? { groups: [ARCGIS_DEMO.fieldTeamGroup] } : { org: true };
    return {
      query: `mutation($input: ShareItemsInput!) { shareItems(input: $input) { ${RESULT} } }`,
      variables: { input: { itemIds, owner: 'alice', ...groups } },
      targets: n,
      results: (d) => (d.shareItems as { results: unknown }).results,
    };
  }
  if (r < 0.4) {
    return {
      query: `mutation($input: ShareItemInput!) { shareItem(input: $input) { success error { code } } }`,
      variables: { input: { itemId: hexId('ba', 1 + Math.floor(rand() * 1200)), owner: 'alice', org: rand() < 0.5 } },
      targets: 1,
      results: (d) => [d.shareItem],
    };
  }
  if (r < 0.5) {
    const n = 1 + Math.floor(rand() * 50);
    return {
      query: `mutation($input: UnshareItemsInput!) { unshareItems(input: $input) { ${RESULT} } }`,
      variables: { input: { itemIds: Array.from({ length: n }, (_, i) => hexId('ba', 1 + i)), owner: 'alice', groups: [ARCGIS_DEMO.fieldTeamGroup] } },
      targets: n,
      results: (d) => (d.unshareItems as { results: unknown }).results,
    };
  }
  const ocm = rand() < 0.5;
  const people = ocm ? [OCM_DEMO.bobId, OCM_DEMO.carolId, OCM_DEMO.daveId] : [ONLYOFFICE_DEMO.bobId, ONLYOFFICE_DEMO.carolId, ONLYOFFICE_DEMO.designGroupId];
  const chosen = people.filter(() => rand() < 0.5);
  const recipients = chosen.length > 0 ? chosen : [people[0]!];
  const folderId = ocm ? OCM_DEMO.projectFolderId : ONLYOFFICE_DEMO.myFolderId;
  const backend = ocm ? 'OCM' : 'ONLYOFFICE';
  if (r < 0.85) {
    return {
      query: `mutation($input: ShareFolderInput!) { shareFolder(input: $input) { ${RESULT} } }`,
      variables: { input: { backend, folderId, recipients: recipients.map((id) => ({ id, role: 'VIEWER' })), notify: false } },
      targets: recipients.length,
      results: (d) => (d.shareFolder as { results: unknown }).results,
    };
  }
  return {
    query: `mutation($input: RevokeFolderSharesInput!) { revokeFolderShares(input: $input) { ${RESULT} } }`,
    variables: { input: { backend, folderId, recipientIds: recipients } },
    targets: recipients.length,
    results: (d) => (d.revokeFolderShares as { results: unknown }).results,
  };
}

/** A process's resident set in MB: /proc on Linux, ps elsewhere. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function startGateway(sims: RunningSimulators): Promise<SpawnedNode> {
  // The same path from src/ (tests, via ts-jest) and from dist/ (npm run soak): both sit one level below the root.
  const entry = path.resolve(__dirname, '..', 'dist', 'main.js');
  return spawnNode(entry, {
    env: { PATH: process.env.PATH ?? '', ...sims.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    ready: /(http:\/\/\S+\/graphql)/,
    // The tail only: enough for the banner and the totals line.
    keep: 64 * 1024,
  });
}

export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const durationMs = options.durationMs ?? 60_000;
  const clients = options.clients ?? 50;
  const faultRate = options.faultRate ?? 0.05;
  const maxGrowth = options.maxRssGrowthMb ?? 50;
  const warmUpMs = options.warmUpMs ?? durationMs / 4;
  const warmUpRequests = options.warmUpRequests ?? 5000;
  const seed = options.seed ?? 1;
  const log = options.log ?? ((line: string) => console.log(line));

  const sims = await startSimulators();
  const sim = { ARCGIS: sims.arcgis.sim, OCM: sims.ocm.sim, ONLYOFFICE: sims.onlyoffice.sim };
  let gateway: SpawnedNode | null = null;
  let pool: Pool | null = null;
  const problems: string[] = [];
  try {
    gateway = await startGateway(sims);
    const pid = gateway.pid;
    const url = gateway.match[1]!;
    let died = false;
    void gateway.exited.then(() => (died = true));
    log(`soak: ${clients} clients for ${durationMs / 1000} s against ${url} (pid ${pid}), ${faultRate * 100} % random upstream faults`);
    sims.arcgis.sim.setRandomFaults(faultRate, RANDOM_FAULTS, seed);
    sims.ocm.sim.setRandomFaults(faultRate, RANDOM_FAULTS, seed + 1);
    sims.onlyoffice.sim.setRandomFaults(faultRate, RANDOM_FAULTS, seed + 2);

    // Upstream requests are counted and the logs emptied as we go, so the simulators' memory stays flat.
    const upstream = { ARCGIS: 0, OCM: 0, ONLYOFFICE: 0 };
    const drain = () => {
      for (const b of ['ARCGIS', 'OCM', 'ONLYOFFICE'] as const) {
        upstream[b] += sim[b].log.length;
        sim[b].clearLog();
      }
    };

    pool = new Pool(new URL(url).origin, { connections: clients });
    const gqlPath = new URL(url).pathname;
    const rand = xorshift32(seed);
    const latencies: number[] = [];
    const byCode: Record<string, number> = {};
    let sent = 0;
    let failed = 0;
    let expected = 0;
    let received = 0;
    const started = Date.now();
    const until = started + durationMs;
    // Samples once a second; start and end are medians of three, so one GC cycle does not decide the verdict.
    const afterWarmUp: number[] = [];
    const lastSamples: number[] = [];
    const rssLaunch = rssMb(pid);
    let rssPeak = rssLaunch;
    let answered = 0;

    const client = async () => {
      while (Date.now() < until && !died) {
        const op = pickOperation(rand);
        sent++;
        expected += op.targets;
        const t0 = performance.now();
        try {
          const res = await pool!.request({ method: 'POST', path: gqlPath, headers: HEADERS, body: JSON.stringify({ query: op.query, variables: op.variables }) });
          const body = (await res.body.json()) as { data?: Record<string, unknown> | null; errors?: unknown[] };
          latencies.push(performance.now() - t0);
          answered++;
          const results = body.data ? (op.results(body.data) as Array<{ success: boolean; error: { code: string } | null } | null>) : null;
          if (res.statusCode !== 200 || !Array.isArray(results)) {
            failed++;
            continue;
          }
          received += results.length;
          for (const r of results) {
            const code = r?.error?.code ?? (r?.success ? 'OK' : 'FAILED_WITHOUT_CODE');
            byCode[code] = (byCode[code] ?? 0) + 1;
          }
        } catch {
          failed++;
          latencies.push(performance.now() - t0);
        }
      }
    };

    const monitor = (async () => {
      let lastPrinted = -1;
      while (Date.now() < until && !died) {
        await sleep(Math.min(1000, Math.max(1, until - Date.now())));
        drain();
        if (died) break;
        const rss = rssMb(pid);
        rssPeak = Math.max(rssPeak, rss);
        const elapsedMs = Date.now() - started;
        const warm = elapsedMs >= durationMs / 2 || (elapsedMs >= warmUpMs && answered >= warmUpRequests);
        if (warm && afterWarmUp.length < 3) afterWarmUp.push(rss);
        lastSamples.push(rss);
        if (lastSamples.length > 3) lastSamples.shift();
        const elapsed = Math.round((Date.now() - started) / 1000);
        if (elapsed === lastPrinted) continue;
        lastPrinted = elapsed;
        if (elapsed % 10 === 0 || durationMs <= 15_000) log(`  ${elapsed} s: ${sent} requests, ${received}/${expected} results, RSS ${rss.toFixed(1)} MB`);
      }
    })();

    await Promise.all([...Array.from({ length: clients }, client), monitor]);
    drain();
    if (!died) lastSamples.push(rssMb(pid));
    const rssStart = median(afterWarmUp.length > 0 ? afterWarmUp : lastSamples);
    const rssEnd = median(lastSamples.slice(-3));
    rssPeak = Math.max(rssPeak, ...lastSamples);

    // Shut down as in production and read the gateway's own counters.
    let exitCode: number | null;
    const diedDuringRun = died;
    if (diedDuringRun) {
      exitCode = await gateway.exited;
      problems.push(`the gateway exited (code ${exitCode}) during the run; in production it would have been restarted`);
    } else {
      exitCode = await gateway.stop('SIGTERM');
      if (exitCode !== 0) problems.push(`the gateway exited with ${exitCode} on SIGTERM`);
    }
    const totalsLine = /upstream totals (\{.*\})/.exec(gateway.output());
    const totals = totalsLine ? (JSON.parse(totalsLine[1]!) as Record<string, { calls: number; retries: number; breakerOpened: number; bulkheadRejected: number }>) : {};

    if (received !== expected) problems.push(`${expected - received} of ${expected} results are missing (${failed} requests failed outright)`);
    const growth = rssEnd - rssStart;
    if (!diedDuringRun && growth > maxGrowth) problems.push(`the gateway's RSS grew by ${growth.toFixed(1)} MB (limit ${maxGrowth} MB)`);

    const sorted = [...latencies].sort((a, b) => a - b);
    const backend = (b: 'ARCGIS' | 'OCM' | 'ONLYOFFICE'): BackendTotals => ({
      upstreamRequests: upstream[b],
      calls: totals[b]?.calls ?? null,
      retries: totals[b]?.retries ?? null,
      breakerOpened: totals[b]?.breakerOpened ?? null,
      overloaded: totals[b]?.bulkheadRejected ?? null,
    });
    const report: SoakReport = {
      durationMs: Date.now() - started,
      requestsSent: sent,
      requestsFailed: failed,
      resultsExpected: expected,
      resultsReceived: received,
      resultsByCode: Object.fromEntries(Object.entries(byCode).sort(([a], [b]) => a.localeCompare(b))),
      latencyMs: { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)) },
      backends: { ARCGIS: backend('ARCGIS'), OCM: backend('OCM'), ONLYOFFICE: backend('ONLYOFFICE') },
      rssMb: { launch: round1(rssLaunch), start: round1(rssStart), end: round1(rssEnd), peak: round1(rssPeak) },
      gatewayExitCode: exitCode,
      problems,
    };
    printReport(report, log);
    return report;
  } finally {
    await pool?.close();
    if (gateway && gateway.child.exitCode === null && gateway.child.signalCode === null) void gateway.stop('SIGKILL');
    await sims.close();
  }
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function printReport(r: SoakReport, log: (line: string) => void): void {
  log('');
  log(`requests sent        ${r.requestsSent} in ${(r.durationMs / 1000).toFixed(1)} s (${r.requestsFailed} failed outright)`);
  log(`results expected     ${r.resultsExpected}`);
  log(`results received     ${r.resultsReceived}`);
  log(
    `results by code      ${Object.entries(r.resultsByCode)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  log(`latency              p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`);
  for (const [name, b] of Object.entries(r.backends)) {
    log(
      `${name.padEnd(20)} ${b.upstreamRequests} upstream requests, ${b.calls ?? '?'} calls, ${b.retries ?? '?'} retries, breaker opened ${b.breakerOpened ?? '?'}x, ${b.overloaded ?? '?'} overloaded`,
    );
  }
  log(`gateway RSS          ${r.rssMb.start} MB at start (after warm-up; ${r.rssMb.launch} MB idle at launch), ${r.rssMb.end} MB at end (peak ${r.rssMb.peak} MB)`);
  log(`gateway exit code    ${r.gatewayExitCode}`);
  log(r.problems.length === 0 ? 'PASS' : `FAIL\n  ${r.problems.join('\n  ')}`);
}

function durationFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv): number | undefined {
  const arg = argv.find((a) => a.startsWith('--duration='))?.split('=')[1] ?? env.SOAK_DURATION_S;
  if (arg === undefined || arg === '') return undefined;
  const seconds = Number(arg);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    console.error(`--duration must be a number of seconds from 1 to 3600, got "${arg}"`);
    process.exit(2);
  }
  return seconds * 1000;
}

if (require.main === module) {
  const durationSec = durationFromArgs(process.argv.slice(2), process.env);
  runSoak({ durationMs: durationSec }).then(
    (report) => process.exit(report.problems.length === 0 ? 0 : 1),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
