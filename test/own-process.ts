import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What makes a test file unsafe to run in a worker that earlier files have used (vitest's
 * `isolate: false`, the 'shared' project in vitest.config.ts), so it gets a process of its own:
 * - a module mock (`vi.mock`/`vi.doMock`): it cannot reach a module an earlier file already
 *   imported (src/tokens/pdf-tokens.test.ts saw no inflate through its mocked `node:zlib`), and
 *   without isolation the mock stays registered for the files after it;
 * - a measure of the whole process (`cpuMs`, `process.cpuUsage`, `memoryUsage`, the heap, `gc`):
 *   it would count the threads, timers and garbage earlier files left behind
 *   (src/guardrails/injection/detector.test.ts measured 1.57 ms a score against its 1 ms bar).
 */
const NEEDS_OWN_PROCESS = /\bvi\.(?:mock|doMock|unmock|doUnmock)\(|\bcpuMs\(|\bprocess\.(?:cpuUsage|memoryUsage|resourceUsage)\(|\bgetHeapStatistics\(|\b(?:global|globalThis)\.gc\b|--expose-gc/;

/** Files the rule above does not catch that must not share a process, each with its reason. */
const ALSO_OWN_PROCESS: readonly string[] = [
  // @openai/agents' tracing adds SIGINT, SIGTERM, unhandledRejection and beforeExit listeners to
  // the process when it starts (which exit the process when they are its only ones): they would
  // stay for every file after it in a shared worker (seen with SWITCHYARD_TEST_LEAKS).
  'test/gateway/openai-agents.test.ts',
];

/**
 * The test files under `dirs` (paths from `root`, as `include` takes them) that run in a fresh
 * process each.
 *
 * @example ownProcessFiles(root, ['src', 'test']) // ['src/tokens/pdf-tokens.test.ts', …]
 */
export function ownProcessFiles(root: string, dirs: readonly string[]): string[] {
  const files = dirs.flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.test.ts') && !path.split(/[\\/]/).includes('node_modules'))
      .map((path) => `${dir}/${path.replaceAll('\\', '/')}`),
  );
  return files.filter((file) => ALSO_OWN_PROCESS.includes(file) || NEEDS_OWN_PROCESS.test(readFileSync(join(root, file), 'utf8'))).sort();
}
