import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdir -p`: creates `dir` and the folders above it that are missing. Not Node's
 * `mkdirSync(dir, { recursive: true })`, which on Node 20 loops for ever when the system answers
 * "not found" under a folder that exists (`/proc/nope/x`, a dangling symlink, a stale mount): a
 * store path there hung `serve` past SIGTERM. Here each level is made on its own, so such a path
 * fails with the system's own error (ENOENT, EACCES, ENOTDIR) naming it.
 *
 * @example makeDirs('.switchyard/cache') // creates .switchyard, then .switchyard/cache
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let at = dir; !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      // Made meanwhile by another process (two replicas starting on one folder): fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
