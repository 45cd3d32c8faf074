import { contentWords } from '../text/content-words.js';
import { splitSentences } from '../text/sentences.js';
import { isAbstention } from './abstention.js';
import type { GroundednessResult, SentenceVerdict } from './types.js';

export interface LexicalOptions {
  /** A sentence is supported when at least this share of its weighted content is in the context. */
  threshold?: number;
}

/**
 * Chosen on the dev split of the SQuAD answer claims in bench/rag.mjs: 0.6 and 0.7 tie on
 * accuracy (0.83); 0.6 wrongly flags fewer supported claims, which suits a first pass that
 * escalates doubtful answers to a judge.
 */
export const DEFAULT_LEXICAL_THRESHOLD = 0.6;

/**
 * A cheap first pass at groundedness: for each sentence of the answer, the idf-weighted share
 * of its content words (stemmed) that occur in the retrieved context. Words the context never
 * uses weigh most, so an invented name or figure sinks a sentence; a number that is not in the
 * context fails the sentence outright. It cannot see negation or paraphrase: escalate doubtful
 * answers to `judgeGroundedness`.
 *
 * @example scoreGroundednessLexical('Refunds take 5 days.', ['Refunds are paid within 5 business days.']).pass // true
 */
export function scoreGroundednessLexical(answer: string, contexts: readonly string[], options: LexicalOptions = {}): GroundednessResult {
  const threshold = options.threshold ?? DEFAULT_LEXICAL_THRESHOLD;
  const units = contexts.map((c) => new Set(contentWords(c).map((w) => w.key)));
  const inContext = new Set<string>();
  for (const unit of units) for (const key of unit) inContext.add(key);
  const df = (key: string) => units.reduce((n, unit) => n + (unit.has(key) ? 1 : 0), 0);
  // Smoothed idf over the context passages: rare words weigh more, absent words most.
  const weight = (key: string) => Math.log(1 + (units.length + 1) / (df(key) + 0.5));
  const sentences: SentenceVerdict[] = splitSentences(answer).map((sentence) => {
    if (isAbstention(sentence.text)) return { ...sentence, supported: null, score: null, reason: 'says the sources do not hold the answer: no fact to check' };
    const words = contentWords(sentence.text);
    const unique = new Map(words.map((w) => [w.key, w]));
    if (unique.size === 0) return { ...sentence, supported: null, score: null, reason: 'no content words to check' };
    let total = 0;
    let found = 0;
    const missing: string[] = [];
    for (const [key, word] of unique) {
      const w = weight(key);
      total += w;
      if (inContext.has(key)) found += w;
      else missing.push(word.surface);
    }
    const score = found / total;
    const missingNumbers = [...unique.values()].filter((w) => w.isNumber && !inContext.has(w.key)).map((w) => w.surface);
    const supported = score >= threshold && missingNumbers.length === 0;
    const reason = missing.length === 0
      ? 'every content word is in the context'
      : `${missingNumbers.length > 0 ? `numbers not in the context: ${missingNumbers.join(', ')}; ` : ''}not in the context: ${missing.slice(0, 12).join(', ')}`;
    return { ...sentence, supported, score, reason, counts: { words: unique.size, missing: missing.length, missingNumbers: missingNumbers.length } };
  });
  return summarise(sentences, 'lexical');
}

/**
 * Overall verdict from sentence verdicts: passes when every judged sentence is supported; the
 * score is the share of judged sentences that are.
 *
 * @example summarise(sentences, 'judge').pass
 */
export function summarise(sentences: SentenceVerdict[], by: string): GroundednessResult {
  const judged = sentences.filter((s) => s.supported !== null);
  const unsupported = judged.filter((s) => s.supported === false);
  const unjudged = sentences.length - judged.length;
  if (judged.length === 0) {
    return { pass: true, score: 1, reason: sentences.length === 0 ? 'empty answer' : 'no sentence with content to check', sentences };
  }
  const score = (judged.length - unsupported.length) / judged.length;
  const reason = unsupported.length === 0
    ? `all ${judged.length} checked sentences are supported (${by})`
    : `${unsupported.length} of ${judged.length} sentences unsupported (${by}): ${unsupported.map((s) => `"${s.text.slice(0, 80)}" — ${s.reason}`).join('; ')}`;
  return { pass: unsupported.length === 0, score, reason: unjudged > 0 ? `${reason}; ${unjudged} not checked` : reason, sentences };
}
