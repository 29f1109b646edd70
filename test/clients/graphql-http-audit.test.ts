/**
 * graphql-http's server audit (the GraphQL-over-HTTP spec's checks, by its
 * reference implementation) against the running gateway, with the demo's
 * settings and with production's. What does not pass is what the README's
 * frontend section explains ("GraphQL over HTTP"), and nothing else:
 *
 * - production: 28B9 and 2EA1 send `__type` queries, which introspection
 *   off refuses (a validation error, so no data: 400, and an `errors`
 *   property under application/json);
 * - both: the GET checks that are only MAY (notices) are refused 403
 *   CSRF_PREVENTED when sent as the audit sends them, without a header
 *   proving a preflight, and pass with `GraphQL-Require-Preflight` (in
 *   production, but for the two of them that query `__type` as well).
 */
import { auditServer } from 'graphql-http';
import type { AuditResult } from 'graphql-http';
import { startHarness } from '../helpers/harness';
import type { Harness } from '../helpers/harness';

const DEMO = { GRAPHIQL: 'true', INTROSPECTION: 'true', CORS_ORIGINS: 'http://localhost:*,http://127.0.0.1:*' };
const PRODUCTION = { NODE_ENV: 'production' };
/** The audits production cannot pass, as the README says: they query `__type` with introspection off. */
const NEED_INTROSPECTION = ['28B9', '2EA1'];

const withPreflightHeader: typeof fetch = (input, init = {}) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), 'GraphQL-Require-Preflight': '1' } });

const notOk = (results: AuditResult[], status: AuditResult['status']) =>
  results
    .filter((r) => r.status === status)
    .map((r) => r.id)
    .sort();

async function bodyOf(result: AuditResult): Promise<{ errors?: Array<{ message: string; extensions?: { code?: string } }> }> {
  if (result.status === 'ok') throw new Error(`${result.id} passed`);
  return JSON.parse(await result.response.clone().text()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
}

describe.each([
  ['demo settings', DEMO, [] as string[]],
  ['production settings', PRODUCTION, NEED_INTROSPECTION],
] as const)('graphql-http audit, %s', (_label, env, explained) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env });
  });
  afterAll(() => h.close());

  it('has no error and no warning but the explained ones, each for the reason given', async () => {
    const results = await auditServer({ url: h.url });
    expect([...notOk(results, 'error'), ...notOk(results, 'warn')].sort()).toEqual([...explained].sort());
    for (const result of results.filter((r) => explained.includes(r.id))) {
      const body = await bodyOf(result);
      expect(body.errors).toEqual([
        expect.objectContaining({ message: expect.stringContaining('introspection has been disabled'), extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) }),
      ]);
    }
    // The GET notices: refused as CSRF, with the code and the header to send.
    const notices = results.filter((r) => r.status === 'notice');
    expect(notices.length).toBeGreaterThan(0);
    for (const notice of notices) expect((await bodyOf(notice)).errors![0]!.extensions!.code).toBe('CSRF_PREVENTED');
  });

  it('passes the GET checks too once the requests carry GraphQL-Require-Preflight, but those that need introspection', async () => {
    const results = await auditServer({ url: h.url, fetchFn: withPreflightHeader });
    expect([...notOk(results, 'error'), ...notOk(results, 'warn')].sort()).toEqual([...explained].sort());
    // In production two GET notices (D6D5, 6A70) query `__type` too; nothing else is left.
    const left = results.filter((r) => r.status !== 'ok');
    expect(left.length).toBe(explained.length === 0 ? 0 : explained.length + 2);
    for (const result of left) expect(JSON.stringify(await bodyOf(result))).toContain('introspection has been disabled');
  });
});
