import { jsonValueOf } from '../core/json-text.js';
import type { JudgedStep } from '../core/judged-steps.js';
import type { ChatCompletionRequest } from '../core/openai-wire.js';
import type { ServedBy } from '../review/labelled-traces.js';
import type { RouterRecord } from '../routing/learned/train-router.js';
import { requestFeatures } from '../routing/policies/request-features.js';

/** A traced call a judge scored: a cascade's judge on a step's answer, or online evaluation on the delivered one. */
export interface JudgedTrace {
  traceId: string;
  request: unknown;
  served: ServedBy;
  /** The cascade steps a judge scored (`decisions.route.cascade[].judge.score`), by the step's target and model. */
  cascade: JudgedStep[];
  /** Online evaluation's score of the delivered answer, by the chosen scorer (0–1); undefined when it scored none. */
  online?: number;
}

/** What became of the judged answers, so a refusal or a summary can say where the records came from. */
export interface JudgedUsage {
  /** The cheap target's answers a cascade's judge scored: at or above the bar, and below it. */
  cascade: { good: number; below: number };
  /** The cheap target's delivered answers online evaluation scored. */
  online: { good: number; below: number };
  /** The strong target's answers a judge scored; those whose prompt has a judged cheap answer too are paired with it. */
  strong: { scored: number; paired: number };
  /** Judged answers of other models, which say nothing about these two. */
  others: number;
  /** Cheap records left out because people reviewed an answer to the same prompt (set by {@link preferReviews}). */
  overruled: number;
}

export interface JudgedOutcomes {
  records: RouterRecord[];
  usage: JudgedUsage;
}

/**
 * A learned router's training data from judges' scores on production traffic: each cheap answer a
 * judge scored is a record for its prompt (the last user message, as the router scores it), `weakScore
 * 1` when the score is at least `minScore` (good enough) and 0 below it (needs the strong one),
 * `strongScore 1`, or the strong target's judged answers to the same prompt (at or above the bar: 1)
 * when there are some. A cascade's judge scores a step's answer (its step's target or model names
 * it); online evaluation scores the delivered one (the trace's route names say whose). An answer
 * both scored is counted once, at the cascade's score.
 *
 * @example routerRecordsFromJudged(judged, { weak: 'mini', strong: 'large' }, { minScore: 0.75 })
 * // { records: [{ prompt: 'Where is my card?', weakScore: 1, strongScore: 1 }, …], usage: { cascade: { good: 14, below: 9 }, … } }
 */
export function routerRecordsFromJudged(judged: readonly JudgedTrace[], targets: { weak: string; strong: string }, policy: { minScore: number }): JudgedOutcomes {
  const usage: JudgedUsage = { cascade: { good: 0, below: 0 }, online: { good: 0, below: 0 }, strong: { scored: 0, paired: 0 }, others: 0, overruled: 0 };
  const good = (score: number) => (score >= policy.minScore ? 1 : 0);
  const cheap: { prompt: string; score: number }[] = [];
  const strong = new Map<string, number[]>();
  const addStrong = (prompt: string, score: number) => {
    usage.strong.scored++;
    strong.set(prompt, [...(strong.get(prompt) ?? []), good(score)]);
  };
  for (const j of judged) {
    const prompt = promptOf(j.request);
    if (prompt === '') continue;
    const is = (name: string, step?: { target: string; model: string | null }) => (step ? step.target === name || step.model === name : j.served.names.includes(name));
    let cheapJudged = false;
    for (const step of j.cascade) {
      if (is(targets.weak, step)) {
        cheapJudged = true;
        cheap.push({ prompt, score: good(step.score) });
        usage.cascade[good(step.score) ? 'good' : 'below']++;
      } else if (is(targets.strong, step)) addStrong(prompt, step.score);
      else usage.others++;
    }
    if (j.online === undefined) continue;
    const weak = is(targets.weak);
    if (weak === is(targets.strong)) usage.others++;
    else if (!weak) addStrong(prompt, j.online);
    // The delivered cheap answer a cascade's judge scored already: one record.
    else if (!cheapJudged) {
      cheap.push({ prompt, score: good(j.online) });
      usage.online[good(j.online) ? 'good' : 'below']++;
    }
  }
  const records = cheap.map(({ prompt, score }) => {
    const verdicts = strong.get(prompt);
    return { prompt, weakScore: score, strongScore: verdicts ? verdicts.reduce((a, b) => a + b, 0) / verdicts.length : 1 };
  });
  const cheapPrompts = new Set(cheap.map((c) => c.prompt));
  for (const [prompt, verdicts] of strong) if (cheapPrompts.has(prompt)) usage.strong.paired += verdicts.length;
  return { records, usage };
}

/**
 * People over judges: a judged record whose prompt has a reviewed record too is left out (a human
 * review of an answer to the prompt says more than a model's score of one), and counted.
 *
 * @example preferReviews(judged, reviewRecords).records.length // judged records of prompts nobody reviewed
 */
export function preferReviews(judged: JudgedOutcomes, reviewed: readonly RouterRecord[]): JudgedOutcomes {
  const prompts = new Set(reviewed.map((r) => r.prompt));
  const records = judged.records.filter((r) => !prompts.has(r.prompt));
  return { records, usage: { ...judged.usage, overruled: judged.usage.overruled + judged.records.length - records.length } };
}

/**
 * Where the judged answers went, in a line.
 *
 * @example judgedUsageWords(usage, { weak: 'mini', strong: 'large' }, { minScore: 0.75, scorer: 'judge' })
 * // 'cheap mini: cascade judge 14 at or above 0.75, 9 below; online scorer "judge" 3 at or above, 2 below; strong large: 4 scored (1 paired with a cheap answer); other models 2; 0 overruled by a review'
 */
export function judgedUsageWords(usage: JudgedUsage, targets: { weak: string; strong: string }, policy: { minScore: number; scorer: string }): string {
  return `cheap ${targets.weak}: cascade judge ${usage.cascade.good} at or above ${policy.minScore}, ${usage.cascade.below} below; online scorer "${policy.scorer}" ${usage.online.good} at or above, ${usage.online.below} below; strong ${targets.strong}: ${usage.strong.scored} scored (${usage.strong.paired} paired with a cheap answer); other models ${usage.others}; ${usage.overruled} overruled by a review`;
}

/** The text a learned route scores for this request: the last user message, as the route stage reads it. */
function promptOf(request: unknown): string {
  const body = jsonValueOf(request);
  if (body === null || typeof body !== 'object') return '';
  return requestFeatures(body as ChatCompletionRequest).lastUserText;
}
