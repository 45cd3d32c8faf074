import type { GroundednessCheck } from '../../config/knowledge-schema.js';
import { judgeGroundedness } from '../../knowledge/groundedness/judge.js';
import { scoreGroundednessLexical } from '../../knowledge/groundedness/lexical.js';
import type { GroundednessResult } from '../../knowledge/groundedness/types.js';
import type { GroundednessDecision } from './decisions.js';

const CITATION_MARKERS = /\s*\[\d{1,3}(?:\s*[,;]\s*\d{1,3})*\]/g;

/**
 * Checks an answer against the retrieved chunks: the lexical pass first (microseconds to a few
 * milliseconds); when it doubts the answer and a judge is configured, the judge decides.
 *
 * @example await checkGroundedness(answer, chunkTexts, settings, 'flag')
 */
export async function checkGroundedness(
  answer: string,
  contexts: readonly string[],
  settings: GroundednessCheck,
  onFail: 'flag' | 'block',
  judge?: (prompt: string) => Promise<string>,
): Promise<GroundednessDecision> {
  const started = performance.now();
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
  return {
    action: pass ? 'pass' : onFail,
    by,
    pass,
    score: round(result.score),
    reason: result.reason.slice(0, 1_000),
    ...(by === 'judge' ? { lexical: { pass: passes(lexical), score: round(lexical.score) } } : {}),
    unsupported: result.sentences.filter((s) => s.supported === false).slice(0, 10).map((s) => ({ text: s.text.slice(0, 300), reason: s.reason.slice(0, 300) })),
    checkMs: round(performance.now() - started),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
