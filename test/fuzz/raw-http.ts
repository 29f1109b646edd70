/**
 * A deliberately dumb HTTP/1.1 client over a bare socket, for the requests
 * undici and fetch refuse to send: forbidden header names (`Host`,
 * `Connection`, `Transfer-Encoding`), control characters in header values,
 * odd request targets, arbitrary bytes. One request per connection.
 */
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything received, as latin1, for "does this secret appear anywhere" checks. */
  raw: string;
}

export interface RawRequest {
  method?: string;
  /** The request target. @default '/graphql' */
  target?: string;
  /** Sent in this order and spelling; values are written as latin1, byte for byte. */
  headers: Array<[string, string]>;
  body?: string | Buffer;
  /** Send the body as one chunk of `Transfer-Encoding: chunked` instead of with a Content-Length. */
  chunked?: boolean;
  /** @default 5000 */
  timeoutMs?: number;
}

function parseHead(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? NaN);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { status, headers };
}

function dechunk(body: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol === -1) return null;
    const size = parseInt(body.subarray(at, eol).toString('latin1'), 16);
    if (Number.isNaN(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    if (body.length < eol + 2 + size + 2) return null;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Sends one request to `url`'s host and port and reads one response (or whatever arrives before the server closes). */
export function rawRequest(url: string, req: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const lines = [`${req.method ?? 'POST'} ${req.target ?? '/graphql'} HTTP/1.1`, ...req.headers.map(([n, v]) => `${n}: ${v}`)];
  if (req.chunked) lines.push('Transfer-Encoding: chunked');
  else if (req.method !== 'GET' || body.length > 0) lines.push(`Content-Length: ${body.length}`);
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  const payload = req.chunked ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]) : body;

  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err && received.length === 0) return reject(err);
      const text = received.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      if (split === -1) return reject(err ?? new Error(`no complete response head: ${JSON.stringify(text.slice(0, 200))}`));
      const { status, headers } = parseHead(text.slice(0, split));
      let rest: Buffer = received.subarray(Buffer.byteLength(text.slice(0, split + 4), 'latin1'));
      if (headers['transfer-encoding']?.toLowerCase() === 'chunked') rest = dechunk(rest) ?? rest;
      resolve({ status, headers, body: rest.toString('utf8'), raw: text });
    };
    const complete = (): boolean => {
      const split = received.indexOf('\r\n\r\n');
      if (split === -1) return false;
      const { headers } = parseHead(received.subarray(0, split).toString('latin1'));
      const rest = received.subarray(split + 4);
      if (headers['content-length'] !== undefined) return rest.length >= Number(headers['content-length']);
      if (headers['transfer-encoding']?.toLowerCase() === 'chunked') return dechunk(rest) !== null;
      return false;
    };
    const timer = setTimeout(() => finish(new Error('raw request timed out')), req.timeoutMs ?? 5000);
    socket.on('connect', () => {
      socket.write(Buffer.concat([head, payload]));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (complete()) finish();
    });
    socket.on('end', () => finish());
    socket.on('close', () => finish());
    socket.on('error', (err) => finish(err));
  });
}
