/**
 * A gateway with options the harness does not expose (a log destination),
 * in front of fresh simulators, over real HTTP on port 0.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createGateway } from '../../src/server';
import type { Gateway } from '../../src/server';
import { serve } from '../../src/listen';
import type { Served } from '../../src/listen';
import { startSimulators } from '../../src/simulators/start';
import type { RunningSimulators } from '../../src/simulators/start';
import { postGql } from './graphql';
import type { Data, GqlRequest, GqlResult } from './graphql';

export interface Observed {
  sims: RunningSimulators;
  gateway: Gateway;
  served: Served;
  lines: Array<Record<string, unknown>>;
  raw(): string;
  /** POSTs one operation; no credentials unless `headers` has them. */
  post<T = Data>(body: GqlRequest, headers?: Record<string, string>): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export async function startObserved(env: Record<string, string> = {}): Promise<Observed> {
  const sims = await startSimulators();
  let raw = '';
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      raw += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const gateway = createGateway(loadConfig({ ...sims.env, LOG_LEVEL: 'debug', ...env }), { logDestination: destination });
  const served = await serve(gateway, 0, '127.0.0.1');
  return {
    sims,
    gateway,
    served,
    lines,
    raw: () => raw,
    post: (body, headers = {}) => postGql(served.url, body, headers),
    async close() {
      await served.shutdown(100);
      await sims.close();
    },
  };
}
