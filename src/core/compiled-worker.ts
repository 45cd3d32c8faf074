import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled script of a worker thread, given its URL next to the calling module. Under vitest
 * the caller runs from src/*.ts, which a worker cannot load, so the URL then points at the same
 * file in dist/ (`npm test` builds first).
 *
 * @example new Worker(compiledWorker(new URL('./train-worker.js', import.meta.url)))
 */
export function compiledWorker(entry: URL): URL {
  if (existsSync(fileURLToPath(entry))) return entry;
  return new URL(entry.href.replace('/src/', '/dist/'));
}
