/**
 * GraphiQL as a newcomer meets it, in a real browser: the built demo
 * (dist/demo.js: simulators + gateway) serves GraphiQL, headless Chromium
 * opens it, and for the ShareItem, ShareFolderOcm and ShareFolderOnlyoffice
 * example tabs the test selects the tab, checks that the editor holds the
 * operation and the headers editor the demo credentials, presses run, and
 * reads the result from the result pane.
 *
 * Chromium is Debian's (/usr/bin/chromium, installed by .ci/run); without
 * it the whole file is skipped and says why, except in CI, where it fails
 * (test/browser/chromium.ts).
 *
 * The gateway serves GraphiQL through @graphql-yoga/render-graphiql, which
 * inlines GraphiQL's code, so the page must work with no network beyond the
 * gateway: the test refuses every request to another origin and fails if
 * the page needed one.
 *
 * DOM verified against GraphiQL 5 as bundled by @graphql-yoga/render-graphiql
 * (Monaco editors): tab buttons `.graphiql-tab-button[title=<operation>]`,
 * the active tab `.graphiql-tab-active`, the operation editor
 * `.graphiql-query-editor`, the headers editor in
 * `section.graphiql-editor-tool` (its tool button
 * `.graphiql-editor-tools button[data-name=headers]`), the run button
 * `.graphiql-execute-button`, the result pane `.graphiql-response
 * .result-window`. Monaco draws only the lines in view, one `.view-line`
 * each, positioned by `style.top`; the viewport is tall enough for every
 * result here, and the test compares what is drawn with the HTTP response.
 *
 * Screenshots: test/artifacts/graphiql-*.png.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Request, Response, Route } from 'playwright-core';
import { spawnBuilt } from '../helpers/spawn-gateway';
import type { GqlBody } from '../helpers/graphql';
import type { ShareFolderOcmMutation, ShareFolderOnlyofficeMutation, ShareItemMutation } from '../../client/generated/graphql';
import type { Spawned } from '../helpers/spawn-gateway';
import { DEMO_HEADERS } from '../../src/graphiql';
import { describeWithChromium, launchChromium } from './chromium';

const ARTIFACTS = path.resolve(__dirname, '../artifacts');
/** What Monaco draws of an editor, line by line in document order, with normal spaces. */
async function editorText(page: Page, editorSelector: string): Promise<string> {
  const script = `(() => {
    const root = document.querySelector(${JSON.stringify(editorSelector)});
    if (!root) return '';
    return [...root.querySelectorAll('.view-lines .view-line')]
      .map((line) => [parseFloat(line.style.top) || 0, line.textContent || ''])
      .sort((a, b) => a[0] - b[0])
      .map((entry) => entry[1])
      .join('\\n');
  })()`;
  return (await page.evaluate<string>(script)).replace(/\u00a0/g, ' ');
}

/** Polls until `accept(text)` holds for the editor's text; returns the text, or throws with the last one seen. */
async function waitForEditorText(page: Page, editorSelector: string, accept: (text: string) => boolean, what: string, timeoutMs = 10000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  for (;;) {
    text = await editorText(page, editorSelector);
    if (accept(text)) return text;
    if (Date.now() > deadline) throw new Error(`${what}: not shown within ${timeoutMs} ms; ${editorSelector} shows:\n${text.slice(0, 2000)}`);
    await page.waitForTimeout(100);
  }
}

const compact = (s: string) => s.replace(/\s+/g, '');
const QUERY_EDITOR = '.graphiql-query-editor';
const HEADERS_EDITOR = 'section.graphiql-editor-tool .graphiql-editor:not(.hidden)';
const RESULT_PANE = '.graphiql-response .result-window';
const showsOperation = (name: string) => (text: string) => new RegExp(`^\\s*mutation\\s+${name}\\s*\\{`, 'm').test(text);

const describeBrowser = describeWithChromium('test/browser/graphiql.test.ts');
// A browser on a shared 2-core machine: generous per-test time, never a timing assertion.
jest.setTimeout(60000);

