/**
 * `npm run bench`: the gateway next to the references it is judged by, in
 * one run on one machine (see bench/README.md and shared/performance.md).
 *
 *   A  the REST call straight to the simulator (the floor)
 *   B  the same call through a minimal undici pass-through proxy
 *   C  the GraphQL mutation through the gateway (production build)
 *   D  the peer, Hive Gateway + OpenAPI source, when installed (npm run bench:peer-install)
 *   C-apollo  C's gateway sent shareItem as Apollo Client sends it (its Accept,
 *      extensions.clientLibrary, an Origin): it must take the fast path too,
 *      which the run checks on the gateway's fast-path counter
 *
 * Rounds rotate the order of targets; ratios are taken inside a round and
 * the median of the rounds is reported. Then the latency table (bench/latency.ts):
 * every scenario against simulators that hold each answer `--latency` ms
 * (default 50), one caller, with the critical path in round trips.
 * `--only latency` (or `--only cpu`) runs one of the two tables. `--smoke`
 * runs one short round of each and checks only correctness and upstream call
 * counts (it is part of npm test, as `--smoke --latency 5`).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { runLoad } from './load';
import type { CellResult, RequestSpec } from './load';
import { cpuSeconds, memoryMb, resetPeakRss } from './proc';
import { ocmBenchUser, onlyofficeBenchUser } from './sims';
import { ARCGIS_HEADERS, BENCH_POSTGRES_URL, D, TWO_GROUPS, benchPostgres, children, gql, ledgerEnv, shareItemSpec, spawnUntil, startGateway, startSimulators, stopAll, track } from './harness';
import type { SimUrls } from './harness';
import { hexId } from '../src/simulators/arcgis/seed';
import { OCM_DEMO } from '../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO } from '../src/simulators/onlyoffice/seed';
import { startPeer } from './peer';
import { latencyScenarios, measureLatency, printLatencyTable } from './latency';
import type { LatencyRow } from './latency';

const ROOT = path.resolve(__dirname, '../..');
const argv = process.argv.slice(2);
/** The value of `--name value` or `--name=value`, or undefined. */
function option(name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i === -1) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[i + 1];
}
const SMOKE = argv.includes('--smoke');
/** `--only latency` runs the latency table alone, `--only cpu` the CPU table alone; both by default. */
const ONLY = option('only');
if (ONLY !== undefined && ONLY !== 'latency' && ONLY !== 'cpu') throw new Error(`--only takes latency or cpu, not ${ONLY}`);
/** Milliseconds every backend answer is held for in the latency table. @default 50 (5 in the smoke run) */
const LATENCY_MS = Number(option('latency') ?? (SMOKE ? 5 : 50));
if (!Number.isFinite(LATENCY_MS) || LATENCY_MS <= 0) throw new Error(`--latency takes a number of milliseconds above 0, not ${option('latency')}`);
const LATENCY_OPS = SMOKE ? 2 : Number(process.env.BENCH_LATENCY_OPS ?? 5);
const ROUNDS = SMOKE ? 1 : Number(process.env.BENCH_ROUNDS ?? 3);
const CELL_SECONDS = SMOKE ? 1 : Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = SMOKE ? [10] : [1, 10, 100];
const WARMUP_SECONDS = SMOKE ? 0 : 2;
/**
 * Unmeasured seconds of a cell's own load just before it. Every target idles while the others
 * run (minutes, before a round's first cells), and a process's first seconds back cost up to
 * twice its steady CPU per operation: in one run, C's cell at one caller after the batch
 * scenarios measured 1.76 ms/op, and C-apollo's, the same process, right after it, 1.05.
 */
const CELL_WARMUP_SECONDS = SMOKE ? 0 : Number(process.env.BENCH_CELL_WARMUP_SECONDS ?? 2);

// ---- simulators' counters ------------------------------------------------------------------------

async function upstreamCounts(sims: SimUrls): Promise<Record<string, number>> {
  const all: Record<string, number> = {};
  for (const [name, url] of [
    ['arcgis', sims.arcgis],
    ['ocm', sims.ocm],
    ['onlyoffice', sims.onlyoffice],
  ] as const) {
    const res = await request(`${url}/__sim/counts`);
    const counts = (await res.body.json()) as Record<string, number>;
    for (const [route, n] of Object.entries(counts)) all[`${name} ${route}`] = n;
  }
  return all;
}

