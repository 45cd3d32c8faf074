import { restoreText } from '../../guardrails/redaction/index.js';
import type { PiiVault } from '../../guardrails/redaction/index.js';

/**
 * Fields whose string value is JSON text (OpenAI and Responses tool-call `arguments`, Anthropic's
 * streamed `partial_json`): a restored value must be JSON-escaped there, so the arguments stay
 * valid JSON when an original contains quotes or backslashes.
 */
export const JSON_TEXT_FIELDS: ReadonlySet<string> = new Set(['arguments', 'partial_json']);

/** Where a model's reasoning sits in an answer: Anthropic `thinking`, OpenAI-compatible `reasoning_content` / `reasoning`. */
const REASONING_FIELDS: ReadonlySet<string> = new Set(['thinking', 'reasoning_content', 'reasoning']);

/**
 * Puts original values back in every string of a parsed answer, in any client format (OpenAI
 * message content, reasoning and tool-call arguments, Anthropic text, thinking and tool inputs,
 * Responses output items). With `reasoning: false` the model's reasoning (Anthropic thinking
 * blocks, `reasoning_content`, Responses reasoning items) keeps its placeholders. Signatures are
 * never touched. Returns the same value when nothing changed.
 *
 * @example restoreDeep({ content: [{ type: 'text', text: 'Hi <PERSON_1>' }] }, vault)
 */
export function restoreDeep(value: unknown, vault: PiiVault, field = '', reasoning = true): unknown {
  if (!reasoning && REASONING_FIELDS.has(field)) return value;
  if (typeof value === 'string') return value.includes('<') ? restoreText(value, vault, { json: JSON_TEXT_FIELDS.has(field) }) : value;
  if (Array.isArray(value)) return value.map((v) => restoreDeep(v, vault, field, reasoning));
  if (value !== null && typeof value === 'object') {
    if (!reasoning && (value as { type?: unknown }).type === 'reasoning') return value;
    // Built from entries, not assigned: a tool call's argument named "__proto__" (a client's schema
    // may name one) set the copy's prototype and was gone from the answer.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, restoreDeep(v, vault, k, reasoning)]));
  }
  return value;
}

/** Whether JSON text can hold a placeholder: a "<", as is or JSON-escaped. */
export function mayHoldPlaceholder(jsonText: string): boolean {
  return jsonText.includes('<') || jsonText.includes('\\u003c') || jsonText.includes('\\u003C');
}

/**
 * The reverse, for traces: every original value the vault holds replaced by its placeholder, in a
 * JSON text (values are matched as they appear inside JSON strings).
 *
 * @example redactKnownValues('{"content":"mail jo@x.io"}', [['jo@x.io', '<EMAIL_1>']]) // '{"content":"mail <EMAIL_1>"}'
 */
export function redactKnownValues(jsonText: string, pairs: readonly (readonly [string, string])[]): string {
  // One pass over the text, whatever the number of values (a body at the size limit can hold
  // thousands): values are bucketed by their first characters, and at each position only the
  // bucket for the characters there is tried, longest value first.
  const forms = new Map<string, string>();
  for (const [value, placeholder] of pairs) {
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== '') forms.set(escaped, placeholder);
  }
  if (forms.size === 0) return jsonText;
  if (forms.size <= FEW_VALUES) return replaceFew(jsonText, forms);
  const width = Math.min(8, ...[...forms.keys()].map((v) => v.length));
  const buckets = new Map<string, string[]>();
  for (const value of forms.keys()) {
    const key = value.slice(0, width);
    const bucket = buckets.get(key) ?? [];
    bucket.push(value);
    buckets.set(key, bucket);
  }
  for (const bucket of buckets.values()) bucket.sort((a, b) => b.length - a.length);
  // Most positions start no value: a first-character test skips them without building a key.
  const firstChars = new Set<number>();
  for (const value of forms.keys()) firstChars.add(value.charCodeAt(0));
  let out = '';
  let last = 0;
  for (let i = 0; i + width <= jsonText.length; ) {
    if (!firstChars.has(jsonText.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const bucket = buckets.get(jsonText.slice(i, i + width));
    const hit = bucket?.find((value) => jsonText.startsWith(value, i));
    if (hit === undefined) {
      i += 1;
      continue;
    }
    out += jsonText.slice(last, i) + (forms.get(hit) as string);
    i += hit.length;
    last = i;
  }
  return out + jsonText.slice(last);
}

/** Up to this many values, a native search per value beats a walk over every character. */
const FEW_VALUES = 32;

/**
 * The same replacement for a few values (a typical prompt's PII): every occurrence of each value
 * found with `indexOf`, then taken left to right, the longest at each position, skipping what
 * overlaps a value already taken — what the bucketed walk does, at native search speed.
 */
function replaceFew(jsonText: string, forms: ReadonlyMap<string, string>): string {
  const hits: { at: number; value: string }[] = [];
  for (const value of forms.keys()) {
    for (let at = jsonText.indexOf(value); at >= 0; at = jsonText.indexOf(value, at + 1)) hits.push({ at, value });
  }
  if (hits.length === 0) return jsonText;
  hits.sort((a, b) => a.at - b.at || b.value.length - a.value.length);
  let out = '';
  let last = 0;
  for (const { at, value } of hits) {
    if (at < last) continue;
    out += jsonText.slice(last, at) + (forms.get(value) as string);
    last = at + value.length;
  }
  return out + jsonText.slice(last);
}
