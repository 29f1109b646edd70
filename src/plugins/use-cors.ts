/**
 * CORS for browser apps, from `CORS_ORIGINS` (src/config.ts): an exact
 * origin or `scheme://host:*` for any port. yoga's own CORS (whatwg-node's
 * useCORS) answers an unlisted origin with `Access-Control-Allow-Origin:
 * null` when several are listed, and any origin at all when one is, and
 * grants credentials unless told not to; with CORS off it does not answer a
 * preflight, which then meets the CSRF check as a 403. Here:
 *
 * - a listed origin gets its own origin back, the headers a client may read
 *   (`Access-Control-Expose-Headers`: the request id, and whether an
 *   idempotent mutation was replayed), how long a preflight holds
 *   (`Access-Control-Max-Age`), and on a preflight the methods and the
 *   headers it asked for;
 * - any other origin, and every origin while the list is empty, gets no
 *   `Access-Control-*` header at all, which is how a browser is told no
 *   (https://fetch.spec.whatwg.org/#cors-check); never `null`, which a
 *   sandboxed page's origin would match;
 * - every OPTIONS is answered here, 204 with no body, before any GraphQL
 *   parsing or CSRF check; no credentials (cookies) are ever allowed: the
 *   gateway reads credentials from its own headers only.
 *
 * The fast path (src/http/fast-path.ts) writes the same headers through
 * `corsHeaders`, so both paths answer a browser alike.
 */
import type { Plugin } from 'graphql-yoga';

export const EXPOSED_HEADERS = 'X-Request-Id, Idempotent-Replayed';
/** Seconds a browser may reuse a preflight (Chromium caps it at 7200). */
export const PREFLIGHT_MAX_AGE = 600;

/** Whether `origin` (an `Origin` header) is one of `allowed` (CORS_ORIGINS entries, lower case). */
export function originAllowed(allowed: readonly string[], origin: string | null | undefined): origin is string {
  if (!origin || allowed.length === 0) return false;
  const given = origin.toLowerCase();
  return allowed.some((entry) => {
    if (!entry.endsWith(':*')) return entry === given;
    const base = entry.slice(0, -2);
    return given === base || (given.startsWith(`${base}:`) && /^\d{1,5}$/.test(given.slice(base.length + 1)));
  });
}

/**
 * The CORS headers of an answer to a request from `origin`; `preflight`
 * holds the preflight's `Access-Control-Request-Headers`, or is undefined
 * for an actual request.
 */
export function corsHeaders(allowed: readonly string[], origin: string | null | undefined, preflight?: { requestHeaders: string | null }): Record<string, string> {
  if (allowed.length === 0) return {};
  // The answer depends on the Origin whenever origins are listed, so caches must key on it.
  if (!originAllowed(allowed, origin)) return { vary: 'Origin' };
  const headers: Record<string, string> = {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': EXPOSED_HEADERS,
    'access-control-max-age': String(PREFLIGHT_MAX_AGE),
    vary: 'Origin',
  };
  if (preflight) {
    headers['access-control-allow-methods'] = 'GET, POST';
    if (preflight.requestHeaders) {
      headers['access-control-allow-headers'] = preflight.requestHeaders;
      headers.vary = 'Origin, Access-Control-Request-Headers';
    }
  }
  return headers;
}

export function useCors(allowed: readonly string[]): Plugin {
  return {
    onRequest(payload) {
      const { request, fetchAPI } = payload;
      const endResponse = (response: Response) => payload.endResponse(response);
      if (request.method !== 'OPTIONS') return;
      const headers = corsHeaders(allowed, request.headers.get('origin'), { requestHeaders: request.headers.get('access-control-request-headers') });
      // Safari waits for a body on a 204 without a length.
      endResponse(new fetchAPI.Response(null, { status: 204, headers: { ...headers, 'content-length': '0' } }));
    },
    onResponse({ request, response }) {
      if (request.method === 'OPTIONS') return;
      for (const [name, value] of Object.entries(corsHeaders(allowed, request.headers.get('origin')))) {
        // Vary may already name what else the answer depends on (GraphiQL's page: Accept-Encoding).
        if (name === 'vary') response.headers.append(name, value);
        else response.headers.set(name, value);
      }
    },
  };
}
