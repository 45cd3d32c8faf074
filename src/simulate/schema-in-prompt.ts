/**
 * The simulator's stand-in for a model that is asked in words for JSON fitting a schema written
 * into the prompt, as clients without a structured-output mode ask (Genkit's default for a model
 * it does not know: "Output should be in JSON format and conform to the following schema: ```{…}```").
 * Real models follow such an instruction; the simulator answered prose, so every such call failed
 * its client's parse on the simulator only. It takes the first JSON object in the prompt that reads
 * as a schema (`type: "object"` with `properties`); without the word JSON and such an object,
 * nothing changes.
 */
import { isJsonObject, type JsonObject } from '../core/openai-wire.js';

// Bounds for hostile prompts: the scan looks at the first few candidate objects in the first part
// of the text, each tried once.
const MAX_SCANNED_CHARS = 20_000;
const MAX_CANDIDATES = 16;

/**
 * The schema a prompt asks the answer to fit, or undefined.
 *
 * @example schemaAskedInWords('Reply in JSON matching {"type":"object","properties":{"age":{"type":"number"}}}')
 * // { type: 'object', properties: { age: { type: 'number' } } }
 */
export function schemaAskedInWords(text: string): JsonObject | undefined {
  if (!/\bJSON\b/i.test(text)) return undefined;
  const scanned = text.slice(0, MAX_SCANNED_CHARS);
  let from = 0;
  for (let tried = 0; tried < MAX_CANDIDATES; tried++) {
    const start = scanned.indexOf('{', from);
    if (start === -1) return undefined;
    const end = matchingBrace(scanned, start);
    if (end === -1) return undefined;
    const schema = parseSchema(scanned.slice(start, end + 1));
    if (schema) return schema;
    from = start + 1;
  }
  return undefined;
}

function parseSchema(candidate: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(candidate);
  } catch {
    return undefined;
  }
  return isJsonObject(value) && value['type'] === 'object' && isJsonObject(value['properties']) ? value : undefined;
}

/** The index of the brace closing the one at `start`, skipping braces inside strings; -1 if none. */
function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i;
  }
  return -1;
}
