import type { ReviewStore } from '../../review/review-store.js';
import type { QueuedItem } from '../../review/types.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { RunStore } from '../store/run-store.js';
import type { DatasetItem, ResultRecord } from '../types.js';

/** What `queueWeakCases` needs: the run and its dataset to read, the queue to write. */
export interface WeakCaseDeps {
  runs: Pick<RunStore, 'get' | 'results'>;
  datasets: Pick<DatasetStore, 'resolve' | 'items'>;
  reviews: Pick<ReviewStore, 'enqueue'>;
}

/** A case is weak when its quality is below this share (a failed call counts as 0). */
export const WEAK_BELOW = 0.5;

const percent = (q: number | null) => (q === null ? 'no score' : `${Math.round(q * 100)}%`);

/**
 * Queues an eval run's weak cases for review, each with the case's input, the model's answer,
 * the expected output and every scorer's verdict, traced or not. A case already queued (another
 * click, another tab) stays one item: the result says which items are new.
 *
 * @example const items = await queueWeakCases(stores, 'run_01j…'); items.filter((i) => i.added).length
 */
export async function queueWeakCases(deps: WeakCaseDeps, runId: string, options: { below?: number } = {}): Promise<QueuedItem[]> {
  const below = options.below ?? WEAK_BELOW;
  const run = await deps.runs.get(runId);
  const weak: ResultRecord[] = [];
  for await (const result of deps.runs.results(run.id)) if ((result.quality ?? 0) < below) weak.push(result);
  if (weak.length === 0) return [];
  const version = await deps.datasets.resolve(`${run.dataset}@${run.datasetVersion}`);
  const cases = new Map<string, DatasetItem>();
  for await (const item of deps.datasets.items(version.id)) cases.set(item.id, item);
  return deps.reviews.enqueue(
    weak.map((r) => {
      const item = cases.get(r.caseId);
      return {
        source: 'eval' as const,
        reason: `scored ${percent(r.quality)} in eval run ${run.name} (variant ${r.variant})`,
        traceId: r.traceId,
        input: item?.input ?? null,
        output: r.output ?? (r.error ? `error: ${r.error}` : null),
        evalCase: {
          runId: run.id,
          runName: run.name,
          variant: r.variant,
          caseId: r.caseId,
          repeat: r.repeat,
          expected: item?.expected ?? null,
          quality: r.quality,
          scores: r.scores.map((s) => ({ scorer: s.scorer, score: s.score, pass: s.pass, reason: s.error ? `scorer failed: ${s.error}` : s.reason })),
        },
      };
    }),
  );
}
