/** A human-scored example shown to the judge, so its scale means what people mean by it. */
export interface JudgeAnchor {
  input: string;
  output: string;
  score: number;
}

/**
 * Everything that defines an LLM judge. Saved judges are stored with a version, so a suite
 * that names `support-quality@2` always gets the same judge.
 */
export interface JudgeSpec {
  model: string;
  rubric: string;
  /** Inclusive score range; [1, 5] by default, [0, 1] for pass/fail. */
  scale: [number, number];
  /** Lowest passing score; decided here, never by the model. */
  passAt: number;
  anchors: JudgeAnchor[];
  /** Set for saved judges. */
  name?: string;
  version?: number;
}

/** The default pass threshold: the top half of the scale (4 on 1–5, 1 on 0–1). */
export function defaultPassAt(scale: readonly [number, number]): number {
  return Math.ceil((scale[0] + scale[1]) / 2 + 0.5);
}

/**
 * A judge spec with defaults filled in.
 *
 * @example judgeSpec({ model: 'claude', rubric: 'Is it polite?' }) // { scale: [1, 5], passAt: 4, anchors: [] … }
 */
export function judgeSpec(fields: { model: string; rubric: string; scale?: [number, number]; passAt?: number; anchors?: JudgeAnchor[] }): JudgeSpec {
  const scale = fields.scale ?? [1, 5];
  return { model: fields.model, rubric: fields.rubric, scale, passAt: fields.passAt ?? defaultPassAt(scale), anchors: fields.anchors ?? [] };
}

/** A calibrated judge as stored: a new calibration of a name is a new version. */
export interface SavedJudge {
  name: string;
  version: number;
  createdAt: number;
  spec: JudgeSpec;
  /** The calibration report it was chosen by (agreement on the test split). */
  report: unknown;
}