describeBrowser('GraphiQL in headless Chromium', () => {
  let demo: Spawned;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const offBoxRequests: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    demo = await spawnBuilt('demo.js', { PORT: '0', HOST: '127.0.0.1' }, /GraphiQL:\s+(http:\/\/\S+\/graphql)/);
    browser = await launchChromium();
    // Tall and wide, so that Monaco draws every line of the results below.
    const context = await browser.newContext({ viewport: { width: 1600, height: 2000 } });
    page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('requestfailed', (req: Request) => failedRequests.push(`${req.url()}: ${req.failure()?.errorText ?? 'failed'}`));

    const origin = new URL(demo.url).origin;
    // The page must need nothing but the gateway: refuse and record anything else.
    await page.route('**/*', async (route: Route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      offBoxRequests.push(url);
      return route.abort();
    });

    await page.goto(demo.url, { waitUntil: 'domcontentloaded', timeout: 20000 });
    await page
      .locator('.graphiql-execute-button')
      .waitFor({ state: 'visible', timeout: 25000 })
      .catch(async (err: unknown) => {
        await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-not-rendered.png') }).catch(() => undefined);
        throw new Error(
          `GraphiQL did not render (screenshot test/artifacts/graphiql-not-rendered.png): ${String(err)}\nrefused off-box requests: ${offBoxRequests.join(', ') || 'none'}\npage errors: ${pageErrors.join(' | ') || 'none'}`,
        );
      });
    // The tabs come from defaultTabs; the schema from introspection.
    await page.locator('.graphiql-tab-button[title="ShareFolderOnlyoffice"]').waitFor({ timeout: 10000 });

    await page.screenshot({ path: path.join(ARTIFACTS, 'graphiql-loaded.png') });
  }, 45000);

  afterAll(async () => {
    await browser?.close();
    if (demo) expect(await demo.stop()).toBe(0);
  }, 15000);

  /**
   * Selects a tab by keyboard (focus, Enter). A mouse click is not used: in
   * this GraphiQL, a tab whose focus moves it (the tab strip's drag
   * transform, held back by `.graphiql-tab:not(:focus-within)` until then)
   * jumps away between mouse down and up, and the click never lands.
   */
  async function selectTab(name: string): Promise<void> {
    const button = page.locator(`.graphiql-tab-button[title="${name}"]`);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator(`.graphiql-tab-active .graphiql-tab-button[title="${name}"]`).waitFor({ timeout: 10000 });
  }

  /** Selects the tab and waits until the editor holds that operation. */
  async function openExample(name: string): Promise<void> {
    await selectTab(name);
    await waitForEditorText(page, QUERY_EDITOR, showsOperation(name), `operation ${name} in the editor`);
  }

  /** Presses run in the current tab; returns the HTTP response and the result pane's text once it shows it. */
  async function run(name: string, expectShown: string): Promise<{ request: Request; body: unknown; shown: string }> {
    const isThisOperation = (res: Response) => {
      if (res.request().method() !== 'POST' || res.url() !== demo.url) return false;
      try {
        // GraphiQL sends the document minified: `mutation ShareItem{shareItem(…`.
        const { query } = JSON.parse(res.request().postData() ?? '{}') as { query?: string };
        return typeof query === 'string' && new RegExp(`^\\s*mutation\\s+${name}\\s*\\{`).test(query);
      } catch {
        return false;
      }
    };
    // On a loaded machine a click can land while GraphiQL is still busy with the tab switch: if no
    // request follows, run again from the keyboard (Ctrl-Enter in the editor), as a person would.
    let response: Response | null = null;
    for (const attempt of ['click', 'keyboard', 'click'] as const) {
      const responded = page.waitForResponse(isThisOperation, { timeout: attempt === 'click' ? 8000 : 12000 }).catch(() => null);
      if (attempt === 'click') await page.locator('.graphiql-execute-button').click();
      else {
        await page.locator(QUERY_EDITOR).click();
        await page.keyboard.press('Control+Enter');
      }
      response = await responded;
      if (response) break;
    }
    if (!response) throw new Error(`pressing run on ${name} sent no request`);
    expect(response.status()).toBe(200);
    const body: unknown = await response.json();
    const shown = await waitForEditorText(page, RESULT_PANE, (text) => compact(text).includes(compact(expectShown)) && /\}\s*$/.test(text), `result of ${name}`, 15000);
    await page.screenshot({ path: path.join(ARTIFACTS, `graphiql-${name}.png`) });
    return { request: response.request(), body, shown };
  }

  /** What every run must show: the whole response, the demo headers sent, no GraphQL errors. */
  function expectShownAndSent(result: { request: Request; body: unknown; shown: string }): void {
    // The pane shows exactly the response (Monaco may wrap long lines, hence whitespace aside).
    expect(compact(result.shown)).toBe(compact(JSON.stringify(result.body)));
    expect(result.shown).not.toContain('"errors"');
    const sent = result.request.headers();
    for (const [header, value] of Object.entries(DEMO_HEADERS)) expect(sent[header.toLowerCase()]).toBe(value);
  }

  it('opens with one tab per example, the first example in the editor and the demo headers in the headers editor', async () => {
    for (const name of ['ShareItem', 'ShareFolderOcm', 'ShareFolderOnlyoffice']) {
      await expect(page.locator(`.graphiql-tab-button[title="${name}"]`).count()).resolves.toBe(1);
    }
    await expect(page.locator('.graphiql-tab-active .graphiql-tab-button').getAttribute('title')).resolves.toBe('ShareItem');

    await expect(page.locator('.graphiql-editor-tools button[data-name="headers"]').getAttribute('class')).resolves.toMatch(/\bactive\b/);
    const headers = await waitForEditorText(page, HEADERS_EDITOR, (text) => text.includes('demo-onlyoffice-token'), 'demo headers');
    expect(JSON.parse(headers)).toEqual(DEMO_HEADERS);

    await waitForEditorText(page, QUERY_EDITOR, showsOperation('ShareItem'), 'mutation ShareItem in the first tab');
  });

  it('ShareItem: runs with the prefilled headers and shows the item shared, Finance not', async () => {
    await openExample('ShareItem');
    const result = await run('ShareItem', '"itemId": "a11ce000000000000000000000000001"');
    expectShownAndSent(result);
    expect(compact(result.shown)).toContain(compact('"success": true'));
    expect(result.shown).toContain('f1e1d000000000000000000000000003');
    const item = (result.body as GqlBody<ShareItemMutation>).data!.shareItem;
    expect(item).toMatchObject({ itemId: 'a11ce000000000000000000000000001', success: true, error: null });
    expect(item.notSharedWith).toEqual([expect.objectContaining({ id: 'f1e1d000000000000000000000000003', title: 'Finance' })]);
  });

  it('ShareFolderOcm: runs and shows both OCM users shared', async () => {
    await openExample('ShareFolderOcm');
    const result = await run('ShareFolderOcm', '"folderId": "F9A0E1C7F01DE4C0FA7B3C21T0000000000100000011"');
    expectShownAndSent(result);
    for (const id of ['UB0B0D4C3B2A1F0E9D8C7B6AT00000000002', 'UDA7E00D4C3B2A1F0E9D8C7BT00000000004']) expect(result.shown).toContain(`"recipientId": "${id}"`);
    const folder = (result.body as GqlBody<ShareFolderOcmMutation>).data!.shareFolder;
    expect(folder.backend).toBe('OCM');
    expect(folder.results.map((r) => [r.recipientId, r.success, r.error])).toEqual([
      ['UB0B0D4C3B2A1F0E9D8C7B6AT00000000002', true, null],
      ['UDA7E00D4C3B2A1F0E9D8C7BT00000000004', true, null],
    ]);
  });

  it('ShareFolderOnlyoffice: runs and shows the user and group shared, the unknown id failed on its own', async () => {
    await openExample('ShareFolderOnlyoffice');
    const result = await run('ShareFolderOnlyoffice', '"recipientId": "00000000-0000-0000-0000-00000000beef"');
    expectShownAndSent(result);
    expect(compact(result.shown)).toContain(compact('"success": true'));
    for (const id of ['3f2c5b1e-7a4d-4c1b-9e2f-ca7010000003', '9d3e6f20-1b2c-4d5e-8f90-de5160000001']) expect(result.shown).toContain(`"recipientId": "${id}"`);
    const folder = (result.body as GqlBody<ShareFolderOnlyofficeMutation>).data!.shareFolder;
    expect(folder.backend).toBe('ONLYOFFICE');
    expect(folder.results.map((r) => [r.recipientId, r.success, r.error?.code ?? null])).toEqual([
      ['3f2c5b1e-7a4d-4c1b-9e2f-ca7010000003', true, null],
      ['9d3e6f20-1b2c-4d5e-8f90-de5160000001', true, null],
      ['00000000-0000-0000-0000-00000000beef', false, 'NOT_FOUND'],
    ]);
  });

  it('needed nothing from outside the gateway and raised no uncaught error', () => {
    expect(offBoxRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(readdirSync(ARTIFACTS).filter((f) => f.startsWith('graphiql-'))).toEqual(
      expect.arrayContaining(['graphiql-loaded.png', 'graphiql-ShareItem.png', 'graphiql-ShareFolderOcm.png', 'graphiql-ShareFolderOnlyoffice.png']),
    );
    if (failedRequests.length > 0) console.log(`requests that failed (not needed by the page):\n${failedRequests.join('\n')}`);
  });
});
