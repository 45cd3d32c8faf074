import type { GroundednessCheck } from '../../config/knowledge-schema.js';
import { judgeGroundedness } from '../../knowledge/groundedness/judge.js';
import { scoreGroundednessLexical } from '../../knowledge/groundedness/lexical.js';
import type { GroundednessResult, SentenceVerdict } from '../../knowledge/groundedness/types.js';
import { countOf } from '../../core/plural.js';
import type { GroundednessDecision } from './decisions.js';

const CITATION_MARKERS = /\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\]/g;

/**
 * Checks an answer against the retrieved chunks: the lexical pass first (microseconds to a few
 * milliseconds); when it doubts the answer and a judge is configured, the judge decides. With
 * `quote: false` (a trace that keeps no bodies, `traces.bodies: metadata`) the decision says which
 * sentences failed and why without a word of the answer: each by its number and offsets, the
 * lexical pass's missing words as counts, the judge's reason (which restates the answer) left out.
 *
 * @example await checkGroundedness(answer, chunkTexts, settings, 'flag', judge, { quote: false })
 */
export async function checkGroundedness(
  answer: string,
  contexts: readonly string[],
  settings: GroundednessCheck,
  onFail: 'flag' | 'block',
  judge?: (prompt: string) => Promise<string>,
  options: { quote?: boolean } = {},
): Promise<GroundednessDecision> {
  const started = performance.now();
  const quote = options.quote ?? true;
  // Citation markers ([1], [2, 3]) are not claims; as numbers the lexical pass would fail them.
  answer = answer.replace(CITATION_MARKERS, '');
  const lexical = scoreGroundednessLexical(answer, contexts, { threshold: settings.threshold });
  const passes = (r: GroundednessResult) => r.score >= settings.min_supported && (r.pass || settings.min_supported < 1);
  let result = lexical;
  let by: GroundednessDecision['by'] = 'lexical';
  if (!passes(lexical) && judge) {
    result = await judgeGroundedness(answer, contexts, { judge });
    by = 'judge';
  }
  const pass = passes(result);
  const unsupported = result.sentences.flatMap((s, i) => (s.supported === false ? [{ sentence: i + 1, start: s.start, end: s.end, ...(quote ? { text: s.text.slice(0, 300) } : {}), reason: (quote ? s.reason : describeVerdict(s, by)).slice(0, 300) }] : []));
  return {
    action: pass ? 'pass' : onFail,
    by,
    pass,
    score: round(result.score),
    reason: (quote ? result.reason : describeResult(result, by)).slice(0, 1_000),
    ...(by === 'judge' ? { lexical: { pass: passes(lexical), score: round(lexical.score) } } : {}),
    unsupported: unsupported.slice(0, 10),
    checkMs: round(performance.now() - started),
  };
}

/** Why a sentence failed, in counts: the lexical pass's reason lists the answer's own words. */
function describeVerdict(sentence: SentenceVerdict, by: GroundednessDecision['by']): string {
  const counts = sentence.counts;
  if (by === 'judge' || !counts) return 'the judge found it unsupported by the passages (its reason is not kept: traces keep no bodies)';
  const numbers = counts.missingNumbers > 0 ? `${countOf(counts.missingNumbers, 'number')} not in the context; ` : '';
  return `${numbers}${counts.missing} of ${countOf(counts.words, 'content word')} not in the context`;
}

/** The verdict's summary without quoting a sentence: which ones failed, by number. */
function describeResult(result: GroundednessResult, by: GroundednessDecision['by']): string {
  const judged = result.sentences.filter((s) => s.supported !== null).length;
  // With nothing judged the reason is a fixed phrase ("empty answer", an unreadable judge reply's length): it quotes nothing.
  if (judged === 0) return result.reason;
  const failed = result.sentences.flatMap((s, i) => (s.supported === false ? [i + 1] : []));
  const unjudged = result.sentences.length - judged;
  const summary = failed.length === 0 ? `all ${judged} checked sentences are supported (${by})` : `${failed.length} of ${judged} sentences unsupported (${by}): ${failed.length === 1 ? 'sentence' : 'sentences'} ${failed.join(', ')}`;
  return unjudged > 0 ? `${summary}; ${unjudged} not checked` : summary;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
