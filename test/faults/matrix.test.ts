/**
 * The fault matrix: every fault the simulators can inject, on each backend's
 * sharing call, one row per fault. Each case runs ONE operation that shares
 * on all three backends while only one of them misbehaves, and checks that
 * - exactly the targets of the faulty call get the documented ShareError
 *   (ArcGIS: the two items of the first chunk; OCM: both recipients, since
 *   Documents API 1.2 shares every recipient of one role in one POST;
 *   ONLYOFFICE: every recipient of its one PUT),
 *   and every other target succeeds;
 * - the backend saw the expected number of attempts (retries only where safe),
 *   and the gateway counted a retry for each repeat and for nothing else;
 * - nothing crashed, no promise rejection went unhandled, and the next clean
 *   request succeeds.
 * docs/failure-behaviour.md is the same table in prose.
 */
import { startHarness } from '../helpers/harness';
import type { Aliased, GqlResult, Harness, ItemShareResult, FolderShareResult } from '../helpers/harness';
import { request } from 'undici';
import { SimServer } from '../../src/simulators/kit';
import type { FaultKind } from '../../src/simulators/kit';
import { hexId } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO } from '../../src/simulators/onlyoffice/seed';
import type { ShareErrorCode } from '../../src/errors';

type Backend = 'ARCGIS' | 'OCM' | 'ONLYOFFICE';

const SHARE_ALL = `mutation($items: ShareItemsInput!, $ocm: ShareFolderInput!, $oo: ShareFolderInput!) {
  arcgis: shareItems(input: $items) { results { itemId success error { code backend upstreamCode message } } }
  ocm: shareFolder(input: $ocm) { results { recipientId success error { code backend upstreamCode message } } }
  onlyoffice: shareFolder(input: $oo) { results { recipientId success error { code backend upstreamCode message } } }
}`;

const VARIABLES = {
  items: { itemIds: [1, 2, 3, 4].map((n) => hexId('ba', n)), owner: 'alice', org: true },
  ocm: {
    backend: 'OCM',
    folderId: OCM_DEMO.projectFolderId,
    recipients: [
      { id: OCM_DEMO.bobId, role: 'VIEWER' },
      { id: OCM_DEMO.daveId, role: 'VIEWER' },
    ],
  },
  oo: {
    backend: 'ONLYOFFICE',
    folderId: ONLYOFFICE_DEMO.myFolderId,
    recipients: [
      { id: ONLYOFFICE_DEMO.carolId, role: 'REVIEWER' },
      { id: ONLYOFFICE_DEMO.designGroupId, role: 'VIEWER' },
    ],
  },
};

/** Which upstream call of each backend the fault hits. */
const TARGET: Record<Backend, { method: string; path: string }> = {
  ARCGIS: { method: 'POST', path: '/shareItems' },
  OCM: { method: 'POST', path: '/shares/' },
  ONLYOFFICE: { method: 'PUT', path: '/share' },
};

/** Which result slots of each root field belong to the faulty call. */
const CONCERNED: Record<Backend, { field: 'arcgis' | 'ocm' | 'onlyoffice'; slots: number[]; size: number }> = {
  ARCGIS: { field: 'arcgis', slots: [0, 1], size: 4 },
  OCM: { field: 'ocm', slots: [0, 1], size: 2 },
  ONLYOFFICE: { field: 'onlyoffice', slots: [0, 1], size: 2 },
};

/** A body per backend, for faults whose meaning depends on the backend's dialect. */
type PerBackend<T> = T | Record<Backend, T>;
const pick = <T>(value: PerBackend<T>, b: Backend): T => (value !== null && typeof value === 'object' && 'ARCGIS' in (value as object) ? (value as Record<Backend, T>)[b] : (value as T));

interface Row {
  fault: FaultKind | ((b: Backend) => FaultKind);
  /** The ShareError code on the concerned targets; null when the call must succeed after all. */
  code: ShareErrorCode | null;
  upstreamCode?: PerBackend<number | null>;
  /** Requests the faulty call makes: a repeatable call (ArcGIS share, ONLYOFFICE PUT) / the OCM POST. */
  attempts: [repeatable: number, ocmPost: number];
  /**
   * For a repeatable call whose backend asked for a wait (Retry-After) that
   * the gateway honours: the least the whole operation can take. A lower
   * bound only, which a slow machine cannot break: the wait is the behaviour.
   */
  waitsAtLeastMs?: number;
}

const respond = (status: number, body = '', headers: Record<string, string> = {}): FaultKind => ({ kind: 'respond', status, body, headers });
const in2s = () => new Date(Date.now() + 2000).toUTCString();
let elsewhere: SimServer;