function diffCounts(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

// ---- scenarios ----------------------------------------------------------------------------------

function restShareItem(basePath: string): RequestSpec {
  return {
    method: 'POST',
    path: `${basePath}/content/users/alice/items/${D.parksMap}/share`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-esri-authorization': `Bearer ${D.aliceToken}` },
    body: new URLSearchParams({ groups: TWO_GROUPS.join(','), confirmItemControl: 'true', f: 'json' }).toString(),
    check: (status, body) => status === 200 && body.includes('"itemId"') && !body.includes('"error"'),
  };
}

const SHARE_ITEMS = `mutation ShareItems($input: ShareItemsInput!) { shareItems(input: $input) { results { itemId success notSharedWith { id title } } } }`;
/**
 * No confirmItemControl, so the gateway's pre-check loads every target group
 * (one search per 100) before sharing; notSharedWith reuses those groups.
 */
function shareItemsSpec(items: number, groups: string[]): RequestSpec {
  const itemIds = Array.from({ length: items }, (_, i) => hexId('ba', i + 1));
  return gql(SHARE_ITEMS, { input: { itemIds, owner: 'alice', groups } }, ARCGIS_HEADERS, (d) => d.shareItems.results.length === items);
}
/** 9 groups Alice is in and Finance, which she is not: every result names Finance in notSharedWith. */
const TEN_GROUPS = [...Array.from({ length: 9 }, (_, i) => hexId('9a', i + 1)), D.financeGroup];
const twentyGroups = () => Array.from({ length: 20 }, (_, i) => hexId('9a', i + 1));

const SHARE_FOLDER = `mutation ShareFolder($input: ShareFolderInput!) { shareFolder(input: $input) { results { recipientId success recipient { displayName } } } }`;
const ocmSpec = gql(
  SHARE_FOLDER,
  { input: { backend: 'OCM', folderId: OCM_DEMO.projectFolderId, recipients: Array.from({ length: 10 }, (_, i) => ({ id: ocmBenchUser(i + 1), role: 'VIEWER' })) } },
  { 'x-ocm-authorization': OCM_DEMO.bearer },
  (d) => d.shareFolder.results.length === 10 && d.shareFolder.results.every((r) => r.success && r.recipient?.displayName),
);
const onlyofficeSpec = gql(
  SHARE_FOLDER,
  { input: { backend: 'ONLYOFFICE', folderId: ONLYOFFICE_DEMO.myFolderId, recipients: Array.from({ length: 10 }, (_, i) => ({ id: onlyofficeBenchUser(i + 1), role: 'VIEWER' })) } },
  { 'x-onlyoffice-authorization': ONLYOFFICE_DEMO.token },
  (d) => d.shareFolder.results.length === 10 && d.shareFolder.results.every((r) => r.success && r.recipient?.displayName),
);

/**
 * shareItem as Apollo Client 4's HttpLink sends it from a browser app: its
 * Accept, `extensions.clientLibrary`, `__typename` in the document, and the
 * app's Origin (allowed by CORS_ORIGINS, so the answer carries CORS headers).
 */
const APOLLO_SHARE_ITEM = `mutation ShareItem($input: ShareItemInput!) {\n  shareItem(input: $input) {\n    itemId\n    success\n    error {\n      code\n      __typename\n    }\n    __typename\n  }\n}`;
const APP_ORIGIN = 'http://localhost:5173';
const apolloShareItemSpec: RequestSpec = {
  ...shareItemSpec,
  headers: { ...shareItemSpec.headers, accept: 'application/graphql-response+json,application/json;q=0.9', origin: APP_ORIGIN },
  body: JSON.stringify({
    operationName: 'ShareItem',
    variables: { input: { itemId: D.parksMap, owner: 'alice', groups: TWO_GROUPS, confirmItemControl: true } },
    extensions: { clientLibrary: { name: '@apollo/client', version: '4.3.8' } },
    query: APOLLO_SHARE_ITEM,
  }),
};

async function fastPathCount(origin: string): Promise<number> {
  const res = await request(`${origin}/metrics`);
  const line = (await res.body.text()).split('\n').find((l) => l.startsWith('gateway_fast_path_operations_total '));
  return Number(line?.split(' ')[1] ?? NaN);
}

// ---- measuring a cell ---------------------------------------------------------------------------

interface Cell extends CellResult {
  scenario: string;
  target: string;
  concurrency: number;
  round: number;
  upstreamPerOp: number;
  upstreamByRoute: Record<string, number>;
  cpuMsPerOp: number | null;
  peakRssMb: number | null;
}

async function measure(
  sims: SimUrls,
  scenario: string,
  target: string,
  origin: string,
  pid: number | null,
  spec: RequestSpec,
  concurrency: number,
  round: number,
  seconds = CELL_SECONDS,
): Promise<Cell> {
  const before = await upstreamCounts(sims);
  if (pid) resetPeakRss(pid);
  const cpu0 = pid ? cpuSeconds(pid) : null;
  const result = await runLoad(origin, spec, concurrency, seconds);
  const cpu1 = pid ? cpuSeconds(pid) : null;
  const byRoute = diffCounts(before, await upstreamCounts(sims));
  const cell: Cell = {
    scenario,
    target,
    concurrency,
    round,
    ...result,
    upstreamPerOp: result.ops ? sum(byRoute) / result.ops : 0,
    upstreamByRoute: byRoute,
    cpuMsPerOp: cpu0 !== null && cpu1 !== null && result.ops ? ((cpu1 - cpu0) * 1000) / result.ops : null,
    peakRssMb: pid ? (memoryMb(pid)?.hwm ?? null) : null,
  };
  const cpu = cell.cpuMsPerOp === null ? '' : ` cpu ${cell.cpuMsPerOp.toFixed(2)} ms/op`;
  console.log(
    `  r${round} ${scenario.padEnd(16)} ${target} c=${String(concurrency).padEnd(3)} ${cell.rps.toFixed(0).padStart(6)} rps  p50 ${cell.p50.toFixed(2)} ms  p99 ${cell.p99.toFixed(2)} ms  fail ${cell.failures}  upstream/op ${cell.upstreamPerOp.toFixed(2)}${cpu}`,
  );
  return cell;
}

/** The cell's own load, unmeasured, just before the cell (see CELL_WARMUP_SECONDS). */
async function warmCell(origin: string, spec: RequestSpec, concurrency: number): Promise<void> {
  if (CELL_WARMUP_SECONDS > 0) await runLoad(origin, spec, concurrency, CELL_WARMUP_SECONDS);
}

const median = (xs: number[]) => {
  const s = [...xs].filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'absent';
  }
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

// ---- the run ----------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const failures: string[] = [];
  const cpu = ONLY === 'latency' ? null : await runCpuTable(failures);
  const latency = ONLY === 'cpu' ? null : await runLatencyTable(failures);
  if (!SMOKE) {
    // A latency-only run must not overwrite the CPU table's results.
    const file = cpu ? 'results.json' : 'results-latency.json';
    writeFileSync(path.join(ROOT, 'bench', file), JSON.stringify({ ...(cpu ?? header()), latency }, null, 2) + '\n');
    console.log(`\nwrote bench/${file}`);
  }
  stopAll();
  if (failures.length > 0) {
    console.error(`\nFAILED:\n- ${failures.join('\n- ')}`);
    process.exit(1);
  }
  if (SMOKE) console.log('\nsmoke run: responses correct and upstream call counts as expected');
}

