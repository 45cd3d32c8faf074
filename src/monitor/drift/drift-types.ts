/** A time window, ms since the epoch, since ≤ ts < until. */
export interface TimeWindow {
  since: number;
  until: number;
}

/** Summary numbers of one window for a numeric feature. */
export interface NumberSummary {
  n: number;
  mean: number;
  p50: number;
  p95: number;
}

/** One category's share in each window. */
export interface ShareChange {
  category: string;
  /** What a person reads: a topic's label, a language code… */
  label: string;
  reference: number;
  current: number;
  change: number;
}

/** A request that shows a change, for the report to point at. */
export interface DriftExample {
  traceId: string;
  ts: number;
  prompt: string | null;
  /** Why it is shown: its topic, its latency… */
  note: string;
}

/** How one feature compares between the windows. */
export interface FeatureDrift {
  /** topic, prompt_terms, prompt_text, language, input_chars, input_tokens, output_chars, refusal_rate, error_rate, finish_reason, served_by, local_label, local_confidence, latency_ms, ttft_ms, cost_usd, output_tokens, score:NAME. */
  feature: string;
  kind: 'categories' | 'numbers';
  test: 'chi-square' | 'kolmogorov-smirnov' | 'domain-classifier';
  statistic: number;
  pValue: number;
  /** Effect size: PSI for categories, the KS distance for numbers. */
  effect: number;
  drifted: boolean;
  /** One sentence saying what moved, e.g. "topic “card · arrived” grew from 3.1% to 17.8%". */
  summary: string;
  reference?: NumberSummary;
  current?: NumberSummary;
  changes?: ShareChange[];
  examples?: DriftExample[];
  /** Too few values in a window to test; `drifted` is then false. */
  skipped?: string;
  /** One value throughout both windows: nothing to test, not counted among the tests. */
  constant?: boolean;
}

/** Words whose share rose most in the current window, by smoothed log odds. */
export interface RisingTerm {
  term: string;
  referenceCount: number;
  currentCount: number;
  logOdds: number;
}

/** What a drift run found, stored and charted. */
export interface DriftReport {
  id: string;
  createdAt: number;
  /** One route (requested model name), or null for all traffic. */
  route: string | null;
  reference: TimeWindow & { count: number };
  current: TimeWindow & { count: number };
  drifted: boolean;
  /** Largest effect among the drifted features (0 when none drifted), for charts and alert rules. */
  score: number;
  /** Level each test is held to: alpha divided by the number of tests (Bonferroni). */
  pThreshold: number;
  /** Sentences naming what changed, most significant first; empty when nothing did. */
  headline: string[];
  features: FeatureDrift[];
  risingTerms: RisingTerm[];
  topicModel: { fittedAt: number; topics: number; source: 'given' | 'fitted on both windows' } | null;
  /** What the reader should know about the data, e.g. prompt text body retention already dropped (absent in older reports). */
  notes?: string[];
}

/** The thresholds a feature must pass to count as drifted. */
export interface DriftThresholds {
  /** Family-wise false-alarm rate over all of a report's tests (default 0.01). */
  alpha: number;
  /** Smallest PSI that counts for categories (default 0.1, the usual "moderate shift"). */
  minPsi: number;
  /** Smallest KS distance that counts for numbers (default 0.1). */
  minKs: number;
  /** Fewer values than this in either window and a feature is not tested (default 30). */
  minSamples: number;
}

export const DEFAULT_THRESHOLDS: DriftThresholds = { alpha: 0.01, minPsi: 0.1, minKs: 0.1, minSamples: 30 };
