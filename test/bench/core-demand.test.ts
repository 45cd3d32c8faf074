import { describe, expect, it } from 'vitest';

// bench:gateway's helper (plain JavaScript, so imported by URL with its type stated here).
const { coreDemand, cpuBudgetMs } = (await import(new URL('../../bench/core-demand.mjs', import.meta.url).href)) as {
  coreDemand: (gatewayCpuMsPerRequest: number | null | undefined, floorReqPerSec: number | null | undefined) => number | null;
  cpuBudgetMs: (floorReqPerSec: number | null | undefined, share?: number) => number | null;
};

describe('coreDemand', () => {
  it("is the gateway's CPU per request times the floor's req/s, in cores", () => {
    // The 2026-12-05 00:07 run: SQLite 0.413 ms a request against a floor at 2,797 req/s.
    expect(coreDemand(0.413, 2797.1)).toBeCloseTo(1.155, 3);
    // The 01:32 run: 0.233 ms against 2,505.9 req/s, under its core.
    expect(coreDemand(0.233, 2505.9)).toBeCloseTo(0.584, 3);
  });

  it('is null when a figure is missing or not positive', () => {
    expect(coreDemand(null, 2500)).toBeNull();
    expect(coreDemand(0.3, undefined)).toBeNull();
    expect(coreDemand(0, 2500)).toBeNull();
    expect(coreDemand(0.3, -1)).toBeNull();
  });
});

describe('cpuBudgetMs', () => {
  it("is the CPU per request that asks `share` of a core at the floor's rate", () => {
    expect(cpuBudgetMs(2797.1)).toBeCloseTo(0.25, 3);
    expect(cpuBudgetMs(2000, 0.8)).toBeCloseTo(0.4, 3);
    // And it inverts coreDemand.
    expect(coreDemand(cpuBudgetMs(2505.9, 0.7), 2505.9)).toBeCloseTo(0.7, 2);
  });

  it('is null without a floor rate', () => {
    expect(cpuBudgetMs(0)).toBeNull();
    expect(cpuBudgetMs(null)).toBeNull();
  });
});
