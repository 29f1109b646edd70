/**
 * A call that waits for one of the pool's connections is still bound by its
 * deadline and by its caller: when either ends it there, it fails at once and
 * the backend never sees it. Against a real HTTP server on loopback whose
 * first answer is held back, with a pool of one connection.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config';
import { UpstreamClient } from '../../src/connectors/upstream/client';
import type { UpstreamRequest } from '../../src/connectors/upstream/http';
import { UpstreamError } from '../../src/errors';
import { testCall } from '../helpers/call';
import { waitFor } from '../helpers/wait-for';

let server: http.Server;
let base: URL;
const seen: string[] = [];
let release: () => void = () => undefined;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    if (req.url === '/slow') release = answer;
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => void seen.splice(0));

function client(callDeadlineMs: number): UpstreamClient {
  return new UpstreamClient('OCM', base, { ...loadConfig({}).upstream, connections: 1, callDeadlineMs, maxAttempts: 1 });
}

const get = (path: string, signal?: AbortSignal): UpstreamRequest => ({ method: 'GET', path, route: path, headers: {}, idempotent: true, call: signal && testCall('pool-wait', signal) });

it('ends a call at its deadline while it waits for a connection, before it is sent', async () => {
  const c = client(300);
  // The one connection is taken by an exchange that no deadline ends.
  const slow = c.http.send(get('/slow'), new AbortController().signal);
  await waitFor(() => seen.length === 1);
  // Nothing releases the connection before this call has ended, so only its deadline can end it.
  const waiting = await c.call(get('/queued')).catch((e: unknown) => e);
  expect(waiting).toBeInstanceOf(UpstreamError);
  expect(waiting).toMatchObject({ code: 'UPSTREAM_TIMEOUT', message: expect.stringContaining('(call deadline)') });
  release();
  expect(await slow).toMatchObject({ status: 200 });
  await c.close();
  expect(seen).toEqual(['/slow']);
});

it('ends a waiting call when its caller goes away, before it is sent', async () => {
  const c = client(10_000);
  const slow = c.call(get('/slow')).catch((e: unknown) => e);
  await waitFor(() => seen.length === 1);
  const caller = new AbortController();
  const waiting = c.call(get('/queued', caller.signal)).catch((e: unknown) => e);
  // Once it waits in the pool's queue for the one connection, its caller goes away.
  await waitFor(() => c.http.pool.stats.queued === 1);
  caller.abort();
  const error = await waiting;
  expect((error as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
  expect((error as UpstreamError).message).toMatch(/aborted/);
  release();
  expect(await slow).toMatchObject({ status: 200, text: '{"ok":true}' });
  // The connection is free again and serves the next call.
  expect(await c.call(get('/next'))).toMatchObject({ status: 200 });
  await c.close();
  expect(seen).toEqual(['/slow', '/next']);
});
