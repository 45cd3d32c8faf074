import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { buildOnce } from './build-once.js';

const ROOT = new URL('../../', import.meta.url).pathname;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'switchyard-e2e-shots');

/**
 * The dashboard is served prebuilt; `npm ci` builds it, a fresh checkout in a test run may not
 * have. Test files start at once, so the build runs once across processes (see buildOnce).
 */
export async function ensureDashboardBuilt(): Promise<void> {
  await buildOnce({ output: join(ROOT, 'web/dist'), marker: 'index.html', lock: join(ROOT, 'web/.dist-build.lock'), sources: [join(ROOT, 'web/src'), join(ROOT, 'web/index.html')], build: viteBuild });
}

function viteBuild(into: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const build = spawn('npx', ['--no', 'vite', 'build', 'web', '--outDir', into, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    build.on('error', reject);
    build.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`could not build the dashboard (npx vite build web exited with ${code})`))));
  });
}

/**
 * A fresh browser context (its own cookies, storage and cache, as a new profile has) in this
 * process's headless Debian Chromium, as CI runs it (.ci/run installs it). Closing the context
 * leaves the browser for the next file.
 *
 * Why one browser per process: starting Chromium took ~1.2 s of wall and ~0.7 s of CPU, once per
 * e2e file (and per reviewer in review-reviewers.test.ts), against ~0.3 s for a context. The files
 * of the 'shared' project run one after another in a worker process (vitest.config.ts), so they
 * start it once. Playwright stops it when the process exits, and Chromium ends with its pipe.
 */
export async function launchBrowser(): Promise<BrowserContext> {
  const browser = await processBrowser();
  return browser.newContext({ viewport: { width: 1400, height: 900 } });
}

let started: Promise<Browser> | undefined;

async function processBrowser(): Promise<Browser> {
  const running = await started?.catch(() => undefined);
  if (running?.isConnected()) return running;
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  started = chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return started;
}
