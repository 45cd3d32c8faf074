import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeChunks } from './write-chunks.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function outPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-write-chunks-'));
  dirs.push(dir);
  return join(dir, 'out.jsonl');
}

describe('writeChunks to --out FILE', () => {
  it('writes every chunk in order', async () => {
    const path = outPath();
    async function* lines() {
      for (let i = 0; i < 3_000; i++) yield `{"i":${i}}\n`;
    }
    await writeChunks(path, lines());
    const written = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(written).toHaveLength(3_000);
    expect(written[2_999]).toBe('{"i":2999}');
  });

  it('removes the file when the source fails part-way, and passes the failure on', async () => {
    const path = outPath();
    async function* failing() {
      yield '{"i":0}\n';
      yield '{"i":1}\n';
      throw new Error('the store closed mid-export');
    }
    await expect(writeChunks(path, failing())).rejects.toThrow('the store closed mid-export');
    // A half-written export left behind reads as a whole one with fewer examples.
    expect(existsSync(path)).toBe(false);
  });

  it('names the flag and the path it cannot write before asking the source for anything', async () => {
    let asked = false;
    async function* lines() {
      asked = true;
      yield 'x\n';
    }
    await expect(writeChunks(join(outPath(), 'nested', 'out.jsonl'), lines(), '--out')).rejects.toThrow(/cannot write --out .*nested/);
    expect(asked).toBe(false);
  });

  it('ends quietly and stops reading its source when the reader of a FIFO named by --out leaves', async () => {
    const fifo = outPath();
    execFileSync('mkfifo', [fifo]);
    // The reader is there before the writer opens (a nonblocking open needs no writer), reads the first line, and goes.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    let asked = 0;
    let returned = false;
    async function* endless() {
      try {
        yield 'first\n';
        await new Promise((resolve) => setImmediate(resolve));
        closeSync(reader);
        // Never ends by itself: only the writer stopping the source ends this test.
        for (;;) {
          asked++;
          yield 'more\n';
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        returned = true;
      }
    }
    const read = Buffer.alloc(16);
    const written = writeChunks(fifo, (async function* () {
      const source = endless();
      const first = await source.next();
      yield first.value as string;
      // The first line reached the FIFO before the reader leaves.
      for (let n = 0; n === 0; ) {
        await new Promise((resolve) => setImmediate(resolve));
        try {
          n = readSync(reader, read);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
        }
      }
      yield* source;
    })());
    // It was an 'error' event no one listened to: the process crashed with EPIPE's stack trace.
    await expect(written).resolves.toBeUndefined();
    expect(read.toString('utf8', 0, 6)).toBe('first\n');
    expect(returned).toBe(true);
    expect(asked).toBeGreaterThan(0);
  });

  it('names the flag and the path when the disk fails a write part-way, and passes it on instead of crashing', async () => {
    async function* lines() {
      yield 'x\n';
      // The write fails after it returned: the next chunk is asked for first.
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield 'y\n';
      await new Promise((resolve) => setTimeout(resolve, 20));
      yield 'z\n';
    }
    await expect(writeChunks('/dev/full', lines(), '--out')).rejects.toThrow(/^cannot write --out \/dev\/full: .*ENOSPC/);
  });
});
