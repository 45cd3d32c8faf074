/**
 * The simulator's stand-in for a model that is asked in words for JSON of a shape the prompt
 * spells out. Real models follow such an instruction; the simulator answered prose, so every such
 * call failed its client's parse on the simulator only. Three ways of spelling the shape, tried in
 * this order:
 * - a JSON Schema (`type: "object"` with `properties`), as Genkit writes for a model it does not
 *   know ("Output should be in JSON format and conform to the following schema: ```{…}```");
 * - a type notation after an instruction to answer in JSON, as BAML's `ctx.output_format`
 *   ("Answer in JSON using this schema:\n{\n  name: string,\n  years: int,\n}") and promptfoo's
 *   graders ("You respond with a JSON object with this structure: {reason: string, pass:
 *   boolean, score: number}") write it (./type-notation.ts);
 * - an example object after such an instruction, as promptfoo's g-eval and factuality prompts
 *   give one ("Example:\n{\"steps\":[\"<Evaluation Step 1>\", …]}"): the answer has its keys and
 *   value types, and its booleans and numbers, as a model copying the example's form would.
 * - an instruction that closes the prompt after its examples, as KaibanJS's agent prompt does (it
 *   shows each form an answer may take, the final one last, `{"finalAnswer": "…"}`, then "You
 *   must return a valid JSON object."): the last example object before it, as a model ending its
 *   task takes the final form.
 * Without the word JSON nothing changes; without an instruction to answer in it, only a JSON
 * Schema counts (a prompt that shows JSON to be read is answered in prose).
 */
import { jsonValuesIn } from '../core/json-in-text.js';
import { isJsonObject, type JsonObject } from '../core/openai-wire.js';
import { typeNotationAt } from './type-notation.js';

// Bounds for hostile prompts: the first few JSON spans in the first part of the text.
const MAX_SCANNED_CHARS = 20_000;
const MAX_SPANS = 16;
// An example's lists are copied at their length up to this many items.
const MAX_EXAMPLE_ITEMS = 8;
// An instruction this close to the prompt's end closes it: what came before is its examples.
const CLOSING_CHARS = 200;

/** "Respond with a JSON object", "Answer in JSON", "Return output ONLY as a minified JSON object". */
const ASKS_FOR_JSON = /\b(?:respond|reply|return|output|answer|format|give|produce|print|write)\w*\b[^.\n]{0,80}?\bJSON\b/i;

function isObjectSchema(value: unknown): value is JsonObject {
  return isJsonObject(value) && value['type'] === 'object' && isJsonObject(value['properties']);
}

/** The type notation opening at one of the first few `{` after `from`. */
function notationAfter(text: string, from: number): JsonObject | undefined {
  let at = text.indexOf('{', from);
  for (let tried = 0; at !== -1 && tried < MAX_SPANS; tried++, at = text.indexOf('{', at + 1)) {
    const schema = typeNotationAt(text, at);
    if (schema) return schema;
  }
  return undefined;
}

/** The schema of an example value: its keys and types, its booleans and numbers as given. */
function schemaOfExample(value: unknown): JsonObject {
  if (typeof value === 'string') return { type: 'string' };
  if (typeof value === 'number' || typeof value === 'boolean') return { const: value };
  if (Array.isArray(value)) {
    const count = Math.min(value.length, MAX_EXAMPLE_ITEMS);
    return { type: 'array', items: value.length > 0 ? schemaOfExample(value[0]) : {}, minItems: count, maxItems: count };
  }
  if (isJsonObject(value)) {
    const properties = Object.fromEntries(Object.entries(value).map(([key, item]) => [key, schemaOfExample(item)]));
    return { type: 'object', properties, required: Object.keys(properties) };
  }
  return { type: 'null' };
}

/**
 * The schema a prompt asks the answer to fit, or undefined.
 *
 * @example schemaAskedInWords('Reply in JSON matching {"type":"object","properties":{"age":{"type":"number"}}}')
 * // { type: 'object', properties: { age: { type: 'number' } } }
 * @example schemaAskedInWords('Answer in JSON using this schema:\n{\n  name: string,\n}')
 * // { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] }
 */
export function schemaAskedInWords(text: string): JsonObject | undefined {
  if (!/\bJSON\b/i.test(text)) return undefined;
  const scanned = text.slice(0, MAX_SCANNED_CHARS);
  const values = jsonValuesIn(scanned, { values: MAX_SPANS, spans: MAX_SPANS });
  const schema = values.find(isObjectSchema);
  if (schema) return schema;
  const asked = ASKS_FOR_JSON.exec(scanned);
  if (!asked) return undefined;
  const notation = notationAfter(scanned, asked.index);
  if (notation) return notation;
  const example = jsonValuesIn(scanned.slice(asked.index), { values: MAX_SPANS, spans: MAX_SPANS }).find(isExampleObject);
  if (example !== undefined) return schemaOfExample(example);
  const last = lastInstruction(scanned);
  if (text.length - last > CLOSING_CHARS) return undefined;
  const before = jsonValuesIn(scanned.slice(0, last), { values: MAX_SPANS, spans: MAX_SPANS }).filter(isExampleObject).at(-1);
  return before === undefined ? undefined : schemaOfExample(before);
}

function isExampleObject(value: unknown): boolean {
  return isJsonObject(value) && Object.keys(value).length > 0;
}

/** Where the text's last instruction to answer in JSON starts. */
function lastInstruction(text: string): number {
  const all = new RegExp(ASKS_FOR_JSON.source, 'gi');
  let at = -1;
  for (let match = all.exec(text); match; match = all.exec(text)) at = match.index;
  return at;
}
