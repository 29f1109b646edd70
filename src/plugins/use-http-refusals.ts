/**
 * yoga's two refusals without a body, given one with a code, as every
 * error of the gateway has: an Accept that no answer fits (406
 * NOT_ACCEPTABLE) and a POST whose content type no GraphQL parser takes
 * (415 UNSUPPORTED_MEDIA_TYPE). The 406 is decided before the operation
 * runs: yoga picks the answer's media type only after executing, so a
 * mutation sent with `Accept: text/html` was carried out and then answered
 * 406, which the GraphQL-over-HTTP spec lets a server refuse up front
 * (https://graphql.github.io/graphql-over-http/draft/#sec-Accept).
 *
 * Runs in onRequestParse after yoga's request parsers (they are registered
 * before any plugin of ours), so `requestParser` says whether one matched;
 * methods other than GET and POST are left to yoga's 405.
 */
import type { Plugin } from 'graphql-yoga';
import { ANSWERABLE_TYPES, acceptsAnAnswer } from './media-types';

function refusal(fetchAPI: { Response: typeof Response }, status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  return new fetchAPI.Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export function useHttpRefusals(): Plugin {
  return {
    onRequestParse({ request, requestParser, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'POST') return;
      const accept = request.headers.get('accept');
      if (!acceptsAnAnswer(accept)) {
        const message = `Cannot answer in any type that Accept "${(accept ?? '').slice(0, 200)}" allows: accept one of ${ANSWERABLE_TYPES}`;
        endResponse(refusal(fetchAPI, 406, 'NOT_ACCEPTABLE', message, { accept: ANSWERABLE_TYPES }));
        return;
      }
      if (request.method === 'POST' && !requestParser) {
        const type = (request.headers.get('content-type') ?? 'none').slice(0, 100);
        endResponse(refusal(fetchAPI, 415, 'UNSUPPORTED_MEDIA_TYPE', `Content type "${type}" is not a GraphQL request: send application/json`));
      }
    },
  };
}
