/**
 * Upstream answers are never trusted. For each backend: a body over the size
 * cap (declared or streamed), HTML where JSON was expected, JSON nested past
 * 64 levels, `__proto__` and `constructor.prototype` keys, fields of the
 * wrong type, a redirect, and a gzip bomb. None may crash the gateway,
 * pollute a prototype or reach the caller's answer; the targets concerned get
 * UPSTREAM_ERROR (with the gateway's own message, never "failed
 * unexpectedly", which would be a parser crash in disguise), and the next
 * clean request succeeds.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { startHarness } from '../helpers/harness';
import type { Data, FolderShareResult, Harness, ItemShareResult } from '../helpers/harness';
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as X } from '../../src/simulators/onlyoffice/seed';
import { ARCGIS_BASE_PATH } from '../../src/simulators/arcgis/server';

type BackendKey = 'arcgis' | 'ocm' | 'onlyoffice';
const BACKENDS: BackendKey[] = ['arcgis', 'ocm', 'onlyoffice'];

/** Small enough that a padded body crosses it, large enough for every clean answer and a 10,000-level body. */
const CAP = 32 * 1024;
/** Appears in every hostile body, never legitimately in an answer. */
const MARKER = 'MARKER-7f3e9c';

/** No breaker trips and nothing is retried: each fault is judged on its own. */
const QUIET_RESILIENCE = {
  UPSTREAM_BREAKER_CONSECUTIVE_FAILURES: '1000000',
  UPSTREAM_BREAKER_MIN_CALLS: '1000000',
  UPSTREAM_MAX_ATTEMPTS: '1',
};

type Result = Pick<ItemShareResult | FolderShareResult, 'success' | 'error'>;

interface Spec {
  /** One upstream write per call, so one fault body answers it. */
  mutation: string;
  results(data: Data): Result[];
  /** A read: the failure comes back as a field error with `extensions.code`. */
  read: string;
  /**
   * A well-formed answer to `mutation`'s one call, with raw JSON spliced in:
   * `extra` as more top-level members (`,"k":v`), `inner` inside the nested
   * principal object.
   */
  valid(extra?: string, inner?: string): string;
}

const SPECS: Record<BackendKey, Spec> = {
  arcgis: {
    mutation: `mutation { shareItem(input: { itemId: "${A.parksMap}", owner: "alice", org: true }) { itemId success error { code message backend } } }`,
    results: (d) => [d.shareItem],
    read: `{ itemAccess(itemIds: ["${A.parksMap}"]) { itemId level owner groups { id title } } }`,
    valid: (extra = '', inner = '') => `{"notSharedWith":[]${inner},"itemId":"${A.parksMap}"${extra}}`,
  },
  ocm: {
    mutation: `mutation { shareFolder(input: { backend: OCM, folderId: "${O.projectFolderId}", recipients: [{ id: "${O.bobId}", role: VIEWER }] }) { results { success error { code message backend } recipient { id displayName } } } }`,
    results: (d) => d.shareFolder.results,
    read: `{ folderAccess(backend: OCM, folderId: "${O.projectFolderId}") { grants { principal { id displayName } role } } }`,
    // The Documents API 1.2 share answer, with an empty `items`: every call (the members reads too) gets it, and a members read takes it as no members.
    valid: (extra = '', inner = '') =>
      `{"errorCode":"0","id":"${O.projectFolderId}","items":[],"members":[{"id":"${O.bobId}","displayName":"Bob Brown","type":"user","isSuccessful":"1"${inner}}],"role":"viewer","type":"share","user":{"id":"${O.bobId}","displayName":"Bob Brown","type":"user"}${extra}}`,
  },
  onlyoffice: {
    mutation: `mutation { shareFolder(input: { backend: ONLYOFFICE, folderId: "${X.myFolderId}", recipients: [{ id: "${X.carolId}", role: VIEWER }] }) { results { success error { code message backend } recipient { id displayName } } } }`,
    results: (d) => d.shareFolder.results,
    read: `{ folderAccess(backend: ONLYOFFICE, folderId: "${X.myFolderId}") { grants { principal { id displayName } role } } }`,
    valid: (extra = '', inner = '') =>
      `{"count":1,"status":0,"statusCode":200,"response":[{"access":2,"sharedTo":{"id":"${X.carolId}","displayName":"Carol Chen","userName":"carol"${inner}},"isLocked":false,"isOwner":false}]${extra}}`,
  },
};

