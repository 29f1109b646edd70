/**
 * Starts the three simulators and a gateway pointed at them, all on port 0
 * over real HTTP, and gives tests a GraphQL client plus the simulators'
 * request logs. One harness per test file; `reset()` between tests.
 */
import { request } from 'undici';
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

export const DEMO_HEADERS = {
  'x-arcgis-token': ARCGIS_DEMO.aliceToken,
  'x-ocm-authorization': OCM_DEMO.bearer,
  'x-onlyoffice-authorization': ONLYOFFICE_DEMO.token,
};

export interface GqlResult<T = Record<string, any>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data?: T;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, any> }>;
}

export interface Harness {
  sims: RunningSimulators;
  gateway: Gateway;
  served: Served;
  url: string;
  config: Config;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  /** Every request any simulator has logged since the last reset. */
  upstreamCount(): number;
  reset(): void;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Leave a backend's URL unset. */
  unconfigured?: Array<'ARCGIS_URL' | 'OCM_URL' | 'ONLYOFFICE_URL'>;
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
  const config = loadConfig(env);
  const gateway = createGateway(config);
  const served = await serve(gateway, 0, '127.0.0.1');
  const url = served.url;
  return {
    sims,
    gateway,
    served,
    url,
    config,
    async gql(query, variables, headers = DEMO_HEADERS) {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.body.text();
      const parsed = JSON.parse(text) as { data?: any; errors?: any[] };
      return { status: res.statusCode, headers: res.headers, data: parsed.data ?? undefined, errors: parsed.errors };
    },
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
    },
  };
}

/** The `extensions.code` of the first error, for terse assertions. */
export function firstCode(result: GqlResult): string | undefined {
  return result.errors?.[0]?.extensions?.code as string | undefined;
}
