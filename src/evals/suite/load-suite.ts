import { dirname, resolve } from 'node:path';
import { isMap, isNode, isScalar, LineCounter } from 'yaml';
import type { z } from 'zod';
import { decodeDataFile, MAX_LINE_BYTES } from '../../core/data-text.js';
import { SwitchyardError } from '../../core/errors.js';
import { SCORER_TYPES, type SuiteSpec, suiteSchema } from './suite-schema.js';
import { parseYamlDocument, sourceLine, yamlSyntaxMessage, yamlValue } from '../../core/yaml-text.js';
import { missingYamlFile, whyUnreadable } from '../../core/missing-file.js';
import { knownFieldsAt, unknownFields } from '../../core/format-issues.js';
import { type AtMost, readAtMostSync } from '../../core/read-at-most.js';

/** A validated suite and where its parts are in the file, for errors that name a line. */
export interface LoadedSuite {
  spec: SuiteSpec;
  /** The file, or "inline". */
  source: string;
  /** Directory relative paths in the suite are resolved against. */
  baseDir: string;
  /** "suite.yaml:7" for a path such as ['variants', 'small', 'model']; the nearest parent that exists. */
  where(path: readonly (string | number)[]): string;
  /** The suite as plain data (what a run records, so it can be repeated). */
  raw: unknown;
}

/** A suite read from YAML whose shape may be wrong: what checks of its references can still use. */
export interface SuiteDraft extends Omit<LoadedSuite, 'spec'> {
  /** The validated suite; undefined when its shape is wrong. */
  spec: SuiteSpec | undefined;
  /** Every shape problem, each with its line; empty when `spec` is set. */
  shapeProblems: string[];
}

/**
 * Parses suite YAML and validates its shape without throwing for shape problems, so a caller can
 * report them together with the dataset and model problems of the same file. A YAML syntax error
 * still throws: there is nothing to check beyond it.
 *
 * @example const draft = readSuite(text, 'suite.yaml', '.'); draft.shapeProblems // ['suite.yaml:6: repeats: … (got 0)']
 */
export function readSuite(text: string, source: string, baseDir: string): SuiteDraft {
  const lineCounter = new LineCounter();
  const document = parseYamlDocument(text, { lineCounter, prettyErrors: false });
  const where = (path: readonly (string | number)[]): string => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return `${source}:${lineCounter.linePos(node.range[0]).line}`;
    }
    return source;
  };
  if (document.errors.length > 0) {
    const lines = text.split('\n');
    const problems = document.errors.map((e) => {
      const line = lineCounter.linePos(e.pos[0]).line;
      return `${source}:${line}: YAML syntax: ${yamlSyntaxMessage(e.message)}\n      ${line} | ${sourceLine(lines, line)}`;
    });
    // A stack overflow deep in a file is reported once per level it unwinds: say it once.
    throw new SwitchyardError('invalid_request', `invalid suite ${source}:\n  ${[...new Set(problems)].join('\n  ')}`);
  }
  const read = yamlValue(document);
  if ('problem' in read) throw new SwitchyardError('invalid_request', `invalid suite ${source}: ${read.problem}`);
  const raw: unknown = read.value ?? {};
  const parsed = suiteSchema.safeParse(raw);
  // An unknown field is placed on its own line, not its parent's (line 1 for a top-level typo).
  const whereIssue = (issue: z.core.$ZodIssue) => {
    const path = issue.path as (string | number)[];
    const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const parent = key === undefined ? undefined : path.length === 0 ? document.contents : document.getIn(path, true);
    const pair = isMap(parent) ? parent.items.find((item) => isScalar(item.key) && item.key.value === key) : undefined;
    return isScalar(pair?.key) && pair.key.range ? `${source}:${lineCounter.linePos(pair.key.range[0]).line}` : where(path);
  };
  const shapeProblems = parsed.success ? [] : parsed.error.issues.map((issue) => `${whereIssue(issue)}: ${describe(issue, raw)}`);
  return { spec: parsed.success ? parsed.data : undefined, shapeProblems, source, baseDir, where, raw };
}

/**
 * Parses suite YAML and validates its shape; every problem names its line.
 *
 * @example parseSuite('dataset: d.jsonl\nvariants: {a: {model: small, prompt: "{{input}}"}}\nscorers: [{type: exact}]', 'inline', '.')
 */
export function parseSuite(text: string, source: string, baseDir: string): LoadedSuite {
  return validated(readSuite(text, source, baseDir));
}

function validated({ spec, shapeProblems, ...rest }: SuiteDraft): LoadedSuite {
  if (!spec) throw new SwitchyardError('invalid_request', `invalid suite ${rest.source}:\n  ${shapeProblems.join('\n  ')}`, { detail: shapeProblems });
  return { ...rest, spec };
}

/**
 * Reads a suite file; shape problems are left for `prepareSuite` to report with the others. The
 * data-file limits hold for it too: its bytes must be UTF-8 (`decodeDataFile` names the line of
 * the first that is not), and the whole file may hold no more than one data line may
 * (`MAX_LINE_BYTES`): a suite names its dataset rather than holding it, so a bigger one is a
 * mistake (a dataset passed as the suite), refused before it is read into memory.
 */
export function readSuiteFile(path: string): SuiteDraft {
  let read: AtMost;
  try {
    // Bounded as it is read: `eval run /dev/zero` grew past 2.5 GB until it was killed.
    read = readAtMostSync(path, MAX_LINE_BYTES);
  } catch (error) {
    throw new SwitchyardError('not_found', `cannot read suite ${path}: ${whyUnreadable(path, error, missingYamlFile)}`);
  }
  if ('over' in read) {
    throw new SwitchyardError('invalid_request', `suite ${path}: ${read.endless ? `not a regular file, and it went on past ${MAX_LINE_BYTES} bytes` : `${read.over} bytes`}, more than the limit of ${MAX_LINE_BYTES} bytes a suite file may hold (a suite names its dataset file; pass the dataset as its dataset:, not as the suite)`);
  }
  const bytes = read.bytes;
  return readSuite(decodeDataFile(bytes, path), path, dirname(resolve(path)));
}

/** Reads and validates a suite file. */
export function loadSuiteFile(path: string): LoadedSuite {
  return validated(readSuiteFile(path));
}

function describe(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.map(String).join('.') || '(suite)';
  // With the field a typo meant, as config errors say it (`scorer` for `scorers`, `promt` for `prompt`).
  if (issue.code === 'unrecognized_keys') return `${path}: ${unknownFields(issue.keys, knownFieldsAt(suiteSchema, issue.path))}`;
  if (issue.path[0] === 'scorers' && issue.path.at(-1) === 'type' && issue.path.length === 3) {
    return `scorer ${String(issue.path[1])}: unknown scorer type ${JSON.stringify(valueAt(raw, issue.path))} (known: ${SCORER_TYPES.join(', ')})`;
  }
  const received = valueAt(raw, issue.path);
  // zod says "Invalid input" for a missing union field: say what is wrong.
  if (received === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) return `${path}: missing (a required field)`;
  return `${path}: ${issue.message}${received === undefined ? '' : ` (got ${JSON.stringify(received)?.slice(0, 60)})`}`;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
