/**
 * Request bodies cannot take the gateway's memory or sockets (issue 21,
 * points 2, 3, 8 and 10), each attack reproduced on loopback, bounded in
 * count and time:
 * - bodies sent a byte at a time are answered 408 once they fall under the
 *   least rate, bodies that never end at the deadline, and the gateway's
 *   memory stays flat while a normal client is still served;
 * - past MAX_BUFFERED_BODY_BYTES held across connections, a new body gets
 *   503 OVERLOADED;
 * - a deflate stream that inflates to nothing is capped by its bytes on the
 *   wire, and held to the same deadline;
 * - a chunked body over the cap gets its 413, not a reset;
 * - a JSON body with bytes that are not UTF-8 gets 400.
 */
import { deflateSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { startHarness } from '../helpers/harness';
import type { GqlBody, Harness } from '../helpers/harness';
import { peakRssGrowth, slowPost, within } from '../helpers/slow-client';

const CAPABILITIES = JSON.stringify({ query: '{ capabilities { backend } }' });

async function normalRequestAnswers(url: string): Promise<void> {
  const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: CAPABILITIES });
  expect(res.statusCode).toBe(200);
  expect(((await res.body.json()) as GqlBody).data!.capabilities).toHaveLength(3);
}

/** The `extensions.code` and message of a refusal read off a raw response. */
function refusalOf(raw: string): { code: string | undefined; message: string | undefined } {
  const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
  const parsed = JSON.parse(body) as GqlBody;
  return { code: parsed.errors?.[0]?.extensions?.code, message: parsed.errors?.[0]?.message };
}

describe('slow bodies (BODY_TIMEOUT_MS 2000, BODY_MIN_BYTES_PER_SEC 1024)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { BODY_TIMEOUT_MS: '2000', BODY_MIN_BYTES_PER_SEC: '1024' } });
  });
  afterAll(() => h.close());
  beforeEach(() => h.reset());

  it('answers 200 bodies sent a byte every 20 ms with 408 and closes them, memory flat, a normal client still served', async () => {
    const { result, growth } = await peakRssGrowth(async () => {
      const slow = Array.from({ length: 200 }, () => slowPost(h.url, { declared: 4000, piece: Buffer.from(' '), everyMs: 20 }));
      await normalRequestAnswers(h.url);
      const raws = await within(Promise.all(slow.map((s) => s.closed)), 15000, 'the slow connections to close');
      return { raws, statuses: await Promise.all(slow.map((s) => s.status)), sent: slow.map((s) => s.sent()) };
    });
    expect(result.statuses).toEqual(result.statuses.map(() => 408));
    for (const raw of result.raws) {
      expect(raw).toMatch(/\r\nconnection: close\r\n/i);
      expect(refusalOf(raw)).toEqual({ code: 'REQUEST_TIMEOUT', message: 'Request body arriving slower than 1024 bytes a second' });
    }
    // Cut well before the whole body: the attack never got to finish.
    for (const sent of result.sent) expect(sent).toBeLessThan(4000);
    expect(growth).toBeLessThan(50 * 1024 * 1024);
    expect(h.upstreamCount()).toBe(0);
    await normalRequestAnswers(h.url);
  });

  it('answers a body that keeps coming fast enough but never ends with 408 at the deadline', async () => {
    // 1 KB every 250 ms is 4 KB/s, above the least rate; 1 MB would take four minutes.
    const slow = Array.from({ length: 5 }, () => slowPost(h.url, { declared: 1024 * 1024 - 1, piece: Buffer.alloc(1024, 0x20), everyMs: 250 }));
    const raws = await within(Promise.all(slow.map((s) => s.closed)), 15000, 'the slow connections to close');
    expect(await Promise.all(slow.map((s) => s.status))).toEqual([408, 408, 408, 408, 408]);
    for (const raw of raws) expect(refusalOf(raw)).toEqual({ code: 'REQUEST_TIMEOUT', message: 'Request body not received within 2000 ms' });
    await normalRequestAnswers(h.url);
  });

  it('holds a deflate stream that inflates to nothing to the cap on its bytes on the wire: 413', async () => {
    // zlib's header, then empty stored blocks (5 bytes each, no output): 2 MB of them inflate to nothing.
    const empty = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);
    const stream = Buffer.concat([Buffer.from([0x78, 0x9c]), Buffer.concat(Array.from({ length: (2 * 1024 * 1024) / 5 }, () => empty))]);
    const res = await request(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' },
      body: Readable.from(chunks(stream, 16 * 1024)),
    });
    expect(res.statusCode).toBe(413);
    expect(((await res.body.json()) as GqlBody).errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE');
    await normalRequestAnswers(h.url);
  });

  it('holds a compressed body to the same rate and deadline: a deflate stream trickled at 50 bytes a second gets 408', async () => {
    const zlibHeader = deflateSync(Buffer.from(CAPABILITIES)).subarray(0, 2);
    const emptyBlock = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);
    const slow = slowPost(h.url, { declared: null, prefix: zlibHeader, piece: emptyBlock, everyMs: 100, headers: { 'content-encoding': 'deflate' } });
    const raw = await within(slow.closed, 15000, 'the compressed trickle to close');
    expect(await slow.status).toBe(408);
    expect(refusalOf(raw).code).toBe('REQUEST_TIMEOUT');
  });

  it('answers a chunked body over the cap with 413, not a TCP reset', async () => {
    const big = Buffer.concat([Buffer.from('{"query":"{ capabilities { backend } }","x":"'), Buffer.alloc(3 * 1024 * 1024, 0x61), Buffer.from('"}')]);
    const res = await request(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from(chunks(big, 64 * 1024)) });
    expect(res.headers['content-length']).toBeDefined();
    expect(res.statusCode).toBe(413);
    expect(((await res.body.json()) as GqlBody).errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE');
    await normalRequestAnswers(h.url);
  });

  it.each([
    ['a lone continuation byte', Buffer.from([0x80])],
    ['an overlong encoding of "/"', Buffer.from([0xc0, 0xaf])],
    ['a UTF-16 surrogate as UTF-8', Buffer.from([0xed, 0xa0, 0x80])],
    ['a truncated sequence', Buffer.from([0xe2, 0x82])],
  ])('refuses a JSON body with %s with 400, not a silent U+FFFD', async (_label, bad) => {
    const body = Buffer.concat([Buffer.from('{"query":"{ capabilities { backend } }","variables":{"x":"'), bad, Buffer.from('"}}')]);
    const res = await request(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.statusCode).toBe(400);
    const answer = (await res.body.json()) as GqlBody;
    expect(answer.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(answer.errors![0]!.message).toBe('Request body is not valid UTF-8');
    expect(h.upstreamCount()).toBe(0);
  });

  it('accepts UTF-8 beyond ASCII', async () => {
    const res = await request(h.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ query: '{ capabilities { backend } }', variables: { x: 'é ☃ 𝄞' } }),
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
  });
});

