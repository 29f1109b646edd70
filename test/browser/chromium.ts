/**
 * Debian's Chromium for the browser tests, driven by playwright-core. CI
 * (CI=true; .ci/run installs the package) must run them: there a missing
 * Chromium fails the test. Anywhere else it skips the file and says why.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const IN_CI = /^(1|true)$/i.test(process.env.CI ?? '');
const HAVE_CHROMIUM = existsSync(CHROMIUM);

/**
 * The launch flags this machine needs: the network is closed, so nothing
 * in the background may try to reach Google. Playwright adds --headless and
 * a fresh, empty --user-data-dir of its own (it refuses one in `args`).
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** `describe` where Chromium is, and in CI (where launching fails loudly without it); `describe.skip` with a warning elsewhere. */
export function describeWithChromium(file: string): jest.Describe {
  if (HAVE_CHROMIUM || IN_CI) return describe;
  console.warn(`${file} skipped: no Chromium at ${CHROMIUM} (Debian's chromium package; .ci/run installs it, and in CI the test fails without it).`);
  return describe.skip;
}

export async function launchChromium(): Promise<Browser> {
  if (!HAVE_CHROMIUM) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (apt-get install chromium), as .ci/run does; CI runs the browser tests and fails without it`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 20000 });
}
