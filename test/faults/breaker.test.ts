/**
 * The circuit breaker per backend, seen from outside: through GraphQL
 * (Query.backends, ShareError codes), /readyz and the simulators' logs.
 * Open for 1 s, doubling to at most 4 s: whole seconds, because how long
 * the breaker stays open is read from its own refusal ("next trial in 2 s"),
 * not from a clock in the test. One attempt per call unless a test says
 * otherwise, so that N faults are N failures. What cockatiel itself does
 * (and why breaker.ts wraps it) is pinned in test/canary/cockatiel.test.ts.
 */
import { request } from 'undici';
import { DEMO_HEADERS, startHarness } from '../helpers/harness';
import type { Data, Harness, ItemShareResult } from '../helpers/harness';
import { waitFor } from '../helpers/wait-for';
import { ARCGIS_DEMO, hexId } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO } from '../../src/simulators/ocm/seed';
import { UpstreamError } from '../../src/errors';

const SHARE_ITEMS = `mutation($input: ShareItemsInput!) {
  shareItems(input: $input) { results { itemId success error { code backend upstreamCode message } } }
}`;
const SHARE_FOLDER = `mutation($input: ShareFolderInput!) {
  shareFolder(input: $input) { results { recipientId success error { code backend message } } }
}`;
const BACKENDS = `{ backends { backend configured state lastError } }`;
const HALF_OPEN_MS = 1000;

const item = hexId('ba', 1);
const shareInput = { input: { itemIds: [item], owner: 'alice', org: true } };
const ocmInput = { input: { backend: 'OCM', folderId: OCM_DEMO.projectFolderId, recipients: [{ id: OCM_DEMO.bobId, role: 'VIEWER' }] } };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: {
      UPSTREAM_MAX_ATTEMPTS: '1',
      UPSTREAM_BREAKER_HALF_OPEN_AFTER_MS: String(HALF_OPEN_MS),
      UPSTREAM_BREAKER_MAX_HALF_OPEN_AFTER_MS: String(4 * HALF_OPEN_MS),
    },
    unconfigured: ['ONLYOFFICE_URL'],
  });
});
afterAll(() => h.close());
beforeEach(() => h.reset());

async function status(): Promise<Record<string, Data['backends'][number]>> {
  const res = await h.gql(BACKENDS, {}, {});
  expect(res.errors).toBeUndefined();
  return Object.fromEntries(res.data!.backends.map((b) => [b.backend, b]));
}
const arcgisState = async () => (await status()).ARCGIS!.state;

async function readyz(): Promise<{ status: number; body: { status: string; backends: Array<{ backend: string; state: string }> } }> {
  const res = await request(h.url.replace('/graphql', '/readyz'));
  return { status: res.statusCode, body: (await res.body.json()) as never };
}

async function share(): Promise<ItemShareResult> {
  const res = await h.gql(SHARE_ITEMS, shareInput);
  expect(res.errors).toBeUndefined();
  return res.data!.shareItems.results[0]!;
}

/** The breaker's own word for how long it stays open: its refusal says when the next trial is. */
const refusedUntilTrialIn = (seconds: number) => ({
  success: false,
  error: { code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining(`circuit breaker open after repeated failures; next trial in ${seconds} s`) },
});
const halfOpen = () => waitFor(async () => (await arcgisState()) === 'HALF_OPEN', 4 * HALF_OPEN_MS + 2000);

const arcgisCalls = () => h.sims.arcgis.sim.log.length;

async function tripArcgis(): Promise<void> {
  h.sims.arcgis.sim.inject({ kind: 'respond', status: 503, body: 'token demo-arcgis-token rejected', path: '/shareItems', times: 5 });
  for (let i = 0; i < 5; i++) expect((await share()).error?.code).toBe('UPSTREAM_ERROR');
  expect(await arcgisState()).toBe('OPEN');
}

