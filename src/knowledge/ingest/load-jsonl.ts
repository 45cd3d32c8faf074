import { closestPath } from '../../core/missing-file.js';
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { shellWord } from '../../core/shell-word.js';
import { SwitchyardError } from '../../core/errors.js';
import type { LoadedDocument, Metadata } from '../types.js';
import { metadataValue } from './metadata-value.js';
import { paragraphBlocks } from './paragraph-blocks.js';
import { oddNameReason } from './odd-name.js';
import { terminalText } from '../../core/terminal-text.js';
import { type DocumentSet, type SkippedItem, type SourceItem, contentHash, stableJson } from './source-item.js';

export interface JsonlFields {
  /** Field holding the record id (default "id"); numbers are turned into strings. */
  id?: string;
  /** Field holding the text (default "text"). */
  text?: string;
  /** Field holding the title (default "title"); optional in each record. */
  title?: string;
  /** Longer records are skipped with a warning (default 5,000,000 characters). */
  maxChars?: number;
}

/**
 * Offers each line `{"id","title","text", …metadata}` of a JSONL file as one document (the other
 * scalar fields, and lists of scalars, become filterable metadata). Bad lines are skipped with a warning naming the
 * file and line; a missing file throws before anything is read.
 *
 * @example await indexDocuments(kb, readJsonl('corpus.jsonl', { text: 'body' }))
 */
export function readJsonl(file: string, fields: JsonlFields = {}): DocumentSet {
  const idField = fields.id ?? 'id';
  const textField = fields.text ?? 'text';
  const titleField = fields.title ?? 'title';
  const maxChars = fields.maxChars ?? 5_000_000;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
  } catch {
    const meant = closestPath(file);
    throw new SwitchyardError('invalid_request', `JSONL file not found: ${file}${meant ? ` (did you mean ${meant}?)` : ''}`, { param: 'jsonl' });
  }
  async function* items(): AsyncIterable<SourceItem | SkippedItem> {
    const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      const where = `${file}:${n}`;
      if (line.length > maxChars * 2) {
        yield { id: where, source: file, reason: `line of ${line.length} characters is over the limit` };
        continue;
      }
      yield recordItem(line, where, file, { idField, textField, titleField, maxChars });
    }
  }
  const total = async () => {
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) if (line.trim()) n++;
    return n;
  };
  return { sources: [file], items: items(), total };
}

/**
 * Refuses a JSONL file whose first record lacks the id or text field, naming the fields it has
 * and the flag to pass: without it every line would be skipped and an empty base published.
 * Later lines are still checked one by one (a bad line is skipped with a warning).
 *
 * @example await checkFirstRecord('faq.jsonl', { text: 'body' })
 */
export async function checkFirstRecord(file: string, fields: JsonlFields = {}): Promise<void> {
  const want = { id: fields.id ?? 'id', text: fields.text ?? 'text', title: fields.title ?? 'title' };
  let first: string | undefined;
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    n++;
    if (line.trim()) {
      first = line;
      break;
    }
  }
  let record: unknown;
  try {
    record = first === undefined ? undefined : JSON.parse(first);
  } catch {
    return;
  }
  if (!record || typeof record !== 'object' || Array.isArray(record)) return;
  const row = record as Record<string, unknown>;
  const names = Object.keys(row);
  const longestText = names
    .filter((k) => typeof row[k] === 'string' && k !== want.id && k !== want.title)
    .sort((a, b) => (row[b] as string).length - (row[a] as string).length)[0];
  const missing = [want.id, want.text].filter((k) => !Object.hasOwn(row, k));
  if (missing.length === 0) return;
  const fixes = [
    // A data set with no field naming its records (many public ones) gets a command that numbers them.
    ...(missing.includes(want.id) ? [`--id-field FIELD (the one naming each record; if none does, number them: jq -c '{id: (input_line_number|tostring)} + .' ${shellWord(file)} > numbered.jsonl)`] : []),
    ...(missing.includes(want.text) ? [`--text-field ${longestText ?? 'FIELD'} (the one holding the text)`] : []),
  ];
  const fieldsSaid = missing.map((k) => `"${k}"`).join(' or ');
  throw new SwitchyardError('invalid_request', `${file}:${n} has no ${fieldsSaid} field (its fields: ${names.join(', ') || 'none'}): pass ${fixes.join(' and ')}`, { param: 'jsonl' });
}

interface FieldNames {
  idField: string;
  textField: string;
  titleField: string;
  maxChars: number;
}

function recordItem(line: string, where: string, source: string, f: FieldNames): SourceItem | SkippedItem {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { id: where, source, reason: 'not valid JSON' };
  }
  if (!record || typeof record !== 'object' || Array.isArray(record)) return { id: where, source, reason: 'not a JSON object' };
  const fields = record as Record<string, unknown>;
  const rawId = fields[f.idField];
  if (typeof rawId !== 'string' && typeof rawId !== 'number') return { id: where, source, reason: `no "${f.idField}" field (string or number)` };
  const id = String(rawId);
  if (!id || id.length > 512) return { id: where, source, reason: `"${f.idField}" must be 1–512 characters` };
  // Held to what a file's name is held to: the id is listed, cited and searched the same way.
  const odd = oddNameReason(id, 'id');
  if (odd !== undefined) return { id: where, source, reason: `"${f.idField}" ${terminalText(JSON.stringify(id))} ${odd}; change the id to index the record` };
  const text = fields[f.textField];
  if (typeof text !== 'string') return { id, source, reason: `${where}: no "${f.textField}" field (string)` };
  if (text.length > f.maxChars) return { id, source, reason: `${where}: text of ${text.length} characters is over the ${f.maxChars} limit` };
  const title = typeof fields[f.titleField] === 'string' ? (fields[f.titleField] as string) : id;
  const metadata: Metadata = {};
  for (const [key, raw] of Object.entries(fields)) {
    if (key === f.idField || key === f.textField || key === f.titleField) continue;
    const value = metadataValue(raw);
    if (value !== undefined) metadata[key] = value;
  }
  const hash = contentHash(id, title, text, stableJson(metadata));
  const document: LoadedDocument = { id, title, text, blocks: paragraphBlocks(text), metadata };
  return {
    id,
    source,
    hash,
    load: async () => (text.trim() ? { ok: true, document } : { ok: false, reason: `${where}: empty document (no text)` }),
  };
}
