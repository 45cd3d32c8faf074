import { gunzipSync } from 'node:zlib';
import { decodeDataFile, oversizedLine } from '../../core/data-text.js';
import { SwitchyardError } from '../../core/errors.js';
import { describeValue } from '../../core/format-issues.js';
import type { RouterRecord } from './train-router.js';
import { explainJsonError } from '../../core/json-syntax.js';

/**
 * The bound on outcome records, as read and as gunzipped: RouteLLM's MMLU set is 7.7 MB; past
 * 256 MiB the text is near the longest string Node holds, and a gzip bomb of 260 kB unpacked to
 * gigabytes before a line was read.
 */
export const MAX_RECORDS_BYTES = 256 << 20;

export interface RecordFields {
  /** Field holding the prompt text (default `prompt`). */
  prompt?: string;
  /** Field holding the cheap target's score (default `weakScore`). */
  weak?: string;
  /** Field holding the strong target's score (default `strongScore`). */
  strong?: string;
}

/**
 * Outcome records from JSONL (gzip-compressed or not): one `{ prompt, weakScore, strongScore }`
 * object per line, field names configurable, scores numbers in [0, 1] or booleans (pass = 1).
 * Errors name the line and field.
 *
 * @example parseRouterRecords('{"prompt":"2+2?","weak":true,"strong":true}\n', { weak: 'weak', strong: 'strong' })
 * // [{ prompt: '2+2?', weakScore: 1, strongScore: 1 }]
 */
export function parseRouterRecords(input: string | Uint8Array, fields: RecordFields = {}, source = 'records'): RouterRecord[] {
  const { prompt = 'prompt', weak = 'weakScore', strong = 'strongScore' } = fields;
  const text = typeof input === 'string' ? input : decode(input, source);
  const records: RouterRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const at = `${source} line ${i + 1}`;
    // The limit every data file's lines have (MAX_LINE_BYTES): an outcome record is a question and two scores.
    const tooBig = oversizedLine(line);
    if (tooBig !== undefined) throw new SwitchyardError('invalid_request', `${at}: ${tooBig}`);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new SwitchyardError('invalid_request', `${at}: not JSON (${explainJsonError(line, (error as Error).message)})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new SwitchyardError('invalid_request', `${at}: expected a JSON object`);
    const row = value as Record<string, unknown>;
    if (typeof row[prompt] !== 'string') throw new SwitchyardError('invalid_request', `${at}: "${prompt}" must be a string, got ${JSON.stringify(row[prompt]) ?? 'nothing'}`);
    records.push({ prompt: row[prompt] as string, weakScore: score(row[weak], `${at}: "${weak}"`), strongScore: score(row[strong], `${at}: "${strong}"`) });
  }
  return records;
}

/** The records' text, gunzipped when it is gzip; bytes that are not UTF-8 are refused, as in every data file. */
function decode(bytes: Uint8Array, source: string): string {
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  let plain: Buffer;
  try {
    plain = gzipped ? gunzipSync(bytes, { maxOutputLength: MAX_RECORDS_BYTES }) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new SwitchyardError('invalid_request', `${source}: unpacks to more than the ${MAX_RECORDS_BYTES} bytes outcome records may hold`);
    throw new SwitchyardError('invalid_request', `${source}: cannot decompress (${(error as Error).message})`);
  }
  return decodeDataFile(plain, source);
}

function score(value: unknown, where: string): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  throw new SwitchyardError('invalid_request', `${where} must be a number in [0, 1] or a boolean, got ${describeValue(value)}`);
}
