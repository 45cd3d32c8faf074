import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeDirs } from './make-dirs.js';

const root = mkdtempSync(join(tmpdir(), 'make-dirs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('makeDirs', () => {
  it('creates every missing level and accepts a folder that exists', () => {
    const deep = join(root, 'a', 'b', 'c');
    makeDirs(deep);
    expect(existsSync(deep)).toBe(true);
    expect(() => makeDirs(deep)).not.toThrow();
  });

  it('fails with the system error where Node 20 recursive mkdir loops for ever (a path under /proc)', () => {
    expect(() => makeDirs('/proc/switchyard-nope/x')).toThrow(/ENOENT.*\/proc\/switchyard-nope/);
  });

  it('names a file standing where a folder should be', () => {
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeDirs(join(root, 'file', 'sub'))).toThrow(/ENOTDIR/);
  });
});
