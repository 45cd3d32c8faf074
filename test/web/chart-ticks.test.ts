import { describe, expect, it } from 'vitest';
import { axisWidth, timeSteps, timeTicks } from '../../web/src/chart-ticks.js';
import { branchShares } from '../../web/src/branch-shares.js';

describe('timeTicks (the time charts\' x-axis labels)', () => {
  it('never steps ticks finer than their labels: whole minutes from ten minutes up, days past two days', () => {
    expect(timeSteps(40_000)[0]).toBe(1);
    expect(timeSteps(720_000)[0]).toBe(60);
    expect(timeSteps(3 * 86_400_000)[0]).toBe(86_400);
    // A 12-minute chart at its finest step: every tick has a label of its own (30 s steps left every other one blank).
    const start = new Date(2026, 11, 1, 9, 48, 0).getTime();
    const step = (timeSteps(720_000)[0] as number) * 1000;
    const ticks = Array.from({ length: 12 }, (_, i) => start + i * step);
    const labels = timeTicks(ticks, 720_000);
    expect(labels.every((l) => /^\d\d:\d\d$/.test(l))).toBe(true);
    expect(timeTicks([start, start + 30_000], 720_000)).toEqual(['09:48', '']);
  });

  it('shows seconds when a chart spans under ten minutes, so ticks in one minute do not repeat', () => {
    const start = new Date(2026, 11, 1, 9, 48, 0).getTime();
    const ticks = [0, 10_000, 20_000, 30_000].map((dt) => start + dt);
    const labels = timeTicks(ticks, 40_000);
    expect(labels).toEqual(['09:48:00', '09:48:10', '09:48:20', '09:48:30']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('keeps hours and minutes on longer spans, and days beyond two days', () => {
    const start = new Date(2026, 11, 1, 14, 5, 0).getTime();
    expect(timeTicks([start, start + 1_800_000], 3_600_000)).toEqual(['14:05', '14:35']);
    expect(timeTicks([start], 3 * 86_400_000)).toEqual(['Dec 1']);
  });

  it('leaves blank a tick whose label would repeat the one before (points under a second apart)', () => {
    const start = new Date(2026, 11, 1, 9, 48, 0).getTime();
    expect(timeTicks([start, start + 200, start + 400, start + 1_000], 1_000)).toEqual(['09:48:00', '', '', '09:48:01']);
  });
});

describe('axisWidth and branchShares (the routes page\'s share chart)', () => {
  it('gives a percent sign the room it takes: "100%" is wider than four digits', () => {
    expect(axisWidth(['0%', '50%', '100%'])).toBeGreaterThan(axisWidth(['0', '50', '1000']));
    expect(axisWidth(['0', '500'])).toBe(axisWidth([]));
  });

  it("gives each branch's share of the route's requests per step, a gap where the route had none", () => {
    expect(branchShares([{ label: 'a', values: [3, 0, null] }, { label: 'b', values: [1, 0, 2] }])).toEqual([
      { label: 'a', values: [0.75, null, 0] },
      { label: 'b', values: [0.25, null, 1] },
    ]);
  });
});
