import { describe, expect, it } from 'vitest';
import type { DatasetStore } from '../store/dataset-store.js';
import type { RunStore } from '../store/run-store.js';
import type { DatasetItem, DatasetVersion, ResultRecord, RunRecord } from '../types.js';
import { routerRecordsFromRun } from './router-records-from-run.js';

const run = {
  id: 'run_1',
  dataset: 'support',
  datasetVersion: 2,
  variants: {
    cheap: { model: 'small', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Answer: {{input}}' }], params: {}, targets: [] },
    strong: { model: 'big', messages: [{ role: 'user', content: 'Answer: {{input}}' }], params: {}, targets: [] },
  },
} as unknown as RunRecord;

const items: DatasetItem[] = [
  { id: 'a', input: 'Where is my card?' },
  { id: 'b', input: 'Close my account' },
  { id: 'c', input: 'Refund please' },
];
const datasets: Pick<DatasetStore, 'resolve' | 'items'> = {
  resolve: async (reference) => {
    if (reference !== 'support@2') throw new Error(`no dataset ${reference}`);
    return { id: 'dv_2' } as DatasetVersion;
  },
  items: async function* () {
    yield* items;
  },
};

const result = (variant: string, caseId: string, quality: number | null, repeat = 0) => ({ runId: 'run_1', variant, caseId, repeat, quality, error: quality === null ? 'timeout' : null }) as unknown as ResultRecord;
const runsOf = (results: ResultRecord[]): Pick<RunStore, 'results'> => ({
  results: async function* () {
    yield* results;
  },
});

describe('routerRecordsFromRun', () => {
  it("pairs each case's two variants, with the prompt as the cheap variant sent it", async () => {
    const runs = runsOf([result('cheap', 'a', 1), result('strong', 'a', 1), result('cheap', 'b', 0), result('strong', 'b', 0.5), result('cheap', 'a', 0, 1), result('strong', 'a', 1, 1)]);
    const { records, skipped } = await routerRecordsFromRun(run, runs, datasets, { weak: 'cheap', strong: 'strong' });
    expect(records).toEqual([
      { prompt: 'Answer: Where is my card?', weakScore: 1, strongScore: 1 },
      { prompt: 'Answer: Close my account', weakScore: 0, strongScore: 0.5 },
      { prompt: 'Answer: Where is my card?', weakScore: 0, strongScore: 1 },
    ]);
    expect(skipped).toBe(0);
  });

  it('leaves out a case one side errored on or lacks, and counts it', async () => {
    const runs = runsOf([result('cheap', 'a', null), result('strong', 'a', 1), result('cheap', 'b', 1), result('strong', 'c', 1), result('cheap', 'c', 0)]);
    const { records, skipped } = await routerRecordsFromRun(run, runs, datasets, { weak: 'cheap', strong: 'strong' });
    expect(records).toEqual([{ prompt: 'Answer: Refund please', weakScore: 0, strongScore: 1 }]);
    expect(skipped).toBe(2);
  });

  it('names a variant the run does not have, with the one meant', async () => {
    await expect(routerRecordsFromRun(run, runsOf([]), datasets, { weak: 'cheep', strong: 'strong' })).rejects.toThrow('--weak: run run_1 has no variant "cheep" (did you mean "cheap"?) (variants: cheap, strong)');
    await expect(routerRecordsFromRun(run, runsOf([]), datasets, { weak: 'cheap', strong: 'cheap' })).rejects.toThrow('--weak and --strong are both "cheap"');
  });

  it("says the run's dataset is gone rather than training on nothing", async () => {
    await expect(routerRecordsFromRun({ ...run, datasetVersion: 9 }, runsOf([]), datasets, { weak: 'cheap', strong: 'strong' })).rejects.toThrow("run run_1's dataset support@9 is not in this store, and the prompts are read from it: no dataset support@9");
  });
});
