import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const module = new URL('../../dist/core/heap-growth.js', import.meta.url).href;

/**
 * The most old space (MB) a process of its own commits while 100,000 objects stay alive and 12
 * rounds of 100,000 more live just long enough to be promoted, then die; `limit` calls
 * limitHeapGrowth() first, after start-up, as `serve` does.
 */
async function oldSpacePeakMb(limit: boolean): Promise<{ peakMb: number; set: boolean | null }> {
  const script = [
    "const { getHeapSpaceStatistics } = await import('node:v8');",
    'const live = Array.from({ length: 100_000 }, (_, i) => ({ i, s: `live ${i}` }));',
    `const set = ${limit} ? (await import(${JSON.stringify(module)})).limitHeapGrowth() : null;`,
    'let peak = 0;',
    'const ring = new Array(100_000);',
    'for (let round = 0; round < 12; round++) {',
    '  for (let i = 0; i < ring.length; i++) ring[i] = { i, s: `garbage ${round} ${i}` };',
    "  peak = Math.max(peak, getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_size);",
    '  await new Promise((resolve) => setImmediate(resolve));',
    '}',
    'console.log(JSON.stringify({ peakMb: peak / 1048576, set, live: live.length }));',
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 60_000 });
  const { peakMb, set } = JSON.parse(stdout) as { peakMb: number; set: boolean | null };
  return { peakMb, set };
}

describe('limitHeapGrowth', () => {
  it('keeps the old space near what is alive once set after start-up', async () => {
    const [byDefault, limited] = [await oldSpacePeakMb(false), await oldSpacePeakMb(true)];
    expect(limited.set).toBe(true);
    // V8's own factor let this workload's old space reach ~100 MB; capped at 50 %, ~50-60 MB.
    expect(limited.peakMb).toBeLessThan(0.75 * byDefault.peakMb);
  }, 120_000);

  it('leaves a heap growth the process was started with alone', async () => {
    const { limitHeapGrowth } = await import('./heap-growth.js');
    expect(limitHeapGrowth(50, ['--max-old-space-size=512', '--heap-growing-percent=80'])).toBe(false);
    expect(limitHeapGrowth(50, ['--heap_growing_percent=80'])).toBe(false);
  });
});
