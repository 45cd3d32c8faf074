import type { DatasetStore } from '../store/dataset-store.js';
import type { RunStore } from '../store/run-store.js';
import type { DatasetItem, ResultRecord, RunRecord } from '../types.js';
import { percent } from '../../core/percent.js';

const text = (value: unknown): string => (value === undefined || value === null ? '-' : typeof value === 'string' ? value : JSON.stringify(value));
const indent = (value: string) => value.replace(/\n/g, '\n      ');

/**
 * Every case × variant of a run as a readable block: the input, the expected answer, the
 * output (or the error), and each scorer's score, verdict and reason, so a person can see why a
 * case scored what it did without opening the database.
 *
 * @example console.log(await formatCases(run, runs, datasets));
 */
export async function formatCases(run: RunRecord, runs: Pick<RunStore, 'results'>, datasets: Pick<DatasetStore, 'resolve' | 'items'>): Promise<string> {
  const items = new Map<string, DatasetItem>();
  try {
    const version = await datasets.resolve(`${run.dataset}@${run.datasetVersion}`);
    for await (const item of datasets.items(version.id)) items.set(item.id, item);
  } catch {
    // A dataset deleted since the run still leaves its results readable, without inputs.
  }
  const blocks: string[] = [];
  for await (const result of runs.results(run.id)) blocks.push(formatCase(result, items.get(result.caseId)));
  return blocks.length === 0 ? 'no case results stored for this run' : blocks.join('\n\n');
}

function formatCase(r: ResultRecord, item: DatasetItem | undefined): string {
  // No scorer gave a score (each failed): the case is left out of pass and quality, not failed.
  const verdict = r.error ? 'ERROR' : r.pass === null ? 'not scored' : r.pass ? 'pass' : 'fail';
  const head = `${r.caseId} · ${r.variant}${r.repeat > 0 ? ` #${r.repeat}` : ''} · ${verdict} · quality ${r.quality === null ? '-' : percent(r.quality)}${r.cached ? ' · from the response cache' : ''}${r.traceId ? ` · trace ${r.traceId}` : ''}`;
  const lines = [head];
  if (item) lines.push(`  input:    ${indent(text(item.input))}`);
  if (item && item.expected !== undefined) lines.push(`  expected: ${indent(text(item.expected))}`);
  lines.push(r.error ? `  error:    ${indent(r.error)}` : `  output:   ${indent(text(r.output))}`);
  for (const s of r.scores) {
    const score = s.error ? `error: ${s.error}` : `${percent(s.score)}${s.raw !== undefined ? ` (raw ${s.raw})` : ''} ${s.pass ? 'pass' : 'fail'}`;
    lines.push(`  ${s.scorer}: ${score}${s.reason ? ` · ${indent(s.reason)}` : ''}`);
  }
  return lines.join('\n');
}
