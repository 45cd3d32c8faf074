import type { TraceSignal } from '../signals/trace-signal.js';
import { topicTerms } from '../text/topic-terms.js';
import { chiSquareHomogeneity } from '../stats/chi-square.js';
import { populationStabilityIndex } from '../stats/psi.js';
import type { DriftThresholds, FeatureDrift, RisingTerm } from './drift-types.js';

/**
 * Words whose share of the current window's prompts rose most against the reference window, by
 * log odds with add-one smoothing; a word must be in at least `minCount` current prompts. Names
 * new subjects even when no topic of the model fits them.
 *
 * @example risingTerms(reference, current)[0] // { term: 'crypto', referenceCount: 0, currentCount: 31, logOdds: 3.1 }
 */
export function risingTerms(reference: readonly TraceSignal[], current: readonly TraceSignal[], options: { top?: number; minCount?: number } = {}): RisingTerm[] {
  const ref = documentFrequency(reference);
  const cur = documentFrequency(current);
  const nRef = Math.max(1, reference.filter((s) => s.prompt !== null).length);
  const nCur = Math.max(1, current.filter((s) => s.prompt !== null).length);
  const minCount = options.minCount ?? Math.max(5, Math.ceil(nCur * 0.01));
  const out: RisingTerm[] = [];
  for (const [term, currentCount] of cur) {
    if (currentCount < minCount) continue;
    const referenceCount = ref.get(term) ?? 0;
    const logOdds = Math.log((currentCount + 1) / (nCur - currentCount + 1)) - Math.log((referenceCount + 1) / (nRef - referenceCount + 1));
    if (logOdds > 0.7) out.push({ term, referenceCount, currentCount, logOdds });
  }
  return out.sort((a, b) => b.logOdds - a.logOdds || a.term.localeCompare(b.term)).slice(0, options.top ?? 8);
}

function documentFrequency(signals: readonly TraceSignal[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const s of signals) {
    if (s.prompt === null) continue;
    for (const surface of new Set(topicTerms(s.prompt).map((t) => t.surface))) df.set(surface, (df.get(surface) ?? 0) + 1);
  }
  return df;
}

/** Whether a prompt contains a word (as `topicTerms` reads words). */
export function promptHas(prompt: string, term: string): boolean {
  return topicTerms(prompt).some((t) => t.surface === term);
}

/**
 * Text content drift by words: for every word in at least `minCount` current prompts, a 2 × 2
 * chi-square of "prompt mentions it" between the windows; the most significant word is the
 * feature's result, its p-value multiplied by the number of words tried (Bonferroni), its effect
 * the PSI of that word's presence. Explains itself: "“transfer” in 0.0% → 22.5% of prompts".
 *
 * @example testPromptTerms(reference, current, DEFAULT_THRESHOLDS, 0.001).summary
 */
export function testPromptTerms(reference: readonly TraceSignal[], current: readonly TraceSignal[], thresholds: DriftThresholds, pThreshold: number): FeatureDrift {
  const base = { feature: 'prompt_terms', kind: 'categories' as const, test: 'chi-square' as const };
  const nRef = reference.filter((s) => s.prompt !== null).length;
  const nCur = current.filter((s) => s.prompt !== null).length;
  if (nRef < thresholds.minSamples || nCur < thresholds.minSamples) {
    return { ...base, statistic: 0, pValue: 1, effect: 0, drifted: false, summary: `prompt_terms: too few prompts to test (${nRef} and ${nCur})`, skipped: `fewer than ${thresholds.minSamples} prompts in a window` };
  }
  const ref = documentFrequency(reference);
  const cur = documentFrequency(current);
  const minCount = Math.max(5, Math.ceil(Math.min(nRef, nCur) * 0.02));
  const candidates = [...new Set([...ref.keys(), ...cur.keys()])].filter((t) => (cur.get(t) ?? 0) >= minCount || (ref.get(t) ?? 0) >= minCount);
  let best: { term: string; p: number; statistic: number } | undefined;
  for (const term of candidates) {
    const a = ref.get(term) ?? 0;
    const b = cur.get(term) ?? 0;
    const chi = chiSquareHomogeneity({ yes: a, no: nRef - a }, { yes: b, no: nCur - b });
    if (!best || chi.pValue < best.p || (chi.pValue === best.p && chi.statistic > best.statistic)) best = { term, p: chi.pValue, statistic: chi.statistic };
  }
  if (!best) return { ...base, statistic: 0, pValue: 1, effect: 0, drifted: false, summary: 'prompt_terms: no word frequent enough to test', constant: true };
  const a = ref.get(best.term) ?? 0;
  const b = cur.get(best.term) ?? 0;
  const pValue = Math.min(1, best.p * candidates.length);
  const effect = populationStabilityIndex({ yes: a, no: nRef - a }, { yes: b, no: nCur - b });
  const drifted = pValue < pThreshold && effect >= thresholds.minPsi;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const changes = [{ category: best.term, label: best.term, reference: a / nRef, current: b / nCur, change: b / nCur - a / nRef }];
  const summary = `prompts mentioning “${best.term}”: ${pct(a / nRef)} → ${pct(b / nCur)} (χ² p ${pValue < 0.001 ? '< 0.001' : pValue.toFixed(3)} over ${candidates.length} words, PSI ${effect.toFixed(3)})`;
  return { ...base, statistic: best.statistic, pValue, effect, drifted, summary, changes };
}