/** What every results file starts with: when, where, what was measured. */
function header() {
  return {
    when: new Date().toISOString(),
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    node: process.version,
    commit: commit(),
    smoke: SMOKE,
  };
}

/**
 * The latency table: a simulators process whose every answer waits
 * LATENCY_MS, and a gateway of its own (production build and settings).
 */
async function runLatencyTable(failures: string[]): Promise<{ latencyMs: number; opsPerScenario: number; rows: LatencyRow[] }> {
  const simsFile = path.join(__dirname, 'sims.js');
  const mainJs = path.join(ROOT, 'dist', 'main.js');
  const sims = await startSimulators(simsFile, LATENCY_MS);
  const at = { sims, origin: (await startGateway(mainJs, sims, ledgerEnv('sqlite'))).origin, latencyMs: LATENCY_MS };
  // The same scenarios with no latency give the gateway's own time, so that the round trips can be told from it.
  const sims0 = await startSimulators(simsFile, 0);
  const zero = { sims: sims0, origin: (await startGateway(mainJs, sims0, ledgerEnv('sqlite'))).origin, latencyMs: 0 };
  console.log(`\nlatency: ${LATENCY_MS} ms on every backend answer, ${LATENCY_OPS} operation(s) per scenario after one warm-up (and as many with none, for the gateway's own time)`);
  const rows: LatencyRow[] = [];
  for (const scenario of latencyScenarios()) rows.push(await measureLatency(at, zero, scenario, LATENCY_OPS));
  for (const r of rows) {
    if (r.failures > 0) failures.push(`latency ${r.name}: ${r.failures} failed responses`);
    for (const p of r.callProblems) failures.push(`latency ${r.name}: ${p}`);
  }
  printLatencyTable(rows);
  if (SMOKE) console.log('(smoke run: only the calls are checked; at this latency and on a shared machine the timing columns mean nothing)');
  return { latencyMs: LATENCY_MS, opsPerScenario: LATENCY_OPS, rows };
}

