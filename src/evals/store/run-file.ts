import { existsSync, statSync } from 'node:fs';
import { z } from 'zod';
import { SwitchyardError } from '../../core/errors.js';
import { readAtMost } from '../../core/read-at-most.js';
import { formatIssues } from '../../core/format-issues.js';
import { missingFile } from '../../core/missing-file.js';
import type { ResultRecord, RunRecord } from '../types.js';
import type { RunStore } from './run-store.js';
import { explainJsonError } from '../../core/json-syntax.js';

/** A run as `eval run --out` (or `eval show --out`) wrote it: the record and every result. */
export interface RunFile {
  path: string;
  run: RunRecord;
  results: ResultRecord[];
}

/**
 * The largest result file read: JSON.parse holds the text and its objects at once, and a run of
 * 100,000 results is ~100 MB. A bigger one is named with its size, not read into a crash.
 */
export const MAX_RUN_FILE_BYTES = 256 * 1024 * 1024;

const nullableNumber = z.number().nullable();
// What a run writes: scores and quality in [0, 1], no negative count, cost or time. A file
// holding 1e308 read as "Infinity%" quality and "$∞ a case (NaN×)", and gated every run after it.
const unitScore = z.number().min(0).max(1);
const amount = z.number().min(0);
const runSchema = z.looseObject({
  id: z.string().min(1),
  createdAt: z.number(),
  finishedAt: nullableNumber.default(null),
  status: z.enum(['running', 'completed', 'interrupted', 'failed']),
  name: z.string(),
  suite: z.unknown().default(null),
  suitePath: z.string().nullable().default(null),
  dataset: z.string(),
  datasetVersion: z.number().int(),
  datasetHash: z.string(),
  gitCommit: z.string().nullable().default(null),
  configPath: z.string().nullable().default(null),
  configHash: z.string().nullable().default(null),
  gateway: z.string().nullable().default(null),
  variants: z.record(z.string(), z.unknown()),
  summary: z.unknown().default(null),
  rerunOf: z.string().nullable().default(null),
});
const resultSchema = z.looseObject({
  runId: z.string(),
  variant: z.string(),
  caseId: z.string(),
  repeat: z.number().int(),
  position: z.number().int().default(0),
  output: z.string().nullable().default(null),
  error: z.string().nullable(),
  latencyMs: amount.nullable().default(null),
  inputTokens: amount.default(0),
  outputTokens: amount.default(0),
  costUsd: amount.default(0),
  scorerCostUsd: amount.default(0),
  traceId: z.string().nullable().default(null),
  cached: z.boolean().default(false),
  scores: z.array(z.looseObject({ scorer: z.string(), score: unitScore, pass: z.boolean(), reason: z.string().default(''), error: z.string().optional() })),
  quality: unitScore.nullable(),
  pass: z.boolean().nullable(),
  createdAt: z.number().default(0),
  unpriced: z.string().nullable().optional(),
});
const fileSchema = z.looseObject({ run: runSchema, results: z.array(resultSchema) });

/**
 * Whether a run reference names a result file rather than a stored run: a name holding a slash or
 * a dot (so a missing file is said to be missing, with the file one typo away, not "no such run":
 * `--baseline evals/baseline.jsn` read as `run "evals/baseline.jsn" not found (recent runs:
 * none)` in a CI job's empty store), or any file that exists. Run ids (`run_0mx…`), their
 * prefixes and `last~1` hold neither.
 *
 * @example isRunFileReference('baseline/result.json') // true
 * @example isRunFileReference('evals/baseline.jsn') // true
 * @example isRunFileReference('last~1') // false
 */
export function isRunFileReference(reference: string): boolean {
  if (/[./\\]/.test(reference)) return true;
  try {
    return existsSync(reference) && statSync(reference).isFile();
  } catch {
    return false;
  }
}

/**
 * Reads a result file written by `--out` (a CI job's artifact, a baseline kept in the
 * repository), checking that it holds one run and its results: a problem is named by its
 * place in the file (`results[3].caseId: expected string, got 5`).
 *
 * @example const baseline = await readRunFile('baseline.json'); baseline.run.id // 'run_0mx…'
 */
