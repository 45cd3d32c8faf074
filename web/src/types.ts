// Type-only imports from the server: the dashboard reads exactly what the admin API sends.
export type { Overview, OverviewTotals, Dimension, ReplicaBreakdown } from '../../src/monitor/overview.js';
export type { DimensionsResponse } from '../../src/http/admin/monitor-routes.js';
export type { RouteReport, BranchFigures, LocalModelState } from '../../src/monitor/route-report.js';
export type { TraceRecord, TraceSummary, TracePage, Attempt } from '../../src/core/trace.js';
export type { TargetStatus } from '../../src/routing/target-health.js';
export type { CacheStats } from '../../src/cache/cache-store.js';
export type { CacheReport } from '../../src/monitor/cache-report.js';
export type { StoredLoadtest } from '../../src/loadtest/loadtest-store.js';
export type { RetentionReport } from '../../src/monitor/retention-report.js';
export type { AppSpan, CallSpans } from '../../src/core/app-spans.js';
export type { LadderReport } from '../../src/evals/ladder/ladder-report.js';
export type { GroundednessDecision, KnowledgeDecision } from '../../src/gateway/knowledge/decisions.js';
export type { GuardEntry, GuardTiming } from '../../src/gateway/guard/guard-decisions.js';
export type { KnowledgeBaseRecord } from '../../src/knowledge/store/knowledge-store.js';
export type { KnowledgeBaseDetail, KnowledgeSearchAnswer } from '../../src/http/admin/knowledge-routes.js';
export type { Feedback, Review, ReviewItem, ReviewStats, SamplingRule, ReviewSource, Agreement, EvalCaseContext } from '../../src/review/types.js';

import type { Agreement, Feedback, Review, ReviewItem } from '../../src/review/types.js';
import type { TraceRecord } from '../../src/core/trace.js';

export interface SessionInfo {
  mode: 'protected' | 'open' | 'locked';
  name: string | null;
  csrf: string | null;
  banner: string | null;
  /** What the signed-in person may do: reviewer is the review queue only; null when nobody is signed in. */
  role?: 'admin' | 'reviewer' | null;
  /** Whether the server has a reviewer key, which signs in to the review queue only. */
  reviewerKey?: boolean;
  /** Signed in with a reviewer account's personal key: the name is the account's, not typed. */
  personal?: boolean;
  /** Why the page's session ended, when the server knows (its reviewer account was revoked). */
  ended?: string;
}

export interface QueueEntry extends ReviewItem {
  model: string | null;
  ts: number | null;
  preview: string;
}

export interface ItemDetail {
  item: ReviewItem;
  /** The item named by its content (the question asked), else its reason. */
  title: string;
  trace: TraceRecord | null;
  /** The reviews the reader may see: blind review holds the others' back until theirs is given. */
  reviews: Review[];
  /** How many reviews were held back (others' verdicts on an item still taking reviews). */
  hiddenReviews: number;
  feedback: Feedback[];
  agreement: Agreement;
  /** For a call to a route with a local model: its labels, one of which a correction must name. */
  labels: string[] | null;
}

/** What saving a review answers: the review, and which local model learnt the correction (null when none did). */
export type SavedReview = Review & { taught: { route: string; label: string } | null };

export interface KeyRow {
  name: string;
  team: string | null;
  models: string[] | null;
  budget: { usd: number; period: 'total' | 'monthly' | 'daily' } | null;
  teamBudget?: { usd: number; period: 'total' | 'monthly' | 'daily' } | null;
  rateLimit: { requestsPerMinute: number | null; tokensPerMinute: number | null } | null;
  usage: { requestsLastMinute: number; tokensLastMinute: number; spendUsd: number; reservedUsd?: number; periodStart: number; spendPeriod?: 'total' | 'monthly' | 'daily' } | null;
  /** `config`: from the config file; `store`: created at runtime (rotatable, revocable). */
  source?: 'config' | 'store';
  status?: 'active' | 'revoked';
  prefix?: string;
  createdAt?: number;
  rotatedAt?: number | null;
  previousValidUntil?: number | null;
  revokedAt?: number | null;
}

/** A team: its keys count against its budget too (GET /api/teams). */
export interface TeamRow {
  name: string;
  budget: { usd: number; period: 'total' | 'monthly' | 'daily' } | null;
  /** Held across all its keys together, on top of each key's own. */
  rateLimit: { requestsPerMinute: number | null; tokensPerMinute: number | null } | null;
  /** `keys`: named by keys, with no limits of its own yet. */
  source: 'config' | 'store' | 'keys';
  keys: number;
  usage: { spendUsd: number; reservedUsd: number; periodStart: number } | null;
  /** The team's window in the last minute; null without a rate limit or when the limit store does not answer. */
  rateUsage?: { requestsLastMinute: number; tokensLastMinute: number } | null;
}

/** Where rate limits and budgets are kept, and whether it answers (GET /api/keys). */
export interface LimitHealth {
  store: 'memory' | 'redis';
  reachable: boolean;
  on_error: 'open' | 'closed';
}

// The evaluation API's shapes (src/evals/http/eval-api.ts), imported from the server where
// they are declared (a variant's summary gained `scorerErrors` while a restated copy here did
// not); the run record is restated as the subset the pages read, with its summary typed (the
// server keeps it `unknown`, as stored).
export type { Interval } from '../../src/evals/stats/interval.js';
export type { VariantSummary } from '../../src/evals/runner/summarize-run.js';
import type { Interval } from '../../src/evals/stats/interval.js';
import type { PairedInterval } from '../../src/evals/stats/paired-mean.js';
import type { VariantSummary } from '../../src/evals/runner/summarize-run.js';

// Type-only: nothing of src/ reaches the bundle.
export type { DatasetItem, DatasetSummary, DatasetVersion } from '../../src/evals/types.js';
import type { ResultRecord as ServerResultRecord } from '../../src/evals/types.js';



export interface RunRecord {
  id: string;
  createdAt: number;
  finishedAt: number | null;
  status: 'running' | 'completed' | 'interrupted' | 'failed';
  name: string;
  dataset: string;
  datasetVersion: number;
  datasetHash: string;
  gitCommit: string | null;
  variants: Record<string, { model: string; params: Record<string, unknown>; targets?: { provider: string; model: string; simulated?: boolean }[] }>;
  summary: { variants: VariantSummary[]; pairs: { a: string; b: string; n: number; difference: PairedInterval }[] } | null;
}

/** A result as GET /api/evals/runs/:id/results sends it: with its case's dataset item, when that version is still there. */
export type ResultRecord = ServerResultRecord & { input?: unknown; expected?: unknown };

export type { RunComparison, SideSpend } from '../../src/evals/runner/compare-runs.js';
export type { DriftReport, FeatureDrift } from '../../src/monitor/drift/drift-types.js';
export type { TopicReport, TopicStats } from '../../src/monitor/topics/topic-report.js';
export type { OfflineScore, QualityReport } from '../../src/monitor/quality-report.js';
export type { AlertEvent, AlertState } from '../../src/monitor/alerts/alert-state.js';
export type { RuleStatus } from '../../src/monitor/alerts/evaluate-alerts.js';
export type { ModelVersion, RoutePin } from '../../src/local/registry/model-registry.js';