async function runCpuTable(failures: string[]): Promise<Record<string, unknown>> {
  const sims = await startSimulators(path.join(__dirname, 'sims.js'));
  const proxy = await spawnUntil(path.join(__dirname, 'proxy.js'), { TARGET: sims.arcgis }, /"url":"([^"]+)"/);
  track(proxy.child);
  const mainJs = path.join(ROOT, 'dist', 'main.js');
  const gateway = await startGateway(mainJs, sims, { CORS_ORIGINS: APP_ORIGIN });
  // The batch scenarios get a gateway process of their own (same build, same settings): V8 keeps the
  // heap a 1,000-item operation grew, and shareItem's memory figure (T5) must not carry it.
  const batch = SMOKE ? gateway : await startGateway(mainJs, sims);
  // The same gateway as two cluster workers (WORKERS=2), for the scaling row.
  const gateway2 = SMOKE ? null : await startGateway(mainJs, sims, { WORKERS: '2' });
  // shareItem with the sharing ledger on (issue 18): the embedded SQLite file, and PostgreSQL where one answers (CI has one).
  const sqliteLedger = await startGateway(mainJs, sims, ledgerEnv('sqlite'));
  const postgres = await benchPostgres();
  if ('unreachable' in postgres) {
    if (process.env.CI === 'true') failures.push(`C-pg: no PostgreSQL answers at ${BENCH_POSTGRES_URL} (${postgres.unreachable})`);
    else console.log(`C-pg (ledger on PostgreSQL): skipped: nothing answers at ${BENCH_POSTGRES_URL} (${postgres.unreachable}); set BENCH_DATABASE_URL`);
  }
  const pgLedger = 'url' in postgres ? await startGateway(mainJs, sims, ledgerEnv('postgres', postgres.url)) : null;
  const peer = SMOKE ? null : await startPeer(sims).catch((err: Error) => (console.log(`D (peer): skipped: ${err.message}`), null));
  if (peer) children.push(peer.proc);

  const targets = [
    { name: 'A', origin: sims.arcgis, pid: null, spec: restShareItem('/sharing/rest') },
    { name: 'B', origin: proxy.match[1]!, pid: proxy.child.pid, spec: restShareItem('/sharing/rest') },
    { name: 'C', origin: gateway.origin, pid: gateway.pid, spec: shareItemSpec },
    { name: 'C-apollo', origin: gateway.origin, pid: gateway.pid, spec: apolloShareItemSpec },
    ...(peer ? [{ name: 'D', origin: peer.origin, pid: peer.pid, spec: peer.shareItemSpec }] : []),
    ...(gateway2 ? [{ name: 'C2', origin: gateway2.origin, pid: gateway2.pid, spec: shareItemSpec }] : []),
    { name: 'C-sqlite', origin: sqliteLedger.origin, pid: sqliteLedger.pid, spec: shareItemSpec },
    ...(pgLedger ? [{ name: 'C-pg', origin: pgLedger.origin, pid: pgLedger.pid, spec: shareItemSpec }] : []),
  ];

  console.log(`machine: ${os.cpus()[0]?.model} x${os.cpus().length}, node ${process.version}; ${ROUNDS} round(s), ${CELL_SECONDS}s a cell`);
  if (WARMUP_SECONDS) for (const t of targets) await runLoad(t.origin, t.spec, 10, WARMUP_SECONDS);

  const cells: Cell[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(`round ${round}`);
    const order = targets.map((_, i) => targets[(i + round - 1) % targets.length]!);
    for (const c of CONCURRENCY) {
      for (const t of order) {
        await warmCell(t.origin, t.spec, c);
        const fastBefore = t.name === 'C-apollo' ? await fastPathCount(t.origin) : 0;
        const cell = await measure(sims, 'shareItem', t.name, t.origin, t.pid, t.spec, c, round);
        cells.push(cell);
        // Apollo Client's requests must be served as the plain ones are: every one of them on the fast path.
        const fast = t.name === 'C-apollo' ? (await fastPathCount(t.origin)) - fastBefore : cell.ops;
        if (fast !== cell.ops) failures.push(`C-apollo c=${c}: ${fast} of ${cell.ops} operations took the fast path`);
      }
    }
    const batchCell = async (scenario: string, spec: RequestSpec, c: number) => {
      await warmCell(batch.origin, spec, c);
      cells.push(await measure(sims, scenario, 'C', batch.origin, batch.pid, spec, c, round));
    };
    for (const c of SMOKE ? [1] : [1, 10]) {
      await batchCell('shareItems100', shareItemsSpec(100, TEN_GROUPS), c);
      await batchCell('shareFolderOcm10', ocmSpec, c);
      await batchCell('shareFolderOo10', onlyofficeSpec, c);
    }
    for (const items of [10, 100, 1000]) await batchCell(`scale${items}`, shareItemsSpec(items, twentyGroups()), 1);
  }

  // ---- correctness and upstream counts (what the smoke run asserts) ----
  for (const cell of cells) if (cell.failures > 0) failures.push(`${cell.scenario} ${cell.target} c=${cell.concurrency}: ${cell.failures} failed responses`);
  const perOp = (scenario: string, route: RegExp) => {
    const c = cells.find((x) => x.scenario === scenario && x.target === 'C');
    if (!c || c.ops === 0) return NaN;
    return (
      Object.entries(c.upstreamByRoute)
        .filter(([k]) => route.test(k))
        .reduce((a, [, v]) => a + v, 0) / c.ops
    );
  };
  const expectPerOp = (label: string, actual: number, expected: number) => {
    if (Math.abs(actual - expected) > 1e-9) failures.push(`${label}: ${actual} upstream calls per operation, expected ${expected}`);
  };
  expectPerOp('shareItem share calls', perOp('shareItem', /items\/:id\/share$/), 1);
  expectPerOp('shareItem other calls', perOp('shareItem', /community/), 0);
  expectPerOp('1,000 items: share calls (chunk 100)', perOp('scale1000', /shareItems$/), 10);
  expectPerOp('1,000 items, 20 groups: group searches', perOp('scale1000', /community\/groups$/), 1);
  expectPerOp('100 items, 10 groups: group searches', perOp('shareItems100', /community\/groups$/), 1);
  // Documents API 1.2: each operation reads the members (currentOnly true and false); the first shares all ten in one POST,
  // and every later one finds them members at the role already and writes nothing.
  expectPerOp('OCM 10 recipients: members reads', perOp('shareFolderOcm10', /GET .*shares\/:folderId\/items$/), 2);
  const ocmPosts = perOp('shareFolderOcm10', /POST .*shares\/:folderId$/) * (cells.find((x) => x.scenario === 'shareFolderOcm10' && x.target === 'C')?.ops ?? NaN);
  if (!(ocmPosts <= 1)) failures.push(`OCM 10 recipients: ${ocmPosts} share POSTs in the cell, expected at most 1`);
  expectPerOp('OCM 10 recipients: user look-ups', perOp('shareFolderOcm10', /users/), 0);
  expectPerOp('ONLYOFFICE 10 recipients: share PUTs', perOp('shareFolderOo10', /PUT/), 1);
  expectPerOp('ONLYOFFICE 10 recipients: look-ups', perOp('shareFolderOo10', /people|group/), 0);

  const summary = summarise(cells);
  const gatewayMem = memoryMb(gateway.pid);
  const batchGatewayMem = memoryMb(batch.pid);
  const results = {
    ...header(),
    versions: {
      'graphql-yoga': version('graphql-yoga'),
      graphql: version('graphql'),
      undici: version('undici'),
      dataloader: version('dataloader'),
      peer: peer ? version('../bench/peer/node_modules/@graphql-hive/gateway') : 'absent',
    },
    rounds: ROUNDS,
    cellSeconds: CELL_SECONDS,
    gatewayMemoryMb: gatewayMem,
    batchGatewayMemoryMb: batchGatewayMem,
    summary,
    failures,
    cells,
  };
  printSummary(summary, peer !== null);
  // The latency table's processes come next; these have had their say.
  for (const c of children.splice(0)) c.kill('SIGKILL');
  if ('url' in postgres) await postgres.dispose();
  return results;
}

