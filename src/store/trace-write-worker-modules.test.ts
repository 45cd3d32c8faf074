import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Imports `modules` (built, as the thread runs them) in a process of its own whose module hooks
 * refuse zod; resolves with what the process printed: `ok`, or the import that reached zod.
 */
async function importWithoutZod(modules: string[]): Promise<string> {
  const hooks = [
    'export async function resolve(specifier, context, next) {',
    '  const resolved = await next(specifier, context);',
    "  if (resolved.url.includes('/node_modules/zod/')) throw new Error(`zod imported by ${context.parentURL}`);",
    '  return resolved;',
    '}',
  ].join('\n');
  const urls = modules.map((path) => new URL(`../../dist/${path}`, import.meta.url).href);
  const script = [
    "const { register } = await import('node:module');",
    `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`,
    'try {',
    `  for (const url of ${JSON.stringify(urls)}) await import(url);`,
    "  console.log('ok');",
    '} catch (error) {',
    '  console.log(error.message);',
    '}',
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
  return stdout.trim();
}

describe("the trace-write thread's modules", () => {
  // Each module a thread imports is source text, bytecode and module-level objects in that
  // thread's own heap: zod's 95 modules cost the thread ~3.5 MB of old space for schemas it never
  // parsed (docs/measurements.md, "The gateway's memory under load: zod out of the trace thread ...").
  it('do not load zod, on either store', async () => {
    expect(await importWithoutZod(['store/trace-write-worker.js', 'store/sqlite/open-sqlite-write-stores.js', 'store/postgres/open-postgres-write-stores.js'])).toBe('ok');
  });

  it('would be caught loading it (the refusal guardrail with its config schema does)', async () => {
    expect(await importWithoutZod(['guardrails/policy/refusal.js'])).toMatch(/^zod imported by file:.*\/dist\/guardrails\/policy\/refusal\.js$/);
  });
});
