import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { buildOnce } from './build-once.js';

/** A stand-in for `vite build`: slow enough to overlap, writes its assets before its index. */
function fakeBuild(log: string[]) {
  return async (into: string) => {
    log.push(into);
    mkdirSync(into, { recursive: true });
    writeFileSync(join(into, 'app.js'), 'app');
    await sleep(150);
    writeFileSync(join(into, 'index.html'), `<html>${log.length}</html>`);
  };
}

function place() {
  const dir = mkdtempSync(join(tmpdir(), 'sy-build-once-'));
  return { dir, output: join(dir, 'dist'), marker: 'index.html', lock: join(dir, '.dist.lock'), pollMs: 20 };
}

describe('buildOnce (the e2e tests\' dashboard build)', () => {
  it('builds once when several start at once; the others wait for the complete build', async () => {
    const at = place();
    const builds: string[] = [];
    const seen: string[][] = [];
    await Promise.all([1, 2, 3].map(async () => {
      await buildOnce({ ...at, build: fakeBuild(builds) });
      seen.push(readdirSync(at.output).sort());
    }));
    expect(builds).toHaveLength(1);
    // Everyone found the whole build (assets and index), and no staging folder or lock is left.
    expect(seen).toEqual([['app.js', 'index.html'], ['app.js', 'index.html'], ['app.js', 'index.html']]);
    expect(readdirSync(at.dir)).toEqual(['dist']);
    await buildOnce({ ...at, build: fakeBuild(builds) });
    expect(builds).toHaveLength(1);
  });

  it('builds again when a source changed after the build, and not otherwise', async () => {
    const at = place();
    const src = join(at.dir, 'src');
    mkdirSync(join(src, 'pages'), { recursive: true });
    writeFileSync(join(src, 'pages', 'page.tsx'), 'old');
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(src, 'pages', 'page.tsx'), old, old);
    const builds: string[] = [];
    await buildOnce({ ...at, sources: [src], build: fakeBuild(builds) });
    await buildOnce({ ...at, sources: [src], build: fakeBuild(builds) });
    expect(builds).toHaveLength(1);
    // A page edited after the build (a rebase onto main that changed web/src).
    writeFileSync(join(src, 'pages', 'page.tsx'), 'new');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(src, 'pages', 'page.tsx'), later, later);
    await buildOnce({ ...at, sources: [src], build: fakeBuild(builds) });
    expect(builds).toHaveLength(2);
    expect(readFileSync(join(at.output, 'index.html'), 'utf8')).toBe('<html>2</html>');
  });

  it('takes over a lock left by a process that is gone, and leaves none after a failed build', async () => {
    const at = place();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(at.lock, gone);
    const builds: string[] = [];
    await buildOnce({ ...at, build: fakeBuild(builds) });
    expect(builds).toHaveLength(1);
    expect(readFileSync(join(at.output, 'index.html'), 'utf8')).toBe('<html>1</html>');

    const broken = place();
    await expect(buildOnce({ ...broken, build: async () => { throw new Error('vite failed'); } })).rejects.toThrow('vite failed');
    await expect(buildOnce({ ...broken, build: async (into) => void mkdirSync(into) })).rejects.toThrow('the build wrote no index.html');
    expect(existsSync(broken.lock)).toBe(false);
    expect(readdirSync(broken.dir)).toEqual([]);
  });

  it('waits for a live build it does not own, and says which lock to delete when it never ends', async () => {
    const at = place();
    writeFileSync(at.lock, String(process.pid));
    await expect(buildOnce({ ...at, waitMs: 100, build: fakeBuild([]) })).rejects.toThrow(`for the build that holds ${at.lock} (process ${process.pid}); delete the file if no build is running`);
    expect(existsSync(at.output)).toBe(false);
  });
});
