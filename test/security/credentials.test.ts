/**
 * Credential isolation, read back from what each simulator received: every
 * backend gets its own credential and an allow-listed set of headers, never
 * another backend's credential and never anything the caller sent for the
 * gateway itself (Host, X-Forwarded-*, Connection, Cookie, Authorization …).
 * Unusable credential values are refused before any call, and no credential
 * comes back in an answer, even when a backend echoes it.
 *
 * The leak checks read every channel the gateway has: the answer (body and
 * headers), the console, its pino log lines (at trace level), `GET /metrics`,
 * `GET /readyz` and `Query.backends` (whose lastError is the breaker's last
 * counted failure).
 */
import { format } from 'node:util';
import { request } from 'undici';
import { GraphQLError } from 'graphql';
import { startHarness, firstCode } from '../helpers/harness';
import type { Aliased, GqlBody, Harness } from '../helpers/harness';
import type { LoggedRequest, SimServer } from '../../src/simulators/kit';
import { CREDENTIAL_HEADERS, MAX_CREDENTIAL_BYTES, requireCredential } from '../../src/credentials';
import type { Credentials } from '../../src/credentials';
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as X } from '../../src/simulators/onlyoffice/seed';
import { rawRequest } from '../fuzz/raw-http';
import { startObserved } from '../helpers/gateway-with';
import { waitFor } from '../helpers/wait-for';
import type { Observed } from '../helpers/gateway-with';

type BackendKey = 'arcgis' | 'ocm' | 'onlyoffice';
const BACKENDS: BackendKey[] = ['arcgis', 'ocm', 'onlyoffice'];

/** What undici adds on its own to every request: the target's host, keep-alive, and a length when there is a body. */
const TRANSPORT_HEADERS = ['host', 'connection', 'content-length'];
/** The gateway's own headers, the same for every backend. */
const GATEWAY_HEADERS = ['accept', 'content-type', 'x-request-id'];
/** The one header that carries the caller's credential upstream. */
const UPSTREAM_CREDENTIAL_HEADER: Record<BackendKey, string> = {
  arcgis: 'x-esri-authorization',
  ocm: 'authorization',
  onlyoffice: 'authorization',
};
const ALLOWED: Record<BackendKey, Set<string>> = {
  arcgis: new Set([UPSTREAM_CREDENTIAL_HEADER.arcgis, ...GATEWAY_HEADERS, ...TRANSPORT_HEADERS]),
  ocm: new Set([UPSTREAM_CREDENTIAL_HEADER.ocm, ...GATEWAY_HEADERS, ...TRANSPORT_HEADERS]),
  onlyoffice: new Set([UPSTREAM_CREDENTIAL_HEADER.onlyoffice, ...GATEWAY_HEADERS, ...TRANSPORT_HEADERS]),
};

/** The caller's credentials (the simulators' demo users) and the exact value each backend must receive. */
const CALLER = {
  arcgis: { header: CREDENTIAL_HEADERS.ARCGIS, value: A.aliceToken, upstream: `Bearer ${A.aliceToken}`, secret: A.aliceToken },
  ocm: { header: CREDENTIAL_HEADERS.OCM, value: O.bearer, upstream: O.bearer, secret: O.token },
  onlyoffice: { header: CREDENTIAL_HEADERS.ONLYOFFICE, value: X.token, upstream: X.token, secret: X.token },
} as const;

