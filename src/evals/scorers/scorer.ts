import type { CallTags, ModelCaller } from '../client/model-caller.js';
import type { ScorerSpec } from '../suite/suite-schema.js';
import type { DatasetItem, ScoreResult } from '../types.js';

/** Everything a scorer may look at for one case × variant × repeat. */
export interface ScoreInput {
  item: DatasetItem;
  /** The model's answer being scored. */
  output: string;
  variant: string;
  /** Every variant's output for this case and repeat; pairwise scorers read the baseline's. */
  outputs: ReadonlyMap<string, string>;
  /** Template variables of the item with `output` set to the model's answer. */
  vars: ReadonlyMap<string, string>;
  caller: ModelCaller;
  tags: CallTags;
  repeat: number;
  signal?: AbortSignal;
  /** The gateway's decisions on the call that produced `output` (knowledge, groundedness), when known. */
  decisions?: Record<string, unknown> | null;
}

/**
 * A scorer of a suite. Scores are in [0, 1] and `pass` is decided in code, so a model is never
 * asked to decide a pass.
 */
export interface Scorer {
  name: string;
  type: ScorerSpec['type'];
  weight: number;
  /** True when the scorer needs the other variants' outputs of the same case first. */
  needsAllVariants: boolean;
  /** For pairwise scorers: the variant whose output is compared against. */
  baseline?: string;
  /** Undefined when the scorer does not apply (a pairwise scorer on its own baseline). */
  score(input: ScoreInput): Promise<ScoreResult | undefined>;
}

/**
 * The signature of a custom scorer module's export.
 *
 * @example export default (item, output) => ({ pass: output.length < 200, score: 1, reason: 'short enough' });
 */
export type CustomScorerFunction = (item: DatasetItem, output: string) => ScoreResult | Promise<ScoreResult>;

/** Pass/fail as a score. */
export function binary(pass: boolean, reason: string): ScoreResult {
  return { pass, score: pass ? 1 : 0, reason };
}