/** Fields of the wrong type, in each backend's own answer shape. */
const WRONG_TYPES: Record<BackendKey, string[]> = {
  arcgis: [
    `{"notSharedWith":"${A.financeGroup}","itemId":"${A.parksMap}","m":"${MARKER}"}`,
    `{"notSharedWith":[1,{"id":"${MARKER}"},null],"itemId":"${A.parksMap}"}`,
    `["${MARKER}"]`,
    `"${MARKER}"`,
    `12345`,
    `null`,
  ],
  // The fields a 1.2 share answer is read for: members[], each with an id and isSuccessful.
  ocm: [
    `{"errorCode":"0","members":[{"id":"${O.bobId}","isSuccessful":7}],"m":"${MARKER}"}`,
    `{"errorCode":"0","members":["${MARKER}"]}`,
    `{"errorCode":"0","members":[{"id":12,"displayName":"${MARKER}","isSuccessful":"1"}]}`,
    `{"errorCode":"0","members":[{"id":"${O.bobId}","displayName":"${MARKER}","isSuccessful":"yes"}]}`,
    `{"errorCode":{"${MARKER}":1}}`,
    `{"errorCode":"0","members":"${MARKER}"}`,
    `["${MARKER}"]`,
    `true`,
  ],
  onlyoffice: [
    `{"status":0,"statusCode":200,"response":{"access":2,"m":"${MARKER}"}}`,
    `{"status":0,"statusCode":200,"response":[{"access":"2","sharedTo":{"id":"${X.carolId}","displayName":"${MARKER}"}}]}`,
    `{"status":0,"statusCode":200,"response":[{"access":2,"sharedTo":"${MARKER}"}]}`,
    `{"status":0,"statusCode":200,"response":[{"access":2,"sharedTo":{"id":"${X.carolId}","displayName":"${MARKER}"},"isOwner":"yes"}]}`,
    `{"status":"0","statusCode":200,"response":[],"m":"${MARKER}"}`,
    `[{"status":0,"response":"${MARKER}"}]`,
  ],
};

const pad = (bytes: number) => `,"pad":"${MARKER}${'x'.repeat(bytes)}"`;
const nested = (levels: number) => `,"deep":${'['.repeat(levels)}"${MARKER}"${']'.repeat(levels)}`;

/** Everything Object.prototype and friends own now, to compare after each hostile answer. */
function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(',')).join('|');
}
const PRISTINE = prototypeSnapshot();

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
  expect(prototypeSnapshot()).toBe(PRISTINE);
}

/** A refusal the gateway decided on, not a parser that threw (toShareError's "failed unexpectedly"). */
function expectUpstreamError(r: Result | undefined, backend: BackendKey): void {
  expect(r?.success).toBe(false);
  expect(r?.error?.code).toBe('UPSTREAM_ERROR');
  expect(r?.error?.backend).toBe(backend.toUpperCase());
  expect(r?.error?.message).not.toMatch(/unexpectedly/);
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { UPSTREAM_MAX_RESPONSE_BYTES: String(CAP), ...QUIET_RESILIENCE } });
});
afterAll(() => h.close());
beforeEach(() => h.reset());
afterEach(() => expectNoPollution());

async function runMutation(b: BackendKey): Promise<{ results: Result[]; text: string }> {
  const res = await h.gql(SPECS[b].mutation);
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  return { results: SPECS[b].results(res.data!), text: JSON.stringify(res) };
}

async function expectCleanSuccess(b: BackendKey): Promise<void> {
  h.sims[b].sim.clearFaults();
  const { results } = await runMutation(b);
  expect(results.map((r) => [r.success, r.error])).toEqual(results.map(() => [true, null]));
}

/** Answers every call to `b` with `body` until cleared. */
function answerWith(b: BackendKey, body: string, status = 200, headers: Record<string, string> = {}): void {
  h.sims[b].sim.inject({ kind: 'respond', status, body, headers: { 'content-type': 'application/json', ...headers }, times: 1000 });
}

/**
 * The mutation's targets get UPSTREAM_ERROR. The read gets it too when
 * `readMustFail` (a body no answer shape accepts); otherwise the body may be
 * acceptable as the read's shape, and the read must merely not leak it.
 */
