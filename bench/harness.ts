/**
 * What the benchmark (run.ts) and the paired comparison (ab.ts) share: child
 * processes started and stopped together, the simulators' addresses, and
 * the shareItem operation every target is judged on.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

/** Where a gateway of the benchmark keeps its sharing ledger. */
export type LedgerStoreName = 'off' | 'sqlite' | 'postgres';

/**
 * The settings that put a gateway's ledger in `store`: off; the embedded
 * SQLite file (the default, in a fresh temporary directory, so that no run
 * reads another's keys or history); or the PostgreSQL in `databaseUrl`.
 */
export function ledgerEnv(store: LedgerStoreName, databaseUrl?: string): Record<string, string> {
  if (store === 'off') return { LEDGER: 'off' };
  if (store === 'sqlite') return { LEDGER: 'on', DATABASE_URL: '', LEDGER_DIR: mkdtempSync(path.join(os.tmpdir(), 'bench-ledger-')) };
  if (!databaseUrl) throw new Error('the PostgreSQL ledger needs a DATABASE_URL');
  return { LEDGER: 'on', DATABASE_URL: databaseUrl };
}

/** The PostgreSQL the benchmark's ledger rows use: BENCH_DATABASE_URL, else the local one .ci/run starts. */
export const BENCH_POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A schema of its own on that PostgreSQL (so that the run neither reads nor
 * leaves tables in the database's default schema), and the URL that puts the
 * gateway in it; `unreachable`, with the reason, when no server answers.
 */
export async function benchPostgres(): Promise<{ url: string; dispose(): Promise<void> } | { unreachable: string }> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: BENCH_POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    return { unreachable: (err as Error).message || String(err) };
  }
  const schema = `bench_${process.pid}_${Date.now()}`;
  await admin.query(`create schema ${schema}`);
  const url = new URL(BENCH_POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.href,
    dispose: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
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
