/**
 * The node:http front door. Before yoga parses anything, a POST body is
 * read with a hard byte limit measured after decompression (a 1 KB gzip
 * body can inflate to gigabytes: Apollo Router CVE-2024-28101), and a
 * request in an exotic charset is refused at once (Apollo Server
 * CVE-2026-23897). Other methods go straight to yoga.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';
import type { YogaServerInstance } from 'graphql-yoga';

export interface GuardOptions {
  /** Largest accepted body, after decompression. @default 1048576 */
  maxBodyBytes: number;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ALLOWED_CHARSETS = new Set(['utf-8', 'utf8']);

function checkCharset(contentType: string | undefined): void {
  if (!contentType) return;
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType);
  if (match && !ALLOWED_CHARSETS.has(match[1]!.toLowerCase())) {
    throw new Refusal(415, `Unsupported charset "${match[1]!.slice(0, 40)}": send UTF-8`);
  }
}

function decoderFor(encoding: string | undefined): Transform | null {
  const value = (encoding ?? 'identity').trim().toLowerCase();
  if (value === 'identity' || value === '') return null;
  if (value === 'gzip' || value === 'x-gzip') return createGunzip();
  if (value === 'deflate') return createInflate();
  if (value === 'br') return createBrotliDecompress();
  throw new Refusal(415, `Unsupported content encoding "${value.slice(0, 40)}"`);
}

/** Reads the body, stopping (and destroying the streams) the moment it passes the limit. */
async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  const decoder = decoderFor(req.headers['content-encoding']);
  if (!decoder && Number.isFinite(declared) && declared > limit) throw new Refusal(413, `Request body over ${limit} bytes`);
  const source = decoder ? req.pipe(decoder) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += (chunk as Buffer).length;
      if (size > limit) throw new Refusal(413, `Request body over ${limit} bytes${decoder ? ' once decompressed' : ''}`);
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    decoder?.destroy();
    if (err instanceof Refusal) throw err;
    throw new Refusal(400, 'Request body could not be read');
  }
  return Buffer.concat(chunks, size);
}

/** `extensions.code` of each refusal, by HTTP status. */
export const REFUSAL_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  500: 'INTERNAL_SERVER_ERROR',
};

function refuse(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: REFUSAL_CODES[status] ?? 'BAD_USER_INPUT' } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  res.end(body);
}

export function guardedHandler(yoga: YogaServerInstance<Record<string, unknown>, any>, options: GuardOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') {
      void yoga(req, res);
      return;
    }
    void (async () => {
      let body: Buffer;
      try {
        checkCharset(req.headers['content-type']);
        body = await readLimited(req, options.maxBodyBytes);
      } catch (err) {
        const refusal = err instanceof Refusal ? err : new Refusal(400, 'Bad request');
        refuse(res, refusal.status, refusal.message);
        req.resume();
        return;
      }
      // A client that goes away cancels its upstream calls through this signal.
      const aborter = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) aborter.abort();
      });
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || name === 'content-encoding' || name === 'content-length' || name === 'transfer-encoding' || name === 'connection') continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      try {
        const response = await yoga.fetch(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: 'POST', headers, body, signal: aborter.signal });
        const out = Buffer.from(await response.arrayBuffer());
        const outHeaders: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          outHeaders[name] = value;
        });
        outHeaders['content-length'] = String(out.length);
        res.writeHead(response.status, outHeaders);
        res.end(out);
      } catch {
        if (!res.headersSent) refuse(res, 500, 'Unexpected error');
        else res.destroy();
      }
    })();
  };
}
