import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { clip, quoteClipped } from '../../core/clip.js';
import { TerminalTable } from '../../core/terminal-table.js';
import { SwitchyardError } from '../../core/errors.js';
import { overLimit, readAtMost } from '../../core/read-at-most.js';
import { whyUnreadable } from '../../core/missing-file.js';
import { type InjectionSource, loadInjectionDetector } from '../../guardrails/injection/index.js';
import { createPiiDetector } from '../../guardrails/pii/index.js';
import { splitLines } from '../local/split-lines.js';
import { endJsonlStream, type JsonlStreamCount } from '../jsonl-stream-end.js';
import { decodeDataFile } from '../../core/data-text.js';
import { readFileHead } from '../../core/file-head.js';
import { refuseBinaryContainer } from '../../core/file-signature.js';
import { hintStdinLines } from '../output.js';
import { withStores } from '../open-cli-stores.js';
import { datasetOfArgument, isDatasetFileArgument } from '../../evals/datasets/dataset-argument.js';
import { SCAN_CHECKS, type ScanCheck, type ScanResult, type Scanners, scanText } from './scan-text.js';
import { lastUserText, traceText } from './trace-text.js';
import { textOfLine } from '../text-line.js';
import { numberFlag } from '../../core/number-flag.js';

/** The most a plain (not .jsonl) file scanned as one document may hold; a .jsonl file is read a line at a time, with no such bound. */
export const MAX_DOCUMENT_BYTES = 64 << 20;

export interface ScanFlags {
  text?: string;
  checks: string;
  traces?: string;
  dataset?: string;
  db?: string;
  config?: string;
  json?: boolean;
  table?: boolean;
  /** How `--text` or a plain file is read for injections: `prompt` (a user turn) or `document`. */
  as?: string;
}

/**
 * `switchyard guard scan`: JSONL `{"text": …}` on stdin (or a .jsonl file) → one JSON line per
 * input, in order (the contract scripts use); `--text`, a plain file, `--traces N` or `--dataset
 * NAME[@VERSION]|FILE` (its inputs and outputs, each scanned on its own) → a table of
 * findings (`--json` for JSON lines instead).
 *
 * @example await scanAction(undefined, { checks: 'pii,injection' })
 */
export async function scanAction(file: string | undefined, flags: ScanFlags): Promise<void> {
  const scanners = await openScanners(parseChecks(flags.checks));
  // As local predict's: an empty --text scanned to "0 findings", a clean pass for nothing.
  if (flags.text?.trim() === '') throw new SwitchyardError('invalid_request', '--text is empty: give the text to scan', { param: 'text' });
  if (flags.text !== undefined) return report([{ label: 'text', text: flags.text, source: readAs(flags.as, 'user') }], scanners, flags.json === true);
  if (flags.traces !== undefined) {
    const limit = numberFlag('--traces', flags.traces, { min: 1, max: 500, integer: true });
    const inputs = await withStores(flags, async (stores) => {
      const page = await stores.traces.listTraces({ limit });
      const out: ScanInput[] = [];
      for (const t of page.traces) {
        const full = await stores.traces.getTrace(t.id);
        out.push({ label: t.id, id: t.id, text: traceText(full?.request), injectionText: lastUserText(full?.request) });
      }
      return out;
    }, { existing: true });
    return report(inputs, scanners, flags.json === true);
  }
  if (flags.dataset !== undefined) {
    const reference = flags.dataset;
    const inputs = await withStores(flags, async (stores) => {
      const version = await datasetOfArgument(stores.datasets, reference);
      const out: ScanInput[] = [];
      // An item's input and output are scanned apart, a line each: offsets then point into the
      // field a script reads back, and only the input is scored as a user turn for injection.
      for await (const item of stores.datasets.items(version.id)) {
        out.push({ label: `${item.id} input`, id: item.id, field: 'input', text: typeof item.input === 'string' ? item.input : JSON.stringify(item.input) });
        if (item.output) out.push({ label: `${item.id} output`, id: item.id, field: 'output', text: item.output });
      }
      return out;
    }, { existing: !isDatasetFileArgument(reference) }); // a file is imported into the store (made if need be), as every --dataset file is
    return report(inputs, scanners, flags.json === true);
  }
  if (file !== undefined && !file.endsWith('.jsonl')) {
    // Bounded as it is read: `guard scan /dev/zero` was read until memory ran out.
    const read = await readAtMost(file, MAX_DOCUMENT_BYTES).catch((error: NodeJS.ErrnoException) => {
      throw cannotRead(file, error);
    });
    if ('over' in read) throw new SwitchyardError('invalid_request', `${file} is ${overLimit(read, MAX_DOCUMENT_BYTES, 'a file scanned as one document')}: pass a .jsonl file of {"text": …} lines for more`);
    const bytes = read.bytes;
    // Bytes read as U+FFFD would hide what is there from the scanners: refuse them by name.
    const text = decodeDataFile(bytes, file);
    // A file is a document (a page, a mail, a manual) unless said otherwise: the user-turn head read
    // the project's own examples README, command lines and all, as an attack (0.55).
    const source = readAs(flags.as, 'indirect');
    // The file's own name: its folders (the command line has them) were all a narrow terminal kept.
    const name = basename(file);
    return report([{ label: source === 'indirect' ? `${name} (document)` : name, text, source }], scanners, flags.json === true);
  }
  if (file === undefined) hintStdinLines('{"text": "…"}', '--text TEXT, a file, --traces N or --dataset NAME instead');
  const input = file === undefined ? process.stdin : await openJsonlFile(file);
  if (flags.table) {
    const rows: { label: string; text: string }[] = [];
    const rejected: number[] = [];
    for await (const { line, text, error } of splitLines(input)) {
      const value = textOfScanLine(line, text, error);
      if (typeof value === 'string') rows.push({ label: `line ${line}`, text: value });
      else {
        console.error(value.error);
        rejected.push(line);
      }
    }
    // None at all is said before an empty table ("0 inputs scanned" read as a clean pass).
    if (rows.length + rejected.length > 0) report(rows, scanners, false);
    return endJsonlStream({ lines: rows.length + rejected.length, rejected }, file, '{"text": …}');
  }
  endJsonlStream(await scanStream(scanners, input, process.stdout), file, '{"text": …}');
}

