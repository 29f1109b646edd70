/**
 * When the gateway repeats an upstream call, and when it must not: retries
 * are decided per call (UpstreamRequest.idempotent), bounded by attempts,
 * the deadline, Retry-After and a per-backend retry budget.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';
import { waitFor } from '../helpers/wait-for';
import { loadConfig } from '../../src/config';
import { OcmConnector } from '../../src/connectors/ocm';
import { UpstreamClient, parseRetryAfter } from '../../src/connectors/upstream/client';
import { RetryBudget } from '../../src/connectors/upstream/budget';
import { UpstreamError } from '../../src/errors';
import { createOcmSimulator, OCM_DEMO } from '../../src/simulators/ocm/server';
import { hexId } from '../../src/simulators/arcgis/seed';

const SHARE_ITEMS = `mutation($input: ShareItemsInput!) {
  shareItems(input: $input) { results { itemId success error { code backend upstreamCode message } } }
}`;
const SHARE_FOLDER = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) { results { recipientId success error { code backend upstreamCode } } }
}`;
const items = (n: number) => Array.from({ length: n }, (_, i) => hexId('ba', i + 1));
const ocmInput = { backend: 'OCM', folderId: OCM_DEMO.projectFolderId, recipients: [{ id: OCM_DEMO.bobId, role: 'VIEWER' }] };
const ooInput = { backend: 'ONLYOFFICE', folderId: '1001', recipients: [{ id: '3f2c5b1e-7a4d-4c1b-9e2f-ca7010000003', role: 'REVIEWER' }] };

describe('which failures are retried', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { UPSTREAM_RETRY_BASE_DELAY_MS: '10', UPSTREAM_RETRY_MAX_DELAY_MS: '50' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  const arcgisPosts = () => h.sims.arcgis.sim.requests({ method: 'POST', route: /shareItems$/ }).length;
  const ocmPosts = () => h.sims.ocm.sim.requests({ method: 'POST' }).length;
  const ooPuts = () => h.sims.onlyoffice.sim.requests({ method: 'PUT' }).length;

  it.each([400, 401, 403, 404, 409, 422])('a repeatable call is not retried after HTTP %i', async (status) => {
    h.sims.arcgis.sim.inject({ kind: 'respond', status, body: '{}', path: '/shareItems', times: 3 });
    h.sims.onlyoffice.sim.inject({ kind: 'respond', status, body: '{}', method: 'PUT', times: 3 });
    const a = await h.gql(SHARE_ITEMS, { input: { itemIds: items(2), owner: 'alice', org: true } });
    const o = await h.gql(SHARE_FOLDER, { input: ooInput });
    expect(a.data!.shareItems.results[0]!.success).toBe(false);
    expect(o.data!.shareFolder.results[0]!.success).toBe(false);
    expect(arcgisPosts()).toBe(1);
    expect(ooPuts()).toBe(1);
  });

  it('a repeatable call is retried after 429, 502, 503 and 504, then succeeds', async () => {
    h.sims.arcgis.sim.inject({ kind: 'respond', status: 503, path: '/shareItems' }, { kind: 'respond', status: 429, path: '/shareItems' });
    h.sims.onlyoffice.sim.inject({ kind: 'respond', status: 502, method: 'PUT' }, { kind: 'respond', status: 504, method: 'PUT' });
    const a = await h.gql(SHARE_ITEMS, { input: { itemIds: items(2), owner: 'alice', org: true } });
    const o = await h.gql(SHARE_FOLDER, { input: ooInput });
    expect(a.data!.shareItems.results.every((r) => r.success)).toBe(true);
    expect(o.data!.shareFolder.results[0]!.success).toBe(true);
    expect(arcgisPosts()).toBe(3);
    expect(ooPuts()).toBe(3);
  });

  it('a repeatable call is retried after a connection reset', async () => {
    h.sims.arcgis.sim.inject({ kind: 'reset', path: '/shareItems' });
    const a = await h.gql(SHARE_ITEMS, { input: { itemIds: items(2), owner: 'alice', org: true } });
    expect(a.data!.shareItems.results.every((r) => r.success)).toBe(true);
    expect(arcgisPosts()).toBe(2);
  });

  it.each([
    ['HTTP 503', { kind: 'respond' as const, status: 503 }, 'UPSTREAM_ERROR'],
    ['HTTP 502', { kind: 'respond' as const, status: 502 }, 'UPSTREAM_ERROR'],
    ['HTTP 429', { kind: 'respond' as const, status: 429, headers: { 'retry-after': '1' } }, 'RATE_LIMITED'],
    ['a connection reset after the request was sent', { kind: 'reset' as const }, 'UPSTREAM_UNAVAILABLE'],
    ['a reset mid-body', { kind: 'reset-mid-body' as const }, 'UPSTREAM_UNAVAILABLE'],
  ])('the OCM share POST is never repeated after %s', async (_name, fault, code) => {
    h.sims.ocm.sim.inject({ ...fault, method: 'POST', times: 3 });
    const res = await h.gql(SHARE_FOLDER, { input: ocmInput });
    expect(res.data!.shareFolder.results[0]!).toMatchObject({ success: false, error: { code, backend: 'OCM' } });
    expect(ocmPosts()).toBe(1);
  });

  it('a call is not retried when the wait would pass its deadline', async () => {
    const short = await startHarness({ env: { UPSTREAM_CALL_DEADLINE_MS: '1500' } });
    try {
      short.sims.arcgis.sim.inject({ kind: 'respond', status: 503, headers: { 'retry-after': '2' }, path: '/shareItems', times: 3 });
      const res = await short.gql(SHARE_ITEMS, { input: { itemIds: items(1), owner: 'alice', org: true } });
      expect(res.data!.shareItems.results[0]!.error).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: 503 });
      expect(short.sims.arcgis.sim.requests({ method: 'POST' })).toHaveLength(1);
      // Given up at once: no retry was even started (a wait cut short by the deadline would count one).
      expect(short.gateway.connectors.clients.ARCGIS!.stats()).toMatchObject({ calls: 1, attempts: 1, retries: 0 });
    } finally {
      await short.close();
    }
  });
});

describe('a call that never reached the backend', () => {
  it('is retried even when it is not repeatable (connection refused), and reaches the backend once', async () => {
    const { sim } = createOcmSimulator();
    await sim.listen(0);
    const port = Number(new URL(sim.url).port);
    await sim.close();
    const attempts: Array<string | undefined> = [];
    const config = loadConfig({ OCM_URL: `http://127.0.0.1:${port}`, UPSTREAM_RETRY_BASE_DELAY_MS: '300', UPSTREAM_RETRY_MAX_DELAY_MS: '300' });
    const client = new UpstreamClient('OCM', config.backends.OCM!, config.upstreamByBackend.OCM, { onCall: (e) => attempts.push(e.error?.code) });
    const ocm = new OcmConnector(client);
    // The backend comes up while the gateway backs off: as soon as the first attempt has failed.
    void waitFor(() => attempts.length === 1, 5000).then(() => sim.listen(port));
    try {
      const [outcome] = await ocm.shareMembers({ credential: OCM_DEMO.bearer }, OCM_DEMO.projectFolderId, [OCM_DEMO.bobId], 'viewer');
      expect(outcome).toMatchObject({ id: OCM_DEMO.bobId, ok: true, error: null });
      expect(attempts).toEqual(['UPSTREAM_UNAVAILABLE', undefined]);
      expect(sim.requests({ method: 'POST' })).toHaveLength(1);
    } finally {
      await client.close();
      await sim.close();
    }
  });

  it('gives up after the attempts allowed, with UPSTREAM_UNAVAILABLE', async () => {
    const attempts: unknown[] = [];
    const config = loadConfig({ OCM_URL: 'http://127.0.0.1:1', UPSTREAM_RETRY_BASE_DELAY_MS: '10', UPSTREAM_RETRY_MAX_DELAY_MS: '20' });
    const client = new UpstreamClient('OCM', config.backends.OCM!, config.upstreamByBackend.OCM, { onCall: (e) => attempts.push(e.error?.code) });
    try {
      const [outcome] = await new OcmConnector(client).shareMembers({ credential: OCM_DEMO.bearer }, OCM_DEMO.projectFolderId, [OCM_DEMO.bobId], 'viewer');
      const err = outcome!.error;
      expect(outcome!.ok).toBe(false);
      expect(err).toBeInstanceOf(UpstreamError);
      expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('connection refused') });
      expect(attempts).toEqual(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_UNAVAILABLE']);
    } finally {
      await client.close();
    }
  });
});

describe('the retry budget', () => {
  it('keeps upstream calls within 1.1 x first attempts plus the floor during a total outage of one backend', async () => {
    // The breaker is held off so that this measures the budget alone.
    const h = await startHarness({
      env: {
        ARCGIS_CHUNK_SIZE: '1',
        FAN_OUT_CONCURRENCY: '50',
        UPSTREAM_RETRY_BASE_DELAY_MS: '5',
        UPSTREAM_RETRY_MAX_DELAY_MS: '20',
        UPSTREAM_BREAKER_CONSECUTIVE_FAILURES: '1000000',
        UPSTREAM_BREAKER_MIN_CALLS: '1000000',
      },
    });
    try {
      h.sims.arcgis.sim.inject({ kind: 'respond', status: 503, path: '/shareItems', times: 1_000_000 });
      const res = await h.gql(SHARE_ITEMS, { input: { itemIds: items(1000), owner: 'alice', org: true } });
      const results = res.data!.shareItems.results;
      expect(results).toHaveLength(1000);
      expect(results.every((r) => r.error?.code === 'UPSTREAM_ERROR')).toBe(true);
      const firstAttempts = 1000;
      const floor = 10 * 10; // 10 retries a second over the 10 s window
      const upstream = h.sims.arcgis.sim.requests({ method: 'POST' }).length;
      expect(upstream).toBeGreaterThan(firstAttempts); // some retries were allowed...
      expect(upstream).toBeLessThanOrEqual(1.1 * firstAttempts + floor); // ...but not 3 attempts each
      expect(h.gateway.connectors.clients.ARCGIS!.stats()).toMatchObject({ calls: 1000, retries: upstream - 1000 });
      // The other backends never saw a thing.
      expect(h.sims.ocm.sim.log).toHaveLength(0);
      expect(h.sims.onlyoffice.sim.log).toHaveLength(0);
    } finally {
      await h.close();
    }
  }, 30000);

  it('allows ratio x calls plus the floor per window, and forgets old calls', () => {
    let now = 1_000_000;
    const budget = new RetryBudget({ ratio: 0.1, minPerSec: 1, windowMs: 10_000 }, () => now);
    for (let i = 0; i < 100; i++) budget.recordCall();
    let granted = 0;
    while (budget.tryRetry()) granted++;
    expect(granted).toBe(10 + 10); // 10 % of 100 calls + 1/s over 10 s
    now += 11_000;
    granted = 0;
    while (budget.tryRetry()) granted++;
    expect(granted).toBe(10); // the floor alone once the calls have left the window
    expect(budget.totals).toMatchObject({ calls: 100, retries: 30 });
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    [['2', '9'], 2000],
    ['Thu, 01 Jan 2026 00:00:04 GMT', 4000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0],
    ['Thursday, 01-Jan-26 00:00:02 GMT', 2000],
    ['-5', null],
    ['soon', null],
    ['1.5', null],
    ['2026', 2026000],
    ['', null],
    [undefined, null],
  ])('%j is %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('redirects', () => {
  it('are never followed: a 302 to another origin is UPSTREAM_ERROR and the other origin sees nothing', async () => {
    const seen: string[] = [];
    const other = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('{}');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const h = await startHarness();
    try {
      const location = `http://127.0.0.1:${(other.address() as AddressInfo).port}/steal`;
      h.sims.arcgis.sim.inject({ kind: 'respond', status: 302, headers: { location }, path: '/shareItems' });
      const res = await h.gql(SHARE_ITEMS, { input: { itemIds: items(1), owner: 'alice', org: true } });
      expect(res.data!.shareItems.results[0]!.error).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: 302 });
      expect(seen).toEqual([]);
      expect(h.sims.arcgis.sim.requests({ method: 'POST' })).toHaveLength(1);
    } finally {
      await h.close();
      await new Promise((resolve) => other.close(resolve));
    }
  });
});

describe('deadlines', () => {
  it('end a body trickled steadily (never idle long enough for the body timeout) at the call deadline', async () => {
    const h = await startHarness({ env: { UPSTREAM_CALL_DEADLINE_MS: '1000', UPSTREAM_BODY_TIMEOUT_MS: '5000' } });
    try {
      h.sims.arcgis.sim.inject({ kind: 'trickle', intervalMs: 50, path: '/shareItems' });
      const res = await h.gql(SHARE_ITEMS, { input: { itemIds: items(2), owner: 'alice', org: true } });
      // Ended by the call deadline, the one timer a steady trickle cannot outrun.
      expect(res.data!.shareItems.results[0]!.error).toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: expect.stringContaining('(call deadline)') });
      // The gateway hung up on the trickle.
      await waitFor(() => h.sims.arcgis.sim.log[0]!.closedEarly === true);
    } finally {
      await h.close();
    }
  });

  it("bounds all of an operation's upstream calls together: later calls fail at once with UPSTREAM_TIMEOUT", async () => {
    const h = await startHarness({
      env: {
        OPERATION_DEADLINE_MS: '1000',
        UPSTREAM_CALL_DEADLINE_MS: '5000',
        UPSTREAM_HEADERS_TIMEOUT_MS: '5000',
        ARCGIS_CHUNK_SIZE: '1',
        FAN_OUT_CONCURRENCY: '1',
      },
    });
    try {
      h.sims.arcgis.sim.inject({ kind: 'delay', ms: 600, path: '/shareItems', times: 3 });
      const res = await h.gql(SHARE_ITEMS, { input: { itemIds: items(3), owner: 'alice', org: true } });
      const results = res.data!.shareItems.results;
      // The second call's own deadline (5 s) is far off: only the operation's can have ended it, and the third had none left.
      expect(results.map((r) => r.error?.code ?? 'OK')).toEqual(['OK', 'UPSTREAM_TIMEOUT', 'UPSTREAM_TIMEOUT']);
      expect(results[2]!.error!.message).toContain('(operation deadline)');
      // The third call was never sent.
      expect(h.sims.arcgis.sim.requests({ method: 'POST' })).toHaveLength(2);
    } finally {
      await h.close();
    }
  });
});