// One row per fault. Harness: headers and body timeouts 300 ms, call deadline 4 s, response cap 64 KB.
// undici runs its headers and body timers on a coarse clock (about 0.5 s ticks), so the delays
// below leave a margin of more than a second past the 300 ms.
const ROWS: Array<[string, Row]> = [
  ['headers past the headers timeout', { fault: { kind: 'delay', ms: 2000 }, code: 'UPSTREAM_TIMEOUT', attempts: [1, 1] }],
  ['body trickled past the body timeout', { fault: { kind: 'trickle', intervalMs: 2000 }, code: 'UPSTREAM_TIMEOUT', attempts: [1, 1] }],
  ['connection reset before the response', { fault: { kind: 'reset' }, code: 'UPSTREAM_UNAVAILABLE', attempts: [3, 1] }],
  ['connection reset mid-body', { fault: { kind: 'reset-mid-body' }, code: 'UPSTREAM_UNAVAILABLE', attempts: [3, 1] }],
  ['keep-alive socket closed by the backend between requests', { fault: { kind: 'drop-after-response' }, code: null, attempts: [1, 1] }],
  ['keep-alive refused (Connection: close)', { fault: { kind: 'close-after-response' }, code: null, attempts: [1, 1] }],
  ['HTTP 500', { fault: respond(500), code: 'UPSTREAM_ERROR', upstreamCode: 500, attempts: [1, 1] }],
  ['HTTP 502', { fault: respond(502), code: 'UPSTREAM_ERROR', upstreamCode: 502, attempts: [3, 1] }],
  ['HTTP 503', { fault: respond(503), code: 'UPSTREAM_ERROR', upstreamCode: 503, attempts: [3, 1] }],
  ['HTTP 504', { fault: respond(504), code: 'UPSTREAM_ERROR', upstreamCode: 504, attempts: [3, 1] }],
  ['429 without Retry-After', { fault: respond(429), code: 'RATE_LIMITED', upstreamCode: 429, attempts: [3, 1] }],
  ['429 with Retry-After: 1 (seconds)', { fault: respond(429, '', { 'retry-after': '1' }), code: 'RATE_LIMITED', upstreamCode: 429, attempts: [3, 1], waitsAtLeastMs: 2000 }],
  ['429 with Retry-After as an HTTP date', { fault: () => respond(429, '', { 'retry-after': in2s() }), code: 'RATE_LIMITED', upstreamCode: 429, attempts: [3, 1], waitsAtLeastMs: 1000 }],
  ['429 with Retry-After: 4 (the wait would pass the 4 s call deadline: fail fast)', { fault: respond(429, '', { 'retry-after': '4' }), code: 'RATE_LIMITED', upstreamCode: 429, attempts: [1, 1] }],
  ['429 with Retry-After: 86400 (longer than any wait allowed: fail fast)', { fault: respond(429, '', { 'retry-after': '86400' }), code: 'RATE_LIMITED', upstreamCode: 429, attempts: [1, 1] }],
  ['429 with a garbage Retry-After', { fault: respond(429, '', { 'retry-after': 'soon-ish' }), code: 'RATE_LIMITED', upstreamCode: 429, attempts: [3, 1] }],
  ['429 with a negative Retry-After', { fault: respond(429, '', { 'retry-after': '-5' }), code: 'RATE_LIMITED', upstreamCode: 429, attempts: [3, 1] }],
  ['302 redirect to another origin', { fault: () => respond(302, '', { location: `${elsewhere.url}/steal` }), code: 'UPSTREAM_ERROR', upstreamCode: 302, attempts: [1, 1] }],
  [
    '200 with an error body',
    {
      fault: (b) =>
        respond(
          200,
          pick(
            {
              ARCGIS: '{"error":{"code":498,"message":"Invalid token.","details":[]}}',
              OCM: '{"errorCode":"-20","errorKey":"errors.insufficient.privilege","errorMessage":"Insufficient privilege"}',
              ONLYOFFICE: '{"status":1,"statusCode":403,"error":{"message":"Access denied","hresult":-2146233079}}',
            },
            b,
          ),
        ),
      code: null, // replaced per backend below
      upstreamCode: { ARCGIS: 498, OCM: -20, ONLYOFFICE: 403 },
      attempts: [1, 1],
    },
  ],
  [
    'HTML with status 200',
    { fault: { kind: 'respond', status: 200, body: '<html><body>Please sign in</body></html>', headers: { 'content-type': 'text/html' } }, code: 'UPSTREAM_ERROR', attempts: [1, 1] },
  ],
  ['empty 200', { fault: respond(200, ''), code: 'UPSTREAM_ERROR', attempts: [1, 1] }],
  [
    'truncated JSON',
    {
      fault: (b) => respond(200, pick({ ARCGIS: '{"results":[{"itemId":"ba', OCM: '{"errorCode":"0","role":"vie', ONLYOFFICE: '{"count":2,"status":0,"response":[{"ac' }, b)),
      code: 'UPSTREAM_ERROR',
      attempts: [1, 1],
    },
  ],
  [
    'JSON of the wrong shape',
    {
      fault: (b) =>
        respond(200, pick({ ARCGIS: '{"results":"all good"}', OCM: '{"errorCode":"0","members":"all good"}', ONLYOFFICE: '{"count":1,"status":0,"statusCode":200,"response":{"not":"a list"}}' }, b)),
      code: 'UPSTREAM_ERROR',
      attempts: [1, 1],
    },
  ],
  // No success without evidence (issue 21, point 4): JSON that parses, says nothing of the targets, and must not read as a share.
  ['{} (JSON that says nothing)', { fault: respond(200, '{}'), code: 'UPSTREAM_ERROR', attempts: [1, 1] }],
  [
    'an answer whose fields sit only under __proto__',
    {
      fault: (b) =>
        respond(
          200,
          pick(
            {
              ARCGIS: `{"__proto__":{"results":[{"itemId":"${hexId('ba', 1)}","success":true,"notSharedWith":[]},{"itemId":"${hexId('ba', 2)}","success":true,"notSharedWith":[]}]}}`,
              OCM: `{"__proto__":{"errorCode":"0","members":[{"id":"${OCM_DEMO.bobId}","isSuccessful":"1"},{"id":"${OCM_DEMO.daveId}","isSuccessful":"1"}]}}`,
              ONLYOFFICE: '{"__proto__":{"count":0,"status":0,"statusCode":200,"response":[]}}',
            },
            b,
          ),
        ),
      code: 'UPSTREAM_ERROR',
      attempts: [1, 1],
    },
  ],
  [
    'a well-formed answer with no word on the targets (ArcGIS: results without success; OCM: no members; ONLYOFFICE: no response)',
    {
      fault: (b) =>
        respond(
          200,
          pick(
            {
              ARCGIS: `{"results":[{"itemId":"${hexId('ba', 1)}"},{"itemId":"${hexId('ba', 2)}"}]}`,
              OCM: `{"errorCode":"0","id":"${OCM_DEMO.projectFolderId}","type":"share"}`,
              ONLYOFFICE: '{"count":2,"status":0,"statusCode":200}',
            },
            b,
          ),
        ),
      code: 'UPSTREAM_ERROR',
      attempts: [1, 1],
    },
  ],
  [
    'an answer about other targets (ArcGIS: another item; OCM: no errorCode; ONLYOFFICE: status missing)',
    {
      fault: (b) =>
        respond(
          200,
          pick(
            {
              ARCGIS: `{"results":[{"itemId":"${hexId('ba', 9)}","success":true,"notSharedWith":[]}]}`,
              OCM: `{"members":[{"id":"${OCM_DEMO.bobId}","isSuccessful":"1"},{"id":"${OCM_DEMO.daveId}","isSuccessful":"1"}]}`,
              ONLYOFFICE: `{"count":2,"statusCode":200,"response":[{"access":2,"sharedTo":{"id":"${ONLYOFFICE_DEMO.carolId}","displayName":"Carol"}}]}`,
            },
            b,
          ),
        ),
      code: 'UPSTREAM_ERROR',
      attempts: [1, 1],
    },
  ],
  ['a body over the response cap', { fault: respond(200, JSON.stringify({ results: [], padding: 'x'.repeat(100 * 1024) })), code: 'UPSTREAM_ERROR', attempts: [1, 1] }],
];

