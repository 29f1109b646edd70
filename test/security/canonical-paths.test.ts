/**
 * Only the exact paths serve /metrics, /readyz and /healthz (issue 21,
 * point 7). yoga matches its paths after WHATWG URL parsing, which resolves
 * dot segments (percent-encoded ones too) and turns `\` into `/`, so
 * `/graphql/..\metrics` once served the metrics to anyone who could reach
 * /graphql through a proxy that forwards only that prefix. Each variant is
 * sent as the bytes a client would send, over a bare socket. (A target
 * that does not start with `/`, such as `\metrics`, never gets past Node's
 * parser: HTTP 400.)
 */
import { rawRequest } from '../fuzz/raw-http';
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const get = (target: string) =>
  rawRequest(h.url, {
    method: 'GET',
    target,
    headers: [
      ['Host', 'gateway.example'],
      ['Connection', 'close'],
    ],
  });

/** What each protected path answers with when it is served: the test fails if a variant shows any of it. */
const SERVED = {
  metrics: /gateway_operations_total|process_cpu/,
  readyz: /"status":"(ready|unavailable)"/,
  healthz: /"status":"ok"/,
};

it.each([
  ['/metrics', SERVED.metrics],
  ['/metrics?x=1', SERVED.metrics],
  ['/readyz', SERVED.readyz],
  ['/healthz', SERVED.healthz],
])('%s itself is served (control)', async (target, served) => {
  const res = await get(target);
  expect(res.status).toBe(200);
  expect(res.body).toMatch(served);
});

const VARIANTS: Array<[string, RegExp]> = [
  ['/graphql/..\\metrics', SERVED.metrics],
  ['/graphql/%2e%2e/metrics', SERVED.metrics],
  ['/graphql/%2E%2E/metrics', SERVED.metrics],
  ['/graphql/.%2e/metrics', SERVED.metrics],
  ['/graphql/%2e./metrics', SERVED.metrics],
  ['/anything/../../metrics', SERVED.metrics],
  ['/./metrics', SERVED.metrics],
  ['/%2e/metrics', SERVED.metrics],
  ['/metrics/.', SERVED.metrics],
  ['/x/../metrics?y=1', SERVED.metrics],
  ['/graphql\\..\\metrics', SERVED.metrics],
  ['http://gateway.example/graphql/../metrics', SERVED.metrics],
  ['/graphql/%2e%2e/readyz', SERVED.readyz],
  ['/anything/../../readyz', SERVED.readyz],
  ['/graphql/..\\readyz', SERVED.readyz],
  ['/graphql/%2e%2e/healthz', SERVED.healthz],
  ['/anything/../healthz', SERVED.healthz],
];

it.each(VARIANTS)('%s is not served: 404, nothing of the endpoint', async (target, served) => {
  const res = await get(target);
  expect(res.status).toBe(404);
  expect(res.raw).not.toMatch(served);
  expect(h.upstreamCount()).toBe(0);
});

it('refuses a POST to /graphql through a dot segment too, with nothing run', async () => {
  const res = await rawRequest(h.url, {
    target: '/metrics/../graphql',
    headers: [
      ['Host', 'gateway.example'],
      ['Content-Type', 'application/json'],
      ['Connection', 'close'],
    ],
    body: JSON.stringify({ query: '{ capabilities { backend } }' }),
  });
  expect(res.status).toBe(404);
  expect(res.raw).not.toContain('capabilities');
});
