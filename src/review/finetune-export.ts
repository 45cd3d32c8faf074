import type { TraceStore } from '../core/trace-store.js';
import { finetuneExample, whyNoExample } from './finetune.js';
import { decided, labelledTracePages } from './labelled-traces.js';
import type { ReviewStore } from './review-store.js';

/** What an export of fine-tuning examples wrote and left out, counted as it goes. */
export interface FinetuneExportCounts {
  examples: number;
  /** Reviewers rejected the answer. */
  rejected: number;
  /** No text prompt and answer to train on: bodies not kept, an item whose input is not text. */
  unusable: number;
  /** Items whose review is not finished (a blind double review with one in), left out unless included. */
  pending: number;
}

export interface FinetuneExportOptions {
  /** Mean reviewer score (1–5) at or above which an unchanged answer counts as approved. */
  minScore: number;
  includePending: boolean;
  /** Items whose latest review is at or after this time (ms); every one without it. */
  since?: number;
}

/**
 * Characters a chunk gathers before it is given out: a page's lines joined into one string ran
 * past the longest string V8 holds (~536 million characters) when 40 of its 500 reviewed traces
 * had 16 MB bodies (a trace keeps up to 16 M characters of each), and the export stopped on
 * "RangeError: Invalid string length" with a stack trace.
 */
const CHUNK_CHARS = 1 << 20;

/**
 * OpenAI chat fine-tuning JSONL of every reviewed trace, one chunk of lines per page of reviews
 * (newest first; a page's lines past {@link CHUNK_CHARS} in more chunks), with `counts` kept up to date: the CLI's `export finetune` and
 * `GET /api/review/export` write each chunk as it comes, so an export of any size holds one page
 * of traces at a time. No cap: the list read whole stopped at the newest 100,000 without a word
 * (and held 434 MB for them).
 *
 * @example const counts = { examples: 0, rejected: 0, unusable: 0, pending: 0 }; await writeChunks('train.jsonl', finetuneJsonl(stores.reviews, stores.traces, { minScore: 4, includePending: false }, counts));
 */
export async function* finetuneJsonl(reviews: Pick<ReviewStore, 'reviewedPage'>, traces: Pick<TraceStore, 'getTraces' | 'bodyBytes'>, options: FinetuneExportOptions, counts: FinetuneExportCounts): AsyncGenerator<string> {
  const range = options.since === undefined ? {} : { since: options.since };
  for await (const page of labelledTracePages(reviews, traces, { ...range, limit: Number.POSITIVE_INFINITY })) {
    let chunk = '';
    for (const labelled of page) {
      if (!decided(labelled)) {
        counts.pending++;
        if (!options.includePending) continue;
      }
      const example = finetuneExample(labelled, { minScore: options.minScore });
      if (!example) {
        counts[whyNoExample(labelled, { minScore: options.minScore })]++;
        continue;
      }
      const line = `${JSON.stringify(example)}\n`;
      counts.examples++;
      if (chunk.length + line.length > CHUNK_CHARS && chunk !== '') {
        yield chunk;
        chunk = '';
      }
      chunk += line;
    }
    if (chunk !== '') yield chunk;
  }
}