export async function readRunFile(path: string): Promise<RunFile> {
  // Bounded as it is read: a device (`/dev/zero` under a .json name) has no size to check first,
  // and was read for 12 s to Node's longest string, then called "not JSON (Invalid string length)".
  const read = await readAtMost(path, MAX_RUN_FILE_BYTES).catch((error: NodeJS.ErrnoException) => {
    throw new SwitchyardError('not_found', error.code === 'ENOENT' ? `result file ${path} not found: ${missingFile(path)} (a run's result is written by eval run --out FILE or eval show RUN --out FILE)` : `cannot read result file ${path}: ${error.message}`);
  });
  if ('over' in read) {
    const size = read.endless ? `is not a regular file and went on past ${MAX_RUN_FILE_BYTES / 1024 / 1024} MB` : `has ${(read.over / 1024 / 1024).toFixed(0)} MB`;
    throw new SwitchyardError('invalid_request', `result file ${path} ${size}; at most ${MAX_RUN_FILE_BYTES / 1024 / 1024} MB are read: compare against the stored run instead (--db)`);
  }
  let raw: unknown;
  const text = read.bytes.toString('utf8');
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // explainJsonError: JSON.parse's message quotes the file, raw newlines and escape codes and all.
    throw new SwitchyardError('invalid_request', `result file ${path} is not JSON (${explainJsonError(text, (error as Error).message)})${otherKindOfFile(path)}: expected what eval run --out writes, {"run": …, "summary": …, "results": [ … ]}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = formatIssues(parsed.error, raw);
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new SwitchyardError('invalid_request', `result file ${path} is not a run's result as eval run --out writes it: ${problems.slice(0, 5).join('; ')}${more}`);
  }
  const run = parsed.data.run as RunRecord;
  const stray = parsed.data.results.findIndex((r) => r.runId !== run.id);
  if (stray !== -1) throw new SwitchyardError('invalid_request', `result file ${path}: results[${stray}] belongs to run ${JSON.stringify(parsed.data.results[stray]?.runId)}, not to the file's run ${run.id}`);
  const twice = repeatedResult(parsed.data.results);
  if (twice) throw new SwitchyardError('invalid_request', `result file ${path}: results[${twice.at}] is variant ${JSON.stringify(twice.variant)}, case ${JSON.stringify(twice.caseId)}, repeat ${twice.repeat} again (as results[${twice.first}]); a run writes each once`);
  return { path, run, results: parsed.data.results as ResultRecord[] };
}

/**
 * What a file given as a baseline by mistake most likely is, by its name: the dataset or the suite
 * sit beside the result file in a CI job's folder, one tab-completion away.
 *
 * @example otherKindOfFile('evals/support-5.jsonl') // ' (a .jsonl file holds JSON lines, such as a dataset, …)'
 */
function otherKindOfFile(path: string): string {
  if (/\.jsonl$/i.test(path)) return ' (a .jsonl file holds JSON lines, such as a dataset, not a run\'s result)';
  if (/\.ya?ml$/i.test(path)) return ' (a YAML file, such as an eval suite, which runs with eval run SUITE, not a run\'s result)';
  return '';
}

/** The first result given twice (a file concatenated with itself counted each case's cost twice over). */
function repeatedResult(results: readonly { variant: string; caseId: string; repeat: number }[]): { at: number; first: number; variant: string; caseId: string; repeat: number } | undefined {
  const seen = new Map<string, number>();
  for (const [at, r] of results.entries()) {
    const key = JSON.stringify([r.variant, r.caseId, r.repeat]);
    const first = seen.get(key);
    if (first !== undefined) return { at, first, variant: r.variant, caseId: r.caseId, repeat: r.repeat };
    seen.set(key, at);
  }
  return undefined;
}

/**
 * The run store as comparisons read it, with a result file's run beside the stored ones: the
 * file is read, never written into the store (a CI job's store is thrown away, and a
 * read-only `eval compare` may not write).
 *
 * @example await compareRuns(runsWithFile(runs, baseline), baseline.run.id, candidateId)
 */
export function runsWithFile(runs: Pick<RunStore, 'get' | 'variantsOf' | 'results'>, file: RunFile): Pick<RunStore, 'get' | 'variantsOf' | 'results'> {
  const { run, results } = file;
  return {
    get: async (id) => (id === run.id ? run : runs.get(id)),
    // Sorted, as the stores return them.
    variantsOf: async (id) => (id === run.id ? [...new Set(results.map((r) => r.variant))].sort() : runs.variantsOf(id)),
    results: (id, variant) => (id === run.id ? fromArray(results.filter((r) => variant === undefined || r.variant === variant)) : runs.results(id, variant)),
  };
}

async function* fromArray<T>(items: readonly T[]): AsyncIterable<T> {
  yield* items;
}