const ALL_CREDENTIALS: Record<string, string> = {
  [CALLER.arcgis.header]: CALLER.arcgis.value,
  [CALLER.ocm.header]: CALLER.ocm.value,
  [CALLER.onlyoffice.header]: CALLER.onlyoffice.value,
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const sim = (b: BackendKey): SimServer => h.sims[b].sim;

/** Everything of a logged request a credential could hide in. */
function everywhere(r: LoggedRequest): string {
  return [r.url, r.body, ...Object.entries(r.headers).map(([n, v]) => `${n}: ${String(v)}`)].join('\n');
}

/**
 * The isolation rule for one backend's log: only allow-listed header names,
 * its own credential in exactly its credential header, no other backend's
 * credential anywhere, and its own nowhere else (not in the URL or body).
 */
function expectIsolated(b: BackendKey, log: readonly LoggedRequest[]): void {
  expect(log.length).toBeGreaterThan(0);
  for (const r of log) {
    const names = Object.keys(r.headers);
    expect({ route: r.route, unexpected: names.filter((n) => !ALLOWED[b].has(n)) }).toEqual({ route: r.route, unexpected: [] });
    expect(r.headers[UPSTREAM_CREDENTIAL_HEADER[b]]).toBe(CALLER[b].upstream);
    for (const other of BACKENDS.filter((o) => o !== b)) expect(everywhere(r)).not.toContain(CALLER[other].secret);
    const { [UPSTREAM_CREDENTIAL_HEADER[b]]: _own, ...rest } = r.headers;
    expect(everywhere({ ...r, headers: rest })).not.toContain(CALLER[b].secret);
    expect(r.headers.host).toBe(new URL(sim(b).url).host);
    expect(r.route).not.toBeNull();
  }
}

const MIXED_MUTATION = `mutation {
  item: shareItem(input: { itemId: "${A.parksMap}", groups: ["${A.fieldTeamGroup}", "${A.financeGroup}"] }) {
    success notSharedWith { id title membership } error { code }
  }
  items: unshareItems(input: { itemIds: ["${A.trailsLayer}"], groups: ["${A.fieldTeamGroup}"] }) { results { success error { code } } }
  ocm: shareFolder(input: { backend: OCM, folderId: "${O.projectFolderId}", recipients: [{ id: "${O.bobId}", role: VIEWER }], message: "hi" }) {
    results { success error { code } recipient { id displayName } }
  }
  ocmRevoke: revokeFolderShares(input: { backend: OCM, folderId: "${O.subFolderId}", recipientIds: ["${O.daveId}"] }) { results { success error { code } } }
  oo: shareFolder(input: { backend: ONLYOFFICE, folderId: "${X.myFolderId}", recipients: [{ id: "${X.carolId}", role: VIEWER }, { id: "${X.designGroupId}", role: COMMENTER }] }) {
    results { success error { code } recipient { id displayName kind } }
  }
}`;

const MIXED_QUERY = `{
  itemAccess(itemIds: ["${A.parksMap}", "${A.trailsLayer}"]) { itemId level groups { id title } }
  groups(ids: ["${A.fieldTeamGroup}", "${A.publicGroup}"]) { id title }
  ocm: folderAccess(backend: OCM, folderId: "${O.projectFolderId}") { grants { principal { id } role } }
  oo: folderAccess(backend: ONLYOFFICE, folderId: "${X.myFolderId}") { grants { principal { id } role } }
}`;

describe('each backend receives its own credential and allow-listed headers only', () => {
  it('a mutation sending all three credentials at once (share and revoke on every backend)', async () => {
    const res = await h.gql<Aliased<{ item: 'shareItem'; ocm: 'shareFolder'; oo: 'shareFolder' }>>(MIXED_MUTATION, undefined, ALL_CREDENTIALS);
    expect(res.errors).toBeUndefined();
    expect(res.data!.item.error).toBeNull();
    expect(res.data!.ocm.results[0]!.success).toBe(true);
    expect(res.data!.oo.results.every((r) => r.success)).toBe(true);
    for (const b of BACKENDS) expectIsolated(b, sim(b).log);
    for (const b of BACKENDS) expect(sim(b).log.some((r) => r.method !== 'GET')).toBe(true);
  });

  it('a query reading from all three backends at once', async () => {
    const res = await h.gql(MIXED_QUERY, undefined, ALL_CREDENTIALS);
    expect(res.errors).toBeUndefined();
    for (const b of BACKENDS) expectIsolated(b, sim(b).log);
  });

  it('a safe X-Request-Id is passed on; an unsafe one is replaced', async () => {
    await h.gql(MIXED_QUERY, undefined, { ...ALL_CREDENTIALS, 'x-request-id': 'caller-req-1' });
    for (const b of BACKENDS) for (const r of sim(b).log) expect(r.headers['x-request-id']).toBe('caller-req-1');
    h.reset();
    await h.gql(MIXED_QUERY, undefined, { ...ALL_CREDENTIALS, 'x-request-id': `bad id ${'x'.repeat(200)}` });
    for (const b of BACKENDS) for (const r of sim(b).log) expect(r.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("the caller's own HTTP headers are never forwarded", () => {
  const HOSTILE: Array<[string, string]> = [
    ['Host', 'evil.example'],
    ['X-Forwarded-For', '169.254.169.254'],
    ['X-Forwarded-Host', 'evil.example'],
    ['X-Forwarded-Proto', 'gopher'],
    ['Forwarded', 'for=169.254.169.254;host=evil.example'],
    ['X-Real-IP', '10.0.0.1'],
    // Hop-by-hop abuse (Traefik CVE-2024-45410): naming trusted headers in Connection must change nothing.
    ['Connection', `authorization, x-forwarded-for, ${CREDENTIAL_HEADERS.ARCGIS}, ${CREDENTIAL_HEADERS.OCM}, ${CREDENTIAL_HEADERS.ONLYOFFICE}`],
    ['Keep-Alive', 'timeout=999'],
    ['Proxy-Authorization', 'Basic c3RvbGVuOnN0b2xlbg=='],
    ['Cookie', `asc_auth_key=${X.bobToken}; session=stolen-cookie`],
    ['Authorization', 'Bearer caller-own-authorization'],
    ['X-Esri-Authorization', `Bearer ${A.bobToken}`],
    ['Te', 'trailers'],
    ['Upgrade', 'h2c'],
    ['X-HTTP-Method-Override', 'DELETE'],
    ['Origin', 'https://evil.example'],
    ['Referer', 'https://evil.example/x'],
    ['User-Agent', 'evil/1.0'],
  ];
  const LEAKS = ['evil', '169.254', '10.0.0.1', 'gopher', 'stolen', 'caller-own-authorization', X.bobToken, A.bobToken, 'trailers', 'h2c', 'DELETE', 'timeout=999'];

  it.each([
    ['with a Content-Length body', false],
    ['with a Transfer-Encoding: chunked body', true],
  ])('%s: every backend sees exactly what a clean request gives it', async (_label, chunked) => {
    const res = await rawRequest(h.url, {
      headers: [...HOSTILE, ['Content-Type', 'application/json'], ['X-GraphQL-Yoga-CSRF', '1'], ...Object.entries(ALL_CREDENTIALS)],
      body: JSON.stringify({ query: MIXED_QUERY }),
      chunked,
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as GqlBody;
    expect(body.errors).toBeUndefined();
    for (const b of BACKENDS) {
      expectIsolated(b, sim(b).log);
      for (const r of sim(b).log) {
        expect(r.headers.connection).toBe('keep-alive');
        expect(r.headers['transfer-encoding']).toBeUndefined();
        for (const leak of LEAKS) expect(everywhere(r)).not.toContain(leak);
      }
    }
    // ArcGIS takes its token in X-Esri-Authorization only: no Authorization, and never the caller's.
    for (const r of sim('arcgis').log) expect(r.headers.authorization).toBeUndefined();
  });

  it("a caller's Authorization or Cookie is no credential: without the gateway's own headers nothing is sent", async () => {
    const res = await rawRequest(h.url, {
      headers: [
        ['Host', 'localhost'],
        ['Content-Type', 'application/json'],
        ['Authorization', O.bearer],
        ['Cookie', `asc_auth_key=${X.token}`],
        ['X-Esri-Authorization', `Bearer ${A.aliceToken}`],
      ],
      body: JSON.stringify({ query: MIXED_QUERY }),
    });
    const body = JSON.parse(res.body) as GqlBody;
    // All root fields are non-null, so the first refusal ends the operation; none may have called out.
    expect(body.errors!.length).toBeGreaterThan(0);
    expect(body.errors!.every((e) => e.extensions?.code === 'UNAUTHENTICATED')).toBe(true);
    expect(h.upstreamCount()).toBe(0);
  });

  // The caller's Host plays no part in the URL yoga is given (src/http/request-guard.ts), so even one
  // that is no valid authority (once a 500, from `new URL`) is answered like any other request.
  it.each(['[', 'a b', '%', 'evil.example:99999'])('a malformed Host %j is answered as usual', async (host) => {
    const res = await rawRequest(h.url, {
      headers: [
        ['Host', host],
        ['Content-Type', 'application/json'],
        ['Connection', 'close'],
      ],
      body: JSON.stringify({ query: '{ capabilities { backend } }' }),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ data: { capabilities: [{ backend: 'ARCGIS' }, { backend: 'OCM' }, { backend: 'ONLYOFFICE' }] } });
  });

  it.each(['', 'a@b', 'x/../admin', 'evil.example/graphql?x='])('an odd but parseable Host %j changes nothing upstream', async (host) => {
    const res = await rawRequest(h.url, {
      headers: [['Host', host], ['Content-Type', 'application/json'], ['Connection', 'close'], ...Object.entries(ALL_CREDENTIALS)],
      body: JSON.stringify({ query: MIXED_QUERY }),
    });
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as GqlBody).errors).toBeUndefined();
    for (const b of BACKENDS) expectIsolated(b, sim(b).log);
  });
});

describe('unusable credential values are refused before any call', () => {
  const SHARE_ON = {
    arcgis: `mutation { shareItem(input: { itemId: "${A.parksMap}", owner: "alice", org: true }) { success } }`,
    ocm: `mutation { shareFolder(input: { backend: OCM, folderId: "${O.projectFolderId}", recipients: [{ id: "${O.bobId}", role: VIEWER }] }) { results { success } } }`,
    onlyoffice: `mutation { shareFolder(input: { backend: ONLYOFFICE, folderId: "${X.myFolderId}", recipients: [{ id: "${X.carolId}", role: VIEWER }] }) { results { success } } }`,
  } as const;

  const send = (b: BackendKey, value: string) =>
    rawRequest(h.url, {
      headers: [
        ['Host', 'localhost'],
        ['Content-Type', 'application/json'],
        ['Connection', 'close'],
        [CALLER[b].header, value],
      ],
      body: JSON.stringify({ query: SHARE_ON[b] }),
    });

  // These bytes cannot even reach the gateway: node's HTTP parser answers itself.
  const REFUSED_BY_HTTP: Array<[string, string, number]> = [
    ['CR', 'tok\ren', 400],
    ['LF', 'tok\nen', 400],
    ['obsolete line folding', 'tok\r\n en', 400],
    ['NUL', 'tok\u0000en', 400],
    ['SOH', 'tok\u0001en', 400],
    ['DEL', 'tok\u007fen', 400],
    ['over 16 KB (the header limit)', 'x'.repeat(20 * 1024), 431],
  ];

  describe.each(BACKENDS)('%s', (b) => {
    it.each(REFUSED_BY_HTTP)('%s: refused at the HTTP level, nothing sent', async (_label, value, status) => {
      const res = await send(b, value);
      expect(res.status).toBe(status);
      expect(h.upstreamCount()).toBe(0);
    });

    it.each([
      ['a TAB inside', 'tok\ten'],
      [`${MAX_CREDENTIAL_BYTES + 1} bytes`, 'x'.repeat(MAX_CREDENTIAL_BYTES + 1)],
      ['blank', '   '],
    ])('%s: UNAUTHENTICATED, nothing sent, value not echoed', async (_label, value) => {
      const res = await send(b, value);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as GqlBody;
      expect(body.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      if (value.trim() !== '') expect(res.raw).not.toContain(value.trim());
      expect(h.upstreamCount()).toBe(0);
    });

    it('a CRLF "inside" the value is just a second header line, which is not forwarded', async () => {
      const res = await send(b, 'tok\r\nX-Esri-Authorization: Bearer stolen\r\nAuthorization: Bearer stolen');
      expect(res.status).toBe(200);
      expect(sim(b).log.length).toBeGreaterThan(0);
      for (const r of sim(b).log) {
        expect(r.headers[UPSTREAM_CREDENTIAL_HEADER[b]]).toBe(b === 'arcgis' ? 'Bearer tok' : 'tok');
        expect(everywhere(r)).not.toContain('stolen');
      }
    });

    it(`exactly ${MAX_CREDENTIAL_BYTES} bytes is passed on (and judged by the backend)`, async () => {
      const value = 'x'.repeat(MAX_CREDENTIAL_BYTES);
      const res = await send(b, value);
      expect(res.status).toBe(200);
      expect(sim(b).log.length).toBeGreaterThan(0);
      expect(res.raw).not.toContain(value);
    });
  });

  it('a refused credential fails only its own backend: the others still run', async () => {
    // Mutations run in order and every root field is non-null, so the ArcGIS one goes last.
    const mutation = `mutation {
      ocm: shareFolder(input: { backend: OCM, folderId: "${O.projectFolderId}", recipients: [{ id: "${O.bobId}", role: VIEWER }] }) { results { success } }
      oo: shareFolder(input: { backend: ONLYOFFICE, folderId: "${X.myFolderId}", recipients: [{ id: "${X.carolId}", role: VIEWER }] }) { results { success } }
      item: shareItem(input: { itemId: "${A.parksMap}", owner: "alice", org: true }) { success }
    }`;
    const res = await h.gql(mutation, undefined, { ...ALL_CREDENTIALS, [CREDENTIAL_HEADERS.ARCGIS]: 'x'.repeat(MAX_CREDENTIAL_BYTES + 1) });
    expect(res.errors!.map((e) => `${String(e.path?.[0])}:${String(e.extensions?.code)}`)).toEqual(['item:UNAUTHENTICATED']);
    expect(sim('arcgis').log).toHaveLength(0);
    expect(sim('ocm').log.length).toBeGreaterThan(0);
    expect(sim('onlyoffice').log.length).toBeGreaterThan(0);
  });
});

describe('requireCredential, for the bytes that cannot travel over HTTP', () => {
  const creds = (value: string | null): Credentials => ({ ARCGIS: value, OCM: value, ONLYOFFICE: value });
  const codeOf = (fn: () => unknown): string | undefined => {
    try {
      fn();
      return undefined;
    } catch (err) {
      expect(err).toBeInstanceOf(GraphQLError);
      return (err as GraphQLError).extensions.code as string;
    }
  };

  it.each([
    ['CR', 'a\rb'],
    ['LF', 'a\nb'],
    ['CRLF header injection', 'tok\r\nX-Esri-Authorization: Bearer stolen'],
    ['NUL', 'a\u0000b'],
    ['SOH', 'a\u0001b'],
    ['ESC', 'a\u001bb'],
    ['TAB', 'a\tb'],
    ['DEL', 'a\u007fb'],
    ['8193 ASCII bytes', 'x'.repeat(MAX_CREDENTIAL_BYTES + 1)],
    ['4097 two-byte characters (8194 bytes)', 'é'.repeat(4097)],
    ['empty', ''],
    ['whitespace', ' \t '],
    ['absent', null],
  ])('refuses %s with UNAUTHENTICATED, for every backend, without echoing it', (_label, value) => {
    for (const backend of ['ARCGIS', 'OCM', 'ONLYOFFICE'] as const) {
      expect(codeOf(() => requireCredential(creds(value), backend))).toBe('UNAUTHENTICATED');
      try {
        requireCredential(creds(value), backend);
      } catch (err) {
        if (value && value.trim() !== '') expect((err as Error).message).not.toContain(value.trim().slice(0, 20));
      }
    }
  });

  it('accepts 8192 bytes and a normal token (trimmed)', () => {
    expect(requireCredential(creds('x'.repeat(MAX_CREDENTIAL_BYTES)), 'ARCGIS')).toHaveLength(MAX_CREDENTIAL_BYTES);
    expect(requireCredential(creds('  Bearer abc  '), 'OCM')).toBe('Bearer abc');
  });
});

describe('no credential comes back, even when a backend echoes it', () => {
  /** Distinct secrets, so that any sighting in an answer is unambiguous. */
  const SECRET = {
    arcgis: 'sEcReT-arcgis-4f1c0e',
    ocm: 'sEcReT-ocm-9a2b77',
    onlyoffice: 'sEcReT-onlyoffice-77d0aa',
  } as const;
  const SECRET_HEADERS = {
    [CREDENTIAL_HEADERS.ARCGIS]: SECRET.arcgis,
    [CREDENTIAL_HEADERS.OCM]: `Bearer ${SECRET.ocm}`,
    [CREDENTIAL_HEADERS.ONLYOFFICE]: SECRET.onlyoffice,
  };

  /** Bodies that repeat the credential back, in each backend's own error shapes and in shapes it never uses. */
  interface Echo {
    status: number;
    body: string;
    headers?: Record<string, string>;
  }

  function echoes(b: BackendKey): Echo[] {
    const s = SECRET[b];
    const bearer = `Bearer ${s}`;
    const own: Record<BackendKey, Echo[]> = {
      arcgis: [
        { status: 200, body: JSON.stringify({ error: { code: 498, message: `Invalid token: ${s}`, details: [`token=${s}`, bearer] } }) },
        { status: 200, body: JSON.stringify({ error: { code: 400, message: `Unable to share item with token ${s}`, messageCode: s } }) },
        { status: 200, body: JSON.stringify({ results: [{ itemId: A.parksMap, success: false, error: { code: 403, message: s, details: [bearer] } }], debug: s }) },
      ],
      ocm: [
        { status: 401, body: JSON.stringify({ errorCode: '-1', errorMessage: `Authorization ${bearer} rejected`, title: s }) },
        { status: 200, body: JSON.stringify({ errorCode: '-16', errorMessage: `no such folder for ${bearer}` }) },
        { status: 404, body: JSON.stringify({ errorCode: s, errorKey: s, o: { title: s, detail: bearer } }) },
      ],
      onlyoffice: [
        { status: 401, body: JSON.stringify({ status: 1, statusCode: 401, error: { message: `Invalid token ${s}`, hresult: -2146233088, stack: bearer } }) },
        { status: 200, body: JSON.stringify({ status: 1, statusCode: 403, error: { message: s, type: s } }) },
        { status: 200, body: JSON.stringify({ status: 0, statusCode: 200, count: 0, response: [], debug: s, links: [{ href: bearer }] }) },
      ],
    };
    return [
      ...own[b],
      { status: 500, body: `<html><body><h1>Internal error</h1><pre>Authorization: ${bearer}\ntoken=${s}</pre></body></html>`, headers: { 'content-type': 'text/html', 'x-echo': s } },
      { status: 400, body: `${s} ${bearer}` },
      { status: 403, body: JSON.stringify({ message: s, token: s, authorization: bearer }) },
    ].map((e): Echo => ({ headers: { 'x-echo': s }, ...e }));
  }

  const MUTATIONS: Record<BackendKey, string> = {
    arcgis: `mutation {
      a: shareItem(input: { itemId: "${A.parksMap}", owner: "alice", org: true }) { itemId success error { code message backend upstreamCode } }
      b: shareItems(input: { itemIds: ["${A.parksMap}", "${A.trailsLayer}"], groups: ["${A.fieldTeamGroup}"] }) { results { itemId success notSharedWith { id } error { code message upstreamCode } } }
    }`,
    ocm: `mutation {
      a: shareFolder(input: { backend: OCM, folderId: "${O.projectFolderId}", recipients: [{ id: "${O.bobId}", role: VIEWER }] }) { results { recipientId success recipient { id displayName } error { code message upstreamCode } } }
      b: revokeFolderShares(input: { backend: OCM, folderId: "${O.subFolderId}", recipientIds: ["${O.daveId}"] }) { results { success error { code message } } }
    }`,
    onlyoffice: `mutation {
      a: shareFolder(input: { backend: ONLYOFFICE, folderId: "${X.myFolderId}", recipients: [{ id: "${X.carolId}", role: VIEWER }] }) { results { recipientId success recipient { id displayName } error { code message upstreamCode } } }
      b: revokeFolderShares(input: { backend: ONLYOFFICE, folderId: "${X.myFolderId}", recipientIds: ["${X.bobId}"] }) { results { success error { code message } } }
    }`,
  };
  const QUERIES: Record<BackendKey, string> = {
    arcgis: `{ itemAccess(itemIds: ["${A.parksMap}"]) { itemId level groups { id title } } groups(ids: ["${A.fieldTeamGroup}"]) { id title } }`,
    ocm: `{ folderAccess(backend: OCM, folderId: "${O.projectFolderId}") { grants { principal { id displayName } role } } }`,
    onlyoffice: `{ folderAccess(backend: ONLYOFFICE, folderId: "${X.myFolderId}") { grants { principal { id displayName } role } } }`,
  };

  /** What the gateway (yoga's default logger included) writes to the console: the only log it has today. */
  let logged: string[] = [];
  beforeEach(() => {
    logged = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push(format(...args));
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  let dev: Harness;
  beforeAll(async () => {
    // Development shows error details; it must still show no credential.
    dev = await startHarness({ env: { NODE_ENV: 'development', UPSTREAM_MAX_ATTEMPTS: '1' } });
  });
  afterAll(() => dev.close());

  const harnesses = (): Array<[string, Harness]> => [
    ['production', h],
    ['development', dev],
  ];

  describe.each(BACKENDS)('%s', (b) => {
    it.each(echoes(b).map((e, i): [number, number, Echo] => [i, e.status, e]))('echo #%i (HTTP %i) reaches no answer, message or extension', async (_i, _status, echo) => {
      for (const [mode, gw] of harnesses()) {
        for (const doc of [MUTATIONS[b], QUERIES[b]]) {
          gw.reset();
          gw.sims[b].sim.inject({ kind: 'respond', status: echo.status, body: echo.body, headers: echo.headers, times: 50 });
          const res = await gw.gql(doc, undefined, SECRET_HEADERS);
          // The secret really went out, so the backend really had something to echo.
          expect(gw.sims[b].sim.log.length).toBeGreaterThan(0);
          const seen = JSON.stringify(res);
          const printed = logged.join('\n');
          for (const s of Object.values(SECRET)) {
            expect({ mode, doc: doc.slice(0, 40), inAnswer: seen.includes(s), inConsole: printed.includes(s) }).toEqual({ mode, doc: doc.slice(0, 40), inAnswer: false, inConsole: false });
          }
          expect(res.status).toBe(200);
        }
      }
    });
  });

  describe('logs, metrics, /readyz and Query.backends', () => {
    let o: Observed;
    beforeAll(async () => {
      // Trace-level logs, and a breaker that opens after two failures so that lastError is filled in.
      o = await startObserved({ LOG_LEVEL: 'trace', UPSTREAM_BREAKER_CONSECUTIVE_FAILURES: '2', UPSTREAM_MAX_ATTEMPTS: '1' });
    });
    afterAll(() => o.close());

    it.each(BACKENDS)('%s: every echo, through every channel', async (b) => {
      const requestIds: string[] = [];
      const nextId = () => requestIds[requestIds.push(`echo-${b}-${requestIds.length}`) - 1]!;
      for (const echo of echoes(b)) {
        o.sims[b].sim.clearFaults();
        o.sims[b].sim.inject({ kind: 'respond', status: echo.status, body: echo.body, headers: echo.headers, times: 50 });
        for (const query of [MUTATIONS[b], QUERIES[b]]) {
          const res = await o.post({ query }, { ...SECRET_HEADERS, 'x-request-id': nextId() });
          expect(JSON.stringify(res)).not.toContain(SECRET[b]);
        }
      }
      o.sims[b].sim.clearFaults();
      const backends = await o.post({ query: '{ backends { backend configured state lastError } }' }, { 'x-request-id': nextId() });
      expect(backends.errors).toBeUndefined();
      // The echoes were counted as failures, so the breaker has a last error to show: it must be the gateway's words.
      expect(backends.data!.backends.find((x) => x.backend === b.toUpperCase())!.lastError).toEqual(expect.any(String));
      // Every operation above has its line in the log before the log is searched.
      await waitFor(() => requestIds.every((id) => o.lines.some((l) => l.msg === 'operation' && l.requestId === id)));
      const base = o.served.url.replace(/\/graphql$/, '');
      const [metrics, ready] = await Promise.all([request(`${base}/metrics`), request(`${base}/readyz`)]);
      const channels = {
        logs: o.raw(),
        metrics: await metrics.body.text(),
        readyz: await ready.body.text(),
        backends: JSON.stringify(backends),
      };
      expect(channels.metrics).toContain('# HELP');
      for (const [channel, text] of Object.entries(channels)) {
        for (const secret of Object.values(SECRET)) expect({ channel, leaked: text.includes(secret) }).toEqual({ channel, leaked: false });
      }
    });
  });

  it('UNAUTHENTICATED answers from the gateway itself name the header, never the value', async () => {
    for (const b of BACKENDS) {
      const bad = `${SECRET[b]}\t`;
      const res = await h.gql(QUERIES[b], undefined, { [CALLER[b].header]: bad.replace('\t', '\tx') });
      expect(firstCode(res)).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(res)).not.toContain(SECRET[b]);
    }
  });
});
