import type { Readable } from 'node:stream';

/** The stream passed its byte limit; it has been destroyed. */
export class OverLimitError extends Error {
  constructor(readonly limit: number) {
    super(`body over ${limit} bytes`);
  }
}

/** The stream closed before its end (a peer that hung up mid-body). */
export class PrematureCloseError extends Error {
  constructor() {
    super('stream closed before its end');
  }
}

/**
 * Collects a stream's bytes, failing with OverLimitError (and destroying the
 * stream) the moment they pass `limit`. Plain events rather than
 * `for await`: the async iterator costs a promise and an end-of-stream
 * watcher per body, and the caller's body is read on every operation.
 * (Backend answers are buffered by connectors/upstream/http.ts's BufferedExchange,
 * which undici feeds without a stream.)
 */
export function readCapped(stream: Readable, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const settle = (err: Error | null) => {
      if (done) return;
      done = true;
      stream.off('data', onData);
      // The 'error' listener stays: a stream destroyed here may still emit an error afterwards, and
      // an 'error' nobody listens to would crash the process.
      if (err) reject(err);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) {
        settle(new OverLimitError(limit));
        stream.destroy();
        return;
      }
      chunks.push(buf);
    };
    const onEnd = () => settle(null);
    const onError = (err: Error) => settle(err);
    // 'close' follows every 'end': only a close that comes first is a failure (and only then is an Error, with its stack, made).
    const onClose = () => done || settle(new PrematureCloseError());
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.on('error', onError);
    stream.once('close', onClose);
  });
}
