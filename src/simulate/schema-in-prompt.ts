/**
 * The simulator's stand-in for a model that is asked in words for JSON fitting a schema written
 * into the prompt, as clients without a structured-output mode ask (Genkit's default for a model
 * it does not know: "Output should be in JSON format and conform to the following schema: ```{…}```").
 * Real models follow such an instruction; the simulator answered prose, so every such call failed
 * its client's parse on the simulator only. It takes the first JSON object in the prompt that reads
 * as a schema (`type: "object"` with `properties`); without the word JSON and such an object,
 * nothing changes.
 */
import { jsonValuesIn } from '../core/json-in-text.js';
import { isJsonObject, type JsonObject } from '../core/openai-wire.js';

// Bounds for hostile prompts: the first few JSON spans in the first part of the text.
const MAX_SCANNED_CHARS = 20_000;
const MAX_SPANS = 16;

/**
 * The schema a prompt asks the answer to fit, or undefined.
 *
 * @example schemaAskedInWords('Reply in JSON matching {"type":"object","properties":{"age":{"type":"number"}}}')
 * // { type: 'object', properties: { age: { type: 'number' } } }
 */
export function schemaAskedInWords(text: string): JsonObject | undefined {
  if (!/\bJSON\b/i.test(text)) return undefined;
  const values = jsonValuesIn(text.slice(0, MAX_SCANNED_CHARS), { values: MAX_SPANS, spans: MAX_SPANS });
  return values.find((value): value is JsonObject => isJsonObject(value) && value['type'] === 'object' && isJsonObject(value['properties']));
}