const ERROR_BODY_CODE: Record<Backend, ShareErrorCode> = { ARCGIS: 'UNAUTHENTICATED', OCM: 'FORBIDDEN', ONLYOFFICE: 'FORBIDDEN' };

const CASES = ROWS.flatMap(([name, row]) => (['ARCGIS', 'OCM', 'ONLYOFFICE'] as const).map((b) => [b, name, row] as const));

let h: Harness;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  elsewhere = new SimServer('elsewhere');
  await elsewhere.listen(0);
  h = await startHarness({
    env: {
      UPSTREAM_HEADERS_TIMEOUT_MS: '300',
      UPSTREAM_BODY_TIMEOUT_MS: '300',
      UPSTREAM_CALL_DEADLINE_MS: '4000',
      UPSTREAM_MAX_RESPONSE_BYTES: String(64 * 1024),
      UPSTREAM_RETRY_BASE_DELAY_MS: '20',
      UPSTREAM_RETRY_MAX_DELAY_MS: '100',
      ARCGIS_CHUNK_SIZE: '2',
      FAN_OUT_CONCURRENCY: '1',
    },
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await h.close();
  await elsewhere.close();
});

beforeEach(() => {
  h.reset();
  elsewhere.reset();
  unhandled.length = 0;
});

function sim(b: Backend): SimServer {
  return { ARCGIS: h.sims.arcgis.sim, OCM: h.sims.ocm.sim, ONLYOFFICE: h.sims.onlyoffice.sim }[b];
}

