import type { PairedInterval } from '../stats/paired-mean.js';
/**
 * The ladder report as plain types (the CLI prints it, the eval run stores it in its summary, the
 * dashboard shows it per route).
 */
import type { Interval } from '../stats/interval.js';
import type { LadderScorer } from './score-answer.js';

export type RungKind = 'prompt' | 'rag' | 'local';

/** A rung that cannot run for this route, and why. */
export interface MissingRung {
  name: string;
  reason: string;
}

export interface RungVerdict {
  name: string;
  /** Paired difference (this rung − the best) with its 95% interval (`pairedMeanInterval`); 0 for the best. */
  versusBest: PairedInterval;
  /** Non-inferior: the interval's low end is above −tolerance. */
  nonInferior: boolean;
}

export interface LadderChoice {
  /** The rung that pays, or null when no rung has results. */
  pays: string | null;
  best: string | null;
  verdicts: RungVerdict[];
  reason: string;
}

export interface RungReport {
  name: string;
  kind: RungKind;
  description: string;
  cases: number;
  errors: number;
  /** Mean quality with a 95% interval (bootstrap, or the rule of three when every case scored the same). */
  quality: Interval & { ruleOfThree?: true };
  costPer1kUsd: number;
  monthlyCostUsd: number | null;
  latencyP50Ms: number;
  latencyP95Ms: number;
  /** RAG rungs: retrieval time before the provider call, p50 / p95. */
  retrievalMs?: { p50: number; p95: number };
  /** RAG rungs: share of answers the groundedness check passed. */
  groundedShare?: number;
  /** Local rung: share of requests the local model answered itself. */
  localShare?: number;
}

export interface LadderReport extends LadderChoice {
  route: string;
  dataset: string;
  datasetVersion: number;
  runId: string;
  tolerance: number;
  scorer: LadderScorer;
  requestsPerMonth: number | null;
  trafficSource: string;
  rungs: RungReport[];
  missing: MissingRung[];
}
