/**
 * What the benchmark (run.ts) and the paired comparison (ab.ts) share: child
 * processes started and stopped together, the simulators' addresses, and
 * the shareItem operation every target is judged on.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnNode } from '../src/dev/spawn';
import type { RequestSpec } from './load';
import { ARCGIS_DEMO } from '../src/simulators/arcgis/seed';
import type { Mutation, Query } from '../src/generated/resolvers-types';

export interface SimUrls {
  arcgis: string;
  arcgisRoot: string;
  ocm: string;
  onlyoffice: string;
}

export interface Child {
  proc: ChildProcess;
  pid: number;
}

/**
 * Starts `node file` (with `nodeArgs` first) and resolves once its stdout
 * matches `ready`. The child gets our environment plus `env`; its stderr is
 * ours, and its stdout is drained and dropped once it is ready.
 */
export async function spawnUntil(file: string, env: Record<string, string>, ready: RegExp, nodeArgs: string[] = []): Promise<{ child: Child; match: RegExpExecArray }> {
  const spawned = await spawnNode(file, { env: { ...process.env, ...env }, ready, nodeArgs, timeoutMs: 20_000, stderr: 'inherit', keep: 'none' });
  return { child: { proc: spawned.child, pid: spawned.pid }, match: spawned.match };
}

export const children: ChildProcess[] = [];

export function track(child: Child): Child {
  children.push(child.proc);
  return child;
}

export function stopAll(): void {
  for (const c of children) c.kill('SIGKILL');
}
process.on('exit', stopAll);
// Interrupted (Ctrl-C, a CI timeout): 'exit' does not run on a signal, and the children would outlive us.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAll();
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  });
}

/** Starts the simulators' child process; `latencyMs` holds every answer that long (bench/sims.ts). */
export async function startSimulators(simulatorsFile: string, latencyMs = 0): Promise<SimUrls> {
  const { child, match } = await spawnUntil(simulatorsFile, { BENCH_LATENCY_MS: String(latencyMs) }, /^(\{.*\})$/m);
  track(child);
  return JSON.parse(match[1]!) as SimUrls;
}

/**
 * The gateway's settings in every run: the simulators, a free port, production mode, and the
 * sharing ledger off, so that the cells measure what they measured before the ledger (its reads
 * before a write and its one database round trip would be a cell of their own; `extra` may turn
 * it on).
 */
function gatewayEnv(sims: SimUrls): Record<string, string> {
  return { PORT: '0', HOST: '127.0.0.1', ARCGIS_URL: sims.arcgisRoot, OCM_URL: sims.ocm, ONLYOFFICE_URL: sims.onlyoffice, NODE_ENV: 'production', LEDGER: 'off' };
}

const GATEWAY_READY = /listening on (http:\/\/[^\s]+)\/graphql/;

/** Starts the gateway at `mainJs` against the simulators (with `extra` settings and node flags) and tracks it. */
export async function startGateway(mainJs: string, sims: SimUrls, extra: Record<string, string> = {}, nodeArgs: string[] = []): Promise<{ origin: string; pid: number }> {
  const { child, match } = await spawnUntil(mainJs, { ...gatewayEnv(sims), ...extra }, GATEWAY_READY, nodeArgs);
  track(child);
  return { origin: match[1]!, pid: child.pid };
}

/** Every root field, as the schema declares it: a check reads the fields its query selected. */
export type GqlData = Omit<Query, '__typename'> & Omit<Mutation, '__typename'>;

export function gql(query: string, variables: Record<string, unknown>, headers: Record<string, string>, check: (data: GqlData) => boolean): RequestSpec {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    check: (status, body) => {
      if (status !== 200) return false;
      const parsed = JSON.parse(body) as { data: GqlData; errors?: unknown };
      return parsed.errors === undefined && check(parsed.data);
    },
  };
}

export const D = ARCGIS_DEMO;
export const TWO_GROUPS = [D.fieldTeamGroup, D.publicGroup];
export const ARCGIS_HEADERS = { 'x-arcgis-token': D.aliceToken };

const SHARE_ITEM = `mutation ShareItem($input: ShareItemInput!) { shareItem(input: $input) { itemId success error { code } } }`;
export const shareItemSpec = gql(SHARE_ITEM, { input: { itemId: D.parksMap, owner: 'alice', groups: TWO_GROUPS, confirmItemControl: true } }, ARCGIS_HEADERS, (d) => d.shareItem.success === true);
