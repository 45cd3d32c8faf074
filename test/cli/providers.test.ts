import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerProviders } from '../../src/cli/commands/providers.js';
import { printProviders } from '../../src/cli/providers-report.js';
import { type Harness, startHarness } from '../../src/test-support/gateway-harness.js';
import { closedPort } from '../../src/test-support/gateway-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    '',
    (sim) => `
providers:
  sim: { type: openai, base_url: ${sim}/v1, api_key: sk-upstream }
models:
  small: { provider: sim, model: standin-small }
  broken: { provider: sim, model: broken }
retry: { max_attempts: 1 }
breaker: { consecutive_failures: 1, open_ms: 60000 }
cache: { routes: { small: {} } }
`,
  );
  h.sim.addFault({ kind: 'status', status: 503, model: 'broken' });
  const client = h.openai('any');
  await client.chat.completions.create({ model: 'small', temperature: 0, messages: [{ role: 'user', content: 'hi' }] });
  await client.chat.completions.create({ model: 'broken', messages: [{ role: 'user', content: 'hi' }] }).catch(() => undefined);
});
afterAll(() => h.close());

async function printed(flags: Parameters<typeof printProviders>[0]): Promise<string> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await printProviders(flags);
    return log.mock.calls.map((c) => String(c[0])).join('\n');
  } finally {
    log.mockRestore();
  }
}

describe('switchyard providers', () => {
  it('prints each target\'s circuit, latency and the cache', async () => {
    const text = await printed({ gateway: h.gateway.url });
    expect(text).toMatch(/sim\/broken\s*│\s*open, probe in \d+ s/);
    expect(text).toMatch(/sim\/standin-small\s*│\s*closed/);
    expect(text).toContain('cache (memory) for small: 1 entry,');
  });

  it("without --gateway reaches the port its --config serves on (it took 4000 whatever the config said), says so on stderr, and says nothing when --gateway is given", async () => {
    // After `npm start -- --port 4100` or a config on another port, a bare `switchyard providers` read whatever else held 4000.
    const port = new URL(h.gateway.url).port;
    const dir = mkdtempSync(join(tmpdir(), 'sy-providers-'));
    const file = join(dir, 'switchyard.yaml');
    writeFileSync(file, `server: { host: 0.0.0.0, port: ${port} }\nproviders:\n  sim: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-x }\nmodels:\n  small: { provider: sim, model: standin-small }\n`);
    const note = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const run = async (...args: string[]) => {
      const program = new Command('switchyard').exitOverride();
      registerProviders(program);
      await program.parseAsync(['node', 'switchyard', 'providers', ...args]);
    };
    try {
      await run('--config', file);
      expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/sim\/broken\s*│\s*open, probe in \d+ s/);
      expect(note.mock.calls.map((c) => String(c[0]))).toEqual([`(the gateway at http://127.0.0.1:${port}, from server.port of ${file}; --gateway URL reaches another)`]);
      note.mockClear();
      await run('--gateway', h.gateway.url);
      expect(note).not.toHaveBeenCalled();
    } finally {
      note.mockRestore();
      log.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the same as JSON for scripts', async () => {
    const report = JSON.parse(await printed({ gateway: h.gateway.url, json: true })) as { targets: { target: string; state: string }[]; cache: { entries: number } };
    expect(report.targets.find((t) => t.target === 'sim/broken')?.state).toBe('open');
    expect(report.cache.entries).toBe(1);
  });

  it('says when the gateway cannot be reached', async () => {
    await expect(printed({ gateway: `http://127.0.0.1:${await closedPort()}` })).rejects.toThrow(/^cannot reach the gateway at http:\/\/127\.0\.0\.1:\d+ \(connection refused: nothing listens there\): start it \(npm start, or switchyard serve --port N\) or pass --gateway/);
  });
});