interface Summary {
  byTarget: Record<string, { rps: number; p50: number; p99: number; cpuMsPerOp: number | null; peakRssMb: number | null }>;
  ratios: Record<string, number>;
  batch: Record<string, { p50: number; rps: number; upstreamPerOp: number; cpuMsPerOp: number | null; peakRssMb: number | null }>;
  noisy: boolean;
}

function summarise(cells: Cell[]): Summary {
  const byTarget: Summary['byTarget'] = {};
  const ratios: Record<string, number[]> = {};
  const rounds = [...new Set(cells.map((c) => c.round))];
  for (const cell of cells.filter((c) => c.scenario === 'shareItem')) {
    const key = `${cell.target} c=${cell.concurrency}`;
    const same = cells.filter((c) => c.scenario === 'shareItem' && c.target === cell.target && c.concurrency === cell.concurrency);
    byTarget[key] = {
      rps: median(same.map((c) => c.rps)),
      p50: median(same.map((c) => c.p50)),
      p99: median(same.map((c) => c.p99)),
      cpuMsPerOp: same[0]!.cpuMsPerOp === null ? null : median(same.map((c) => c.cpuMsPerOp!)),
      peakRssMb: same[0]!.peakRssMb === null ? null : Math.max(...same.map((c) => c.peakRssMb!)),
    };
  }
  const push = (k: string, v: number | undefined) => {
    if (v !== undefined && Number.isFinite(v)) (ratios[k] ??= []).push(v);
  };
  for (const round of rounds) {
    const get = (t: string, c: number) => cells.find((x) => x.round === round && x.scenario === 'shareItem' && x.target === t && x.concurrency === c);
    for (const c of CONCURRENCY) {
      const a = get('A', c),
        b = get('B', c),
        g = get('C', c),
        p = get('D', c);
      push(`B/A rps c=${c}`, a && b ? b.rps / a.rps : undefined);
      push(`C/B rps c=${c}`, b && g ? g.rps / b.rps : undefined);
      push(`C-B p50 ms c=${c}`, b && g ? g.p50 - b.p50 : undefined);
      const apollo = get('C-apollo', c);
      push(`C-apollo/C cpu c=${c}`, g?.cpuMsPerOp && apollo?.cpuMsPerOp ? apollo.cpuMsPerOp / g.cpuMsPerOp : undefined);
      push(`C/D rps c=${c}`, g && p ? g.rps / p.rps : undefined);
      push(`C/D p50 c=${c}`, g && p ? g.p50 / p.p50 : undefined);
      const sqlite = get('C-sqlite', c),
        pgl = get('C-pg', c);
      push(`C-sqlite/C rps c=${c}`, g && sqlite ? sqlite.rps / g.rps : undefined);
      push(`C-pg/C rps c=${c}`, g && pgl ? pgl.rps / g.rps : undefined);
      push(`C-sqlite-C p50 ms c=${c}`, g && sqlite ? sqlite.p50 - g.p50 : undefined);
      push(`C-pg-C p50 ms c=${c}`, g && pgl ? pgl.p50 - g.p50 : undefined);
      const g2 = get('C2', c);
      push(`C2/C rps c=${c}`, g && g2 ? g2.rps / g.rps : undefined);
      push(`C/D peak RSS c=${c}`, g && p && g.peakRssMb && p.peakRssMb ? g.peakRssMb / p.peakRssMb : undefined);
    }
    const s100 = cells.find((x) => x.round === round && x.scenario === 'scale100');
    const s1000 = cells.find((x) => x.round === round && x.scenario === 'scale1000');
    if (s100 && s1000) push('scale 1000/100 time', s1000.p50 / s100.p50);
  }
  const batch: Summary['batch'] = {};
  for (const scenario of ['shareItems100', 'shareFolderOcm10', 'shareFolderOo10', 'scale10', 'scale100', 'scale1000']) {
    for (const c of [1, 10]) {
      const same = cells.filter((x) => x.scenario === scenario && x.concurrency === c);
      if (same.length === 0) continue;
      batch[`${scenario} c=${c}`] = {
        p50: median(same.map((x) => x.p50)),
        rps: median(same.map((x) => x.rps)),
        upstreamPerOp: median(same.map((x) => x.upstreamPerOp)),
        cpuMsPerOp: median(same.map((x) => x.cpuMsPerOp ?? NaN)),
        peakRssMb: same[0]!.peakRssMb === null ? null : Math.max(...same.map((x) => x.peakRssMb!)),
      };
    }
  }
  const medRatios = Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, median(v)]));
  const noisy = (medRatios['B/A rps c=1'] ?? 1) < 0.25 || (byTarget['A c=1']?.p50 ?? 0) > 0.5;
  return { byTarget, ratios: medRatios, batch, noisy };
}

