/**
 * Serving a gateway over node:http, with graceful shutdown: on SIGTERM stop
 * accepting, let in-flight operations finish (bounded by the operation
 * deadline), close the upstream pools, exit 0.
 *
 * From the moment shutdown begins, every response carries `Connection:
 * close` (those in flight whose headers are not yet written included), and
 * each socket is ended once idle: a client must not send its next request
 * on a socket that is about to go. A body still arriving is cut at the body
 * deadline (BODY_TIMEOUT_MS), long before the grace period.
 */
import http from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Gateway } from './server';
import { guardedHandler } from './http/request-guard';
import { ConfigError } from './config';

export interface Served {
  server: http.Server;
  url: string;
  /** Stops accepting, waits for in-flight requests (at most `graceMs`), then closes the pools. */
  shutdown(graceMs?: number): Promise<void>;
}

/** A port that is taken or not ours to use is the operator's to fix: a ConfigError, printed as one line naming PORT. */
function listenError(err: NodeJS.ErrnoException, port: number, host: string): Error {
  if (err.code === 'EADDRINUSE') return new ConfigError(`PORT ${port} is already in use on ${host}: stop what holds it, or set PORT to a free port`);
  if (err.code === 'EACCES') return new ConfigError(`PORT ${port} on ${host} needs privileges this process lacks: set PORT to 1024 or above`);
  return err;
}

export async function serve(gateway: Gateway, port: number, host: string): Promise<Served> {
  const server = http.createServer(
    guardedHandler(gateway.yoga, {
      maxBodyBytes: gateway.config.maxBodyBytes,
      bodyTimeoutMs: gateway.config.bodyTimeoutMs,
      bodyMinBytesPerSec: gateway.config.bodyMinBytesPerSec,
      maxBufferedBodyBytes: gateway.config.maxBufferedBodyBytes,
      metrics: gateway.metrics,
      logger: gateway.logger,
      // Trusted documents are checked by yoga's persisted-operations plugin, which only yoga's own path runs.
      fastPath: gateway.config.fastPath && gateway.config.persistedOperationsPath === null,
      idempotency: gateway.idempotency,
    }),
  );
  const idle = new Set<Socket>();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    idle.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      idle.delete(socket);
    });
  });
  const answering = new Set<ServerResponse>();
  server.on('request', (req, res) => {
    idle.delete(req.socket);
    answering.add(res);
    if (closing) res.setHeader('connection', 'close');
    res.on('finish', () => {
      idle.add(req.socket);
      if (closing) req.socket.end();
    });
    res.on('close', () => answering.delete(res));
  });
  let closing = false;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(listenError(err, port, host)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    server,
    url: `http://${shownHost}:${address.port}/graphql`,
    async shutdown(graceMs = gateway.config.upstream.operationDeadlineMs) {
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const res of answering) if (!res.headersSent) res.setHeader('connection', 'close');
      for (const socket of idle) socket.end();
      const timer = setTimeout(() => {
        for (const socket of sockets) socket.destroy();
      }, graceMs);
      await closed;
      clearTimeout(timer);
      await gateway.close();
    },
  };
}
