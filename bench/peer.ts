/**
 * Target D, the peer: Hive Gateway with an OpenAPI source describing the
 * simulated ArcGIS share endpoint. It lives in bench/peer/ with its own
 * pinned package.json and lockfile, installed on demand by
 * `npm run bench:peer-install`; it is never a dependency of the gateway.
 *
 * startPeer composes bench/peer/mesh.config.ts against the running ArcGIS
 * simulator (`mesh-compose -o <tmp>/supergraph.graphql` with ARCGIS_ROOT),
 * then serves it with `hive-gateway supergraph … --host 127.0.0.1 --port <free>
 * --jit` as a child process. The supergraph goes to a per-run temp dir (the
 * gateway watches the file, so a shared one could be rewritten under it by
 * another run), and the gateway runs there so it does not also load
 * mesh.config.ts (it picks that file up from its cwd by default).
 * PEER_JIT=0 serves without --jit.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import type { RequestSpec } from './load';
import { ARCGIS_DEMO as D } from '../src/simulators/arcgis/seed';

const PEER_DIR = path.resolve(__dirname, '../../bench/peer');
const HOST = '127.0.0.1';
const COMPOSE_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 60_000;

export interface Peer {
  proc: ChildProcess;
  pid: number;
  origin: string;
  shareItemSpec: RequestSpec;
}

/**
 * The mutation as the peer generates it from bench/peer/openapi.json:
 * `shareItem(owner: String!, itemId: String!, groups: String!,
 * confirmItemControl: Boolean, f: String = "json"): ShareItemResult`, with
 * `ShareItemResult { itemId: String!, notSharedWith: [String]! }`. groups is
 * the portal's comma-separated list; the token goes in the header the mesh
 * config forwards (X-Esri-Authorization).
 */
const SHARE_ITEM = `mutation ShareItem($owner: String!, $itemId: String!, $groups: String!, $confirmItemControl: Boolean, $f: String) { shareItem(owner: $owner, itemId: $itemId, groups: $groups, confirmItemControl: $confirmItemControl, f: $f) { itemId notSharedWith } }`;

function shareItemSpec(): RequestSpec {
  return {
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', 'x-esri-authorization': `Bearer ${D.aliceToken}` },
    body: JSON.stringify({
      query: SHARE_ITEM,
      variables: { owner: 'alice', itemId: D.parksMap, groups: `${D.fieldTeamGroup},${D.publicGroup}`, confirmItemControl: true, f: 'json' },
    }),
    check: (status, body) => {
      if (status !== 200) return false;
      try {
        const parsed = JSON.parse(body) as { data?: { shareItem?: { itemId?: unknown } | null } | null; errors?: unknown };
        return parsed.errors === undefined && parsed.data?.shareItem?.itemId === D.parksMap;
      } catch {
        return false;
      }
    },
  };
}

/** The JS file behind node_modules/.bin/<name>, run with this Node rather than whatever `node` is on PATH. */
function binScript(name: string): string | null {
  const link = path.join(PEER_DIR, 'node_modules', '.bin', name);
  return existsSync(link) ? realpathSync(link) : null;
}

/**
 * The environment for the peer's processes: ours minus what the hive-gateway
 * CLI would read as options (HOST, PORT, FORK, JIT, POLLING, CONFIG_PATH,
 * Hive/Apollo/OpenTelemetry reporting, DEBUG), and NODE_ENV=production as for C.
 */
function peerEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(HOST|PORT|FORK|JIT|POLLING|CONFIG_PATH|DEBUG|LOG_LEVEL|DEV_REMOTE|DEV_REGISTRY|RENDER_LEGACY_GRAPHIQL|HIVE_.*|APOLLO_.*|OPENTELEMETRY.*|OTEL_.*)$/.test(key)) delete env[key];
  }
  return { ...env, NODE_ENV: 'production', ...extra };
}

// eslint-disable-next-line no-control-regex -- ANSI colour codes start with ESC, a control character
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/** Keeps the last few KB of a child's output for error messages, and keeps draining it. */
function tail(proc: ChildProcess): () => string {
  let out = '';
  const add = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-8192);
  };
  proc.stdout?.on('data', add);
  proc.stderr?.on('data', add);
  return () => stripAnsi(out);
}

async function compose(composeJs: string, arcgisRoot: string, output: string): Promise<void> {
  const proc = spawn(process.execPath, [composeJs, '-o', output], {
    cwd: PEER_DIR,
    env: peerEnv({ ARCGIS_ROOT: arcgisRoot }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = tail(proc);
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`mesh-compose did not finish in ${COMPOSE_TIMEOUT_MS / 1000}s:\n${out()}`));
    }, COMPOSE_TIMEOUT_MS);
    proc.once('error', (err) => (clearTimeout(timer), reject(err)));
    proc.once('exit', (c) => (clearTimeout(timer), resolve(c)));
  });
  if (code !== 0 || !existsSync(output)) throw new Error(`mesh-compose exited with ${code}:\n${out()}`);
  const sdl = readFileSync(output, 'utf8');
  if (!/\bshareItem\(/.test(sdl)) throw new Error(`the composed supergraph has no shareItem field (${output})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** True once the gateway answers a GraphQL query. */
async function answers(origin: string): Promise<boolean> {
  try {
    const res = await request(`${origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
      headersTimeout: 2000,
      bodyTimeout: 2000,
    });
    const body = (await res.body.json()) as { data?: { __typename?: string } };
    return res.statusCode === 200 && body.data?.__typename === 'Query';
  } catch {
    return false;
  }
}

async function serve(gatewayJs: string, supergraph: string, cwd: string, jit: boolean): Promise<{ proc: ChildProcess; origin: string }> {
  const port = await freePort();
  const origin = `http://${HOST}:${port}`;
  const args = [gatewayJs, 'supergraph', supergraph, '--host', HOST, '--port', String(port), ...(jit ? ['--jit'] : [])];
  const proc = spawn(process.execPath, args, { cwd, env: peerEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  const out = tail(proc);
  let exited: number | null | undefined;
  proc.once('exit', (code) => (exited = code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== undefined) throw new Error(`hive-gateway exited with ${exited}:\n${out()}`);
    if (await answers(origin)) return { proc, origin };
    await new Promise((r) => setTimeout(r, 200));
  }
  proc.kill('SIGKILL');
  throw new Error(`hive-gateway did not answer on ${origin} within ${START_TIMEOUT_MS / 1000}s:\n${out()}`);
}

export async function startPeer(sims: { arcgis: string }): Promise<Peer> {
  const composeJs = binScript('mesh-compose');
  const gatewayJs = binScript('hive-gateway');
  if (!existsSync(path.join(PEER_DIR, 'node_modules')) || !composeJs || !gatewayJs) throw new Error('not installed (npm run bench:peer-install)');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'sharing-gateway-peer-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const supergraph = path.join(dir, 'supergraph.graphql');
  await compose(composeJs, `${sims.arcgis}/sharing/rest`, supergraph);

  const jit = process.env.PEER_JIT !== '0';
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // The free port is released before the gateway binds it; retry if something took it meanwhile.
      const { proc, origin } = await serve(gatewayJs, supergraph, dir, jit);
      return { proc, pid: proc.pid!, origin, shareItemSpec: shareItemSpec() };
    } catch (err) {
      lastError = err;
      if (!/EADDRINUSE/.test(String((err as Error).message))) break;
    }
  }
  throw lastError;
}
