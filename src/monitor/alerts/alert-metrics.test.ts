import { describe, expect, it } from 'vitest';
import { alertRuleSchema } from '../../config/monitor-schema.js';
import { makeSignal } from '../test-signals.js';
import { metricValue } from './alert-metrics.js';

const rule = (fields: Record<string, unknown>) => alertRuleSchema.parse({ name: 'r', threshold: 1, ...fields });
const scored = (n: number, score: number, prefix: string) => Array.from({ length: n }, (_, i) => makeSignal({ traceId: `${prefix}${i}`, scores: { helpful: score, grounded: score } }));

describe('alert metrics', () => {
  it('quality_drop is the mean score of the window before minus this one, and needs min_requests scored traces in both', () => {
    const drop = rule({ metric: 'quality_drop', min_requests: 5 });
    expect(metricValue(drop, scored(10, 0.6, 'now'), [], { previous: scored(10, 0.9, 'before') })).toEqual({ value: expect.closeTo(0.3, 10), requests: 10 });
    // A rise is a negative drop: the rule does not fire on improvement.
    expect(metricValue(drop, scored(10, 0.9, 'now'), [], { previous: scored(10, 0.6, 'before') }).value).toBeCloseTo(-0.3, 10);
    const thin = metricValue(drop, scored(10, 0.6, 'now'), [], { previous: scored(4, 0.9, 'before') });
    expect(thin).toMatchObject({ value: null, reason: expect.stringMatching(/10 scored traces in the window and 4 in the one before, fewer than min_requests 5/) });
  });

  it('budget_burn_rate compares spend per hour with the pace that spends the budget exactly over its period', () => {
    // $1 in one hour against $24 a day: exactly on pace.
    const hour = rule({ metric: 'budget_burn_rate', key: 'app', window_minutes: 60 });
    const spend = (usd: number, n = 10) => Array.from({ length: n }, (_, i) => makeSignal({ traceId: `s${i}`, costUsd: usd / n }));
    expect(metricValue(hour, spend(1), [], { budget: { usd: 24, period: 'daily' } }).value).toBeCloseTo(1, 10);
    // $4 in an hour against $24 a day would empty it in six hours: burn rate 4.
    expect(metricValue(hour, spend(4), [], { budget: { usd: 24, period: 'daily' } }).value).toBeCloseTo(4, 10);
    // A monthly budget counts 30 days: $300 a month is $10 a day, so $10 in a day is on pace.
    const day = rule({ metric: 'budget_burn_rate', team: 'web', window_minutes: 1_440 });
    expect(metricValue(day, spend(10), [], { budget: { usd: 300, period: 'monthly' } }).value).toBeCloseTo(1, 10);
    expect(metricValue(hour, spend(1), [], { budget: { usd: 24, period: 'total' } })).toMatchObject({ value: null, reason: expect.stringMatching(/daily or monthly budget/) });
    expect(metricValue(hour, spend(1), [])).toMatchObject({ value: null });
  });

  it('trace_backlog is the writer backlog read when the rule is checked', () => {
    const backlog = rule({ metric: 'trace_backlog', threshold: 5_000 });
    expect(metricValue(backlog, [], [], { traceBacklog: 12_345 })).toEqual({ value: 12_345, requests: 0 });
    expect(metricValue(backlog, [], [])).toMatchObject({ value: null, reason: expect.stringMatching(/backlog is not known/) });
  });
});
