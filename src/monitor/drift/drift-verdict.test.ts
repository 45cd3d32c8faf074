import { describe, expect, it } from 'vitest';
import { formatDrift } from '../../cli/monitor/print-drift.js';
import type { DriftReport, FeatureDrift } from './drift-types.js';
import { driftVerdict } from './drift-verdict.js';

const feature = (name: string, extra: Partial<FeatureDrift>): FeatureDrift =>
  ({ feature: name, test: 'ks', statistic: 0, pValue: 1, effect: 0, drifted: false, summary: `${name}: unchanged`, ...extra }) as FeatureDrift;

const report = (features: FeatureDrift[], drifted = false): DriftReport => ({
  id: 'drift_1',
  createdAt: 0,
  route: 'support',
  reference: { since: 0, until: 1, count: 0 },
  current: { since: 1, until: 2, count: 1 },
  drifted,
  score: 0,
  pThreshold: 0.01,
  headline: [],
  features,
  risingTerms: [],
  topicModel: null,
});

describe('driftVerdict', () => {
  it('says "not tested" when every test was skipped for too few values, not "no drift"', () => {
    const untested = report([feature('latency_ms', { skipped: 'fewer than 30 values in a window' }), feature('language', { constant: true })]);
    expect(driftVerdict(untested)).toBe('not tested');
    const text = formatDrift({ ...untested, topicModel: { fittedAt: 0, topics: 13, source: 'fitted on both windows' } });
    expect(text).toMatch(/^not tested on route support/);
    expect(text).toContain('too few traces to test (fewer than 30 values in a window): wait for more traffic');
    expect(text).not.toContain('no drift');
    // No table of dashes under it: every row would be the same skipped test.
    expect(text).not.toContain('│');
    // Nor a topic model's line, which read as if the windows had been compared.
    expect(text).not.toContain('topics:');
  });

  it('names a route without a single trace in either window as a likely misspelt name', () => {
    const empty = { ...report([feature('latency_ms', { skipped: 'fewer than 30 values in a window' })]), route: 'suport', current: { since: 1, until: 2, count: 0 } };
    expect(formatDrift(empty).split('\n')[1]).toBe('  • no traces of "suport" in either window: check the name (switchyard routes lists the routes with traffic), widen --current or --reference, or --backfill stored traces');
    expect(formatDrift({ ...empty, route: null })).toContain('too few traces to test');
    expect(formatDrift(empty, { meant: 'support' }).split('\n')[1]).toBe('  • no traces of "suport" in either window (did you mean "support"?): check the name (switchyard routes lists the routes with traffic), widen --current or --reference, or --backfill stored traces');
  });

  it('says when every trace is in the current window, and how to move the reference onto them', () => {
    const young = { ...report([feature('latency_ms', { skipped: 'fewer than 30 values in a window' })]), current: { since: 1, until: 2, count: 496 } };
    expect(formatDrift(young).split('\n')[2]).toBe(
      '  • the reference window holds none of them, the current one 496 traces: a shorter --current (e.g. --current 1h, the reference then ending an hour ago) compares the latest traffic with what came before it',
    );
    expect(formatDrift({ ...young, reference: { since: 0, until: 1, count: 3 } })).not.toContain('the reference window holds none');
    // A reference pinned away from the current window (--reference-since/--reference-until): a
    // shorter --current would not move it.
    const pinned = { ...young, reference: { since: 0, until: 0.5, count: 0 } };
    expect(formatDrift(pinned).split('\n')[2]).toBe(
      '  • the reference window holds none of them, the current one 496 traces: move --reference-since/--reference-until to a time with traffic (switchyard traces lists when), or leave them out for the window just before the current one',
    );
  });

  it('says "no drift" once any feature was tested, and "drift" when one moved', () => {
    expect(driftVerdict(report([feature('latency_ms', {}), feature('cost_usd', { skipped: 'fewer than 30 values in a window' })]))).toBe('no drift');
    expect(driftVerdict(report([feature('language', { constant: true })]))).toBe('no drift');
    expect(driftVerdict(report([feature('latency_ms', { drifted: true })], true))).toBe('drift');
    expect(formatDrift(report([feature('latency_ms', {})]))).toMatch(/^no drift on route support/);
  });
});
