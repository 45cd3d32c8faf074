// Hands traces to a TraceWriter the way traffic does: never more than FEED_AHEAD waiting. The
// writer keeps a trace's bodies only while fewer than 10,000 traces wait to be stored
// (TraceWriterOptions.maxQueuedWithBodies, its guard for a store that is down): a benchmark that
// wrote a run's 30,000 traces in one loop had the last 20,000 stored without their bodies, and
// measured that (bench:pg-ingest's writer rows before 2026-12-04: 1,975 B of WAL per trace where
// every trace with its bodies writes ~3,100 B).

/** Traces waiting in the writer at most: below its 10,000 with room for the batches in flight. */
export const FEED_AHEAD = 8_192;

/**
 * Writes every trace, waiting (1 ms at a time) while FEED_AHEAD are queued, then flushes.
 *
 * @example await feedWriter(writer, traces)
 */
export async function feedWriter(writer, traces) {
  for (const trace of traces) {
    while (writer.pending >= FEED_AHEAD) await new Promise((resolve) => setTimeout(resolve, 1));
    writer.write(trace);
  }
  await writer.flush();
}
