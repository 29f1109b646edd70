/**
 * GraphiQL's page (GRAPHIQL=true), compressed and cached. The bundled
 * renderer (@graphql-yoga/render-graphiql) inlines all of GraphiQL, some
 * 9 MB, so that the page needs no CDN; yoga sent it uncompressed on every
 * load. Here it is rendered once at start-up, compressed once per encoding (brotli or
 * gzip, as `Accept-Encoding` allows; a few hundred KB), and sent with a weak
 * ETag and `Cache-Control: no-cache`, so that a reload costs a 304 and the
 * page is still never stale after a restart. Served where yoga serves it:
 * a GET of the GraphQL path that accepts text/html.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { graphiqlOptions } from '../graphiql';

type Encoding = 'br' | 'gzip' | 'identity';

interface Page {
  etag: string;
  encoded(encoding: Encoding): Promise<Buffer>;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** The renderer costs some 60 MB once loaded, so only a gateway that serves GraphiQL loads it. */
function render(rootDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when GraphiQL is on (test/unit/lazy-modules.test.ts)
  const { renderGraphiQL } = require('@graphql-yoga/render-graphiql') as typeof import('@graphql-yoga/render-graphiql');
  return renderGraphiQL(graphiqlOptions(rootDir));
}

function renderPage(rootDir: string): Page {
  const html = Buffer.from(render(rootDir), 'utf8');
  const cache = new Map<Encoding, Promise<Buffer>>();
  return {
    etag: `W/"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`,
    encoded(encoding) {
      let body = cache.get(encoding);
      if (!body) {
        // Brotli quality 5: within a few per cent of the best size, in a fraction of its time.
        body = encoding === 'br' ? brotli(html, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }) : encoding === 'gzip' ? gzipped(html) : Promise.resolve(html);
        cache.set(encoding, body);
      }
      return body;
    },
  };
}

/** br, then gzip, as the client allows them (a q of 0 refuses one). */
function encodingFor(acceptEncoding: string | null): Encoding {
  const allowed = new Set(
    (acceptEncoding ?? '')
      .toLowerCase()
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)))
      .map(([name]) => name!.trim()),
  );
  if (allowed.has('br')) return 'br';
  if (allowed.has('gzip')) return 'gzip';
  return 'identity';
}

export function useGraphiQLPage(rootDir: string, endpoint = '/graphql'): Plugin {
  // Rendered at start-up, so that the first load waits for compression only.
  const page = renderPage(rootDir);
  return {
    onRequest(payload) {
      const { request, url, fetchAPI } = payload;
      const endResponse = (response: Response) => payload.endResponse(response);
      if (request.method !== 'GET' || !request.headers.get('accept')?.includes('text/html')) return;
      if (url.pathname !== endpoint && url.pathname !== `${endpoint}/`) return;
      const cacheHeaders = { etag: page.etag, 'cache-control': 'no-cache', vary: 'Accept-Encoding' };
      if (
        request.headers
          .get('if-none-match')
          ?.split(',')
          .some((tag) => tag.trim() === page.etag)
      ) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers: cacheHeaders }));
        return;
      }
      const encoding = encodingFor(request.headers.get('accept-encoding'));
      return page.encoded(encoding).then((body) => {
        const headers: Record<string, string> = { ...cacheHeaders, 'content-type': 'text/html; charset=utf-8', 'content-length': String(body.length) };
        if (encoding !== 'identity') headers['content-encoding'] = encoding;
        endResponse(new fetchAPI.Response(body as unknown as BodyInit /* a Buffer is a Uint8Array; lib.dom narrows BodyInit to ArrayBuffer-backed views */, { status: 200, headers }));
      });
    },
  };
}
