/**
 * Reading a request body without letting a caller choose what it costs.
 * What an attack run found, and what holds it here:
 *
 * - A body sent a byte at a time was kept as one buffer per network read,
 *   with Node's 300 s request timeout the only end to it. Here a body must
 *   be whole within `timeoutMs` of its headers, and from its first second on
 *   arrive at `minBytesPerSec` on average at least; else 408, connection
 *   closed. A body of declared length is read into one buffer of that
 *   length (the cap at most); one without grows one buffer, by doubling.
 * - Bodies being held are counted across connections (`BodyBudget`): one
 *   that would pass the total is refused with 503 OVERLOADED, not read.
 * - A compressed body was capped after inflating only, so a deflate stream
 *   that inflates to nothing was read without end: its bytes on the wire
 *   are held to the same cap, and to the same deadline.
 * - A body over the cap that came chunked got a TCP reset instead of its
 *   413, because the socket was destroyed with the caller's bytes unread.
 *   A refusal now answers first, then closes the way web servers do
 *   ("lingering close"): our side ends, the rest of the body is read and
 *   dropped for a moment, and only then is the socket destroyed.
 *
 * Deadlines are kept by one sweep every SWEEP_MS for all bodies being read
 * (a timer per body would be armed and cleared on every operation).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isUtf8 } from 'node:buffer';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Transform } from 'node:stream';

/** A request refused before GraphQL runs, with the HTTP status it is answered with. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers (Retry-After on a 503). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** The caller hung up before its body was whole: nobody is left to answer. */
export class CallerGone extends Error {
  constructor() {
    super('the caller went away before its body was whole');
  }
}

export interface BodyLimits {
  /** Largest body, after decompression and on the wire alike. */
  maxBytes: number;
  /** The whole body must have arrived this long after its headers. */
  timeoutMs: number;
  /** Least average rate from the first second on; 0: no rate check. */
  minBytesPerSec: number;
}

/**
 * The request body bytes held in memory at once, across connections: what
 * a body reserves as it is read, and gives back when its request is over.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly maxBytes: number) {}

  /** Reserves `bytes`, or says no when they would pass the total. */
  tryReserve(bytes: number): boolean {
    if (this.held + bytes > this.maxBytes) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }

  get bytes(): number {
    return this.held;
  }
}

const SWEEP_MS = 250;
/** How long a refused caller's remaining bytes are read and dropped before its socket is destroyed. */
export const LINGER_MS = 2000;
/** First capacity of a body whose length is not declared. */
const FIRST_CAPACITY = 16 * 1024;

interface Reading {
  startedAt: number;
  /** Bytes received on the wire so far. */
  received: number;
  expire(refusal: Refusal): void;
}

