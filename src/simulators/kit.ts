/**
 * The little HTTP toolkit the three simulators share: a router over raw
 * paths, a request log that tests read, and fault injection (delay, status,
 * reset, trickled or truncated bodies, redirects) so that the gateway can be
 * driven through every failure the real backends show.
 *
 * Control endpoints under `/__sim/` let another process (npm start, the soak
 * run, the benchmark) steer a simulator over HTTP:
 *   GET /__sim/log, DELETE /__sim/log, POST /__sim/faults, DELETE /__sim/faults,
 *   POST /__sim/random-faults, POST /__sim/reset
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LoggedRequest {
  method: string;
  /** Raw request target as received, query included. */
  url: string;
  /** Raw path (still percent-encoded). */
  path: string;
  /** The route template that handled it, or null when none matched. */
  route: string | null;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Set when the client closed the connection before the response was complete. */
  closedEarly?: boolean;
}

export interface SimRequest {
  method: string;
  /** Raw request target as received, query included (the ArcGIS simulator measures it as IIS does). */
  url: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Form fields from the query string and an urlencoded body, body winning (ArcGIS accepts both). */
  form: URLSearchParams;
  json(): unknown;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export type FaultKind =
  | { kind: 'delay'; ms: number }
  | { kind: 'respond'; status: number; body?: string; headers?: Record<string, string> }
  | { kind: 'reset' }
  | { kind: 'reset-mid-body' }
  | { kind: 'trickle'; intervalMs: number }
  | { kind: 'close-after-response' }
  /** Answers normally, keep-alive and all, then closes the socket: an idle timeout shorter than the client's. */
  | { kind: 'drop-after-response' };

export type Fault = FaultKind & {
  /** Substring of the raw path, or a regular expression source between slashes. Default: every path. */
  path?: string;
  method?: string;
  /** How many requests it hits. @default 1 */
  times?: number;
};

/**
 * In-process only (functions do not travel over `/__sim/`): code run around
 * the handling of matching requests, to stage a race exactly, e.g. a write
 * that lands between two reads the gateway sends at once. `before` runs
 * (and is awaited) before the handler; `after` once the handler has made
 * its answer and before it is sent.
 */
export interface Hook {
  method?: string;
  /** As Fault.path. */
  path?: string;
  /** Query parameters that must be present with these values. */
  query?: Record<string, string>;
  before?: () => void | Promise<void>;
  after?: () => void | Promise<void>;
  /** How many requests it hits. @default 1 */
  times?: number;
}

interface Route {
  method: string;
  template: string;
  parts: string[];
  handler: Handler;
}

export class SimServer {
  readonly log: LoggedRequest[] = [];
  /** Requests per `METHOD route-template` (or `METHOD unmatched`); kept even when the log is off. */
  readonly counts = new Map<string, number>();
  /** Keep every request in `log`. The benchmark turns it off so memory stays flat under load. */
  keepLog = true;
  private readonly routes: Route[] = [];
  private faults: Fault[] = [];
  private hooks: Hook[] = [];
  private randomFaults: { rate: number; kinds: FaultKind[]; rng: () => number } | null = null;
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  url = '';

  constructor(
    readonly name: string,
    private readonly onReset: () => void = () => {},
  ) {}

  route(method: string, template: string, handler: Handler): this {
    this.routes.push({ method, template, parts: template.split('/'), handler });
    return this;
  }

  inject(...faults: Fault[]): void {
    this.faults.push(...faults.map((f) => ({ times: 1, ...f })));
  }

  clearFaults(): void {
    this.faults = [];
    this.hooks = [];
    this.randomFaults = null;
  }

  hook(hook: Hook): void {
    this.hooks.push({ times: 1, ...hook });
  }

  private takeHook(method: string, path: string, query: URLSearchParams): Hook | null {
    const index = this.hooks.findIndex((h) => (!h.method || h.method === method) && (!h.path || pathMatches(h.path, path)) && Object.entries(h.query ?? {}).every(([k, v]) => query.get(k) === v));
    if (index === -1) return null;
    const hook = this.hooks[index]!;
    hook.times = (hook.times ?? 1) - 1;
    if (hook.times <= 0) this.hooks.splice(index, 1);
    return hook;
  }

  /** Hit a share of requests with faults drawn from `kinds`, reproducibly from `seed`. */
  setRandomFaults(rate: number, kinds: FaultKind[], seed = 1): void {
    const rng = xorshift32(seed);
    this.randomFaults = rate > 0 ? { rate, kinds, rng } : null;
  }

  /** Requests that reached the backend's API (control calls excluded). */
  requests(filter?: { method?: string; route?: string | RegExp }): LoggedRequest[] {
    return this.log.filter(
      (r) => (!filter?.method || r.method === filter.method) && (!filter?.route || (typeof filter.route === 'string' ? r.route === filter.route : filter.route.test(r.route ?? r.path))),
    );
  }

  clearLog(): void {
    this.log.length = 0;
    this.counts.clear();
  }

