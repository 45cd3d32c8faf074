import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import { simWorldYaml } from '../../src/evals/__fixtures__/sim-gateway.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { startSimulator } from '../../src/simulate/simulator.js';
import type { Simulator, SimulatorOptions } from '../../src/simulate/types.js';
import { ensureDashboardBuilt, launchBrowser, SHOTS } from './harness.js';

export interface E2EOptions {
  /** Simulator pacing; default instant answers (0 ms to first token, no latency). */
  sim?: Pick<SimulatorOptions, 'ttftMs' | 'tokensPerSecond' | 'latencyMs'>;
  /**
   * The gateway's YAML; default `simWorldYaml`: models `small`, `claude`, `judge`, `embed` on the
   * simulator. The store is the fixture's SQLite file (`db`) unless this names one.
   */
  config?: (sim: Simulator) => string;
  /** YAML merged over `config`, mapping by mapping (lists and scalars replace): what this file adds. */
  extraConfig?: string;
  /** Runs once the config file is written, before the gateway starts: data the gateway opens at start. */
  prepare?: (e2e: E2E) => Promise<void> | void;
  /** Runs once the gateway listens, before the browser starts: the traffic the pages show. Traces are written after it. */
  seed?: (e2e: E2E) => Promise<void> | void;
  /** Milliseconds for setup (and for teardown); default 60 s, as a loaded two-core machine needs. */
  timeoutMs?: number;
}

/** What the tests of one file share; each field throws if read before setup has made it. */
export interface E2E {
  sim: Simulator;
  /** A throwaway directory, removed at teardown. */
  dir: string;
  /** The SQLite file of the gateway's store (in `dir`, unless the config names another store). */
  db: string;
  /** The gateway's config as a YAML file (for the CLI) and as parsed. */
  configPath: string;
  config: Config;
  server: RunningServer;
  /** The gateway's base URL (`server.url`). */
  url: string;
  browser: BrowserContext;
  /** The official OpenAI SDK pointed at the gateway, as an application sends: no retries. */
  openai(apiKey?: string): OpenAI;
  /** Writes a file in `dir` and returns its path. */
  write(name: string, text: string): string;
  /** Runs `close` at teardown, before what was started earlier (last started, first closed); at once if teardown has run. */
  defer(close: () => Promise<void> | void): Promise<void>;
}

/**
 * Registers `beforeAll`/`afterAll` that start a provider simulator, a gateway on it (free ports
 * from the OS, SQLite in a temp dir) and headless Chromium, and stop all of them, whatever
 * part of setup failed. Order: simulator → `prepare` → gateway → `seed` → traces written → browser.
 *
 * @example
 * const e2e = e2eFixture({ seed: async (e) => void (await e.openai().chat.completions.create({ model: 'small', messages: [{ role: 'user', content: 'hi' }] })) });
 * it('shows the call', async () => { const page = await e2e.browser.newPage(); await page.goto(`${e2e.url}/#/traces`); });
 */
export function e2eFixture(options: E2EOptions = {}): E2E {
  const { e2e, setUp, tearDown } = createE2E(options);
  const timeout = options.timeoutMs ?? 60_000;
  beforeAll(setUp, timeout);
  afterAll(tearDown, timeout);
  return e2e;
}

/** The fixture without the hooks: `setUp` starts everything, `tearDown` stops what started, even mid-setup. */
export function createE2E(options: E2EOptions = {}): { e2e: E2E; setUp(): Promise<void>; tearDown(): Promise<void> } {
  const made: Partial<Pick<E2E, 'sim' | 'dir' | 'db' | 'configPath' | 'config' | 'server' | 'browser'>> = {};
  const closers: Array<() => Promise<void> | void> = [];
  let tornDown = false;
  const need = <K extends keyof typeof made>(key: K): NonNullable<(typeof made)[K]> => {
    const value = made[key];
    if (value === undefined) throw new Error(`e2e fixture: ${key} is not ready (read it in a test or a later setup step)`);
    return value as NonNullable<(typeof made)[K]>;
  };
  // Last of all at teardown; again if setup outlived teardown (the store recreates its directory).
  const removeDir = () => {
    if (made.dir) rmSync(made.dir, { recursive: true, force: true });
  };
  /** Keeps what setup started; if teardown already ran (the setup hook timed out), closes it at once. */
  const keep = async <K extends 'sim' | 'server' | 'browser'>(key: K, value: NonNullable<E2E[K]>, close: () => Promise<void>): Promise<void> => {
    if (tornDown) {
      await close();
      removeDir();
      throw new Error(`e2e fixture: ${key} started after teardown (setup timed out)`);
    }
    made[key] = value as (typeof made)[K];
    closers.push(close);
  };
  const e2e: E2E = {
    get sim() { return need('sim'); },
    get dir() { return need('dir'); },
    get db() { return need('db'); },
    get configPath() { return need('configPath'); },
    get config() { return need('config'); },
    get server() { return need('server'); },
    get url() { return need('server').url; },
    get browser() { return need('browser'); },
    openai: (apiKey = 'any') => new OpenAI({ apiKey, baseURL: `${need('server').url}/v1`, maxRetries: 0 }),
    write(name, text) {
      const path = join(need('dir'), name);
      writeFileSync(path, text);
      return path;
    },
    async defer(close) {
      if (tornDown) await close();
      else closers.push(close);
    },
  };

  async function setUp(): Promise<void> {
    await ensureDashboardBuilt();
    mkdirSync(SHOTS, { recursive: true });
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
    made.dir = dir;
    made.db = join(dir, 'sy.db');
    const sim = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0, ...options.sim });
    await keep('sim', sim, () => sim.close());
    const yaml = mergeYaml(`store: { sqlite: "${made.db}" }`, options.config?.(sim) ?? simWorldYaml(sim.url), options.extraConfig ?? '');
    made.configPath = e2e.write('gateway.yaml', yaml);
    made.config = parseConfig(yaml, made.configPath);
    await options.prepare?.(e2e);
    const server = await startServer(made.config, { port: 0, host: '127.0.0.1' });
    await keep('server', server, () => server.close());
    await options.seed?.(e2e);
    await server.traces.flush();
    const browser = await launchBrowser(join(dir, 'chromium-profile'));
    await keep('browser', browser, () => browser.close());
  }

  /** Closes in reverse order of starting; every step runs, and their errors are thrown together. */
  async function tearDown(): Promise<void> {
    tornDown = true;
    const errors: unknown[] = [];
    for (const close of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        errors.push(error);
      }
    }
    removeDir();
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `e2e fixture: ${errors.length} teardown steps failed`);
  }

  return { e2e, setUp, tearDown };
}

/** YAML documents merged left to right: mappings key by key, anything else replaced. */
export function mergeYaml(...documents: string[]): string {
  const merge = (into: unknown, from: unknown): unknown => {
    if (!isMapping(into) || !isMapping(from)) return from;
    const out: Record<string, unknown> = { ...into };
    for (const [key, value] of Object.entries(from)) out[key] = key in out ? merge(out[key], value) : value;
    return out;
  };
  return stringify(documents.map((text) => parse(text) ?? {}).reduce(merge, {}));
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
