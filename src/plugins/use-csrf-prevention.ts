/**
 * CSRF prevention that the clients frontends use pass. A browser sends a
 * "simple" request (GET, or a POST of a form, multipart or text/plain body,
 * with only safelisted headers) to another site without asking first, so
 * such a request must prove that it was not one: by a header a page can add
 * only after a CORS preflight, which we grant to listed origins alone.
 *
 * Accepted proofs, any one of them: `GraphQL-Require-Preflight` (the
 * GraphQL-over-HTTP spec's example, https://graphql.github.io/graphql-over-http/draft/#sec-Cross-Site-Request-Forgery),
 * `apollo-require-preflight` (Apollo Server's csrfPrevention, which Apollo
 * Client users already send), `x-graphql-yoga-csrf` (yoga's plugin, which
 * this one replaces) and `x-requested-with`; or a content type other than
 * the three a form can send, `application/json` included, on a GET as on a
 * POST (a browser preflights both). The 403 carries CSRF_PREVENTED and names
 * the header to send, where yoga's plugin had neither.
 */
import { createGraphQLError } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';

export const CSRF_HEADERS = ['graphql-require-preflight', 'apollo-require-preflight', 'x-graphql-yoga-csrf', 'x-requested-with'] as const;

/** The content types an HTML form (or a no-cors fetch) can send without a preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export const CSRF_MESSAGE =
  'This request could have come from another site without its consent (a GET, or a form, multipart or text/plain POST). ' +
  'Send the header GraphQL-Require-Preflight: 1 (or POST with content-type: application/json).';

/** Whether a browser must have preflighted a request with these headers; `get` reads one header, lower-case name. */
export function passesCsrfCheck(get: (name: string) => string | null | undefined): boolean {
  const contentType = get('content-type');
  if (contentType && !SIMPLE_CONTENT_TYPES.some((simple) => contentType.toLowerCase().startsWith(simple))) return true;
  return CSRF_HEADERS.some((name) => get(name) != null);
}

export function useCsrfPrevention(): Plugin {
  return {
    onRequestParse({ request }) {
      if (passesCsrfCheck((name) => request.headers.get(name))) return;
      throw createGraphQLError(CSRF_MESSAGE, { extensions: { code: 'CSRF_PREVENTED', http: { status: 403 } } });
    },
  };
}