async function expectRefused(b: BackendKey, body: string, status = 200, headers: Record<string, string> = {}, readMustFail = true): Promise<void> {
  answerWith(b, body, status, headers);
  const mutation = await runMutation(b);
  for (const r of mutation.results) expectUpstreamError(r, b);
  expect(mutation.text).not.toContain(MARKER);

  const read = await h.gql(SPECS[b].read);
  expect(read.status).toBe(200);
  if (readMustFail) expect(read.errors?.length).toBeGreaterThan(0);
  const codes = (read.errors ?? []).map((e) => e.extensions?.code);
  expect(codes).toEqual(codes.map(() => 'UPSTREAM_ERROR'));
  expect(JSON.stringify(read)).not.toContain(MARKER);
  await expectCleanSuccess(b);
}

describe.each(BACKENDS)('%s answers are never trusted', (b) => {
  const spec = SPECS[b];

  it('the well-formed answer used below is accepted (control)', async () => {
    answerWith(b, spec.valid());
    const { results } = await runMutation(b);
    expect(results.map((r) => r.success)).toEqual([true]);
  });

  it(`a well-formed body over the cap, with Content-Length: UPSTREAM_ERROR`, async () => {
    const body = spec.valid(pad(CAP * 2));
    await expectRefused(b, body, 200, { 'content-length': String(Buffer.byteLength(body)) });
  });

  it('a well-formed body over the cap, streamed without a length: UPSTREAM_ERROR', () => expectRefused(b, spec.valid(pad(CAP * 2))));

  it('a body just under the cap is read', async () => {
    const body = spec.valid(pad(0));
    answerWith(b, spec.valid(pad(CAP - Buffer.byteLength(body) - 16)));
    const { results, text } = await runMutation(b);
    expect(results.map((r) => r.success)).toEqual([true]);
    expect(text).not.toContain(MARKER);
  });

  it.each([
    ['text/html', `<!DOCTYPE html><html><head><title>Sign in</title></head><body>${MARKER}<form action="/login"></form></body></html>`],
    ['text/plain', `Service temporarily unavailable ${MARKER}`],
    ['application/json', `<html>${MARKER}</html>`],
    ['application/json', `{"truncated": "${MARKER}`],
    ['application/xml', `<?xml version="1.0"?><error>${MARKER}</error>`],
  ])('a %s body that is not JSON: UPSTREAM_ERROR', (type, body) => expectRefused(b, body, 200, { 'content-type': type }));

  it('JSON nested exactly 64 levels deep is read', async () => {
    answerWith(b, spec.valid(nested(63)));
    const { results } = await runMutation(b);
    expect(results.map((r) => r.success)).toEqual([true]);
  });

  it.each([65, 1000, 10_000])('JSON nested %i levels deep: UPSTREAM_ERROR, no stack overflow', (levels) => expectRefused(b, spec.valid(nested(levels - 1))));

  it.each(WRONG_TYPES[b].map((body) => [body.slice(0, 70), body]))('fields of the wrong type %s: UPSTREAM_ERROR', (_label, body) => expectRefused(b, body, 200, {}, false));

  describe('prototype keys in the answer pollute nothing and are never read', () => {
    const PROTO = `{"polluted":"yes","error":{"code":403,"message":"${MARKER}"},"displayName":"${MARKER}","notSharedWith":["${MARKER}"],"status":1}`;
    const CONSTRUCTOR = `{"prototype":{"polluted":"yes","displayName":"${MARKER}"}}`;
    it.each([
      ['__proto__ at the top', `,"__proto__":${PROTO}`, ''],
      ['constructor.prototype at the top', `,"constructor":${CONSTRUCTOR}`, ''],
      ['an escaped \\u005f_proto__ key', `,"\\u005f_proto__":${PROTO}`, ''],
      ['__proto__ and constructor in the nested object', '', `,"__proto__":${PROTO},"constructor":${CONSTRUCTOR}`],
      ['__proto__ twice', `,"__proto__":${PROTO},"__proto__":{"polluted":"again"}`, ''],
    ])('%s', async (_label, extra, inner) => {
      answerWith(b, spec.valid(extra, inner));
      const { results, text } = await runMutation(b);
      expect(results.map((r) => [r.success, r.error])).toEqual([[true, null]]);
      expect(text).not.toContain(MARKER);
      expectNoPollution();
      const read = await h.gql(spec.read);
      expect(read.status).toBe(200);
      expect(JSON.stringify(read)).not.toContain(MARKER);
    });

    it('an answer whose required fields exist only under __proto__ is not read through it', async () => {
      const under = `{"__proto__":${spec.valid()},"constructor":{"prototype":${spec.valid()}},"m":"${MARKER}"}`;
      answerWith(b, under);
      const { results, text } = await runMutation(b);
      expect(text).not.toContain(MARKER);
      // What is left once __proto__ is dropped says nothing of the share, on every backend: no evidence, no success.
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) expectUpstreamError(r, b);
    });
  });

  it.each([301, 302, 303, 307, 308])('a %i redirect is not followed: UPSTREAM_ERROR and nothing sent to the other origin', async (status) => {
    const other = await startScriptedUpstream(() => ({ status: 200, body: Buffer.from(spec.valid()) }));
    try {
      answerWith(b, '', status, { location: `${other.url}/stolen?x=1` });
      const { results } = await runMutation(b);
      for (const r of results) expectUpstreamError(r, b);
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
    await expectCleanSuccess(b);
  });
});

