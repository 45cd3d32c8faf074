import { closestName } from '../../core/format-issues.js';
import { SwitchyardError } from '../../core/errors.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { RunStore } from '../store/run-store.js';
import { itemVariables, renderTemplate } from '../suite/template.js';
import type { DatasetItem, ResultRecord, RunRecord } from '../types.js';

/** One outcome a learned router trains on: the prompt and each model's quality on it, in [0, 1]. */
export interface RunOutcome {
  prompt: string;
  weakScore: number;
  strongScore: number;
}

export interface RunOutcomes {
  records: RunOutcome[];
  /** Cases left out because one side errored or no scorer scored it (quality null), or its item is gone. */
  skipped: number;
}

/**
 * A learned router's training data from an eval run that ran the same cases on a cheap and a
 * strong variant: per case (and repeat), the prompt as the cheap variant sent it (its last user
 * message template, rendered for the item: what a client of the route sends) and each variant's
 * quality. So a router learns from the team's own suite and scorers, not only from
 * outcome files prepared elsewhere.
 *
 * @example await routerRecordsFromRun(run, runs, datasets, { weak: 'cheap', strong: 'strong' })
 * // { records: [{ prompt: 'Where is my card?', weakScore: 0, strongScore: 1 }, …], skipped: 0 }
 */
export async function routerRecordsFromRun(
  run: RunRecord,
  runs: Pick<RunStore, 'results'>,
  datasets: Pick<DatasetStore, 'resolve' | 'items'>,
  variants: { weak: string; strong: string },
): Promise<RunOutcomes> {
  const names = Object.keys(run.variants);
  for (const [flag, name] of [['--weak', variants.weak], ['--strong', variants.strong]] as const) {
    if (names.includes(name)) continue;
    const meant = closestName(name, names);
    throw new SwitchyardError('invalid_request', `${flag}: run ${run.id} has no variant "${name}"${meant ? ` (did you mean "${meant}"?)` : ''} (variants: ${names.join(', ')})`);
  }
  if (variants.weak === variants.strong) throw new SwitchyardError('invalid_request', `--weak and --strong are both "${variants.weak}": a router learns when the cheap variant is good enough, from two variants`);
  const items = new Map<string, DatasetItem>();
  const reference = `${run.dataset}@${run.datasetVersion}`;
  const version = await datasets.resolve(reference).catch((error: unknown) => {
    throw new SwitchyardError('not_found', `run ${run.id}'s dataset ${reference} is not in this store, and the prompts are read from it: ${(error as Error).message}`);
  });
  for await (const item of datasets.items(version.id)) items.set(item.id, item);
  // The router scores what the route receives: "Answer briefly: {{input}}" rendered, not the bare input.
  const template = run.variants[variants.weak]?.messages.findLast((m) => m.role === 'user')?.content ?? '{{input}}';

  const weak = new Map<string, ResultRecord>();
  const strong = new Map<string, ResultRecord>();
  for await (const result of runs.results(run.id)) {
    const side = result.variant === variants.weak ? weak : result.variant === variants.strong ? strong : undefined;
    side?.set(`${result.caseId}\u0000${result.repeat}`, result);
  }
  const records: RunOutcome[] = [];
  let skipped = 0;
  for (const [key, w] of weak) {
    const s = strong.get(key);
    const item = items.get(w.caseId);
    // An errored call or an unscored case says nothing about which model was good enough.
    if (!s || !item || w.quality === null || s.quality === null) {
      skipped++;
      continue;
    }
    records.push({ prompt: renderTemplate(template, itemVariables(item)), weakScore: w.quality, strongScore: s.quality });
  }
  skipped += [...strong.keys()].filter((key) => !weak.has(key)).length;
  return { records, skipped };
}
