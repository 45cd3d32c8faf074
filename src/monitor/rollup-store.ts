import type { TraceSink } from '../core/trace-store.js';
import type { RolledTrace, RollupReader } from './rollup.js';

/**
 * Per-minute, per-hour and per-day aggregates of the stored traces (all, and per model, provider,
 * key and team), what the overview reads instead of raw traces.
 */
export interface RollupStore extends RollupReader {
  /**
   * Folds a batch of stored traces into every resolution. Atomic: a rejected call applied
   * nothing, so the writer may deliver the batch again without counting it twice.
   */
  apply(traces: readonly RolledTrace[]): Promise<void>;
}

/**
 * The rollups as a trace-writer sink.
 *
 * @example new TraceWriter({ store: storeSink(traces), derived: [rollupSink(rollups)] }, options)
 */
export function rollupSink(rollups: Pick<RollupStore, 'apply'>): TraceSink {
  return { name: 'rollups', write: (batch) => rollups.apply(batch) };
}
