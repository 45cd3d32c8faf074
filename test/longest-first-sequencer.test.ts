import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { LongestFirstSequencer } from './longest-first-sequencer.js';

const root = mkdtempSync(join(tmpdir(), 'switchyard-sequencer-'));
mkdirSync(join(root, 'test'));
writeFileSync(join(root, 'test/file-durations.json'), JSON.stringify({ files: { 'a.test.ts': 10, 'b.test.ts': 300, 'c.test.ts': 20, 'mock.test.ts': 5, 'cpu.test.ts': 50 } }));

// What the sequencer reads of vitest: the root, its results cache (empty after `npm ci`), and
// each file's path and project.
const ctx = { config: { root }, cache: { getFileTestResults: () => undefined, getFileStats: () => undefined } } as unknown as Vitest;
const spec = (file: string, isolate: boolean) => ({ moduleId: join(root, file), project: { name: isolate ? 'isolated' : 'shared', config: { isolate, sequence: { groupOrder: 0 } } } }) as unknown as TestSpecification;
const files = [spec('a.test.ts', false), spec('mock.test.ts', true), spec('b.test.ts', false), spec('new.test.ts', false), spec('cpu.test.ts', true), spec('c.test.ts', false)];
const names = (sorted: TestSpecification[]) => sorted.map((file) => file.moduleId.slice(root.length + 1));

describe('LongestFirstSequencer', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => vi.unstubAllEnvs());

  it('starts the isolated files first, then the shared ones; each the longest first, files without figures before them', async () => {
    // Unshuffled even in a run that shuffles the files (the variable reaches the workers).
    vi.stubEnv('SWITCHYARD_TEST_SHUFFLE', '');
    expect(names(await new LongestFirstSequencer(ctx).sort(files))).toEqual(['cpu.test.ts', 'mock.test.ts', 'new.test.ts', 'b.test.ts', 'c.test.ts', 'a.test.ts']);
  });

  it('shuffles each group the same way for the same SWITCHYARD_TEST_SHUFFLE seed, another way for another', async () => {
    const orders = [];
    for (const seed of ['1', '1', '2', '3', '4']) {
      vi.stubEnv('SWITCHYARD_TEST_SHUFFLE', seed);
      orders.push(names(await new LongestFirstSequencer(ctx).sort(files)));
    }
    expect(orders[1]).toEqual(orders[0]);
    for (const order of orders) {
      expect(order.slice(0, 2).sort()).toEqual(['cpu.test.ts', 'mock.test.ts']);
      expect(order.slice(2).sort()).toEqual(['a.test.ts', 'b.test.ts', 'c.test.ts', 'new.test.ts']);
    }
    expect(new Set(orders.map((order) => order.join())).size).toBeGreaterThan(1);
  });
});
