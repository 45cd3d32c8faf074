import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { openOutFile } from '../../core/out-file.js';
import type { Writable } from 'node:stream';
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
  // Opened synchronously so a bad path fails here, naming the file, before any work.
  const out = typeof target === 'string' ? createWriteStream(target, { fd: openOutFile('--out', target) }) : target;
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    await write(`{"run":${JSON.stringify(run)},"summary":${JSON.stringify(summary)},"results":[`);
    let first = true;
    for await (const result of runs.results(run.id)) {
      await write(`${first ? '\n' : ',\n'}${JSON.stringify(result)}`);
      first = false;
    }
    await write('\n]}\n');
  } catch (error) {
    // `eval show last --json | head`: the reader took what it wanted and closed the pipe. That ends
    // the output, as it ends any Unix tool's; it printed a stack trace of EPIPE and exited 1.
    if (typeof target !== 'string' && closedByReader(error)) return;
    throw error;
  }
  if (typeof target === 'string') {
    out.end();
    await once(out, 'finish');
  }
}

/** EPIPE, or a write to the stream its EPIPE destroyed. */
function closedByReader(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}