function printSummary(s: Summary, hasPeer: boolean): void {
  console.log('\nshareItem (medians of rounds)');
  console.log('target  conc      rps    p50 ms   p99 ms  cpu ms/op  peak RSS MB (highest cell)');
  for (const [k, v] of Object.entries(s.byTarget)) {
    const [t, c] = k.split(' ');
    console.log(
      `${t!.padEnd(7)} ${c!.padEnd(6)} ${v.rps.toFixed(0).padStart(8)} ${v.p50.toFixed(3).padStart(9)} ${v.p99.toFixed(3).padStart(8)} ${(v.cpuMsPerOp?.toFixed(3) ?? '-').padStart(10)} ${(v.peakRssMb?.toFixed(0) ?? '-').padStart(12)}`,
    );
  }
  console.log('\nratios (median of per-round ratios)');
  for (const [k, v] of Object.entries(s.ratios)) console.log(`  ${k.padEnd(24)} ${v.toFixed(3)}`);
  console.log('\nbatch scenarios (a second gateway process, same build and settings)');
  for (const [k, v] of Object.entries(s.batch))
    console.log(
      `  ${k.padEnd(24)} p50 ${v.p50.toFixed(2)} ms  ${v.rps.toFixed(1)} ops/s  upstream/op ${v.upstreamPerOp.toFixed(1)}  cpu ${Number.isFinite(v.cpuMsPerOp ?? NaN) ? v.cpuMsPerOp!.toFixed(2) : '-'} ms/op  peak RSS ${v.peakRssMb?.toFixed(0) ?? '-'} MB`,
    );
  console.log('\nA client of the peer (no batching, no look-up loader) makes itself, per operation:');
  console.log(
    "  shareItems 100 items x 10 groups: 1 shareItems call it must chunk itself + 10 group GETs + 100 item-group reads to spot shares already in place (ours: 1 share + 1 group search + 1 read of the owner's groups, which rules Finance out)",
  );
  console.log('  shareFolder OCM 10 recipients + names: 10 POSTs + 10 user look-ups (ours: 2 members GETs; 1 POST for all ten, none once they are members; names primed from the read)');
  console.log('  shareFolder ONLYOFFICE 10 recipients + names: 1 PUT + 10 people GETs (ours: 1 PUT)');
  if (!hasPeer) console.log('\nD (peer) not installed: run `npm run bench:peer-install` to include it.');
  if (s.noisy) console.log('\nWARNING: box noisy/saturated (B/A < 0.25 or A p50 > 0.5 ms at c=1): do not compare this run.');
}

main().catch((err: unknown) => {
  console.error(err);
  stopAll();
  process.exit(1);
});
