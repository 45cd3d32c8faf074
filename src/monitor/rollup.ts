import type { TraceSummary } from '../store/trace.js';
import { bucketOf, emptyHistogram, type Histogram } from './histogram.js';

/** Traces of one time bucket and one (model, provider, key, team), summed. '' stands for "none". */
export interface RollupRow {
  bucket: number;
  model: string;
  provider: string;
  keyName: string;
  team: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  costUsd: number;
  latencyMsSum: number;
  ttftCount: number;
  ttftMsSum: number;
  latencyHist: Histogram;
  ttftHist: Histogram;
}

export interface RollupFilter {
  model?: string;
  provider?: string;
  keyName?: string;
  team?: string;
}

/** What the overview reads; SQLite implements it, PostgreSQL will. */
export interface RollupReader {
  /** Rows of the resolution `resolutionMs` (60 000, 3 600 000 or 86 400 000) with since ≤ bucket < until. */
  readRollups(resolutionMs: number, since: number, until: number, filter: RollupFilter): Promise<RollupRow[]>;
}

type Rolled = Pick<TraceSummary, 'ts' | 'requestedModel' | 'provider' | 'keyName' | 'team' | 'status' | 'inputTokens' | 'outputTokens' | 'cachedTokens' | 'reasoningTokens' | 'costUsd' | 'latencyMs' | 'ttftMs'>;

/**
 * Sums traces into rollup rows of one resolution, keyed by bucket and dimensions. A batch of a
 * few hundred traces usually lands in a handful of rows, so the store writes few upserts.
 *
 * @example accumulate(batch, 60_000) // Map { "1767225600000\u0000gpt-4o\u0000…" => RollupRow }
 */
export function accumulate(traces: readonly Rolled[], resolutionMs: number, into = new Map<string, RollupRow>()): Map<string, RollupRow> {
  for (const t of traces) {
    const bucket = t.ts - (t.ts % resolutionMs);
    const provider = t.provider ?? '';
    const keyName = t.keyName ?? '';
    const team = t.team ?? '';
    const id = `${bucket}\u0000${t.requestedModel}\u0000${provider}\u0000${keyName}\u0000${team}`;
    let row = into.get(id);
    if (!row) {
      row = {
        bucket,
        model: t.requestedModel,
        provider,
        keyName,
        team,
        requests: 0,
        errors: 0,
        inputTokens: 0,
        outputTokens: 0,
        cachedTokens: 0,
        reasoningTokens: 0,
        costUsd: 0,
        latencyMsSum: 0,
        ttftCount: 0,
        ttftMsSum: 0,
        latencyHist: emptyHistogram(),
        ttftHist: emptyHistogram(),
      };
      into.set(id, row);
    }
    row.requests++;
    if (t.status >= 400) row.errors++;
    row.inputTokens += t.inputTokens;
    row.outputTokens += t.outputTokens;
    row.cachedTokens += t.cachedTokens;
    row.reasoningTokens += t.reasoningTokens;
    row.costUsd += t.costUsd;
    row.latencyMsSum += t.latencyMs;
    const lat = bucketOf(t.latencyMs);
    row.latencyHist[lat] = (row.latencyHist[lat] as number) + 1;
    if (t.ttftMs !== null) {
      row.ttftCount++;
      row.ttftMsSum += t.ttftMs;
      const first = bucketOf(t.ttftMs);
      row.ttftHist[first] = (row.ttftHist[first] as number) + 1;
    }
  }
  return into;
}
