import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
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

/** Headless Debian Chromium with a fresh profile (in `profile`, else a new temp dir), as CI runs it (.ci/run installs it). */
export async function launchBrowser(profile = mkdtempSync(join(tmpdir(), 'switchyard-chromium-'))): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1400, height: 900 },
  });
}

