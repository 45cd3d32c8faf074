import type { TraceSignal } from '../signals/trace-signal.js';
import { type TopicAssigner, UNASSIGNED } from '../topics/topic-model.js';
import type { DriftExample, DriftThresholds, FeatureDrift } from './drift-types.js';
import { testCategories, testNumbers } from './feature-tests.js';
import { promptHas, wordMixTest } from './rising-terms.js';
import { testDomainClassifier } from './domain-classifier.js';
import { detectLanguage } from '../text/language.js';
import type { Random } from '../../core/clock.js';
import { finishSteps } from '../../core/next-turn.js';
import { usd } from '../../core/usd.js';

const ok = (s: TraceSignal) => s.status < 400;

/**
 * Tests every feature of two windows of signals: topic mix, language, prompt and answer length,
 * input tokens,
 * refusal and error rates, finish reasons, the branch that served (model or local), the local
 * model's labels and confidence, latency, time to first token, cost, output tokens and each
 * online-evaluation score. Each test is held to alpha / (tests run), so a report of a dozen
 * features still raises a false alarm at most `alpha` of the time; a feature also needs an effect
 * of at least the thresholds' PSI or KS distance, so a large window does not flag trivia.
 *
 * @example const { features, pThreshold } = compareWindows(reference, current, topics, DEFAULT_THRESHOLDS);
 */
export function compareWindows(reference: readonly TraceSignal[], current: readonly TraceSignal[], topics: TopicAssigner | null, thresholds: DriftThresholds, random: Random): WindowComparison {
  return finishSteps(compareWindowsSteps(reference, current, topics, thresholds, random));
}

export interface WindowComparison {
  features: FeatureDrift[];
  pThreshold: number;
}

/** `compareWindows` as steps: a pause point after each test, so the monitor worker can let requests in. */
export function* compareWindowsSteps(reference: readonly TraceSignal[], current: readonly TraceSignal[], topics: TopicAssigner | null, thresholds: DriftThresholds, random: Random): Generator<void, WindowComparison> {
  const topicOf = topicLookup([...reference, ...current], topics);
  yield;
  // Guessed here, in the background, rather than for every trace as it is written.
  const languageOf = new Map([...reference, ...current].flatMap((s) => (s.prompt === null ? [] : [[s.traceId, detectLanguage(s.prompt)] as const])));
  yield;
  const scoreNames = [...new Set([...reference, ...current].flatMap((s) => Object.keys(s.scores ?? {})))].sort();
  type Test = (pThreshold: number) => FeatureDrift;
  // The classifier is the costly test: fitted once, its verdict re-read at each threshold.
  let fitted: FeatureDrift | undefined;
  // So is the word-mix test's permutation p-value.
  let words: ReturnType<typeof wordMixTest> | undefined;
  const classifier = (p: number): FeatureDrift => {
    fitted ??= testDomainClassifier(reference, current, thresholds, 1, random);
    if (fitted.skipped) return fitted;
    const drifted = fitted.pValue < p && fitted.effect >= 0.05;
    const { examples, ...rest } = fitted;
    return drifted ? { ...rest, drifted, examples } : { ...rest, drifted };
  };
  const tests: Test[] = [
    ...(topics ? [(p: number) => testCategories('topic', reference, current, (s) => topicOf.get(s.traceId)?.toString(), thresholds, p, (c) => topics.label(Number(c)))] : []),
    (p) => (words ??= wordMixTest(reference, current, thresholds, random)).at(p),
    (p) => classifier(p),
    (p) => testCategories('language', reference, current, (s) => languageOf.get(s.traceId), thresholds, p, (c) => c),
    (p) => testNumbers('input_chars', reference, current, (s) => s.inputChars ?? undefined, thresholds, p, 'chars'),
    // The whole request as the model saw it (system prompt, history, tools), not just the prompt's
    // text: a grown system prompt or longer conversations move this while input_chars stays put.
    (p) => testNumbers('input_tokens', reference, current, (s) => (ok(s) && s.inputTokens > 0 ? s.inputTokens : undefined), thresholds, p, 'tokens'),
    (p) => testNumbers('output_chars', reference, current, (s) => s.outputChars ?? undefined, thresholds, p, 'chars'),
    (p) => testCategories('refusal_rate', reference, current, (s) => (s.refused === null ? undefined : s.refused ? 'refused' : 'answered'), thresholds, p, (c) => c),
    (p) => testCategories('error_rate', reference, current, (s) => (ok(s) ? 'ok' : 'error'), thresholds, p, (c) => c),
    (p) => testCategories('finish_reason', reference, current, (s) => s.finishReason ?? undefined, thresholds, p, (c) => c),
    (p) => testCategories('served_by', reference, current, (s) => s.servedBy ?? undefined, thresholds, p, (c) => c),
    (p) => testCategories('local_label', reference, current, (s) => s.localLabel ?? undefined, thresholds, p, (c) => c),
    (p) => testNumbers('local_confidence', reference, current, (s) => s.localConfidence ?? undefined, thresholds, p, ''),
    (p) => testNumbers('latency_ms', reference, current, (s) => (ok(s) ? s.latencyMs : undefined), thresholds, p, 'ms'),
    (p) => testNumbers('ttft_ms', reference, current, (s) => s.ttftMs ?? undefined, thresholds, p, 'ms'),
    (p) => testNumbers('cost_usd', reference, current, (s) => (ok(s) ? s.costUsd : undefined), thresholds, p, usd),
    (p) => testNumbers('output_tokens', reference, current, (s) => (ok(s) ? s.outputTokens : undefined), thresholds, p, 'tokens'),
    ...scoreNames.map((name) => (p: number) => testNumbers(`score:${name}`, reference, current, (s) => s.scores?.[name], thresholds, p, '')),
  ];
  // First pass finds which tests have enough data; the Bonferroni divisor counts only those.
  // A feature constant in both windows (every cost 0, one finish reason) cannot drift and is not counted.
  let tested = 0;
  for (const test of tests) {
    const first = test(thresholds.alpha);
    if (!first.skipped && !first.constant) tested++;
    yield;
  }
  const pThreshold = thresholds.alpha / Math.max(1, tested);
  const features: FeatureDrift[] = [];
  for (const test of tests) {
    features.push(test(pThreshold));
    yield;
  }
  for (const feature of features) if (feature.drifted && feature.examples === undefined) feature.examples = examplesFor(feature, current, topicOf, languageOf);
  features.sort((a, b) => Number(b.drifted) - Number(a.drifted) || a.pValue - b.pValue || a.feature.localeCompare(b.feature));
  return { features, pThreshold };
}

