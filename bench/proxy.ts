/**
 * Target B: the smallest useful proxy, one undici hop with no GraphQL.
 * It buffers the request body, forwards method, path and headers to TARGET,
 * and sends the upstream answer back.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';

const target = process.env.TARGET ?? 'http://127.0.0.1:4101';
const pool = new Pool(target, { connections: 50 });

// node:http ignores what a handler returns: forward() catches what it can answer, as a 502.
const server = http.createServer((req, res) => void forward(req, res));

async function forward(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const { host: _host, connection: _connection, ...headers } = req.headers;
  try {
    const up = await pool.request({ method: req.method as 'POST', path: req.url ?? '/', headers: headers as Record<string, string>, body: Buffer.concat(chunks) });
    const body = Buffer.from(await up.body.arrayBuffer());
    res.writeHead(up.statusCode, { 'content-type': String(up.headers['content-type'] ?? 'application/json'), 'content-length': body.length });
    res.end(body);
  } catch {
    res.writeHead(502).end();
  }
}
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