  reset(): void {
    this.clearLog();
    this.clearFaults();
    this.onReset();
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address() as AddressInfo;
    const shownHost = host.includes(':') ? `[${host}]` : host;
    this.url = `http://${shownHost}:${address.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return;
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const rawUrl = req.url ?? '/';
    const qIndex = rawUrl.indexOf('?');
    const path = qIndex === -1 ? rawUrl : rawUrl.slice(0, qIndex);
    const query = new URLSearchParams(qIndex === -1 ? '' : rawUrl.slice(qIndex + 1));
    const method = req.method ?? 'GET';

    if (path.startsWith('/__sim/')) {
      this.control(method, path, body, res);
      return;
    }

    const match = this.match(method, path);
    const entry: LoggedRequest = {
      method,
      url: rawUrl,
      path,
      route: match?.route.template ?? null,
      query: Object.fromEntries(query),
      headers: req.headers,
      body,
    };
    const countKey = `${method} ${entry.route ?? 'unmatched'}`;
    this.counts.set(countKey, (this.counts.get(countKey) ?? 0) + 1);
    if (this.keepLog) this.log.push(entry);
    res.once('close', () => {
      if (!res.writableFinished) entry.closedEarly = true;
    });

    const fault = this.takeFault(method, path);
    if (fault) {
      const handled = await this.applyFault(fault, req, res);
      if (handled) return;
    }

    const hook = this.takeHook(method, path, query);
    await hook?.before?.();
    let out: SimResponse;
    if (!match) {
      out = { status: 404, body: { error: 'no such route' } };
    } else {
      const form = new URLSearchParams(query);
      const contentType = String(req.headers['content-type'] ?? '');
      if (contentType.includes('application/x-www-form-urlencoded')) {
        for (const [k, v] of new URLSearchParams(body)) form.set(k, v);
      }
      const simReq: SimRequest = {
        method,
        url: rawUrl,
        path,
        params: match.params,
        query,
        headers: req.headers,
        body,
        form,
        json: () => (body === '' ? undefined : (JSON.parse(body) as unknown)),
      };
      try {
        out = await match.route.handler(simReq);
      } catch (err) {
        out = { status: 500, body: { error: String(err instanceof Error ? err.message : err) } };
      }
    }
    await hook?.after?.();
    const text = typeof out.body === 'string' ? out.body : out.body === undefined ? '' : JSON.stringify(out.body);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...out.headers };
    if (fault?.kind === 'close-after-response') headers.connection = 'close';
    if (fault?.kind === 'trickle') {
      res.writeHead(out.status, headers);
      await trickle(res, text, fault.intervalMs);
      return;
    }
    res.writeHead(out.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
    res.end(text);
    if (fault?.kind === 'drop-after-response') res.once('finish', () => req.socket.end());
  }

  private match(method: string, path: string): { route: Route; params: Record<string, string> } | null {
    const parts = path.split('/');
    for (const route of this.routes) {
      if (route.method !== method || route.parts.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const want = route.parts[i]!;
        const got = parts[i]!;
        if (want.startsWith(':')) {
          let decoded: string;
          try {
            decoded = decodeURIComponent(got);
          } catch {
            ok = false;
            break;
          }
          if (decoded === '' || decoded === '.' || decoded === '..') {
            ok = false;
            break;
          }
          params[want.slice(1)] = decoded;
        } else if (want !== got) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return null;
  }

  private takeFault(method: string, path: string): Fault | null {
    const index = this.faults.findIndex((f) => (!f.method || f.method === method) && (!f.path || pathMatches(f.path, path)));
    if (index !== -1) {
      const fault = this.faults[index]!;
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(index, 1);
      return fault;
    }
    if (this.randomFaults && this.randomFaults.rng() < this.randomFaults.rate) {
      const kinds = this.randomFaults.kinds;
      return kinds[Math.floor(this.randomFaults.rng() * kinds.length)] ?? null;
    }
    return null;
  }

  /** Returns true when the fault produced the whole response. */
  private async applyFault(fault: FaultKind, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    switch (fault.kind) {
      case 'delay':
        await sleep(fault.ms);
        return res.destroyed;
      case 'respond':
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? '');
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'reset-mid-body':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
        res.write('{"results":[{"itemId":');
        await sleep(10);
        req.socket.destroy();
        return true;
      default:
        return false;
    }
  }

  private control(method: string, path: string, body: string, res: http.ServerResponse): void {
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    try {
      if (path === '/__sim/log' && method === 'GET') return send(200, this.log);
      if (path === '/__sim/counts' && method === 'GET') return send(200, Object.fromEntries(this.counts));
      if (path === '/__sim/log' && method === 'DELETE') {
        this.clearLog();
        return send(200, { ok: true });
      }
      if (path === '/__sim/faults' && method === 'POST') {
        const parsed = JSON.parse(body) as Fault | Fault[];
        this.inject(...(Array.isArray(parsed) ? parsed : [parsed]));
        return send(200, { ok: true });
      }
      if (path === '/__sim/faults' && method === 'DELETE') {
        this.clearFaults();
        return send(200, { ok: true });
      }
      if (path === '/__sim/random-faults' && method === 'POST') {
        const { rate, kinds, seed } = JSON.parse(body) as { rate: number; kinds: FaultKind[]; seed?: number };
        this.setRandomFaults(rate, kinds, seed);
        return send(200, { ok: true });
      }
      if (path === '/__sim/reset' && method === 'POST') {
        this.reset();
        return send(200, { ok: true });
      }
      send(404, { error: 'unknown control endpoint' });
    } catch (err) {
      send(400, { error: String(err) });
    }
  }
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    return new RegExp(pattern.slice(1, -1)).test(path);
  }
  return path.includes(pattern);
}

async function trickle(res: http.ServerResponse, text: string, intervalMs: number): Promise<void> {
  for (const ch of text) {
    if (res.destroyed) return;
    res.write(ch);
    await sleep(intervalMs);
  }
  res.end();
}

/** xorshift32: a small random source, reproducible from its seed. */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

export function sleep(ms: number): Promise<void> {
  // Unref'd: a delay fault still waiting must not keep a finished test run or a closing process alive.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The bearer/basic/raw credential of a request, or null. */
export function authorizationValue(headers: http.IncomingHttpHeaders): string | null {
  const value = headers.authorization;
  return typeof value === 'string' && value !== '' ? value : null;
}
