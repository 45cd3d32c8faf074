import { z } from 'zod';
import type { DatasetItem } from '../types.js';
import { contentHash } from './content-hash.js';
import { closestName, describeValue } from '../../core/format-issues.js';
import { nonFiniteProblem } from '../../core/finite-numbers.js';
import { isJsonObject } from '../../core/openai-wire.js';
import { quoteClipped } from '../../core/clip.js';
import { fieldsFound } from '../../core/fields-found.js';

/** One dataset line as people write it (snake_case, like the JSONL files other tools export). */
export const itemLineSchema = z.strictObject({
  id: z.union([z.string().min(1).max(200), z.number().int()]).optional(),
  input: z.union([z.string().min(1, 'input must not be empty'), z.record(z.string(), z.unknown())]),
  expected: z.unknown().optional(),
  /** An answer a person scored; used to calibrate judges. null (pandas' missing value in to_json) is none. */
  output: z.string().nullable().optional(),
  /** Integer 1–5: the scale people score on in the review queue; null (an item not scored yet, as pandas writes it) is none. */
  human_score: z.number().int().min(1).max(5).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export type ItemLine = z.input<typeof itemLineSchema>;

const FIELDS = ['id', 'input', 'expected', 'output', 'human_score', 'metadata'] as const;
const FIELD_SET = new Set<string>(FIELDS);
/** A field name as written in any case and separator style: `Human_Score`, `humanScore`, `human-score`. */
const foldName = (key: string): string => key.toLowerCase().replace(/[\s_-]/g, '');
const FIELD_BY_FOLDED = new Map<string, string>(FIELDS.map((field) => [foldName(field), field]));

/**
 * A line's keys in the schema's spelling when written in another case (`"Input"`, `"Expected"`,
 * as spreadsheet exports and other tools write them), as `local train` and the CSV reader find
 * their columns, or in camelCase (`humanScore`, as `GET /api/datasets/:name/items` returns an
 * item); the same object when every key is spelled as the schema's. Two keys that are one
 * field in two cases are an error naming both, not a guess at which was meant.
 *
 * @example foldFieldCase({ Input: 'hi', Expected: 'hello' }) // { value: { input: 'hi', expected: 'hello' } }
 * @example foldFieldCase({ input: 'a', Input: 'b' }) // { error: 'fields "input" and "Input" are one field named in two cases: keep one' }
 */
export function foldFieldCase(raw: unknown): { value: unknown } | { error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { value: raw };
  const keys = Object.keys(raw);
  if (keys.every((key) => FIELD_SET.has(key) || !FIELD_BY_FOLDED.has(foldName(key)))) return { value: raw };
  const folded: Record<string, unknown> = {};
  const from = new Map<string, string>();
  for (const key of keys) {
    const field = FIELD_BY_FOLDED.get(foldName(key)) ?? key;
    const earlier = from.get(field);
    if (earlier !== undefined) return { error: `fields "${earlier}" and "${key}" are one field named in two cases: keep one` };
    from.set(field, key);
    folded[field] = (raw as Record<string, unknown>)[key];
  }
  return { value: folded };
}

/**
 * A JSON line's fields that are no item field (a Hugging Face export's `idx`, a source's `topic`)
 * moved into its metadata, as a CSV or Parquet file's other columns are (`metadata.x` as `x`); a
 * line's own `metadata` object keeps its entries. The line limit (`MAX_LINE_BYTES`) bounds them as
 * it bounds a CSV record. A field that is also in `metadata` is an error naming both, not a guess.
 * Run after {@link foldFieldCase}; a line that is not an object, or whose `metadata` is not one,
 * is returned as it is for the item schema to name.
 *
 * @example extraFieldsToMetadata({ input: 'hi', idx: 3 }) // { value: { input: 'hi', metadata: { idx: 3 } } }
 */
export function extraFieldsToMetadata(raw: unknown): { value: unknown } | { error: string } {
  if (!isJsonObject(raw)) return { value: raw };
  const record = raw;
  const extra = Object.keys(record).filter((key) => !FIELD_SET.has(key));
  if (extra.length === 0) return { value: raw };
  const own = record.metadata;
  if (own !== undefined && !isJsonObject(own)) {
    return { error: `metadata: expected an object (the field${extra.length === 1 ? '' : 's'} ${extra.map((key) => `"${key}"`).join(', ')} would go into it), got ${describeValue(own)}` };
  }
  const value: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = { ...(own as Record<string, unknown> | undefined) };
  for (const [key, field] of Object.entries(record)) {
    if (FIELD_SET.has(key)) {
      if (key !== 'metadata') value[key] = field;
      continue;
    }
    const name = metadataKey(key);
    if (Object.hasOwn(metadata, name)) return { error: `field "${key}" is also "${name}" in the line's "metadata": keep one` };
    metadata[name] = field;
  }
  value.metadata = metadata;
  return { value };
}

/**
 * One raw item as a DatasetItem, by the one rule every way in follows (a JSONL line, a `.json`
 * array's item, a CSV record or Parquet row as fields, an item of `POST /api/datasets/:name/items`):
 * field names in any case or camelCase ({@link foldFieldCase}), fields that are no item field into
 * its metadata ({@link extraFieldsToMetadata}), then the item schema. The error says what is still
 * wrong: not an object, one field in two spellings, an extra field that is also in `metadata`, a
 * `metadata` that is not an object, a field that reads as a typo of an absent field, a missing or empty `input` (with the fields found and `hint`),
 * a value of the wrong type. `explicitId` is false when the id was made from the input's hash.
 *
 * @example readItem({ Input: 'hi', topic: 'cards' }) // { item: { id: 'c_…', input: 'hi', metadata: { topic: 'cards' } }, explicitId: false }
 * @example readItem({ inptu: 'hi' }) // { error: 'input: missing: every line needs "input" (…) (fields found: inptu)' }
 */
export function readItem(raw: unknown, hint?: string): { item: DatasetItem; explicitId: boolean } | { error: string } {
  if (!isJsonObject(raw)) return { error: `expected an object with "input" (and optionally ${FIELDS.filter((f) => f !== 'input').join(', ')}), got ${describeValue(raw)}` };
  const folded = foldFieldCase(raw);
  if ('error' in folded) return folded;
  const typo = misspeltField(folded.value as Record<string, unknown>);
  if (typo !== undefined) return { error: typo };
  // A 1e999 anywhere (an expected answer's number, a metadata field) would be stored as null.
  const infinite = nonFiniteProblem(folded.value);
  if (infinite !== undefined) return { error: infinite.message };
  const withMetadata = extraFieldsToMetadata(folded.value);
  if ('error' in withMetadata) return withMetadata;
  const unbounded = metadataBoundsProblem((withMetadata.value as Record<string, unknown>).metadata);
  if (unbounded !== undefined) return { error: unbounded };
  const parsed = itemLineSchema.safeParse(withMetadata.value);
  if (parsed.success) return { item: toDatasetItem(parsed.data), explicitId: parsed.data.id !== undefined };
  // An item without "input" (a hub set's `text`, say) is told the fields it has (and, from a file, how to name the one that holds its input).
  const fields = Object.keys(folded.value as Record<string, unknown>);
  const found = fields.includes('input') ? '' : ` (fields found: ${fieldsFound(fields)}${hint ? `; ${hint}` : ''})`;
  return { error: describeIssues(parsed.error, withMetadata.value) + found };
}

/**
 * Bounds on an item's metadata: a key is a column's or a field's name, shown in the dashboard's item
 * table and `datasets show`, so a 10,000-character one (stored whole before) is a mistake, not a
 * name. Wider than a trace's tags (64 characters, 16 keys: `client-metadata.ts`): a survey export's
 * columns are whole questions, and a hub set's rows carry dozens of columns.
 */
export const MAX_ITEM_METADATA_KEYS = 256;
export const MAX_ITEM_METADATA_KEY_CHARS = 256;

/**
 * What is wrong with an item's metadata for its bounds, naming the key cut short; undefined when
 * it is within them (or not an object, which the item schema names).
 *
 * @example metadataBoundsProblem({ ['k'.repeat(300)]: 1 }) // 'metadata key "kkkk…" has 300 characters; at most 256'
 */
export function metadataBoundsProblem(metadata: unknown): string | undefined {
  if (!isJsonObject(metadata)) return undefined;
  const keys = Object.keys(metadata);
  if (keys.length > MAX_ITEM_METADATA_KEYS) return `metadata has ${keys.length} keys; at most ${MAX_ITEM_METADATA_KEYS}`;
  const long = keys.find((key) => key.length > MAX_ITEM_METADATA_KEY_CHARS);
  return long === undefined ? undefined : `metadata key ${quoteClipped(long, 40)} has ${long.length} characters; at most ${MAX_ITEM_METADATA_KEY_CHARS}`;
}

/**
 * A field that reads as a typo of an item field the line lacks (`expeted`, `ouptut`, `human_scroe`):
 * it would go to metadata and the item lose its expected answer without a word. Names of three
 * letters (a Hugging Face export's `idx`) and plurals (`inputs`, `outputs`) are others' fields.
 */
function misspeltField(record: Record<string, unknown>): string | undefined {
  // A missing input is an error of its own, naming the fields found.
  const absent = FIELDS.filter((field) => field !== 'metadata' && field !== 'input' && !Object.hasOwn(record, field));
  for (const key of Object.keys(record)) {
    if (FIELD_SET.has(key) || key.length < 4) continue;
    const meant = closestName(key, absent);
    if (meant !== undefined && key.toLowerCase() !== `${meant}s`) return `field "${key}": did you mean "${meant}"? (to keep it as metadata, put it in "metadata")`;
  }
  return undefined;
}


/**
 * What is wrong with a line holding a field (or a `metadata` entry) named `__proto__`: `JSON.parse`
 * keeps it as the line's own field, but every object it is copied into takes it as its prototype,
 * so it vanished from the item without a word. Refused, named, rather than lost.
 *
 * @example reservedFieldProblem(JSON.parse('{"input": "hi", "__proto__": 1}')) // 'field "__proto__": …'
 */
export function reservedFieldProblem(raw: unknown): string | undefined {
  if (!isJsonObject(raw)) return undefined;
  const metadata = raw.metadata;
  const at = Object.hasOwn(raw, RESERVED) ? RESERVED : isJsonObject(metadata) && Object.hasOwn(metadata, RESERVED) ? `metadata.${RESERVED}` : undefined;
  return at && `field "${at}": a name JavaScript objects keep for themselves, so its value would be lost; rename it (e.g. "proto")`;
}

const RESERVED = '__proto__';

/**
 * Sets a CSV or Parquet row's field as the record's own, even one named `__proto__` (which a plain
 * assignment makes the record's prototype), so {@link reservedFieldProblem} names it.
 *
 * @example putField({}, '__proto__', 'x') // { ['__proto__']: 'x' } as an own field
 */
export function putField(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === RESERVED) Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

/** The metadata key a column or field that is no item field goes to: its name, without a `metadata.` prefix. */
export const metadataKey = (column: string): string => (column.startsWith('metadata.') ? column.slice(9) : column);

/**
 * A validated line as a DatasetItem. Items without an id get one from their input's hash, so
 * the same example keeps its id across versions and runs can be paired case by case.
 *
 * @example toDatasetItem({ input: 'Where is my card?', expected: 'tracking' }).id // 'c_3f9a1b2c4d5e'
 */
export function toDatasetItem(line: z.output<typeof itemLineSchema>): DatasetItem {
  const item: DatasetItem = { id: line.id === undefined ? `c_${contentHash(line.input).slice(0, 12)}` : String(line.id), input: line.input };
  if (line.expected !== undefined) item.expected = line.expected;
  if (line.output !== undefined && line.output !== null) item.output = line.output;
  if (line.human_score !== undefined && line.human_score !== null) item.humanScore = line.human_score;
  if (line.metadata !== undefined) item.metadata = line.metadata;
  return item;
}

/**
 * The snake_case line for a stored item: what `datasets export` writes, so export ∘ import is
 * the identity.
 *
 * @example toItemLine(item) // { id: 'c_…', input: '…', human_score: 4 }
 */
export function toItemLine(item: DatasetItem): ItemLine {
  const line: ItemLine = { id: item.id, input: item.input };
  if (item.expected !== undefined) line.expected = item.expected;
  if (item.output !== undefined) line.output = item.output;
  if (item.humanScore !== undefined) line.human_score = item.humanScore;
  if (item.metadata !== undefined) line.metadata = item.metadata;
  return line;
}

/**
 * Every problem with a line, as "field: message"; `raw` (the parsed line) lets a missing field be
 * named as missing rather than as an invalid value.
 *
 * @example describeIssues(itemLineSchema.safeParse({ expected: 'x' }).error!, { expected: 'x' }) // 'input: missing: every line needs "input" (…)'
 */
export function describeIssues(error: z.ZodError, raw?: unknown): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.') || '(line)';
      if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((k) => `"${k}"`).join(', ')} (known: ${FIELDS.join(', ')}, in any case)`;
      if (path === 'human_score') {
        const value = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).human_score : undefined;
        return `human_score: expected a whole number from 1 to 5 (the scale people score on in the review queue), got ${describeValue(value)}`;
      }
      if (path === 'input') {
        const value = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>).input : undefined;
        if (value === undefined) return 'input: missing: every line needs "input" (the text sent to the model, or an object of template variables)';
        if (value !== '' && issue.code === 'invalid_union') return `input: expected text or an object of template variables, got ${JSON.stringify(value).slice(0, 40)}`;
      }
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
