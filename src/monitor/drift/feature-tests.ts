import { chiSquareHomogeneity } from '../stats/chi-square.js';
import { kolmogorovSmirnov, summarize } from '../stats/kolmogorov-smirnov.js';
import { populationStabilityIndex, shareChanges } from '../stats/psi.js';
import type { TraceSignal } from '../signals/trace-signal.js';
import type { DriftThresholds, FeatureDrift } from './drift-types.js';
import { percent } from '../../core/percent.js';
import { pValue } from '../../evals/report/format-numbers.js';

/** A categorical feature: the category of a signal, or undefined to leave it out. */
export type CategoryOf = (signal: TraceSignal) => string | undefined;
/** A numeric feature: the value of a signal, or undefined to leave it out. */
export type NumberOf = (signal: TraceSignal) => number | undefined;

function counts(signals: readonly TraceSignal[], of: CategoryOf): Record<string, number> {
  // No prototype: categories are a local model's labels (from a user's data file) and upstream
  // finish reasons, and "constructor" read Object itself as a count here and in the statistics
  // (a label in one window only), "__proto__" was not counted at all.
  const out = Object.create(null) as Record<string, number>;
  for (const s of signals) {
    const c = of(s);
    if (c !== undefined) out[c] = (out[c] ?? 0) + 1;
  }
  return out;
}

/**
 * Compares a categorical feature: chi-square homogeneity for significance, PSI for size, and the
 * categories whose share moved most.
 *
 * @example testCategories('finish_reason', ref, cur, (s) => s.finishReason ?? undefined, thresholds, pThreshold, (c) => c)
 */
export function testCategories(feature: string, reference: readonly TraceSignal[], current: readonly TraceSignal[], of: CategoryOf, thresholds: DriftThresholds, pThreshold: number, label: (category: string) => string): FeatureDrift {
  const r = counts(reference, of);
  const c = counts(current, of);
  const nRef = Object.values(r).reduce((a, b) => a + b, 0);
  const nCur = Object.values(c).reduce((a, b) => a + b, 0);
  const base = { feature, kind: 'categories' as const, test: 'chi-square' as const };
  if (nRef < thresholds.minSamples || nCur < thresholds.minSamples) {
    return { ...base, statistic: 0, pValue: 1, effect: 0, drifted: false, summary: `${feature}: too few values to test (${nRef} and ${nCur})`, skipped: `fewer than ${thresholds.minSamples} values in a window` };
  }
  const chi = chiSquareHomogeneity(r, c);
  const constant = Object.keys({ ...r, ...c }).length <= 1;
  const psi = populationStabilityIndex(r, c);
  const changes = shareChanges(r, c)
    .slice(0, 5)
    .map((change) => ({ ...change, label: label(change.category) }));
  const top = changes[0];
  const drifted = chi.pValue < pThreshold && psi >= thresholds.minPsi;
  const verb = top && top.change >= 0 ? 'grew' : 'shrank';
  const summary = top ? `${feature} “${top.label}” ${verb} from ${percent(top.reference)} to ${percent(top.current)} (PSI ${psi.toFixed(3)}, χ² p ${pValue(chi.pValue)})` : `${feature}: no values`;
  return { ...base, statistic: chi.statistic, pValue: chi.pValue, effect: psi, drifted, summary, changes, ...(constant ? { constant } : {}) };
}

/**
 * Compares a numeric feature with the two-sample Kolmogorov–Smirnov test and says how its mean
 * and 95th percentile moved.
 *
 * `unit` is written after the figures ('ms'), or is how to write each one (money: `usd` of src/core/usd.ts).
 *
 * @example testNumbers('latency_ms', ref, cur, (s) => s.latencyMs, thresholds, pThreshold, 'ms')
 */
export function testNumbers(feature: string, reference: readonly TraceSignal[], current: readonly TraceSignal[], of: NumberOf, thresholds: DriftThresholds, pThreshold: number, unit: string | ((value: number) => string)): FeatureDrift {
  const r = values(reference, of);
  const c = values(current, of);
  const base = { feature, kind: 'numbers' as const, test: 'kolmogorov-smirnov' as const };
  if (r.length < thresholds.minSamples || c.length < thresholds.minSamples) {
    return { ...base, statistic: 0, pValue: 1, effect: 0, drifted: false, summary: `${feature}: too few values to test (${r.length} and ${c.length})`, skipped: `fewer than ${thresholds.minSamples} values in a window` };
  }
  const ks = kolmogorovSmirnov(r, c);
  const constant = r.every((v) => v === r[0]) && c.every((v) => v === r[0]);
  const before = summarize(r);
  const after = summarize(c);
  const drifted = ks.pValue < pThreshold && ks.statistic >= thresholds.minKs;
  const verb = after.mean >= before.mean ? 'rose' : 'fell';
  // A unit is written after the pair ("120 → 340 chars"); money by its formatter ("$0.000120 → $0.000450").
  const moved = (a: number, b: number) => (typeof unit === 'string' ? `${formatNumber(a)} → ${formatNumber(b)}${unit ? ` ${unit}` : ''}` : `${unit(a)} → ${unit(b)}`);
  const summary = `${feature} ${verb}: mean ${moved(before.mean, after.mean)}, p95 ${moved(before.p95, after.p95)} (KS D ${ks.statistic.toFixed(3)}, p ${pValue(ks.pValue)})`;
  return { ...base, statistic: ks.statistic, pValue: ks.pValue, effect: ks.statistic, drifted, summary, reference: before, current: after, ...(constant ? { constant } : {}) };
}

function values(signals: readonly TraceSignal[], of: NumberOf): number[] {
  const out: number[] = [];
  for (const s of signals) {
    const v = of(s);
    if (v !== undefined && Number.isFinite(v)) out.push(v);
  }
  return out;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}