describe('bodies held across connections (MAX_BODY_BYTES 64 KB, MAX_BUFFERED_BODY_BYTES 256 KB)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { MAX_BODY_BYTES: String(64 * 1024), MAX_BUFFERED_BODY_BYTES: String(256 * 1024), BODY_TIMEOUT_MS: '20000', BODY_MIN_BYTES_PER_SEC: '0' } });
  });
  afterAll(() => h.close());

  it('refuses a new body with 503 OVERLOADED while 256 KB are held, and reads bodies again once they are gone', async () => {
    // Four bodies of 64 KB declared, each reserving its length, sent a byte a second: the budget is full.
    const holders = Array.from({ length: 4 }, () => slowPost(h.url, { declared: 64 * 1024, piece: Buffer.from(' '), everyMs: 1000 }));
    await within(Promise.all(holders.map((s) => new Promise((resolve) => s.socket.once('connect', resolve)))), 5000, 'the holders to connect');
    // The gateway has read their headers once a byte of each body has gone out and been answered by nothing.
    let refused: Awaited<ReturnType<typeof request>> | null = null;
    for (let attempt = 0; attempt < 50 && refused === null; attempt++) {
      const res = await request(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: CAPABILITIES });
      if (res.statusCode === 503) refused = res;
      else await res.body.dump();
    }
    expect(refused).not.toBeNull();
    expect(refused!.headers['retry-after']).toBe('1');
    expect(((await refused!.body.json()) as GqlBody).errors![0]!.extensions!.code).toBe('OVERLOADED');
    expect(h.upstreamCount()).toBe(0);

    for (const s of holders) s.socket.destroy();
    await within(Promise.all(holders.map((s) => s.closed)), 5000, 'the holders to close');
    let answered = false;
    for (let attempt = 0; attempt < 50 && !answered; attempt++) {
      const res = await request(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: CAPABILITIES });
      answered = res.statusCode === 200;
      await res.body.dump();
    }
    expect(answered).toBe(true);
  });
});

function* chunks(buffer: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += size) yield buffer.subarray(at, at + size);
}
