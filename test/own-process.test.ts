import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ownProcessFiles } from './own-process.js';

describe('ownProcessFiles', () => {
  const root = mkdtempSync(join(tmpdir(), 'switchyard-own-process-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('picks the test files that mock a module or measure the whole process, and no others', () => {
    const files: Record<string, string> = {
      'src/a/mocks.test.ts': "vi.mock('node:zlib', async () => ({}));",
      'src/a/later-mock.test.ts': "vi.doMock('./thing.js', () => ({}));",
      'src/b/cpu.test.ts': 'const started = cpuMs(); scan(text);',
      'src/b/heap.test.ts': 'const before = process.memoryUsage().heapUsed;',
      'test/c/plain.test.ts': "vi.spyOn(console, 'log'); vi.fn();",
      'test/c/helper.ts': "vi.mock('node:fs');",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(root, file, '..'), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    expect(ownProcessFiles(root, ['src', 'test'])).toEqual(['src/a/later-mock.test.ts', 'src/a/mocks.test.ts', 'src/b/cpu.test.ts', 'src/b/heap.test.ts']);
  });

  it('names the two files a shared worker failed (docs/measurements.md)', () => {
    const root = join(import.meta.dirname, '..');
    expect(ownProcessFiles(root, ['src', 'test'])).toEqual(expect.arrayContaining(['src/tokens/pdf-tokens.test.ts', 'src/guardrails/injection/detector.test.ts']));
  });
});
