import { describe, expect, it } from 'vitest';
import { CapWindows, capHour, cappedByRoute, type ReviewCandidate } from './review-caps.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1, 9);

let n = 0;
const candidate = (fields: Partial<ReviewCandidate> = {}): ReviewCandidate => {
  n++;
  return { traceId: `tr_${n}`, route: 'intents', ts: START, confidence: 0.3, reason: 'local: low confidence 0.30', textKey: `text ${n}`, ...fields };
};

describe('review caps', () => {
  it('groups candidates by route in code-point order, least confident first, with the hours of each UTC day they touch', () => {
    const late = candidate({ route: 'b', confidence: 0.4, ts: Date.UTC(2026, 0, 2, 3) });
    const batch = [candidate({ route: 'b', confidence: 0.45 }), candidate({ route: 'a', confidence: 0.2 }), late, candidate({ route: 'B', confidence: 0.05 }), candidate({ route: 'a', confidence: 0.2 })];
    const grouped = cappedByRoute(batch);
    expect(grouped.map((g) => [g.route, g.candidates.map((c) => c.confidence)])).toEqual([['B', [0.05]], ['a', [0.2, 0.2]], ['b', [0.4, 0.45]]]);
    expect(grouped[1]?.candidates.map((c) => c.traceId)).toEqual([batch[1]?.traceId, batch[4]?.traceId]); // ties keep their order
    const day = Math.floor(capHour(START) / 24) * 24;
    expect(grouped[2]?.hours).toEqual([{ from: day + 24, to: day + 48 }, { from: day, to: day + 24 }]);
  });

  it('admits while the hour and the UTC day have room, starting from what is stored', () => {
    const hour = capHour(START);
    const stored = (h: number, confidence: number, reviewed = false) => ({ traceId: `tr_s${h}_${confidence}`, hour: h, confidence, reviewed });
    const windows = new CapWindows({ per_hour: 3, per_day: 5 }, [stored(hour, 0.2), stored(hour, 0.4, true), stored(hour - 2, 0.1), stored(hour - 2, 0.45)]);
    const now = candidate({ confidence: 0.3 });
    expect(windows.admits(now)).toBe(true);
    windows.took(now);
    expect(windows.admits(candidate())).toBe(false); // 3 this hour
    expect(windows.admits(candidate({ ts: START + HOUR }))).toBe(false); // 5 this day
    expect(windows.admits(candidate({ ts: Date.UTC(2026, 0, 2) }))).toBe(true);
    expect(new CapWindows({ per_hour: 0, per_day: 50 }, []).admits(candidate())).toBe(false);
    // The hour is full: the most confident unreviewed sample of the hour (0.3; 0.4 is reviewed) gives way to a less confident one.
    expect(windows.displaced(candidate({ confidence: 0.35 }))).toBeUndefined();
    const lower = candidate({ confidence: 0.25 });
    const victim = windows.displaced(lower);
    expect(victim).toMatchObject({ traceId: now.traceId, confidence: 0.3 });
    windows.replaced(victim as NonNullable<typeof victim>, lower);
    expect(windows.displaced(candidate({ confidence: 0.22 }))).toMatchObject({ traceId: lower.traceId });
    // The day is full, the next hour is not: the day's most confident unreviewed sample (0.45, two hours ago).
    expect(windows.displaced(candidate({ ts: START + HOUR, confidence: 0.3 }))).toMatchObject({ confidence: 0.45 });
  });
});
