import type { Writable } from 'node:stream';
import { writeChunks } from '../../core/write-chunks.js';
import type { RunSummary } from '../runner/summarize-run.js';
import type { RunStore } from '../store/run-store.js';
import type { RunRecord } from '../types.js';

/**
 * Writes `{ run, summary, results: [...] }` to a file (`--out FILE`) or a stream (stdout for
 * `--json`), streaming the results out of the store one by one, so a 100,000-result run never
 * sits in memory as one JSON string.
 *
 * @example await writeRunJson('result.json', run, summary, runs); await writeRunJson(process.stdout, run, summary, runs);
 */
export async function writeRunJson(target: string | Writable, run: RunRecord, summary: RunSummary, runs: RunStore): Promise<void> {
  await writeChunks(target, runJson(run, summary, runs));
}

async function* runJson(run: RunRecord, summary: RunSummary, runs: RunStore): AsyncGenerator<string> {
  yield `{"run":${JSON.stringify(run)},"summary":${JSON.stringify(summary)},"results":[`;
  let first = true;
  for await (const result of runs.results(run.id)) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(result)}`;
    first = false;
  }
  yield '\n]}\n';
}
