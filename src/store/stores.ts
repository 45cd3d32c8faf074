import type { AppSpanStore } from '../core/app-spans.js';
import type { CompactResult, TraceStore } from '../core/trace-store.js';
import type { EvalStores } from '../evals/store/eval-stores.js';
import type { KeySpendStore } from '../limits/key-spend.js';
import type { KeyStore } from '../limits/key-store.js';
import type { OwedSpendStore } from '../limits/owed-spend.js';
import type { RollupStore } from '../monitor/rollup-store.js';
import type { ResponseStore } from '../gateway/responses/response-store.js';
import type { ExampleStore } from '../local/examples/example-store.js';
import type { ModelRegistry } from '../local/registry/model-registry.js';
import type { ReviewStore } from '../review/review-store.js';
import type { ReviewerStore } from '../review/reviewer-store.js';
import type { SessionStore } from '../core/session-store.js';
import type { MonitorStore } from '../monitor/signals/monitor-store.js';
import type { LoadtestStore } from '../loadtest/loadtest-store.js';
import type { SchemaAhead } from './schema-ahead.js';

/** A schema step a migration run applied. */
export interface AppliedMigration {
  feature: string;
  /** 1, 2, 3… per feature. */
  version: number;
}

/**
 * Every storage port, opened on one backend. Only the composition root (server.ts, the CLI)
 * holds this; features receive the ports they use.
 */
export interface Stores extends EvalStores {
  readonly backend: 'sqlite' | 'postgres';
  /** Where the data is, for banners and errors: the file, or the URL without its password. */
  readonly location: string;
  /** Schema steps this open applied (empty when the store was up to date). */
  readonly migrated: readonly AppliedMigration[];
  /** Features a newer build migrated past this build's last step (empty or absent when none). */
  readonly ahead?: readonly SchemaAhead[];
  traces: TraceStore;
  spend: KeySpendStore;
  /** Virtual keys and teams created at runtime (API, CLI), shared by every replica. */
  keys: KeyStore;
  /** Spend calls served during a Redis outage owe their budgets, kept until Redis takes it. */
  owed: OwedSpendStore;
  rollups: RollupStore;
  reviews: ReviewStore;
  /** Local task model versions per route. */
  models: ModelRegistry;
  /** Labelled examples local task models are trained on. */
  examples: ExampleStore;
  /** Responses API answers kept for `previous_response_id` and `GET /v1/responses/{id}`. */
  responses: ResponseStore;
  /** Dashboard sign-ins, shared by replicas so a sign-out ends a session everywhere. */
  sessions: SessionStore;
  /** Reviewer accounts and their personal keys (hashed), checked on every call a reviewer's session makes. */
  reviewers: ReviewerStore;
  /** Trace signals, topic models, drift reports and alert state. */
  monitor: MonitorStore;
  /** Spans applications send over OTLP, shown around the gateway's calls. */
  spans: AppSpanStore;
  /** Load test reports (`switchyard loadtest`), for comparing capacity across runs. */
  loadtests: LoadtestStore;
  /**
   * Returns up to `maxPages` free pages to the file system after deletes (SQLite; PostgreSQL's
   * autovacuum does this itself, so it has none).
   */
  compact?(maxPages: number): Promise<CompactResult>;
  /** Writes buffered aggregates and releases the connection(s). */
  close(): Promise<void>;
}


/**
 * What the trace-write thread opens: the stores a stored trace batch is written to and derived
 * into, on connections of the thread's own.
 */
export interface TraceWriteStores extends Pick<Stores, 'traces' | 'rollups' | 'reviews' | 'monitor'>, Partial<Pick<Stores, 'spans' | 'compact'>> {
  /** Writes what a store buffers (SQLite's hour and day rollups), so a flush makes it readable. */
  settle(): Promise<void>;
  close(): Promise<void>;
}
