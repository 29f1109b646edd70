/**
 * Caller-chosen operation names are not unbounded labels (issue 21, point
 * 1). In an attack run 10,000 distinct names grew RSS by 105 MB and
 * /metrics to 14.8 MB; names of 900 KB took the process to 589 MB, after
 * which every scrape answered 500 with a stack trace. Here: a long name is
 * refused before anything runs; a burst of distinct names leaves /metrics
 * small with a bounded label set; a refused name never reaches a log line;
 * and a scrape that fails shows no stack.
 */
import { Gauge } from 'prom-client';
import { request } from 'undici';
import { startObserved } from '../helpers/gateway-with';
import type { Observed } from '../helpers/gateway-with';
import { metric, scrape } from '../helpers/metrics';
import { mapConcurrent } from '../../src/util/map-concurrent';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';
import { ROOT_DIR } from '../../src/server';

let g: Observed;
beforeAll(async () => {
  // Production mode (NODE_ENV unset), as attacked.
  g = await startObserved({ LOG_LEVEL: 'info' });
});
afterAll(() => g.close());
beforeEach(() => g.sims.reset());

const upstreamCount = () => g.sims.arcgis.sim.log.length + g.sims.ocm.sim.log.length + g.sims.onlyoffice.sim.log.length;
const shareNamed = (name: string) => `mutation ${name} { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", org: true }) { success } }`;

describe('an operation name over 100 characters', () => {
  it('is refused with BAD_USER_INPUT and nothing runs: no upstream call, no count, no log line naming it', async () => {
    const name = `S${'x'.repeat(100)}`;
    const res = await g.post({ query: shareNamed(name) }, { 'x-arcgis-token': D.aliceToken });
    expect(res.data?.shareItem ?? null).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0]!.message).not.toContain(name);
    expect(upstreamCount()).toBe(0);
    expect(await scrape(g.served.url)).not.toContain(name);
    expect(g.raw()).not.toContain(name);
  });

  it('is refused as the one operation chosen by operationName, and as any operation of the document', async () => {
    const name = 'Q'.repeat(101);
    const chosen = await g.post({ query: `query ${name} { capabilities { backend } } query Short { capabilities { backend } }`, operationName: 'Short' });
    expect(chosen.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(chosen.data).toBeUndefined();
  });

  it('is refused over GET too', async () => {
    const name = 'G'.repeat(101);
    const res = await request(`${g.served.url}?query=${encodeURIComponent(`query ${name} { capabilities { backend } }`)}`, { headers: { 'x-graphql-yoga-csrf': '1', accept: 'application/json' } });
    const body = (await res.body.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('of exactly 100 characters runs', async () => {
    const res = await g.post({ query: `query ${'C'.repeat(100)} { capabilities { backend } }` });
    expect(res.errors).toBeUndefined();
    expect(res.data!.capabilities).toHaveLength(3);
  });
});

/** The distinct values of the `operation` label of gateway_operations_total. */
function operationLabels(text: string): Set<string> {
  return new Set([...text.matchAll(/^gateway_operations_total\{[^}]*operation="([^"]*)"/gm)].map((m) => m[1]!));
}

it('keeps /metrics under 1 MB with a bounded label set after 1,500 operations of distinct 90-character names', async () => {
  const otherBefore = metric(await scrape(g.served.url), 'gateway_operations_total', { operation: 'other', outcome: 'ok' });
  const names = Array.from({ length: 1500 }, (_, i) => `N${String(i).padStart(5, '0')}${'n'.repeat(84)}`);
  await mapConcurrent(names, 16, async (name) => {
    const res = await g.post({ query: `query ${name} { capabilities { backend } }` });
    expect(res.errors).toBeUndefined();
  });
  // Named like the gateway's own operations (operations/*.graphql): counted under their name.
  await g.post({ query: `query Capabilities { capabilities { backend } }` });
  const text = await scrape(g.served.url);
  expect(Buffer.byteLength(text)).toBeLessThan(1024 * 1024);
  const labels = operationLabels(text);
  expect([...labels].sort()).toEqual(['Capabilities', 'other']);
  expect(metric(text, 'gateway_operations_total', { operation: 'other', outcome: 'ok' }) - otherBefore).toBe(1500);
  expect(text).not.toContain(names[0]);
});

it('answers a scrape that fails with a plain 500: no stack, no path, nothing of the error', async () => {
  new Gauge({
    name: 'test_broken_collector',
    help: 'throws while collected',
    registers: [g.gateway.metrics.registry],
    collect() {
      throw new Error(`collector failed in ${ROOT_DIR}/src/observability/metrics.ts`);
    },
  });
  try {
    const res = await request(g.served.url.replace('/graphql', '/metrics'));
    expect(res.statusCode).toBe(500);
    const text = await res.body.text();
    expect(text).not.toContain(ROOT_DIR);
    expect(text).not.toMatch(/collector failed|\bat \S+:\d+|Error/);
    expect(text.length).toBeLessThan(200);
  } finally {
    g.gateway.metrics.registry.removeSingleMetric('test_broken_collector');
  }
  expect((await request(g.served.url.replace('/graphql', '/metrics'))).statusCode).toBe(200);
});
