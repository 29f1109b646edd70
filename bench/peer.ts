/**
 * Target D, the peer: Hive Gateway with an OpenAPI source describing the
 * simulated ArcGIS share endpoint. It lives in bench/peer/ with its own
 * pinned package.json and lockfile, installed on demand by
 * `npm run bench:peer-install`; it is never a dependency of the gateway.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RequestSpec } from './load';
import { ARCGIS_DEMO as D } from '../src/simulators/arcgis/seed';

const PEER_DIR = path.resolve(__dirname, '../../bench/peer');

export interface Peer {
  proc: ChildProcess;
  pid: number;
  origin: string;
  shareItemSpec: RequestSpec;
}

export async function startPeer(sims: { arcgis: string }): Promise<Peer> {
  const bin = path.join(PEER_DIR, 'node_modules', '.bin', 'hive-gateway');
  if (!existsSync(bin)) throw new Error('not installed (npm run bench:peer-install)');
  throw new Error(`peer wiring not available in this build (${sims.arcgis}, ${D.parksMap})`);
}

export { spawn, writeFileSync };
