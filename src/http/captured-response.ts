/**
 * A ServerResponse stand-in that keeps what yoga's node adapter writes (its
 * status, headers and body) instead of sending it, so that an answer can be
 * stored before it goes out (src/http/idempotency.ts) while still reaching
 * yoga the one way every request does (to-yoga.ts). It implements what the
 * adapter (whatwg-node's `sendNodeResponse`) uses of a ServerResponse:
 * `writeHead`, `setHeader`/`setHeaders`, `write`/`end` with back-pressure,
 * and the close, error and finish events of a Writable.
 */
import { Writable } from 'node:stream';

export interface CapturedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export class CapturedResponse extends Writable {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  private readonly headers = new Map<string, string>();
  private readonly chunks: Buffer[] = [];
  /** Settles once the adapter has ended the response. */
  readonly finished: Promise<void>;

  constructor() {
    super();
    this.finished = new Promise((resolve, reject) => {
      this.once('finish', () => resolve());
      this.once('error', reject);
    });
  }

  setHeader(name: string, value: string | number | readonly string[]): this {
    this.headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    return this;
  }

  setHeaders(headers: Headers | Map<string, string | number | readonly string[]>): this {
    headers.forEach((value, name) => this.setHeader(name, value));
    return this;
  }

  getHeader(name: string): string | undefined {
    return this.headers.get(name.toLowerCase());
  }

  writeHead(status: number, statusText?: string | Record<string, string | number | readonly string[]>, headers?: Record<string, string | number | readonly string[]>): this {
    this.statusCode = status;
    const given = typeof statusText === 'object' ? statusText : headers;
    if (typeof statusText === 'string') this.statusMessage = statusText;
    for (const [name, value] of Object.entries(given ?? {})) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }

  override _write(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk);
    callback();
  }

  /** What was written, once `finished` has settled. */
  answer(): CapturedAnswer {
    const headers = Object.fromEntries([...this.headers].filter(([name]) => name !== 'content-length'));
    return { status: this.statusCode, headers, body: Buffer.concat(this.chunks).toString('utf8') };
  }
}