/** The one sweep that keeps every body's deadline and rate. */
export class BodyWatch {
  private readonly readings = new Set<Reading>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly limits: Pick<BodyLimits, 'timeoutMs' | 'minBytesPerSec'>) {}

  add(reading: Reading): void {
    this.readings.add(reading);
    if (!this.timer) {
      this.timer = setInterval(() => this.sweep(), SWEEP_MS);
      this.timer.unref();
    }
  }

  remove(reading: Reading): void {
    this.readings.delete(reading);
    if (this.readings.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  /** Bodies being read now. */
  get size(): number {
    return this.readings.size;
  }

  private sweep(): void {
    const now = performance.now();
    const { timeoutMs, minBytesPerSec } = this.limits;
    for (const reading of [...this.readings]) {
      const elapsed = now - reading.startedAt;
      if (elapsed >= timeoutMs) reading.expire(new Refusal(408, `Request body not received within ${timeoutMs} ms`));
      else if (minBytesPerSec > 0 && elapsed >= 1000 && reading.received < (minBytesPerSec * elapsed) / 1000) {
        reading.expire(new Refusal(408, `Request body arriving slower than ${minBytesPerSec} bytes a second`));
      }
    }
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

/** Content-Length as a whole number, or null when the body is chunked (or the header is not one). */
function declaredLength(req: IncomingMessage): number | null {
  const raw = req.headers['content-length'];
  if (raw === undefined || !/^\d{1,16}$/.test(raw)) return null;
  return Number(raw);
}

/**
 * The body's bytes in one buffer: of the declared length when there is one,
 * else grown by doubling up to the cap; every byte of capacity reserved in
 * the budget before it is allocated.
 */
class Accumulator {
  private buffer: Buffer;
  private size = 0;
  reserved = 0;

  constructor(
    private readonly budget: BodyBudget,
    private readonly maxBytes: number,
    exactLength: number | null,
  ) {
    this.buffer = this.allocate(exactLength ?? Math.min(FIRST_CAPACITY, maxBytes));
  }

  private allocate(capacity: number): Buffer {
    if (!this.budget.tryReserve(capacity - this.reserved)) throw overloaded();
    this.reserved = capacity;
    return Buffer.allocUnsafe(capacity);
  }

  push(chunk: Buffer, onceDecompressed: boolean): void {
    const needed = this.size + chunk.length;
    if (needed > this.maxBytes) throw new Refusal(413, `Request body over ${this.maxBytes} bytes${onceDecompressed ? ' once decompressed' : ''}`);
    if (needed > this.buffer.length) {
      let capacity = this.buffer.length * 2;
      while (capacity < needed) capacity *= 2;
      const grown = this.allocate(Math.min(capacity, this.maxBytes));
      this.buffer.copy(grown, 0, 0, this.size);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.size);
    this.size = needed;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.size);
  }
}

function overloaded(): Refusal {
  return new Refusal(503, 'The gateway is reading too many request bodies at once; try again shortly', { 'retry-after': '1' });
}

export interface BodyReader {
  limits: BodyLimits;
  budget: BodyBudget;
  watch: BodyWatch;
}

export function newBodyReader(limits: BodyLimits, maxBufferedBytes: number): BodyReader {
  return { limits, budget: new BodyBudget(maxBufferedBytes), watch: new BodyWatch(limits) };
}

/**
 * Reads `req`'s body whole, decoded, within the limits. Rejects with a
 * Refusal to answer (the body then no longer read into memory), or with
 * CallerGone. The bytes reserved for the body are given back when `res`
 * closes, since the body is held until its request is answered.
 */
export function readBody(reader: BodyReader, req: IncomingMessage, res: ServerResponse): Promise<Buffer> {
  const { limits, budget, watch } = reader;
  const decoder = decoderFor(req.headers['content-encoding']);
  const declared = declaredLength(req);
  if (declared !== null && declared > limits.maxBytes) throw new Refusal(413, `Request body over ${limits.maxBytes} bytes`);
  const body = new Accumulator(budget, limits.maxBytes, decoder ? null : declared);
  return new Promise<Buffer>((resolve, reject) => {
    let settled = false;
    const reading: Reading = { startedAt: performance.now(), received: 0, expire: (refusal) => settle(refusal) };
    const settle = (outcome: Error | Buffer) => {
      if (settled) return;
      settled = true;
      watch.remove(reading);
      req.off('data', onWire);
      req.off('end', onWireEnd);
      req.off('close', onClose);
      req.off('error', onError);
      if (!(outcome instanceof Error)) {
        res.once('close', () => budget.release(body.reserved));
        resolve(outcome);
        return;
      }
      budget.release(body.reserved);
      decoder?.destroy();
      // What is still coming is read and dropped, never kept.
      req.resume();
      reject(outcome);
    };
    const guarded = (step: () => void) => {
      try {
        step();
      } catch (err) {
        settle(err instanceof Error ? err : new Refusal(400, 'Request body could not be read'));
      }
    };
    const onWire = (chunk: Buffer) =>
      guarded(() => {
        reading.received += chunk.length;
        if (reading.received > limits.maxBytes) throw new Refusal(413, `Request body over ${limits.maxBytes} bytes`);
        if (!decoder) return body.push(chunk, false);
        if (!decoder.write(chunk)) {
          req.pause();
          decoder.once('drain', () => settled || req.resume());
        }
      });
    const onWireEnd = () => (decoder ? decoder.end() : settle(body.bytes()));
    // 'close' follows every 'end': only one before the body is whole means the caller left.
    const onClose = () => req.complete || settle(new CallerGone());
    const onError = () => settle(new CallerGone());
    if (decoder) {
      decoder.on('data', (chunk: Buffer) => guarded(() => settled || body.push(chunk, true)));
      decoder.once('end', () => settle(body.bytes()));
      decoder.on('error', () => settle(new Refusal(400, 'Request body could not be decompressed')));
    }
    req.on('data', onWire);
    req.once('end', onWireEnd);
    req.once('close', onClose);
    req.on('error', onError);
    watch.add(reading);
  });
}

const JSON_TYPE = /^\s*application\/(?:[\w.-]+\+)?(?:json|graphql)\s*(?:;|$)/i;

/** A JSON body must be UTF-8 as sent: decoding would replace a bad byte silently, and change what the caller sent. */
export function checkUtf8(contentType: string | undefined, body: Buffer): void {
  if (contentType !== undefined && JSON_TYPE.test(contentType) && !isUtf8(body)) {
    throw new Refusal(400, 'Request body is not valid UTF-8');
  }
}

/**
 * After a refusal, once its answer is written: end our side, read and drop
 * whatever the caller still sends for LINGER_MS, then destroy the socket.
 * Node would destroy it right after the answer (`destroySoon`), and a socket
 * closed with unread bytes sends a reset, which can reach the caller before
 * the answer does.
 */
export function lingerAfterAnswer(req: IncomingMessage): void {
  const socket = req.socket;
  if (socket.destroyed) return;
  req.resume();
  socket.destroySoon = function lingeringClose(this: typeof socket) {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}