function targetCalls(b: Backend): number {
  return sim(b)
    .requests({ method: TARGET[b].method })
    .filter((r) => r.path.includes(TARGET[b].path)).length;
}

type Result = ItemShareResult | FolderShareResult;
type ShareAll = Aliased<{ arcgis: 'shareItems'; ocm: 'shareFolder'; onlyoffice: 'shareFolder' }>;

function fields(res: GqlResult<ShareAll>): Record<'arcgis' | 'ocm' | 'onlyoffice', Result[]> {
  expect(res.errors).toBeUndefined();
  return { arcgis: res.data!.arcgis.results, ocm: res.data!.ocm.results, onlyoffice: res.data!.onlyoffice.results };
}

function expectAllSucceeded(res: GqlResult<ShareAll>): void {
  for (const [field, results] of Object.entries(fields(res))) {
    for (const r of results) expect({ field, ...r }).toMatchObject({ field, success: true, error: null });
  }
}

describe('fault matrix', () => {
  it.each(CASES)('%s: %s', async (backend, _name, row) => {
    const fault = typeof row.fault === 'function' ? row.fault(backend) : row.fault;
    const repeatable = backend !== 'OCM';
    const attempts = repeatable ? row.attempts[0] : row.attempts[1];
    const code = row.code === null && row.upstreamCode !== undefined ? ERROR_BODY_CODE[backend] : row.code;
    sim(backend).inject({ ...fault, ...TARGET[backend], times: attempts });
    const retriesBefore = h.gateway.connectors.clients[backend]!.stats().retries;

    const started = Date.now();
    const res = await h.gql<ShareAll>(SHARE_ALL, VARIABLES);
    const elapsed = Date.now() - started;

    const out = fields(res);
    const concerned = CONCERNED[backend];
    for (const [field, results] of Object.entries(out) as Array<[keyof typeof out, Result[]]>) {
      expect(results).toHaveLength(CONCERNED[({ arcgis: 'ARCGIS', ocm: 'OCM', onlyoffice: 'ONLYOFFICE' } as const)[field]].size);
      results.forEach((r, i) => {
        const hit = field === concerned.field && concerned.slots.includes(i) && code !== null;
        if (hit) {
          expect(r.success).toBe(false);
          expect(r.error).toMatchObject({ code, backend });
          if (row.upstreamCode !== undefined) expect(r.error!.upstreamCode).toBe(pick(row.upstreamCode, backend));
          // Our words only: no upstream body, no credential.
          expect(r.error!.message).not.toMatch(/Invalid token|Insufficient privilege|Access denied|sign in|demo-/i);
        } else {
          expect({ field, i, ...r }).toMatchObject({ field, i, success: true, error: null });
        }
      });
    }
    // The faulty call's attempts, plus the one clean call of ArcGIS's other chunk.
    expect(targetCalls(backend)).toBe(attempts + (backend === 'ARCGIS' ? 1 : 0));
    expect(h.gateway.connectors.clients[backend]!.stats().retries - retriesBefore).toBe(attempts - 1);
    if (repeatable && row.waitsAtLeastMs !== undefined) expect(elapsed).toBeGreaterThanOrEqual(row.waitsAtLeastMs);
    if (fault.kind === 'respond' && fault.status === 302) expect(elsewhere.log).toHaveLength(0);

    // Still alive, nothing left dangling, and the next clean request succeeds.
    sim(backend).clearFaults();
    const health = await request(h.url.replace('/graphql', '/healthz'));
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    expectAllSucceeded(await h.gql<ShareAll>(SHARE_ALL, VARIABLES));
    expect(unhandled).toEqual([]);
  });
});
