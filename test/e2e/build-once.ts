import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface BuildOnceOptions {
  /** The folder the build produces (web/dist). */
  output: string;
  /** The file inside `output` whose presence means the build is there (index.html). */
  marker: string;
  /** Held while one process builds; the others wait for `output` instead of building again. */
  lock: string;
  /**
   * Files or folders the build reads: a marker older than any of them is a stale build, made again
   * (a checkout whose web/src moved on kept serving the old dashboard, and a new page's test failed).
   */
  sources?: string[];
  /** Builds into the folder it is given (never `output` itself, so no one sees half a build). */
  build: (into: string) => Promise<void>;
  /** How long to wait for another process's build before giving up (default 5 minutes). */
  waitMs?: number;
  /** How often a waiting process looks again (default 250 ms). */
  pollMs?: number;
}

/**
 * Builds `output` unless it is there, once across processes: test files started at once (vitest
 * runs two at a time) would otherwise each start a build, and a second build empties the folder
 * the first one's tests are already serving. One process holds `lock` and builds into a folder of
 * its own, renamed into place when complete; the others wait for the marker. A lock whose process
 * is gone (killed mid-build) is taken over.
 *
 * @example await buildOnce({ output: 'web/dist', marker: 'index.html', lock: 'web/.dist.lock', build: viteBuild })
 */
export async function buildOnce(options: BuildOnceOptions): Promise<void> {
  const done = `${options.output}/${options.marker}`;
  const deadline = Date.now() + (options.waitMs ?? 300_000);
  const built = () => existsSync(done) && !newerThan(statSync(done).mtimeMs, options.sources ?? []);
  while (!built()) {
    if (takeLock(options.lock)) {
      try {
        if (!built()) await buildAndPublish(options);
      } finally {
        rmSync(options.lock, { force: true });
      }
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`waited ${Math.round((options.waitMs ?? 300_000) / 1000)} s for the build that holds ${options.lock} (process ${lockHolder(options.lock) ?? 'unknown'}); delete the file if no build is running`);
    }
    await sleep(options.pollMs ?? 250);
  }
}

async function buildAndPublish(options: BuildOnceOptions): Promise<void> {
  const staging = `${options.output}.building-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  try {
    await options.build(staging);
    if (!existsSync(`${staging}/${options.marker}`)) throw new Error(`the build wrote no ${options.marker}`);
    // Under the lock nobody else publishes: an output without its marker is a broken earlier build.
    rmSync(options.output, { recursive: true, force: true });
    renameSync(staging, options.output);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Whether any file under `paths` was changed after `time` (ms). */
function newerThan(time: number, paths: readonly string[]): boolean {
  return paths.some((path) => {
    if (!existsSync(path)) return false;
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.mtimeMs > time;
    return readdirSync(path).some((name) => newerThan(time, [join(path, name)]));
  });
}

/** Creates the lock file (with this process's id) unless it exists; removes one left by a process that is gone. */
function takeLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = lockHolder(lock);
  // Taken over on the next look, not now: an empty file is a lock whose id is still being written.
  if (holder !== undefined && !isRunning(holder)) rmSync(lock, { force: true });
  return false;
}

function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
