import type { Finding } from '../entity-types.js';
import type { SynthSample } from '../ner/presidio-synth.js';
import { emptyCounts, evaluateText, scoreCounts } from './span-evaluator.js';

/** presidio-research's default mapping of the data set's labels; address and place both map to LOCATION. */
export const GOLD_TYPES: Readonly<Record<string, string>> = {
  PERSON: 'PERSON', STREET_ADDRESS: 'LOCATION', GPE: 'LOCATION', EMAIL_ADDRESS: 'EMAIL_ADDRESS', PHONE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD', IBAN_CODE: 'IBAN_CODE', US_SSN: 'US_SSN', IP_ADDRESS: 'IP_ADDRESS',
};

/** Our entity types in the same vocabulary. */
export const PREDICTED_TYPES: Readonly<Record<string, string>> = {
  PERSON: 'PERSON', STREET_ADDRESS: 'LOCATION', LOCATION: 'LOCATION', EMAIL: 'EMAIL_ADDRESS', PHONE: 'PHONE_NUMBER',
  CREDIT_CARD: 'CREDIT_CARD', IBAN: 'IBAN_CODE', US_SSN: 'US_SSN', IP_ADDRESS: 'IP_ADDRESS',
};

export interface PresidioScore {
  samples: number;
  annotated: number;
  overall: { precision: number; recall: number; fBeta: number };
  perEntity: Record<string, { annotated: number; predicted: number; precision: number; recall: number; fBeta: number }>;
}

/** The two label mappings a score uses; other data sets pass their own (with more entity types). */
export interface ScoreTypes {
  gold: Readonly<Record<string, string>>;
  predicted: Readonly<Record<string, string>>;
}

/**
 * Scores a detector on labelled samples the way presidio-research's SpanEvaluator does (see
 * `evaluateText`), with both sides mapped to presidio's entity names (or to `types`; labels a
 * mapping lacks are ignored on that side).
 *
 * @example scorePresidio(heldOut, (t) => detector.detect(t), 0.9).overall.fBeta
 */
export function scorePresidio(samples: readonly SynthSample[], detect: (text: string) => Finding[], iou: number, types: ScoreTypes = { gold: GOLD_TYPES, predicted: PREDICTED_TYPES }): PresidioScore {
  const counts = emptyCounts();
  for (const s of samples) {
    const gold = s.spans.filter((g) => types.gold[g.entity_type]).map((g) => ({ type: types.gold[g.entity_type]!, start: g.start_position, end: g.end_position }));
    const pred = detect(s.full_text).filter((f) => types.predicted[f.type]).map((f) => ({ type: types.predicted[f.type]!, start: f.start, end: f.end }));
    evaluateText(s.full_text, gold, pred, iou, counts);
  }
  const perEntity: PresidioScore['perEntity'] = {};
  for (const [k, v] of Object.entries(counts.perType)) perEntity[k] = { annotated: v.annotated, predicted: v.predicted, ...scoreCounts(v.truePositives, v.predicted, v.annotated) };
  return { samples: samples.length, annotated: counts.annotated, overall: scoreCounts(counts.truePositives, counts.predicted, counts.annotated), perEntity };
}
