import { storeSink } from '../core/trace-store.js';
import { type GatheredRollupOptions, gatheredRollupSink, type MinuteRollups } from '../monitor/gathered-rollup-sink.js';
import { rollupSink } from '../monitor/rollup-store.js';
import { signalSink } from '../monitor/signals/monitor-store.js';
import type { LowConfidenceLimits } from '../review/review-caps.js';
import { reviewSampler } from '../review/review-sampler.js';
import type { Stores } from './stores.js';
import type { TraceWriterSinks } from './trace-writer.js';

function takesMinuteRows(rollups: object): rollups is MinuteRollups {
  return typeof (rollups as Partial<MinuteRollups>).applyMinutes === 'function';
}

/**
 * Where the trace writer sends each batch: the trace store first, then the rollups and the
 * review sampler (later: drift, metrics exporters). With `gatherRollups`, rollups are summed
 * over batches and written once that many traces (or that interval) gathered, where the store
 * takes summed rows (PostgreSQL); elsewhere (SQLite) each batch as before.
 *
 * @example new TraceWriter(traceSinks(stores, config.review.low_confidence), { batchSize: 128, flushIntervalMs: 100 })
 */
export function traceSinks(
  stores: Pick<Stores, 'traces' | 'rollups' | 'reviews'> & Partial<Pick<Stores, 'monitor'>>,
  lowConfidence?: LowConfidenceLimits,
  options: { gatherRollups?: GatheredRollupOptions } = {},
): TraceWriterSinks {
  // Rollups summed over many batches and written at once where the store takes summed rows (PostgreSQL).
  const rollups = options.gatherRollups && takesMinuteRows(stores.rollups) ? gatheredRollupSink(stores.rollups, options.gatherRollups) : rollupSink(stores.rollups);
  const derived = [rollups, reviewSampler(stores.reviews, lowConfidence)];
  // Signals for topics, drift, online evaluation and alerts, derived from each batch off the request path.
  if (stores.monitor) derived.push(signalSink(stores.monitor));
  return { store: storeSink(stores.traces), derived };
}
