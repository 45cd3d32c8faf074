import { countOf } from '../../core/plural.js';
import { terminalText } from '../../core/terminal-text.js';
import { clip, quoteClipped } from '../../core/clip.js';
import { TerminalTable } from '../../core/terminal-table.js';
import { SwitchyardError } from '../../core/errors.js';
import type { TraceStore } from '../../core/trace-store.js';
import { addTracesToDataset, type TraceFilter } from '../datasets/add-traces.js';
import { SHADOW_KEY_NAME } from '../../core/internal-caller.js';
import { importDatasetFile } from '../datasets/import-dataset.js';
import { toItemLine } from '../datasets/item-schema.js';
import type { DatasetStore } from '../store/dataset-store.js';
import type { DatasetItem } from '../types.js';
import { cliTime, timeFlag } from '../../core/cli-time.js';
import { CLI } from '../../core/cli-command.js';
import { numberFlag } from '../../core/number-flag.js';
import { statusFilter } from '../../core/status-filter.js';
import { csvCell } from '../../core/csv-cell.js';
import { writeOutFile } from '../../core/out-file.js';

/** `datasets list` */
export async function listDatasets(flags: { json?: boolean }, store: DatasetStore): Promise<void> {
  const list = await store.list();
  if (flags.json) return void console.log(JSON.stringify(list, null, 2));
  if (list.length === 0) return void console.log(`no datasets yet: ${CLI} datasets import FILE.jsonl`);
  const table = new TerminalTable({ head: ['dataset', 'latest', 'items', 'hash', 'versions', 'last change'], dropToFit: ['versions', 'hash'], wrapsOnTerminal: ['last change'] });
  for (const d of list) table.push([d.name, `v${d.latest?.version ?? 0}`, String(d.latest?.itemCount ?? 0), d.latest?.hash.slice(0, 12) ?? '-', String(d.versions), d.latest?.source ?? '-']);
  console.log(table.toString());
}

/** `datasets show NAME[@VERSION]`: its versions and the first items. */
export async function showDataset(reference: string, flags: { limit?: string; json?: boolean }, store: DatasetStore): Promise<void> {
  const version = await store.resolve(reference);
  const items: DatasetItem[] = [];
  for await (const item of store.items(version.id, 0, numberFlag('--limit', flags.limit, { min: 1, max: 100_000, integer: true, fallback: 10 }))) items.push(item);
  const versions = await store.versions(version.dataset);
  if (flags.json) return void console.log(JSON.stringify({ version, versions, items }, null, 2));
  // The arrow marks the version shown (NAME@VERSION, or the latest), which the items below are from.
  console.log(`${version.dataset}: ${countOf(versions.length, 'version')} (→ the one shown below)`);
  for (const v of versions) console.log(`${v.version === version.version ? '→' : ' '} v${v.version}  ${v.hash.slice(0, 12)}  ${countOf(v.itemCount, 'item')}  ${cliTime(v.createdAt)}  ${v.source ?? ''}`);
  // On a terminal the texts wrap at their words to fit; to a pipe each item stays one line, for grep.
  const table = new TerminalTable({ head: ['id', 'input', 'expected', 'output', 'human'], wrapsOnTerminal: ['input', 'expected', 'output'] });
  // A cut cell ends in an ellipsis, so a shortened answer is not read as the whole one.
  const text = (x: unknown) => clip(x === undefined ? '' : typeof x === 'string' ? x : JSON.stringify(x), 120);
  for (const item of items) table.push([item.id, text(item.input), text(item.expected), text(item.output), item.humanScore === undefined ? '' : String(item.humanScore)]);
  console.log(table.toString());
  // Ten rows of a 20-item version, unmarked, read as the whole dataset.
  if (items.length < version.itemCount) console.log(`the first ${items.length} of ${countOf(version.itemCount, 'item')}: --limit N shows more, ${CLI} datasets export ${version.dataset}@${version.version} writes them all`);
}

/** `datasets import FILE` */
export async function importDataset(file: string, flags: { name?: string; skipBadLines?: boolean; inputColumn?: string; expectedColumn?: string }, store: DatasetStore): Promise<void> {
  // The notes (what was left out) follow the result line, on stdout as the rest of this command's report.
  const notes: string[] = [];
  const result = await importDatasetFile(store, file, { name: flags.name, skipBadLines: flags.skipBadLines, columns: { input: flags.inputColumn, expected: flags.expectedColumn }, note: (line) => notes.push(line) });
  const v = result.version;
  console.log(result.created ? `imported ${countOf(v.itemCount, 'item')} as ${v.dataset}@${v.version} (${v.hash.slice(0, 12)})` : `unchanged: ${file} is already ${v.dataset}@${v.version} (${v.hash.slice(0, 12)})`);
  for (const note of notes) console.log(terminalText(note));
}