/** Each signal's topic: as stored when the assigner is the stored model, else assigned now. */
function topicLookup(signals: readonly TraceSignal[], topics: TopicAssigner | null): Map<string, number> {
  const out = new Map<string, number>();
  if (!topics) return out;
  for (const s of signals) {
    if (s.prompt === null) continue;
    out.set(s.traceId, topics.assign(s.prompt).topic);
  }
  return out;
}

/** Up to three current requests that show the feature's change. */
function examplesFor(feature: FeatureDrift, current: readonly TraceSignal[], topicOf: ReadonlyMap<string, number>, languageOf: ReadonlyMap<string, string>): DriftExample[] {
  const top = feature.changes?.[0];
  const pick = (signals: readonly TraceSignal[], note: (s: TraceSignal) => string) => signals.slice(0, 3).map((s) => ({ traceId: s.traceId, ts: s.ts, prompt: s.prompt, note: note(s) }));
  switch (feature.feature) {
    case 'topic': {
      const grown = feature.changes?.find((c) => c.change > 0);
      if (!grown) return [];
      return pick(current.filter((s) => topicOf.get(s.traceId)?.toString() === grown.category), () => (Number(grown.category) === UNASSIGNED ? 'fits no topic' : `topic “${grown.label}”`));
    }
    case 'prompt_terms': {
      const term = feature.changes?.[0]?.category;
      return term ? pick(current.filter((s) => s.prompt !== null && promptHas(s.prompt, term)), () => `mentions “${term}”`) : [];
    }
    case 'language':
      return top ? pick(current.filter((s) => languageOf.get(s.traceId) === (feature.changes?.find((c) => c.change > 0)?.category ?? top.category)), (s) => `language ${languageOf.get(s.traceId) ?? 'und'}`) : [];
    case 'served_by':
    case 'local_label': {
      const grown = feature.changes?.find((c) => c.change > 0);
      const of = (s: TraceSignal) => (feature.feature === 'served_by' ? s.servedBy : s.localLabel);
      return grown ? pick(current.filter((s) => of(s) === grown.category), () => `${feature.feature === 'served_by' ? 'served by' : 'labelled'} ${grown.category}`) : [];
    }
    case 'local_confidence':
      return pick([...current].filter((s) => typeof s.localConfidence === 'number').sort((a, b) => (a.localConfidence ?? 0) - (b.localConfidence ?? 0)), (s) => `confidence ${s.localConfidence}`);
    case 'refusal_rate':
      return pick(current.filter((s) => s.refused === true), () => 'answer is a refusal');
    case 'error_rate':
      return pick(current.filter((s) => !ok(s)), (s) => `status ${s.status}`);
    case 'latency_ms':
      return pick([...current].filter(ok).sort((a, b) => b.latencyMs - a.latencyMs), (s) => `${s.latencyMs} ms`);
    case 'cost_usd':
      return pick([...current].filter(ok).sort((a, b) => b.costUsd - a.costUsd), (s) => usd(s.costUsd));
    case 'input_tokens':
      return pick([...current].filter((s) => ok(s) && s.inputTokens > 0).sort((a, b) => b.inputTokens - a.inputTokens), (s) => `${s.inputTokens} input tokens`);
    case 'input_chars':
      return pick([...current].filter((s) => s.inputChars !== null).sort((a, b) => (b.inputChars ?? 0) - (a.inputChars ?? 0)), (s) => `${s.inputChars} chars`);
    default:
      if (feature.feature.startsWith('score:')) {
        const name = feature.feature.slice(6);
        return pick([...current].filter((s) => s.scores?.[name] !== undefined).sort((a, b) => (a.scores?.[name] ?? 0) - (b.scores?.[name] ?? 0)), (s) => `${name} ${s.scores?.[name]}`);
      }
      return [];
  }
}