// ---- compressed answers: a server of our own, since simulator faults send text ------

interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: Buffer;
}

interface ScriptedUpstream {
  url: string;
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  answer: (req: http.IncomingMessage) => ScriptedAnswer;
  close(): Promise<void>;
}

async function startScriptedUpstream(answer: (req: http.IncomingMessage) => ScriptedAnswer): Promise<ScriptedUpstream> {
  const upstream: ScriptedUpstream = { url: '', requests: [], answer, close: async () => {} };
  const server = http.createServer((req, res) => {
    upstream.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => {
      const out = upstream.answer(req);
      res.writeHead(out.status, { 'content-type': 'application/json', 'content-length': String(out.body.length), ...out.headers });
      res.end(out.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  upstream.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  upstream.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return upstream;
}

describe('compressed answers are never inflated', () => {
  let upstream: ScriptedUpstream;
  let g: Harness;
  /** 64 MB of spaces inside a well-formed answer: about 64 KB of gzip, far under the default 5 MB cap. */
  let bombs: Record<BackendKey, Buffer>;

  beforeAll(async () => {
    upstream = await startScriptedUpstream(() => ({ status: 200, body: Buffer.alloc(0) }));
    // The default 5 MB cap: what saves the gateway here is not inflating, not the cap.
    g = await startHarness({
      env: { ARCGIS_URL: upstream.url + ARCGIS_BASE_PATH, OCM_URL: upstream.url, ONLYOFFICE_URL: upstream.url, ...QUIET_RESILIENCE },
    });
    const spaces = Buffer.alloc(64 * 1024 * 1024, 0x20);
    bombs = Object.fromEntries(
      BACKENDS.map((b) => {
        const [head, tail] = SPECS[b].valid(',"pad":"\u0000').split('\u0000') as [string, string];
        return [b, gzipSync(Buffer.concat([Buffer.from(head), spaces, Buffer.from('"' + tail.slice(1))]))];
      }),
    ) as Record<BackendKey, Buffer>;
  });
  afterAll(async () => {
    await g.close();
    await upstream.close();
  });

  async function mutate(b: BackendKey): Promise<Result[]> {
    const res = await g.gql(SPECS[b].mutation);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    return SPECS[b].results(res.data!);
  }

  describe.each(BACKENDS)('%s', (b) => {
    it('the scripted server works: a plain well-formed answer succeeds (control)', async () => {
      upstream.answer = () => ({ status: 200, body: Buffer.from(SPECS[b].valid()) });
      expect((await mutate(b)).map((r) => r.success)).toEqual([true]);
    });

    it('a gzip bomb (64 MB once inflated) is read as the bytes it is: UPSTREAM_ERROR, memory flat', async () => {
      expect(bombs[b].length).toBeLessThan(1024 * 1024);
      upstream.answer = () => ({ status: 200, headers: { 'content-encoding': 'gzip' }, body: bombs[b] });
      const before = process.memoryUsage().rss;
      for (const r of await mutate(b)) expectUpstreamError(r, b);
      expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
      // And the gateway never asked for compression in the first place.
      for (const r of upstream.requests) expect(r.headers['accept-encoding']).toBeUndefined();
    });

    it.each([
      ['gzip', gzipSync],
      ['deflate', deflateSync],
      ['br', brotliCompressSync],
    ] as const)('a small %s-compressed well-formed answer is not inflated either: UPSTREAM_ERROR', async (encoding, compress) => {
      upstream.answer = () => ({ status: 200, headers: { 'content-encoding': encoding }, body: compress(Buffer.from(SPECS[b].valid())) });
      for (const r of await mutate(b)) expectUpstreamError(r, b);
      upstream.answer = () => ({ status: 200, body: Buffer.from(SPECS[b].valid()) });
      expect((await mutate(b)).map((r) => r.success)).toEqual([true]);
    });
  });
});
