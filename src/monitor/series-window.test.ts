import { describe, expect, it } from 'vitest';
import { monitorStep, recentStart, seriesWindow } from './series-window.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 11, 2, 16, 0, 30);

describe('monitorStep', () => {
  it('takes the finest whole step that draws the span in at most 24 points', () => {
    expect([5 * MIN, HOUR, DAY, 7 * DAY, 30 * DAY].map(monitorStep)).toEqual([MIN, 5 * MIN, HOUR, 12 * HOUR, DAY]);
  });
});

describe('recentStart', () => {
  const week = { since: now - 7 * DAY, until: now };
  it('starts at the first event when all of the range’s traffic is in its last quarter and a finer step draws it', () => {
    expect(recentStart(week, now - 2 * MIN, monitorStep)).toBe(now - 2 * MIN);
    expect(recentStart(week, now - DAY, monitorStep)).toBe(now - DAY);
  });
  it('keeps the whole range when the traffic spreads over more than a quarter of it, or there is none', () => {
    expect(recentStart(week, now - 2 * DAY, monitorStep)).toBeUndefined();
    expect(recentStart(week, undefined, monitorStep)).toBeUndefined();
    expect(recentStart(week, week.since - 1, monitorStep)).toBeUndefined();
  });
  it('keeps the whole range when the stretch would take the same step, coarser than the finest', () => {
    // Three days of a 30-day range, with hours only under two days: a day per step either way.
    expect(recentStart({ since: now - 30 * DAY, until: now }, now - 3 * DAY, (span) => (span < 2 * DAY ? HOUR : DAY))).toBeUndefined();
  });
  it('starts at the traffic when the range is at the finest step already: five minutes of an hour are not a sliver', () => {
    const minutes = () => MIN;
    expect(recentStart({ since: now - HOUR, until: now }, now - 5 * MIN, minutes)).toBe(now - 5 * MIN);
    expect(recentStart({ since: now - HOUR, until: now }, now - 20 * MIN, minutes)).toBeUndefined(); // a third of it
  });
});

describe('seriesWindow', () => {
  const week = { since: now - 7 * DAY, until: now, stepMs: monitorStep(7 * DAY) };
  it('draws a minute of traffic in a week from the minute it started, per minute', () => {
    expect(seriesWindow(week, now - 45_000, monitorStep)).toEqual({ seriesSince: now - 30_000 - MIN, stepMs: MIN });
  });
  it('starts a step early rather than draw a single slot (no time axis, no line)', () => {
    // All of it within the current minute (now is hh:00:30).
    expect(seriesWindow(week, now - 20_000, monitorStep)).toEqual({ seriesSince: now - 30_000 - MIN, stepMs: MIN });
  });
  it('keeps the range and its step without zoom, or when the traffic is not recent', () => {
    expect(seriesWindow(week, now - 45_000)).toEqual({ seriesSince: week.since, stepMs: 12 * HOUR });
    expect(seriesWindow(week, now - 3 * DAY, monitorStep)).toEqual({ seriesSince: week.since, stepMs: 12 * HOUR });
  });
});