/**
 * `datasets export NAME[@VERSION]`: JSONL (or CSV) to a file or stdout (no `--out`, or `--out -`);
 * import ∘ export is the identity. A CSV carries the items' metadata as columns after the five
 * fields, as a CSV's other columns are imported (a key that is also a field's name as
 * `metadata.KEY`), so a spreadsheet's notes survive the round trip.
 */
export async function exportDataset(reference: string, flags: { out?: string; format?: string }, store: DatasetStore): Promise<void> {
  const version = await store.resolve(reference);
  const out = flags.out === '-' ? undefined : flags.out;
  const format = flags.format ?? (out?.endsWith('.csv') ? 'csv' : 'jsonl');
  if (format !== 'jsonl' && format !== 'csv') throw new SwitchyardError('invalid_request', `--format must be jsonl or csv, got ${quoteClipped(format)}`);
  const items: DatasetItem[] = [];
  for await (const item of store.items(version.id)) items.push(item);
  const text = format === 'csv' ? csvText(items) : items.map((item) => `${JSON.stringify(toItemLine(item))}\n`).join('');
  if (out) {
    writeOutFile('--out', out, text);
    console.error(`wrote ${countOf(version.itemCount, 'item')} of ${version.dataset}@${version.version} to ${out}`);
  } else process.stdout.write(text);
}

const CSV_FIELDS = ['id', 'input', 'expected', 'output', 'human_score'];

function csvText(items: readonly DatasetItem[]): string {
  const keys = [...new Set(items.flatMap((item) => Object.keys(item.metadata ?? {})))];
  const folded = new Set(CSV_FIELDS.map((field) => field.replace(/_/g, '')));
  const header = [...CSV_FIELDS, ...keys.map((key) => (folded.has(key.toLowerCase().replace(/[\s_-]/g, '')) || key.startsWith('metadata.') ? `metadata.${key}` : key))];
  const rows = items.map((item) => [item.id, item.input, item.expected, item.output, item.humanScore, ...keys.map((key) => item.metadata?.[key])].map(csvCell).join(','));
  return `${[header.map(csvCell).join(','), ...rows].join('\n')}\n`;
}

export interface AddTracesFlags {
  model?: string;
  route?: string;
  key?: string;
  since?: string;
  until?: string;
  status?: string;
  tag?: string[];
  limit?: string;
}

/** `datasets add-traces NAME --model X --tag team=cx …` */
export async function addTraces(dataset: string, flags: AddTracesFlags, stores: { traces: TraceStore; datasets: DatasetStore }): Promise<void> {
  const filter: TraceFilter = { model: flags.model, route: flags.route, keyName: flags.key, since: timeFlag('--since', flags.since), until: timeFlag('--until', flags.until), limit: numberFlag('--limit', flags.limit, { min: 1, max: 100_000, integer: true, fallback: 1000 }) };
  if (flags.status) filter.status = statusFilter(flags.status);
  if (flags.tag?.length) {
    filter.tags = {};
    for (const tag of flags.tag) {
      const at = tag.indexOf('=');
      if (at < 1) throw new SwitchyardError('invalid_request', `--tag takes KEY=VALUE, got ${quoteClipped(tag)}`);
      filter.tags[tag.slice(0, at)] = tag.slice(at + 1);
    }
  }
  const result = await addTracesToDataset(stores, { dataset, filter });
  const shadow = result.shadowChecksLeftOut ? `; ${countOf(result.shadowChecksLeftOut, 'shadow check')} left out (the gateway's own calls to the large model for a sample of local answers; --key ${SHADOW_KEY_NAME} takes them)` : '';
  const at = `${result.version.dataset}@${result.version.version} (${countOf(result.version.itemCount, 'item')})`;
  const skipped = result.skipped ? `; ${result.skipped} without a user message skipped` : '';
  // Run twice, the second run took the same traces: "added 20 traces" again read as 40 items.
  if (result.alreadyIn === result.added) return void console.log(`unchanged: the ${countOf(result.added, 'trace')} ${result.added === 1 ? 'is' : 'are'} already in ${at}${skipped}${shadow}`);
  const already = result.alreadyIn ? `; ${result.alreadyIn} of the traces ${result.alreadyIn === 1 ? 'was' : 'were'} already in it` : '';
  console.log(`added ${countOf(result.added - result.alreadyIn, result.alreadyIn ? 'new trace' : 'trace')} to ${at}${already}${skipped}${shadow}`);
}
