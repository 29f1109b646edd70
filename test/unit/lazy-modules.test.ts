/**
 * GraphiQL's inlined bundle (~60 MB of RSS once loaded), the OpenTelemetry
 * SDK and the ledger's database code are loaded only by a gateway that uses them. Checked on the built
 * gateway in a fresh process, where require.cache tells what was loaded.
 */
import { runNode } from '../../src/dev/spawn';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const DIST = path.resolve(__dirname, '../../dist');

function loadedBy(env: Record<string, string>): { graphiql: boolean; otelSdk: boolean } {
  const script = `
    const { createGateway } = require(${JSON.stringify(path.join(DIST, 'server.js'))});
    const { loadConfig } = require(${JSON.stringify(path.join(DIST, 'config.js'))});
    const gateway = createGateway(loadConfig(process.env));
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({
      graphiql: loaded.some((f) => f.includes('render-graphiql')),
      otelSdk: loaded.some((f) => f.includes('sdk-trace-node')),
    }));
    gateway.close().then(() => process.exit(0));
  `;
  const run = runNode(['-e', script], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ARCGIS_URL: 'http://127.0.0.1:9', ...env }, timeoutMs: 30_000 });
  if (run.status !== 0) throw new Error(`the probe exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { graphiql: boolean; otelSdk: boolean };
}

it('a production gateway loads neither the GraphiQL bundle nor the tracing SDK', () => {
  expect(loadedBy({ NODE_ENV: 'production' })).toEqual({ graphiql: false, otelSdk: false });
});

it('each is loaded once it is turned on', () => {
  expect(loadedBy({ NODE_ENV: 'production', GRAPHIQL: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toEqual({ graphiql: true, otelSdk: true });
});

/** Which database modules a gateway opened as main.ts opens it (ledger first) has loaded. */
function databaseModulesLoadedBy(env: Record<string, string>): { kysely: boolean; pg: boolean; sqlite: boolean } {
  const script = `
    const { openLedger } = require(${JSON.stringify(path.join(DIST, 'ledger', 'index.js'))});
    const { createGateway } = require(${JSON.stringify(path.join(DIST, 'server.js'))});
    const { loadConfig } = require(${JSON.stringify(path.join(DIST, 'config.js'))});
    (async () => {
      const config = loadConfig(process.env);
      const ledger = await openLedger(config, { backgroundPrune: false });
      const gateway = createGateway(config, { ledger });
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({
        kysely: loaded.some((f) => f.includes('/node_modules/kysely/')),
        pg: loaded.some((f) => f.includes('/node_modules/pg/')),
        sqlite: loaded.some((f) => f.includes('/node_modules/better-sqlite3/')),
      }));
      await gateway.close();
      await ledger?.close();
      process.exit(0);
    })();
  `;
  const run = runNode(['-e', script], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ARCGIS_URL: 'http://127.0.0.1:9', NODE_ENV: 'production', ...env }, timeoutMs: 30_000 });
  if (run.status !== 0) throw new Error(`the probe exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as { kysely: boolean; pg: boolean; sqlite: boolean };
}

it('with LEDGER=off no database code is loaded, Kysely included; on SQLite, pg is not', () => {
  expect(databaseModulesLoadedBy({ LEDGER: 'off' })).toEqual({ kysely: false, pg: false, sqlite: false });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lazy-ledger-'));
  try {
    expect(databaseModulesLoadedBy({ LEDGER_DIR: dir })).toEqual({ kysely: true, pg: false, sqlite: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
