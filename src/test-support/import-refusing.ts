import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * Imports built modules (`dist/` paths, as the gateway runs them) in a process of its own whose
 * module hooks refuse any module whose URL contains one of `refused`; resolves with what the
 * process printed: `ok`, or `<refused part> imported by <parent URL>` for the first import that
 * reached one. What keeps a module graph from growing back into code it must not load.
 *
 * @example expect(await importRefusing(['server.js'], ['/dist/guardrails/pii/'])).toBe('ok');
 */
export async function importRefusing(modules: readonly string[], refused: readonly string[]): Promise<string> {
  const hooks = [
    `const refused = ${JSON.stringify(refused)};`,
    'export async function resolve(specifier, context, next) {',
    '  const resolved = await next(specifier, context);',
    '  const hit = refused.find((part) => resolved.url.includes(part));',
    '  if (hit) throw new Error(`${hit} imported by ${context.parentURL}`);',
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
