/**
 * The fast path runs the execute hooks as plain calls only where it knows
 * every one of them (src/plugins/execute-steps.ts), and builds the context
 * by a plain call only where our factory is the only context hook
 * (src/plugins/use-gateway-context.ts). The gateway's own yoga
 * must qualify, with the ledger's hook too (else the fast path silently pays
 * envelop's hook runner again); a yoga with any hook the plan does not know,
 * or without our executor, must not. That both routes answer alike is
 * test/gateway/fast-path.test.ts's part.
 */
import { createYoga } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { loadConfig } from '../../src/config';
import { buildSchema, createGateway } from '../../src/server';
import type { Gateway } from '../../src/server';
import { directExecutor } from '../../src/plugins/execute-steps';
import { useGraphqlJsExecute } from '../../src/plugins/use-graphql-js-execute';
import { useLedgerNotices } from '../../src/plugins/use-ledger-notices';
import { useObservability } from '../../src/plugins/use-observability';
import { directContext, useGatewayContext } from '../../src/plugins/use-gateway-context';
import { GatewayMetrics } from '../../src/observability/metrics';

let gateway: Gateway;
beforeAll(() => {
  gateway = createGateway(loadConfig({ ARCGIS_URL: 'http://127.0.0.1:9', NODE_ENV: 'production', LOG_LEVEL: 'silent', LEDGER: 'off' }));
});
afterAll(() => gateway.close());

const schema = buildSchema();
const yogaWith = (plugins: Plugin[], maskedErrors = true) => createYoga({ schema, plugins, maskedErrors, logging: false });

it("the gateway's yoga gets a direct executor", () => {
  expect(directExecutor(gateway.yoga)).toEqual(expect.any(Function));
});

it("and so does one with the ledger's notices, the observability hook and masking off", () => {
  const metrics = new GatewayMetrics({ defaultMetrics: false });
  expect(directExecutor(yogaWith([useObservability(metrics), useGraphqlJsExecute(), useLedgerNotices()]))).toEqual(expect.any(Function));
  expect(directExecutor(yogaWith([useGraphqlJsExecute()], false))).toEqual(expect.any(Function));
});

it('an execute hook it does not know, envelop instrumentation, or no executor of ours keeps envelop', () => {
  const unknownHook: Plugin = { onExecute: () => undefined };
  expect(directExecutor(yogaWith([useGraphqlJsExecute(), unknownHook]))).toBeNull();
  expect(directExecutor(yogaWith([unknownHook, useGraphqlJsExecute()]))).toBeNull();
  expect(directExecutor(yogaWith([useGraphqlJsExecute(), { instrumentation: { execute: (_payload, wrapped) => wrapped() } }]))).toBeNull();
  expect(directExecutor(yogaWith([]))).toBeNull();
});

it("the gateway's yoga builds its context directly; a second context hook keeps envelop's", () => {
  expect(directContext(gateway.yoga)).toEqual(expect.any(Function));
  const ours = () => useGatewayContext(() => ({ built: true }));
  expect(directContext(yogaWith([ours()]))!({ given: 1 })).toEqual({ given: 1, built: true });
  expect(directContext(yogaWith([ours(), { onContextBuilding: () => undefined }]))).toBeNull();
  expect(directContext(yogaWith([]))).toBeNull();
});
