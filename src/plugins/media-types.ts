/**
 * Which media type an answer goes out as, decided from `Accept` exactly as
 * graphql-yoga 5 decides it (plugins/use-result-processor.ts and
 * result-processor/accept.ts), so that the fast path (src/http/fast-path.ts)
 * and the refusal of an unacceptable Accept (use-http-refusals.ts) agree
 * with yoga's own result processors: entries compared without spaces and in
 * lower case, parameters other than a charset ignored (q-values included),
 * an entry with a charset other than UTF-8 skipped, `*` matching either half.
 * For a single result (this schema has no subscriptions, @defer or @stream)
 * yoga's regular processor wins whenever any entry matches it, and then the
 * first entry in the header that matches decides: application/json when
 * that entry matches it (a wildcard does), else application/graphql-response+json.
 */

export type RegularMediaType = 'application/graphql-response+json' | 'application/json';

/** Every media type yoga answers in: its event-stream, multipart and regular processors. */
const ANSWERABLE = ['text/event-stream', 'multipart/mixed', 'application/graphql-response+json', 'application/json'];

function acceptedEntries(accept: string | null | undefined): string[] {
  const entries: string[] = [];
  for (const entry of (accept || '*/*').replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = entry.split(';');
    const charset = params.find((p) => p.includes('charset=')) ?? 'charset=utf-8';
    if (mediaType !== undefined && charset === 'charset=utf-8') entries.push(mediaType);
  }
  return entries;
}

function matches(ours: string, asked: string): boolean {
  const [oursType, oursSub] = ours.split('/');
  const [type, sub] = asked.split('/');
  return (type === '*' || type === oursType) && (sub === '*' || sub === oursSub);
}

/**
 * Answers for the Accept headers seen lately. A gateway's callers send a
 * handful of distinct headers (one per client library), and working one out
 * splits and scans it (about 1 % of the CPU of a shareItem); the map is
 * emptied when it reaches its bound, so that callers sending ever new
 * headers cannot grow it.
 */
const recentAnswers = new Map<string, RegularMediaType | null>();
const RECENT_ANSWERS_MAX = 64;

/** The media type of a single result's answer, or null when yoga would not use its regular processor. */
export function regularMediaType(accept: string | null | undefined): RegularMediaType | null {
  if (!accept) return 'application/json';
  let answer = recentAnswers.get(accept);
  if (answer === undefined) {
    if (recentAnswers.size >= RECENT_ANSWERS_MAX) recentAnswers.clear();
    answer = workOutRegularMediaType(accept);
    recentAnswers.set(accept, answer);
  }
  return answer;
}

function workOutRegularMediaType(accept: string): RegularMediaType | null {
  for (const asked of acceptedEntries(accept)) {
    if (matches('application/json', asked)) return 'application/json';
    if (matches('application/graphql-response+json', asked)) return 'application/graphql-response+json';
  }
  return null;
}

/** Whether yoga has any processor for this Accept; when not, its answer is a 406. */
export function acceptsAnAnswer(accept: string | null | undefined): boolean {
  const entries = acceptedEntries(accept);
  return ANSWERABLE.some((ours) => entries.some((asked) => matches(ours, asked)));
}

/** What a 406 says a client may ask for. */
export const ANSWERABLE_TYPES = ANSWERABLE.join(', ');
