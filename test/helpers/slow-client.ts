/**
 * A client that sends a POST's headers at once and its body slowly, a piece
 * every `everyMs`, the way a slow-body (slowloris) attack does, over a bare
 * socket. It stops sending when the server answers or closes, and reports
 * the status line it got (if any) and when the connection closed.
 */
import net from 'node:net';

export interface SlowPost {
  socket: net.Socket;
  /** The response's status code, or null when the connection closed without one. */
  status: Promise<number | null>;
  /** Everything received once the connection has closed. */
  closed: Promise<string>;
  /** Body bytes written so far. */
  sent(): number;
}

export interface SlowPostOptions {
  /** Content-Length to declare; null sends `Transfer-Encoding: chunked`. */
  declared: number | null;
  /** What to send each time. */
  piece: Buffer;
  everyMs: number;
  /** Extra headers, e.g. content-encoding. */
  headers?: Record<string, string>;
  /** Sent right after the headers, before the first piece (a compressed stream's header). */
  prefix?: Buffer;
  /** Stop after this many body bytes (the body stays incomplete unless it matches `declared`). @default Infinity */
  maxBytes?: number;
}

export function slowPost(url: string, options: SlowPostOptions): SlowPost {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  let sent = 0;
  let timer: NodeJS.Timeout | null = null;
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = null;
  };
  const head = [
    'POST /graphql HTTP/1.1',
    `Host: ${hostname}:${port}`,
    'Content-Type: application/json',
    options.declared === null ? 'Transfer-Encoding: chunked' : `Content-Length: ${options.declared}`,
    ...Object.entries(options.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  const send = (piece: Buffer) => {
    socket.write(options.declared === null ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
    sent += piece.length;
  };
  socket.on('connect', () => {
    socket.write(head);
    if (options.prefix) send(options.prefix);
    timer = setInterval(() => {
      if (socket.destroyed || !socket.writable || sent >= (options.maxBytes ?? Infinity)) return stop();
      send(options.piece);
    }, options.everyMs);
  });
  // The server's answer and its close may come while we still write: a reset or EPIPE then is expected.
  socket.on('error', stop);
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    stop();
  });
  socket.on('end', stop);
  const closed = new Promise<string>((resolve) =>
    socket.once('close', () => {
      stop();
      resolve(received);
    }),
  );
  const status = closed.then((text) => {
    const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
    return match ? Number(match[1]) : null;
  });
  return { socket, status, closed, sent: () => sent };
}

/** Resolves with `promise`, or rejects once `ms` have passed: a bound on waiting for an event, not a sleep. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The largest RSS growth seen while `during` runs, sampled every 50 ms. */
export async function peakRssGrowth<T>(during: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const result = await during();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}
