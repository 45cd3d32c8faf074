import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

const ROOT = new URL('../../', import.meta.url).pathname;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'switchyard-e2e-shots');

/** The dashboard is served prebuilt; `npm ci` builds it, a fresh checkout in a test run may not have. */
export function ensureDashboardBuilt(): void {
  if (existsSync(join(ROOT, 'web/dist/index.html'))) return;
  const build = spawnSync('npx', ['--no', 'vite', 'build', 'web', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('could not build the dashboard (npx vite build web)');
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