/**
 * The JSONL loop over any streams (tests drive it in-process): one output line per input line,
 * in order, the contract scripts pair by. A bad line — a blank one too — gets `{"error": …}`
 * naming it: skipping a blank line shifted every later result onto the wrong input, and an
 * empty result would call a record that was never there clean. Returns what it read and rejected.
 *
 * @example await scanStream({ pii }, Readable.from(['{"text":"hi"}\n']), process.stdout) // { lines: 1, rejected: [] }
 */
export async function scanStream(scanners: Scanners, input: Readable, output: Writable): Promise<JsonlStreamCount> {
  let lines = 0;
  const rejected: number[] = [];
  for await (const { line, text, error } of splitLines(input)) {
    lines += 1;
    const value = textOfScanLine(line, text, error);
    if (typeof value !== 'string') rejected.push(line);
    const answer: ScanResult | { error: string } = typeof value === 'string' ? scanText(value, scanners) : value;
    if (!output.write(`${JSON.stringify(answer)}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }
  return { lines, rejected };
}

/** A JSONL line's text to scan, or the error that stands in for it. */
function textOfScanLine(line: number, text: string, error: string | undefined): string | { error: string } {
  if (error !== undefined) return { error: `line ${line}: ${error}` };
  if (text.trim() === '') return { error: `line ${line}: a blank line; each line is a JSON object {"text": "…"}` };
  return textOfLine(text, line);
}

/**
 * A .jsonl file's lines as they stream in, refused first when its bytes open like a binary
 * container (a gzip or a workbook under a .jsonl name, named as what it is, not as a bad first
 * line). A pipe (`<(…)`, a FIFO) cannot be read at offset 0 and then again (its head read so
 * failed as "ESPIPE: invalid seek"): its first bytes are checked as they arrive, and it is read a
 * line at a time like stdin.
 */
async function openJsonlFile(file: string): Promise<Readable> {
  const cannot = (error: NodeJS.ErrnoException): never => {
    throw cannotRead(file, error);
  };
  const info = await stat(file).catch(cannot);
  if (info.isFile()) refuseBinaryContainer((await readFileHead(file).catch(cannot)).head, file);
  const stream = (await open(file).catch(cannot)).createReadStream();
  return info.isFile() ? stream : Readable.from(refusingBinaryHead(stream, file));
}

/** The bytes that tell every binary container `refuseBinaryContainer` knows (WebP's is the longest, 12). */
const SIGNATURE_BYTES = 16;

/** A pipe's chunks, passed on once its first bytes are known not to open a binary container. */
async function* refusingBinaryHead(stream: AsyncIterable<Buffer>, file: string): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of stream) {
    if (head === undefined) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < SIGNATURE_BYTES) continue;
    refuseBinaryContainer(head, file);
    yield head;
    head = undefined;
  }
  if (head === undefined) return;
  refuseBinaryContainer(head, file);
  if (head.length > 0) yield head;
}

/** A file that cannot be opened, by name; a missing one with the near-typo or the files that are there, a folder as such. */
function cannotRead(file: string, error: NodeJS.ErrnoException): SwitchyardError {
  return new SwitchyardError('not_found', `cannot read ${file}: ${whyUnreadable(file, error)}`);
}

/** `--checks pii,injection` → the checks, naming an unknown one. */
export function parseChecks(list: string): ScanCheck[] {
  const checks = list.split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of checks) {
    if (!SCAN_CHECKS.includes(c as ScanCheck)) throw new SwitchyardError('invalid_request', `--checks: unknown check "${c}" (known: ${SCAN_CHECKS.join(', ')})`);
  }
  if (checks.length === 0) throw new SwitchyardError('invalid_request', `--checks: name at least one of ${SCAN_CHECKS.join(', ')}`);
  return checks as ScanCheck[];
}

async function openScanners(checks: readonly ScanCheck[]): Promise<Scanners> {
  return {
    ...(checks.includes('pii') ? { pii: createPiiDetector() } : {}),
    ...(checks.includes('injection') ? { injection: await loadInjectionDetector() } : {}),
  };
}

/** A text to scan, named in the table by its label; a trace's or dataset item's id also leads its JSON line. */
interface ScanInput {
  label: string;
  text: string;
  id?: string;
  /** Read as a user turn (the default) or a document. */
  source?: InjectionSource;
  /** What the injection check scores, when not the whole text: a trace's last user turn, as the gateway scores it. */
  injectionText?: string;
  /**
   * Which field of a dataset item the text is (its JSON line says so beside the id). An output is a
   * model's answer: PII is looked for, but it is no user turn to score for injection.
   */
  field?: 'input' | 'output';
}

/** `--as prompt|document`, or the input's own default; anything else names the choices. */
function readAs(as: string | undefined, fallback: InjectionSource): InjectionSource {
  if (as === undefined) return fallback;
  if (as === 'prompt') return 'user';
  if (as === 'document') return 'indirect';
  throw new SwitchyardError('invalid_request', `--as must be "prompt" (a user turn) or "document" (a page, mail or tool result), got ${quoteClipped(as)}`);
}

function report(inputs: readonly ScanInput[], scanners: Scanners, json: boolean): void {
  const results = inputs.map((input) => ({ input, result: scanText(input.text, input.field === 'output' ? (scanners.pii ? { pii: scanners.pii } : {}) : scanners, input.source, input.injectionText) }));
  if (json) {
    for (const { input, result } of results) console.log(JSON.stringify(input.id === undefined ? result : { id: input.id, ...(input.field ? { field: input.field } : {}), ...result }));
    return;
  }
  // One text shows its injection score even when it passed (the answer to "how close was it?");
  // a listing of traces or items shows findings only: a row per clean input buried the few that matter.
  const listing = inputs.length > 1;
  // To a pipe each finding is one line (grep a file's findings); on a terminal the input's label,
  // the finding and the value wrap at their words, the span and score stay whole.
  const table = new TerminalTable({ head: ['input', 'finding', 'span', 'score', 'value'], wrapsOnTerminal: ['input', 'finding', 'value'] });
  let findings = 0;
  let withFindings = 0;
  let scoreRowShown = false;
  for (const { input, result } of results) {
    const before = findings;
    for (const e of result.entities ?? []) {
      findings += 1;
      table.push([input.label, e.type, `${e.start}–${e.end}`, e.score.toFixed(2), shorten(input.text.slice(e.start, e.end))]);
    }
    if (result.injection) {
      if (result.injection.flagged) findings += 1;
      if (!result.injection.flagged && !listing) scoreRowShown = true;
      if (result.injection.flagged || !listing) table.push([input.label, result.injection.flagged ? 'INJECTION (flagged)' : 'injection score (not flagged)', '-', result.injection.score.toFixed(2), '-']);
    }
    if (findings > before) withFindings += 1;
  }
  if (table.length > 0) console.log(table.toString());
  console.log(scanSummary(inputs.length, withFindings, findings, scoreRowShown));
}

/**
 * The line under a scan's table: how many inputs, how many findings, and for a listing how many
 * inputs were left out of it for having none. `scoreRowShown`: the table has a row for an injection
 * score that was not flagged, which the count leaves out (a reader counting rows would be one off).
 *
 * @example scanSummary(48, 12, 40) // "48 inputs scanned, 40 findings in 12 of them; the 36 with none are not listed (--json lists every input)"
 * @example scanSummary(1, 1, 1, true) // "1 input scanned, 1 finding (the injection row is its score, not a finding)"
 */
export function scanSummary(inputs: number, withFindings: number, findings: number, scoreRowShown = false): string {
  const scanned = `${inputs} input${inputs === 1 ? '' : 's'} scanned`;
  const found = `${findings} finding${findings === 1 ? '' : 's'}`;
  if (inputs === 1) return `${scanned}, ${found}${scoreRowShown ? ' (the injection row is its score, not a finding)' : ''}`;
  if (findings === 0) return `${scanned}, no findings`;
  const clean = inputs - withFindings;
  return `${scanned}, ${found} in ${withFindings} of them${clean > 0 ? `; the ${clean} with none ${clean === 1 ? 'is' : 'are'} not listed (--json lists every input)` : ''}`;
}

function shorten(value: string): string {
  return clip(value.replace(/\s+/g, ' '), 37, '...');
}
