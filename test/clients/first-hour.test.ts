/**
 * What a frontend team's first hour meets, on the built entry points:
 * `npm start` (dist/demo.js) lets a browser app on a dev server call it and
 * says so; GraphiQL's page comes compressed and, on a reload, as a 304; and
 * a PORT that is taken stops start-up with one line naming it, no stack
 * trace, for the demo and for production (dist/main.js).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { runNode } from '../../src/dev/spawn';
import { DIST, spawnBuilt } from '../helpers/spawn-gateway';
import type { Spawned } from '../helpers/spawn-gateway';

let demo: Spawned;
beforeAll(async () => {
  demo = await spawnBuilt('demo.js', { PORT: '0', HOST: '127.0.0.1' }, /GraphiQL:\s+(http:\/\/\S+\/graphql)/);
}, 30000);
afterAll(async () => {
  expect(await demo.stop()).toBe(0);
});

describe('npm start and browser apps', () => {
  const preflight = (origin: string) =>
    request(demo.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-arcgis-token' } });

  it('says in its banner which origins may call it', () => {
    expect(demo.output()).toContain('CORS:       browser apps may call from http://localhost:*, http://127.0.0.1:*, http://[::1]:* (CORS_ORIGINS to change)');
  });

  it.each(['http://localhost:5173', 'http://localhost:3000', 'http://127.0.0.1:8080'])('allows a dev server at %s', async (origin) => {
    const res = await preflight(origin);
    await res.body.dump();
    expect(res.headers['access-control-allow-origin']).toBe(origin);
    expect(res.headers['access-control-allow-headers']).toBe('content-type,x-arcgis-token');
  });

  it("allows the demo's own origin", async () => {
    const own = new URL(demo.url).origin;
    const res = await preflight(own);
    await res.body.dump();
    expect(res.headers['access-control-allow-origin']).toBe(own);
  });

  it('refuses any other origin, with no CORS header at all', async () => {
    const res = await preflight('https://elsewhere.example');
    await res.body.dump();
    expect(Object.keys(res.headers).filter((n) => n.startsWith('access-control-'))).toEqual([]);
  });
});

describe("GraphiQL's page", () => {
  const page = (headers: Record<string, string>) => request(demo.url, { headers: { accept: 'text/html', ...headers } });

  it('comes compressed (brotli, else gzip), the same page either way, a small part of its size', async () => {
    const identity = await page({});
    const html = Buffer.from(await identity.body.arrayBuffer());
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(html.toString()).toContain('GraphiQL');
    const br = await page({ 'accept-encoding': 'gzip, deflate, br' });
    const brBody = Buffer.from(await br.body.arrayBuffer());
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(brBody).equals(html)).toBe(true);
    const gz = await page({ 'accept-encoding': 'gzip' });
    const gzBody = Buffer.from(await gz.body.arrayBuffer());
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzBody).equals(html)).toBe(true);
    expect(brBody.length).toBeLessThan(html.length / 4);
    // gzip does a little worse on the minified bundle: about 27 %.
    expect(gzBody.length).toBeLessThan(html.length / 3);
    expect(br.headers.vary).toContain('Accept-Encoding');
  });

  it('is cached: an ETag, and a reload that sends it back gets a 304 without a body', async () => {
    const first = await page({ 'accept-encoding': 'br' });
    await first.body.dump();
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const reload = await page({ 'accept-encoding': 'br', 'if-none-match': etag });
    expect(reload.statusCode).toBe(304);
    expect((await reload.body.arrayBuffer()).byteLength).toBe(0);
    expect(reload.headers.etag).toBe(etag);
  });
});

describe('a PORT that is taken', () => {
  let holder: net.Server;
  let port: number;
  beforeAll(async () => {
    holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    port = (holder.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => holder.close(() => resolve())));

  it.each(['main.js', 'demo.js'])('stops %s with one line naming PORT, exit 1, no stack trace', (entry) => {
    const run = runNode([`${DIST}/${entry}`], { env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent' }, timeoutMs: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([`Configuration error: PORT ${port} is already in use on 127.0.0.1: stop what holds it, or set PORT to a free port`]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
