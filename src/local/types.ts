/** One labelled training example: the request text and the label the teacher (or a person) gave it. */
export interface Example {
  text: string;
  label: string;
  /**
   * How many requests of the traffic this example stands for (default 1). A local answer checked
   * against the teacher by the shadow sample stands for 1/shadow_rate of them: without it, the
   * held-out figures of a retrained model would describe only the hard requests the previous
   * model escalated, not the traffic it will serve.
   */
  weight?: number;
}

/**
 * A sparse feature vector: parallel typed arrays of column indices (ascending, unique) and values.
 * Typed arrays keep prediction allocation-light on the request path.
 */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** What a local model answers for one request. */
export interface Prediction {
  label: string;
  /** Calibrated probability of `label`, 0–1. */
  confidence: number;
  /** True when the request should go to the large model (low confidence, out of scope or unfamiliar). */
  escalate: boolean;
  /** Share of the request's word n-grams (uni- and bigrams) that no training text had. */
  unseenWordShare: number;
  /** True when that share is above the model's cut-off: the request escalates as out of domain. */
  unfamiliar: boolean;
  /** With a distance gate only: true when the request is further from its label's centre than the gate allows (it escalates). */
  distant?: boolean;
  /** Present (true) when the request has fewer words than any training text: it escalates as too short to judge. */
  short?: boolean;
}

/** Figures measured on the held-out validation split, at the chosen threshold. */
export interface ValidationMetrics {
  /** Share of validation requests whose top label is right (before thresholding). */
  accuracy: number;
  /** Share of validation requests answered locally (not escalated). */
  coverage: number;
  /** Share of locally answered validation requests whose label is right. */
  precision: number;
  /** Validation examples the figures rest on. */
  examples: number;
  /** Expected calibration error of the calibrated confidences (15 bins). */
  ece: number;
  /**
   * Labels whose own held-out requests, where answered locally, were credibly under the precision
   * target (worst first, at most 5); absent in models trained before 2026-12-03.
   */
  labelShortfalls?: LabelShortfall[];
}

/** A label whose held-out requests answered locally were mostly not answered with it. */
export interface LabelShortfall {
  label: string;
  /** Its held-out requests answered locally, and how many of those got this label. */
  answered: number;
  right: number;
}
