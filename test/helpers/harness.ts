/**
 * Starts the three simulators and a gateway pointed at them, all on port 0
 * over real HTTP, and gives tests a GraphQL client plus the simulators'
 * request logs. One harness per test file; `reset()` between tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config';
import type { Config } from '../../src/config';
import { createGateway } from '../../src/server';
import type { Gateway } from '../../src/server';
import { serve } from '../../src/listen';
import type { Served } from '../../src/listen';
import { startSimulators } from '../../src/simulators/start';
import type { RunningSimulators } from '../../src/simulators/start';
import { ARCGIS_DEMO } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO } from '../../src/simulators/onlyoffice/seed';
import { openLedger } from '../../src/ledger';
import type { LedgerStore, OpenLedgerOptions } from '../../src/ledger';
import { postGql } from './graphql';
import type { Data, GqlResult } from './graphql';

export * from './graphql';

export const DEMO_HEADERS = {
  'x-arcgis-token': ARCGIS_DEMO.aliceToken,
  'x-ocm-authorization': OCM_DEMO.bearer,
  'x-onlyoffice-authorization': ONLYOFFICE_DEMO.token,
};

export interface Harness {
  sims: RunningSimulators;
  gateway: Gateway;
  served: Served;
  url: string;
  config: Config;
  /** The sharing ledger the gateway records to; null unless `ledger` was asked for. */
  ledger: LedgerStore | null;
  /** POSTs one operation; `headers` replace the demo credentials. */
  gql<T = Data>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** Every request any simulator has logged since the last reset. */
  upstreamCount(): number;
  reset(): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Leave a backend's URL unset. */
  unconfigured?: Array<'ARCGIS_URL' | 'OCM_URL' | 'ONLYOFFICE_URL'>;
  /**
   * Run with the sharing ledger: `true` for a fresh embedded SQLite store in
   * a temporary folder (removed on close), or the settings of a store (such
   * as `{ DATABASE_URL }` from test/ledger/engines.ts). Without it the
   * gateway has none, as with LEDGER=off.
   */
  ledger?: true | Record<string, string>;
  /** How the ledger is opened. @default { backgroundPrune: false } */
  ledgerOptions?: OpenLedgerOptions;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sims = await startSimulators();
  const env: Record<string, string> = {
    ...sims.env,
    UPSTREAM_CONNECT_TIMEOUT_MS: '1000',
    UPSTREAM_HEADERS_TIMEOUT_MS: '1000',
    UPSTREAM_BODY_TIMEOUT_MS: '1000',
    UPSTREAM_CALL_DEADLINE_MS: '3000',
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  for (const name of options.unconfigured ?? []) delete env[name];
  const ledgerDir = options.ledger === true ? mkdtempSync(path.join(os.tmpdir(), 'harness-ledger-')) : null;
  if (options.ledger) Object.assign(env, ledgerDir ? { LEDGER_DIR: ledgerDir } : options.ledger);
  const config = loadConfig(env);
  const ledger = options.ledger ? await openLedger(config, { backgroundPrune: false, ...options.ledgerOptions }) : null;
  const gateway = createGateway(config, { ledger });
  const served = await serve(gateway, 0, '127.0.0.1');
  const url = served.url;
  return {
    sims,
    gateway,
    served,
    url,
    config,
    ledger,
    gql: (query, variables, headers = DEMO_HEADERS) => postGql(url, { query, variables }, headers),
    upstreamCount() {
      return sims.arcgis.sim.log.length + sims.ocm.sim.log.length + sims.onlyoffice.sim.log.length;
    },
    reset() {
      sims.reset();
      for (const client of Object.values(gateway.connectors.clients)) client.resetPolicies();
    },
    async close() {
      await served.shutdown(100);
      await sims.close();
      if (ledgerDir) rmSync(ledgerDir, { recursive: true, force: true });
    },
  };
}
