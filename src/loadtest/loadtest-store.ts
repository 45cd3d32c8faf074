import type { LoadReport } from './load-report.js';

/** A load test as kept: its report and when it ran. */
export interface StoredLoadtest {
  id: string;
  /** When it finished, ms since the epoch. */
  at: number;
  model: string;
  report: LoadReport;
}

/**
 * Load test reports, so capacity can be compared across runs and charted in the dashboard.
 * One implementation per storage backend (SQLite, PostgreSQL), one contract suite for all.
 */
export interface LoadtestStore {
  /** Keeps a report under its run id (saving the same id again replaces it). */
  save(report: LoadReport, at: number): Promise<void>;
  /** Newest first, at most `limit`, optionally for one model or route. */
  list(options?: { limit?: number; model?: string }): Promise<StoredLoadtest[]>;
  get(id: string): Promise<StoredLoadtest | undefined>;
}
