import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { setupTracing, shutdownTracing } from '../../src/observability/tracing';
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { waitFor } from '../helpers/wait-for';
import { ARCGIS_DEMO as D, hexId } from '../../src/simulators/arcgis/seed';

const exporter = new InMemorySpanExporter();
let h: Harness;
beforeAll(async () => {
  setupTracing({ exporter });
  h = await startHarness({ env: { ARCGIS_CHUNK_SIZE: '2' } });
});
afterAll(async () => {
  await h.close();
  await shutdownTracing();
});

it('makes a span per operation with a child span per upstream call, and sends traceparent upstream', async () => {
  exporter.reset();
  const items = [hexId('ba', 1), hexId('ba', 2), hexId('ba', 3)];
  const res = await h.gql(`mutation ShareThree($ids: [ID!]!) { shareItems(input: { itemIds: $ids, owner: "alice", groups: ["${D.fieldTeamGroup}"] }) { results { success } } }`, { ids: items });
  expect(res.errors).toBeUndefined();
  // The operation's span ends after its answer is sent, and its children before it.
  const rootSpan = () => exporter.getFinishedSpans().find((s) => s.name === 'graphql.mutation ShareThree');
  await waitFor(() => rootSpan() !== undefined);
  const spans = exporter.getFinishedSpans();
  const root = rootSpan()!;
  expect(root.attributes['graphql.operation.name']).toBe('ShareThree');
  const children = spans.filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId);
  const names = children.map((s) => s.name).sort();
  // The pre-check's group search, then two chunks of shareItems.
  expect(names).toEqual(['ARCGIS GET /community/groups', 'ARCGIS POST /content/users/:owner/shareItems', 'ARCGIS POST /content/users/:owner/shareItems']);
  for (const child of children) {
    expect(child.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(child.attributes['gateway.backend']).toBe('ARCGIS');
    expect(child.attributes['http.response.status_code']).toBe(200);
    const text = JSON.stringify(child.attributes) + child.name;
    for (const secret of [D.aliceToken, 'alice', ...items]) expect(text).not.toContain(secret);
  }
  const sent = h.sims.arcgis.sim.log.map((r) => r.headers.traceparent);
  expect(sent).toHaveLength(3);
  for (const tp of sent) expect(tp).toMatch(new RegExp(`^00-${root.spanContext().traceId}-[0-9a-f]{16}-01$`));
});

it('marks a failed upstream call on its span', async () => {
  exporter.reset();
  h.sims.arcgis.sim.inject({ kind: 'respond', status: 403, path: '/share', body: '{}' });
  const res = await h.gql(`mutation { shareItem(input: { itemId: "${D.parksMap}", owner: "alice", org: true }) { success } }`);
  expect(res.data!.shareItem.success).toBe(false);
  const callSpan = () => exporter.getFinishedSpans().find((s) => s.name === 'ARCGIS POST /content/users/:owner/items/:id/share');
  await waitFor(() => callSpan() !== undefined);
  expect(callSpan()!.attributes['http.response.status_code']).toBe(403);
});
