import { storeSink } from '../core/trace-store.js';
import { rollupSink } from '../monitor/rollup-store.js';
import { signalSink } from '../monitor/signals/monitor-store.js';
import type { LowConfidenceLimits } from '../review/review-caps.js';
import { reviewSampler } from '../review/review-sampler.js';
import type { Stores } from './stores.js';
import type { TraceWriterSinks } from './trace-writer.js';

/**
 * Where the trace writer sends each batch: the trace store first, then the rollups and the
 * review sampler (later: drift, metrics exporters).
 *
 * @example new TraceWriter(traceSinks(stores, config.review.low_confidence), { batchSize: 128, flushIntervalMs: 100 })
 */
export function traceSinks(stores: Pick<Stores, 'traces' | 'rollups' | 'reviews'> & Partial<Pick<Stores, 'monitor'>>, lowConfidence?: LowConfidenceLimits): TraceWriterSinks {
  const derived = [rollupSink(stores.rollups), reviewSampler(stores.reviews, lowConfidence)];
  // Signals for topics, drift, online evaluation and alerts, derived from each batch off the request path.
  if (stores.monitor) derived.push(signalSink(stores.monitor));
  return { store: storeSink(stores.traces), derived };
}
