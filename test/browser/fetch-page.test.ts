/**
 * A browser app on a dev server calling the demo (`npm start`, built as
 * dist/demo.js) from another origin with `fetch`, in headless Chromium: the
 * page is served by the test at http://localhost:<port>/ and its script is
 * the README's fetch snippet, verbatim but for the gateway's URL
 * (http://127.0.0.1:<port>/graphql, so another origin). The browser
 * preflights each call (the credential header is not a simple one), and the
 * demo's CORS lets the page read the answers: a query, a mutation with
 * variables and the credential header, an operation the gateway refuses
 * and an input it refuses, each error read by its code. The same page from
 * an origin the demo does not list cannot read anything.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { spawnBuilt } from '../helpers/spawn-gateway';
import type { Spawned } from '../helpers/spawn-gateway';
import { ARCGIS_DEMO as D } from '../../src/simulators/arcgis/seed';
import { snippetFor } from '../clients/readme-snippets';
import { describeWithChromium, launchChromium } from './chromium';

const describeBrowser = describeWithChromium('test/browser/fetch-page.test.ts');
jest.setTimeout(60000);

/** Serves one page on `host`; its script is the snippet, and `call()` runs `gateway(query, variables)` for the test. */
async function servePage(host: string, script: string): Promise<{ origin: string; close(): Promise<void> }> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body><script>
${script}
// For the test: the snippet's answer, or the code of its error.
window.call = (query, variables) => gateway(query, variables).then((data) => ({ data }), (err) => ({ code: err.code ?? null, message: String(err.message) }));
</script></body></html>`;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Answer = { data?: Record<string, unknown>; code?: string | null; message?: string };

describeBrowser('the README fetch snippet in a page on another origin, in headless Chromium', () => {
  let demo: Spawned;
  let browser: Browser;
  let app: Awaited<ReturnType<typeof servePage>>;
  let stranger: Awaited<ReturnType<typeof servePage>>;
  const requested: string[] = [];

  beforeAll(async () => {
    demo = await spawnBuilt('demo.js', { PORT: '0', HOST: '127.0.0.1' }, /GraphiQL:\s+(http:\/\/\S+\/graphql)/);
    const script = snippetFor('fetch', demo.url);
    // localhost: a dev server's origin, which the demo allows; 127.0.0.2: one it does not list.
    [app, stranger] = await Promise.all([servePage('127.0.0.1', script), servePage('127.0.0.2', script)]);
    browser = await launchChromium();
  }, 45000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([app?.close(), stranger?.close()]);
    if (demo) expect(await demo.stop()).toBe(0);
  }, 15000);

  async function open(origin: string): Promise<Page> {
    const page = await browser.newPage();
    page.on('request', (req) => requested.push(`${req.method()} ${req.url()}`));
    await page.goto(`${origin}/`, { waitUntil: 'load', timeout: 20000 });
    return page;
  }

  const call = (page: Page, query: string, variables?: Record<string, unknown>) =>
    page.evaluate<Answer, [string, Record<string, unknown> | undefined]>(([q, v]) => (window as unknown as { call: (q: string, v?: unknown) => Promise<Answer> }).call(q, v), [query, variables]);

  it('runs a query, a mutation with variables and the credential header, and reads the codes of two refusals', async () => {
    const page = await open(app.origin);
    expect(new URL(demo.url).origin).not.toBe(app.origin);

    const read = await call(page, 'query Access($ids: [ID!]!) { itemAccess(itemIds: $ids) { itemId owner level } }', { ids: [D.trailsLayer] });
    expect(read).toEqual({ data: { itemAccess: [{ itemId: D.trailsLayer, owner: 'alice', level: 'SHARED' }] } });

    const write = await call(page, 'mutation Share($input: ShareItemInput!) { shareItem(input: $input) { itemId success notSharedWith { id } error { code } } }', {
      input: { itemId: D.parksMap, groups: [D.fieldTeamGroup, D.financeGroup] },
    });
    expect(write).toEqual({ data: { shareItem: { itemId: D.parksMap, success: true, notSharedWith: [{ id: D.financeGroup }], error: null } } });

    const refused = await call(page, `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: capabilities { backend }`).join(' ')} }`);
    expect(refused).toEqual({ code: 'TOO_MANY_ALIASES', message: 'operation has 6 aliases, more than the 5 allowed' });

    const badInput = await call(page, 'mutation { shareItem(input: { itemId: "../x", org: true }) { success } }');
    expect(badInput.code).toBe('BAD_USER_INPUT');

    // Nothing but the page and the gateway was asked for.
    expect(requested.filter((r) => !r.includes(app.origin) && !r.includes(new URL(demo.url).origin))).toEqual([]);
    await page.close();
  });

  it('from an origin the demo does not list, the browser lets the page read nothing', async () => {
    const page = await open(stranger.origin);
    const answer = await call(page, '{ capabilities { backend } }');
    expect(answer.code).toBeNull();
    expect(answer.message).toBe('Failed to fetch');
    await page.close();
  });
});
