import { closeSync, openSync, writeSync } from 'node:fs';
import type { RunSummary } from '../runner/summarize-run.js';
import type { RunStore } from '../store/run-store.js';
import type { RunRecord } from '../types.js';

/**
 * Writes `{ run, summary, results: [...] }` to a file, streaming the results out of the store
 * one by one, so a 100,000-result run never sits in memory as one JSON string.
 *
 * @example await writeRunJson('result.json', run, summary, runs);
 */
export async function writeRunJson(path: string, run: RunRecord, summary: RunSummary, runs: RunStore): Promise<void> {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `{"run":${JSON.stringify(run)},"summary":${JSON.stringify(summary)},"results":[`);
    let first = true;
    for await (const result of runs.results(run.id)) {
      writeSync(fd, `${first ? '\n' : ',\n'}${JSON.stringify(result)}`);
      first = false;
    }
    writeSync(fd, '\n]}\n');
  } finally {
    closeSync(fd);
  }
}