describe('the circuit breaker', () => {
  it('goes closed -> open after 5 failures in a row -> half-open after the open time -> closed on a good trial', async () => {
    expect(await arcgisState()).toBe('CLOSED');
    await tripArcgis();

    // Open: refused with UPSTREAM_UNAVAILABLE and a message that says so, and no network call,
    // even to a backend that would now hang.
    const before = arcgisCalls();
    h.sims.arcgis.sim.inject({ kind: 'delay', ms: 10_000, path: '/shareItems' });
    const connector = h.gateway.connectors.ARCGIS!;
    const err = await connector.shareItems({ credential: ARCGIS_DEMO.aliceToken }, 'alice', [item], { org: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', backend: 'ARCGIS', message: expect.stringMatching(/ArcGIS portal is unavailable \(circuit breaker open/) });
    expect(await share()).toMatchObject(refusedUntilTrialIn(1));
    expect(arcgisCalls()).toBe(before);
    h.sims.arcgis.sim.clearFaults();

    // Other backends are untouched.
    const ocm = await h.gql(SHARE_FOLDER, ocmInput);
    expect(ocm.data!.shareFolder.results[0]).toMatchObject({ success: true });
    const s = await status();
    expect(s.OCM).toMatchObject({ configured: true, state: 'CLOSED', lastError: null });
    expect(s.ONLYOFFICE).toEqual({ backend: 'ONLYOFFICE', configured: false, state: null, lastError: null });
    // lastError is in our words: no upstream body, no token.
    expect(s.ARCGIS!.lastError).toBe('ArcGIS portal failed (code 503)');
    expect(await readyz()).toEqual({
      status: 503,
      body: {
        status: 'unavailable',
        backends: [
          { backend: 'ARCGIS', state: 'OPEN' },
          { backend: 'OCM', state: 'CLOSED' },
        ],
      },
    });

    await halfOpen();
    expect((await readyz()).status).toBe(200);
    expect(await share()).toMatchObject({ success: true });
    expect(await arcgisState()).toBe('CLOSED');
    expect(arcgisCalls()).toBe(before + 1);
  });

  it('reopens after a failed trial for twice as long', async () => {
    await tripArcgis();
    expect(await share()).toMatchObject(refusedUntilTrialIn(1));
    await halfOpen();
    h.sims.arcgis.sim.inject({ kind: 'respond', status: 502, path: '/shareItems' });
    expect((await share()).error?.code).toBe('UPSTREAM_ERROR');
    expect(await arcgisState()).toBe('OPEN');
    expect(await share()).toMatchObject(refusedUntilTrialIn(2));
    await halfOpen();
    expect(await share()).toMatchObject({ success: true });
    expect(await arcgisState()).toBe('CLOSED');
  });

  it('is not wedged by a client that disconnects during the half-open trial', async () => {
    await tripArcgis();
    await halfOpen();
    h.sims.arcgis.sim.inject({ kind: 'delay', ms: 3000, path: '/shareItems' });
    const tripped = h.sims.arcgis.sim.requests({ method: 'POST' }).length;
    const client = new AbortController();
    const trial = request(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...DEMO_HEADERS },
      body: JSON.stringify({ query: SHARE_ITEMS, variables: shareInput }),
      signal: client.signal,
    }).catch((e: unknown) => e);
    await waitFor(() => h.sims.arcgis.sim.requests({ method: 'POST' }).length === tripped + 1);

    // While the trial runs, other calls are refused at once instead of parked behind it.
    expect(await share()).toMatchObject({ success: false, error: { code: 'UPSTREAM_UNAVAILABLE', message: expect.stringContaining('half-open') } });
    expect(h.sims.arcgis.sim.requests({ method: 'POST' })).toHaveLength(tripped + 1);

    client.abort();
    await trial;
    // The upstream call was cancelled, the trial proved nothing: open again, for the same time, not doubled.
    await waitFor(() => h.sims.arcgis.sim.log.at(-1)?.closedEarly === true);
    await waitFor(async () => (await arcgisState()) === 'OPEN');
    expect(await share()).toMatchObject(refusedUntilTrialIn(1));
    await halfOpen();
    expect(await share()).toMatchObject({ success: true });
    expect(await arcgisState()).toBe('CLOSED');
  });

  it('also opens when half of at least 10 calls in the window failed', async () => {
    for (let i = 0; i < 10; i++) {
      if (i % 2 === 1) h.sims.arcgis.sim.inject({ kind: 'respond', status: 500, path: '/shareItems' });
      await share();
      if (i < 9) expect(await arcgisState()).toBe('CLOSED');
    }
    expect(await arcgisState()).toBe('OPEN');
  });

  it.each([
    ['empty 200s', { kind: 'respond' as const, status: 200, body: '' }],
    ['HTML 200s', { kind: 'respond' as const, status: 200, body: '<html>maintenance</html>' }],
    ['truncated JSON', { kind: 'respond' as const, status: 200, body: '{"results":[' }],
    ['504s', { kind: 'respond' as const, status: 504 }],
    ['resets', { kind: 'reset' as const }],
  ])('counts %s', async (_name, fault) => {
    h.sims.arcgis.sim.inject({ ...fault, path: '/shareItems', times: 5 });
    for (let i = 0; i < 5; i++) await share();
    expect(await arcgisState()).toBe('OPEN');
  });

  it.each([
    ['4xx', { kind: 'respond' as const, status: 404, body: '{"error":{"code":404,"message":"nope"}}' }],
    ['429', { kind: 'respond' as const, status: 429, headers: { 'retry-after': '86400' } }],
    ['200 with an error body', { kind: 'respond' as const, status: 200, body: '{"error":{"code":498,"message":"Invalid token"}}' }],
    ['JSON of the wrong shape', { kind: 'respond' as const, status: 200, body: '{"results":"fine"}' }],
  ])('never counts %s', async (_name, fault) => {
    h.sims.arcgis.sim.inject({ ...fault, path: '/shareItems', times: 12 });
    for (let i = 0; i < 12; i++) expect((await share()).success).toBe(false);
    expect(await status()).toMatchObject({ ARCGIS: { state: 'CLOSED', lastError: null } });
  });

  it("stops a call's retries once it opens, and reports the failure the call met", async () => {
    const h3 = await startHarness({ env: { UPSTREAM_BREAKER_CONSECUTIVE_FAILURES: '2', UPSTREAM_RETRY_BASE_DELAY_MS: '5', UPSTREAM_RETRY_MAX_DELAY_MS: '10' } });
    try {
      h3.sims.arcgis.sim.inject({ kind: 'respond', status: 503, path: '/shareItems', times: 3 });
      const res = await h3.gql(SHARE_ITEMS, shareInput);
      expect(res.data!.shareItems.results[0]!.error).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamCode: 503 });
      expect(h3.sims.arcgis.sim.requests({ method: 'POST' })).toHaveLength(2);
      expect(h3.gateway.connectors.clients.ARCGIS!.breaker.state).toBe('OPEN');
    } finally {
      await h3.close();
    }
  });
});

describe('health endpoints', () => {
  it('GET /healthz says the process is alive, whatever the backends', async () => {
    await tripArcgis();
    const res = await request(h.url.replace('/graphql', '/healthz'));
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ status: 'ok' });
  });

  it("GET /readyz lists each configured backend's breaker and is 200 while none is open", async () => {
    expect(await readyz()).toEqual({
      status: 200,
      body: {
        status: 'ready',
        backends: [
          { backend: 'ARCGIS', state: 'CLOSED' },
          { backend: 'OCM', state: 'CLOSED' },
        ],
      },
    });
  });

  it('refuses other methods', async () => {
    const res = await request(h.url.replace('/graphql', '/readyz'), { method: 'POST', body: '{}' });
    expect(res.statusCode).toBe(405);
    await res.body.dump();
  });
});
