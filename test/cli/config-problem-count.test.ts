import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// A config with thousands of problems (3,000 routes naming no model, a generated file gone wrong)
// printed every one, and each listed every route name: 60 MB on stderr. The CLI and `serve` now
// say the first 50 in full and then how many more, of which kinds; the JSON log keeps them all.
const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-config-problems-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const routes = Array.from({ length: 3_000 }, (_, i) => `  r${i}: { policy: split, arms: [ { target: nosuch${i}, weight: 1 } ] }`);
const models = Array.from({ length: 7 }, (_, i) => `  m${i}: { provider: ghost, model: gpt-4o-mini }`);
const config = join(dir, 'many.yaml');
writeFileSync(config, `providers:\n  oai: { type: openai, base_url: "http://127.0.0.1:9/v1", api_key: sk-x }\nmodels:\n${models.join('\n')}\nroutes:\n${routes.join('\n')}\n`);

const serve = (env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [CLI, 'serve', '--config', config, '--port', '0'], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 256 * 1024 * 1024, timeout: 60_000 });

describe('a config with thousands of problems', () => {
  it('serve prints the first 50 in full, then one line saying how many more and of which kinds', () => {
    const run = serve();
    expect(run.status).toBe(1);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`switchyard: invalid config ${config} (3,007 problems):`);
    const listed = lines.filter((line) => line.startsWith('  - '));
    expect(listed).toHaveLength(50);
    expect(listed[0]).toBe('  - models.m0.provider: unknown provider "ghost" (known: oai)');
    expect(lines.at(-1)).toBe('  … and 2,957 more: unknown target (2,957)');
    expect(run.stderr.length).toBeLessThan(20_000);
  });

  it('each unknown target names at most 20 of the models and routes it could have meant', () => {
    const line = serve().stderr.split('\n').find((l) => l.includes('routes.r0.arms[0].target'));
    expect(line).toContain('routes: r0, r1, r10, r100,');
    expect(line).toContain('… and 2,980 more)');
  });

  it('the JSON log keeps every problem in its problems field, the message summarised', () => {
    const run = serve({ SWITCHYARD_LOG_FORMAT: 'json' });
    expect(run.status).toBe(1);
    const event = JSON.parse(run.stderr.trim()) as { msg: string; code: string; problems: string[] };
    expect(event.code).toBe('config_invalid');
    expect(event.problems).toHaveLength(3_007);
    expect(event.problems.at(-1)).toMatch(/^routes\.r2999\.arms\[0\]\.target: unknown target "nosuch2999"/);
    expect(event.msg).toContain('… and 2,957 more: unknown target (2,957)');
  });
});
