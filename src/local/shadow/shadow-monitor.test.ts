import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { ShadowMonitor } from './shadow-monitor.js';

function monitor(overrides: Partial<ConstructorParameters<typeof ShadowMonitor>[0]> = {}) {
  let now = 1_000_000;
  const m = new ShadowMonitor({ now: () => now, random: seededRandom(1), sampleRate: 1, windowMs: 60_000, minPrecision: 0.95, minSamples: 50, ...overrides });
  return { m, advance: (ms: number) => (now += ms) };
}

/** `n` shadowed local answers of which `right` agree with the teacher. */
function feed(m: ShadowMonitor, n: number, right: number, escalatedToo = 0): void {
  for (let i = 0; i < n; i++) {
    m.recordRequest(true);
    m.recordShadow('card_arrival', i < right ? 'card_arrival' : 'card_delivery_estimate');
  }
  for (let i = 0; i < escalatedToo; i++) m.recordRequest(false);
}

describe('ShadowMonitor', () => {
  it('reports live precision and coverage over the window', () => {
    const { m } = monitor();
    feed(m, 80, 78, 20);
    const r = m.report();
    expect(r).toMatchObject({ requests: 100, answeredLocally: 80, coverage: 0.8, shadowed: 80, agreed: 78, precision: 0.975, demote: false });
    expect(r.precisionLow).toBeLessThan(0.975);
    expect(r.precisionHigh).toBeGreaterThan(0.975);
    expect(r.reason).toContain('consistent with the bar of 95.0%');
  });

  it('signals demotion when a degraded model is credibly below the bar', () => {
    const { m } = monitor();
    feed(m, 200, 170);
    const r = m.report();
    expect(r.demote).toBe(true);
    expect(r.precisionHigh).toBeLessThan(0.95);
    expect(r.reason).toMatch(/^live precision 85\.0% \(170\/200, interval .*\) is credibly below the bar of 95\.0%$/);
  });

  it('does not demote on a few unlucky disagreements or a sample too small to judge', () => {
    const { m } = monitor();
    feed(m, 30, 24);
    expect(m.report()).toMatchObject({ demote: false, precision: 0.8 });
    expect(m.report().reason).toContain('fewer than 50 shadowed answers, too few to judge');
    const borderline = monitor().m;
    feed(borderline, 100, 93);
    expect(borderline.report().demote).toBe(false);
  });

  it('forgets answers older than the window', () => {
    const { m, advance } = monitor();
    feed(m, 200, 150);
    expect(m.report().demote).toBe(true);
    advance(61_000);
    feed(m, 100, 100);
    expect(m.report()).toMatchObject({ shadowed: 100, agreed: 100, demote: false });
    advance(120_000);
    expect(m.report()).toMatchObject({ requests: 0, shadowed: 0, precision: null, coverage: 0 });
  });

  it('samples locally answered requests at the configured rate using the injected random', () => {
    const { m } = monitor({ sampleRate: 0.1, random: seededRandom(42) });
    let sampled = 0;
    for (let i = 0; i < 10_000; i++) if (m.shouldShadow()) sampled++;
    expect(sampled).toBeGreaterThan(900);
    expect(sampled).toBeLessThan(1100);
    expect(monitor({ sampleRate: 0 }).m.shouldShadow()).toBe(false);
  });

  it('refuses nonsense settings by name', () => {
    expect(() => monitor({ sampleRate: 2 })).toThrow('shadow monitor sampleRate must be from 0 to 1, got 2');
    expect(() => monitor({ windowMs: 10 })).toThrow('shadow monitor windowMs must be at least 1000, got 10');
  });
});
