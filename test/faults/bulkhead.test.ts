/**
 * Concurrency limits per backend, and cancellation: a slow backend holds at
 * most `maxInFlight + maxQueued` calls, the overflow fails at once with
 * UPSTREAM_OVERLOADED, and a client that disconnects cancels its upstream
 * calls (the simulator sees the socket closed, and nothing more is sent).
 */
import { request } from 'undici';
import { DEMO_HEADERS, startHarness } from '../helpers/harness';
import type { Harness, ItemShareResult } from '../helpers/harness';
import { operationsFinished } from '../helpers/metrics';
import { waitFor } from '../helpers/wait-for';
import { Bulkhead, BulkheadFullError } from '../../src/connectors/upstream/bulkhead';
import { hexId } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO } from '../../src/simulators/onlyoffice/seed';

const SHARE_ITEMS = `mutation ShareItems($input: ShareItemsInput!) {
  shareItems(input: $input) { results { itemId success error { code backend message } } }
}`;
const SHARE_FOLDER = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) { results { recipientId success error { code backend } } }
}`;

describe('Bulkhead', () => {
  const gate = () => {
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    return { promise, open };
  };

  it('runs `limit` at once, queues `queue` more and refuses the rest at once', async () => {
    const bulkhead = new Bulkhead(2, 2);
    const g = gate();
    let running = 0;
    let peak = 0;
    const task = async () => {
      running++;
      peak = Math.max(peak, running);
      await g.promise;
      running--;
      return 'done';
    };
    const accepted = [1, 2, 3, 4].map(() => bulkhead.run(task));
    await expect(bulkhead.run(task)).rejects.toBeInstanceOf(BulkheadFullError);
    expect([bulkhead.inFlight, bulkhead.queued, bulkhead.rejected]).toEqual([2, 2, 1]);
    g.open();
    expect(await Promise.all(accepted)).toEqual(['done', 'done', 'done', 'done']);
    expect(peak).toBe(2);
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([0, 0]);
  });

  it('drops aborted waiters at once, so they neither hold queue places nor starve live callers', async () => {
    const bulkhead = new Bulkhead(1, 2);
    const g = gate();
    const ran: string[] = [];
    const first = bulkhead.run(async () => {
      await g.promise;
      ran.push('first');
    });
    const aborted = [new AbortController(), new AbortController()];
    const parked = aborted.map((c, i) => bulkhead.run(async () => void ran.push(`aborted ${i}`), c.signal).catch((e: unknown) => e));
    expect(bulkhead.queued).toBe(2);
    for (const c of aborted) c.abort(new Error('caller went away'));
    expect(await Promise.all(parked)).toEqual([new Error('caller went away'), new Error('caller went away')]);
    expect(bulkhead.queued).toBe(0);
    // Both queue places are free again, and a live caller runs as soon as the slot is.
    const live = [bulkhead.run(async () => void ran.push('live 1')), bulkhead.run(async () => void ran.push('live 2'))];
    g.open();
    await Promise.all([first, ...live]);
    expect(ran).toEqual(['first', 'live 1', 'live 2']);
  });

  it('hands a freed slot to the next waiter, not to a newcomer', async () => {
    const bulkhead = new Bulkhead(1, 1);
    const g = gate();
    const order: string[] = [];
    const first = bulkhead.run(() => g.promise.then(() => void order.push('first')));
    const waiter = bulkhead.run(async () => void order.push('waiter'));
    g.open();
    await first;
    // The slot went to the waiter: a newcomer now queues behind it, and the bulkhead never runs two.
    const newcomer = bulkhead.run(async () => void order.push('newcomer'));
    expect(bulkhead.inFlight).toBe(1);
    await Promise.all([waiter, newcomer]);
    expect(order).toEqual(['first', 'waiter', 'newcomer']);
  });
});

describe('a slow backend behind the bulkhead', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { UPSTREAM_MAX_IN_FLIGHT: '10', UPSTREAM_MAX_QUEUED: '10', UPSTREAM_HEADERS_TIMEOUT_MS: '5000', UPSTREAM_CALL_DEADLINE_MS: '8000' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('with 50 clients at once: 10 in flight, 10 queued, 30 fail at once with UPSTREAM_OVERLOADED; other backends unaffected', async () => {
    h.sims.arcgis.sim.inject({ kind: 'delay', ms: 2000, path: '/shareItems', times: 50 });
    // Each answer notes how many successes had come back before it: the overflow must not wait for the slow backend.
    let successes = 0;
    const calls = Array.from({ length: 50 }, async (_, i) => {
      const res = await h.gql(SHARE_ITEMS, { input: { itemIds: [hexId('ba', i + 1)], owner: 'alice', org: true } });
      const result: ItemShareResult = res.data!.shareItems.results[0]!;
      const successesBefore = successes;
      if (result.success) successes++;
      return { successesBefore, result };
    });
    // With ArcGIS's ten slots taken by calls its backend holds, OCM still answers as usual.
    await waitFor(() => h.sims.arcgis.sim.requests({ method: 'POST' }).length === 10, 5000);
    const ocm = await h.gql(SHARE_FOLDER, { input: { backend: 'OCM', folderId: OCM_DEMO.projectFolderId, recipients: [{ id: OCM_DEMO.bobId, role: 'VIEWER' }] } });
    expect(ocm.data!.shareFolder.results[0]!.success).toBe(true);
    expect(successes).toBe(0);

    const outcomes = await Promise.all(calls);
    const ok = outcomes.filter((o) => o.result.success);
    const overloaded = outcomes.filter((o) => o.result.error?.code === 'UPSTREAM_OVERLOADED');
    expect(ok).toHaveLength(20);
    expect(overloaded).toHaveLength(30);
    expect(overloaded[0]!.result.error!.message).toMatch(/Too many calls to ArcGIS portal/);
    expect(overloaded.map((o) => o.successesBefore)).toEqual(overloaded.map(() => 0));
    expect(h.sims.arcgis.sim.requests({ method: 'POST' })).toHaveLength(20);
  });
});

describe('a client that disconnects', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ARCGIS_CHUNK_SIZE: '1', FAN_OUT_CONCURRENCY: '1', UPSTREAM_CALL_DEADLINE_MS: '10000', UPSTREAM_HEADERS_TIMEOUT_MS: '10000', UPSTREAM_BODY_TIMEOUT_MS: '10000' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  function send(query: string, variables: unknown, signal: AbortSignal) {
    return request(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...DEMO_HEADERS },
      body: JSON.stringify({ query, variables }),
      signal,
    }).catch((e: unknown) => e);
  }

  it('cancels the upstream call in flight and sends none of the calls still to come', async () => {
    h.sims.arcgis.sim.inject({ kind: 'delay', ms: 5000, path: '/shareItems' });
    const client = new AbortController();
    const pending = send(SHARE_ITEMS, { input: { itemIds: [1, 2, 3].map((n) => hexId('ba', n)), owner: 'alice', org: true } }, client.signal);
    await waitFor(() => h.sims.arcgis.sim.log.length === 1, 3000);
    const finishedBefore = await operationsFinished(h.url, 'ShareItems');
    client.abort();
    await pending;
    // Hung up on well before the backend's 5 s delay would have answered.
    await waitFor(() => h.sims.arcgis.sim.log[0]!.closedEarly === true, 3000);
    // Once the operation has finished executing, chunks 2 and 3 can no longer be sent: they never were.
    await waitFor(async () => (await operationsFinished(h.url, 'ShareItems')) === finishedBefore + 1, 3000);
    expect(h.sims.arcgis.sim.log).toHaveLength(1);
  });

  it('stops a response being trickled: the simulator sees the socket closed mid-body', async () => {
    h.sims.onlyoffice.sim.inject({ kind: 'trickle', intervalMs: 50, method: 'PUT' });
    const client = new AbortController();
    const pending = send(SHARE_FOLDER, { input: { backend: 'ONLYOFFICE', folderId: ONLYOFFICE_DEMO.myFolderId, recipients: [{ id: ONLYOFFICE_DEMO.carolId, role: 'REVIEWER' }] } }, client.signal);
    // The simulator logs a request and writes the head and first byte of its answer in one go
    // (no timer in between), so once the PUT is in its log the body is on its way.
    await waitFor(() => h.sims.onlyoffice.sim.requests({ method: 'PUT' }).length === 1, 3000);
    client.abort();
    await pending;
    await waitFor(() => h.sims.onlyoffice.sim.requests({ method: 'PUT' })[0]!.closedEarly === true, 1000);
  });
});
