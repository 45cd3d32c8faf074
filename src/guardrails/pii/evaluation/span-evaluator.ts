import { tokenize, type Token } from '../ner/tokenize.js';
import { isSkipToken } from './skip-words.js';

/** A labelled or predicted span, with a type already mapped to the evaluation's vocabulary. */
export interface TypedSpan {
  type: string;
  start: number;
  end: number;
}

export interface TypeCounts {
  annotated: number;
  predicted: number;
  truePositives: number;
}

/** Counts accumulated over a data set; `scoreCounts` turns them into precision/recall/Fβ. */
export interface EvaluationCounts {
  annotated: number;
  predicted: number;
  truePositives: number;
  perType: Record<string, TypeCounts>;
}

export interface EvalSpan extends TypedSpan {
  /** First and last non-skip character, the range IoU is computed on. */
  normStart: number;
  normEnd: number;
}

/** An empty accumulator. */
export function emptyCounts(): EvaluationCounts {
  return { annotated: 0, predicted: 0, truePositives: 0, perType: {} };
}

/**
 * Scores one text the way presidio-research's `SpanEvaluator` does: tokens take the type of the
 * span covering them (IO scheme), runs of one type become spans, spans separated only by skip
 * words merge, skip words are dropped from the ends, and an annotation is a true positive when
 * the predictions overlapping it (added while they improve it) reach `iouThreshold` character
 * IoU — type-agnostic for the overall figure, same-type for the per-type one. Unmatched
 * predictions are false positives.
 *
 * @example evaluateText('Ann went', [{ type: 'PERSON', start: 0, end: 3 }], [{ type: 'PERSON', start: 0, end: 3 }], 0.9, counts)
 */
export function evaluateText(text: string, gold: readonly TypedSpan[], predicted: readonly TypedSpan[], iouThreshold: number, counts: EvaluationCounts): void {
  const tokens = tokenize(text);
  const annotations = spansFromTags(tokens, tagTokens(tokens, gold));
  const predictions = spansFromTags(tokens, tagTokens(tokens, predicted));
  counts.annotated += annotations.length;
  for (const a of annotations) typeCounts(counts, a.type).annotated += 1;
  for (const p of predictions) typeCounts(counts, p.type).predicted += 1;
  const usedGlobal = new Set<EvalSpan>();
  const usedTyped = new Set<EvalSpan>();
  for (const a of annotations) {
    const overlapping = predictions.filter((p) => !usedGlobal.has(p) && p.normStart < a.normEnd && p.normEnd > a.normStart);
    const global = growMatch(a, overlapping);
    if (global.iou >= iouThreshold && global.spans.length > 0) {
      counts.truePositives += 1;
      counts.predicted += 1; // a matched group counts as one prediction, as in presidio-research
      for (const p of global.spans) usedGlobal.add(p);
    }
    const sameType = predictions.filter((p) => p.type === a.type && !usedTyped.has(p) && p.normStart < a.normEnd && p.normEnd > a.normStart);
    const typed = growMatch(a, sameType);
    if (typed.iou >= iouThreshold && typed.spans.length > 0) {
      typeCounts(counts, a.type).truePositives += 1;
      for (const p of typed.spans) usedTyped.add(p);
    }
  }
  for (const p of predictions) if (!usedGlobal.has(p)) counts.predicted += 1;
}

/**
 * The spans the evaluator scores for one side of a text: token IO tags, runs merged across skip
 * words, skip words trimmed (`normStart`/`normEnd`). For error analyses that must see the spans
 * exactly as `evaluateText` does.
 */
export function evaluationSpans(text: string, spans: readonly TypedSpan[]): EvalSpan[] {
  const tokens = tokenize(text);
  return spansFromTags(tokens, tagTokens(tokens, spans));
}

/** Precision, recall and Fβ (β = 2 by default: recall weighs four times precision). */
export function scoreCounts(tp: number, predicted: number, annotated: number, beta = 2): { precision: number; recall: number; fBeta: number } {
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = annotated === 0 ? 0 : tp / annotated;
  const b2 = beta * beta;
  const fBeta = precision + recall === 0 ? 0 : ((1 + b2) * precision * recall) / (b2 * precision + recall);
  return { precision, recall, fBeta };
}

function typeCounts(counts: EvaluationCounts, type: string): TypeCounts {
  counts.perType[type] ??= { annotated: 0, predicted: 0, truePositives: 0 };
  return counts.perType[type];
}

function tagTokens(tokens: readonly Token[], spans: readonly TypedSpan[]): (string | null)[] {
  return tokens.map((t) => spans.find((s) => t.start < s.end && t.end > s.start)?.type ?? null);
}

function spansFromTags(tokens: readonly Token[], tags: readonly (string | null)[]): EvalSpan[] {
  const out: EvalSpan[] = [];
  let i = 0;
  while (i < tokens.length) {
    const type = tags[i];
    if (!type) {
      i += 1;
      continue;
    }
    let j = i;
    // Extend over same-type tokens, and over skip tokens that lead to more of the same type.
    for (let k = i + 1; k < tokens.length; k += 1) {
      if (tags[k] === type) j = k;
      else if (!isSkipToken(tokens[k]!.text)) break;
    }
    const kept = tokens.slice(i, j + 1).filter((t) => !isSkipToken(t.text));
    if (kept.length > 0) {
      out.push({ type, start: tokens[i]!.start, end: tokens[j]!.end, normStart: kept[0]!.start, normEnd: kept[kept.length - 1]!.end });
    }
    i = j + 1;
  }
  return out;
}

/** Adds overlapping predictions in start order while each one raises the IoU. */
function growMatch(annotation: EvalSpan, candidates: EvalSpan[]): { iou: number; spans: EvalSpan[] } {
  const spans: EvalSpan[] = [];
  let iou = 0;
  for (const p of [...candidates].sort((a, b) => a.normStart - b.normStart)) {
    const next = combinedIou(annotation, [...spans, p]);
    if (next > iou) {
      spans.push(p);
      iou = next;
    }
  }
  return { iou, spans };
}

function combinedIou(a: EvalSpan, preds: readonly EvalSpan[]): number {
  const covered: [number, number][] = preds.map((p) => [p.normStart, p.normEnd]);
  covered.sort((x, y) => x[0] - y[0]);
  let predLength = 0;
  let intersection = 0;
  let cursor = -1;
  for (const [s0, e] of covered) {
    const s = Math.max(s0, cursor);
    if (e <= s) continue;
    predLength += e - s;
    intersection += Math.max(0, Math.min(e, a.normEnd) - Math.max(s, a.normStart));
    cursor = e;
  }
  const union = a.normEnd - a.normStart + predLength - intersection;
  return union === 0 ? 0 : intersection / union;
}
