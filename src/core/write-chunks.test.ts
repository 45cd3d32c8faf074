import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
});
