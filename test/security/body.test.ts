/**
 * The request guard in front of yoga: body size measured after
 * decompression, exotic charsets refused at once, batching off.
 */
import { gzipSync } from 'node:zlib';
import { request } from 'undici';
import { startHarness } from '../helpers/harness';
import type { GqlBody, Harness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.reset());

const post = (body: string | Buffer, headers: Record<string, string>) => request(h.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

const capabilities = JSON.stringify({ query: '{ capabilities { backend } }' });

it('answers a gzip body that inflates past 1 MB with 413, without inflating it all', async () => {
  // 64 MB of spaces compresses to about 64 KB; the guard stops reading at 1 MB.
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"query":"{ capabilities { backend } }","x":"'), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from('"}')]));
  const before = process.memoryUsage().rss;
  const res = await post(bomb, { 'content-encoding': 'gzip' });
  expect(res.statusCode).toBe(413);
  const body = (await res.body.json()) as GqlBody;
  expect(body.errors![0]!.extensions!.code).toBe('PAYLOAD_TOO_LARGE');
  expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
});

it('accepts a small gzip body', async () => {
  const res = await post(gzipSync(capabilities), { 'content-encoding': 'gzip' });
  expect(res.statusCode).toBe(200);
  expect(((await res.body.json()) as GqlBody).data!.capabilities).toHaveLength(3);
});

it('answers a plain body over 1 MB with 413', async () => {
  const res = await post(JSON.stringify({ query: '{ capabilities { backend } }', x: 'a'.repeat(1024 * 1024) }), {});
  expect(res.statusCode).toBe(413);
  await res.body.dump();
});

it.each(['utf-16', 'utf-7', 'x-unknown', 'iso-8859-1'])('refuses charset=%s with 415 at once', async (charset) => {
  const res = await post(capabilities, { 'content-type': `application/json; charset=${charset}` });
  expect(res.statusCode).toBe(415);
  await res.body.dump();
  expect(h.upstreamCount()).toBe(0);
});

it('accepts charset=utf-8', async () => {
  const res = await post(capabilities, { 'content-type': 'application/json; charset=UTF-8' });
  expect(res.statusCode).toBe(200);
  await res.body.dump();
});

it('refuses an unknown content encoding with 415', async () => {
  const res = await post(capabilities, { 'content-encoding': 'compress' });
  expect(res.statusCode).toBe(415);
  await res.body.dump();
});

it('keeps request batching off: an array body gets 400', async () => {
  const res = await post(JSON.stringify([{ query: '{ capabilities { backend } }' }, { query: '{ capabilities { backend } }' }]), {});
  expect(res.statusCode).toBe(400);
  await res.body.dump();
});
