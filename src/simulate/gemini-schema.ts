/**
 * Gemini's OpenAPI-subset `Schema` (upper-case types, `nullable`) → JSON Schema, so the shared
 * value generator can fill function arguments and structured answers.
 */
import type { JsonObject } from '../core/openai-wire.js';

const MAX_DEPTH = 32;

/**
 * @example fromGeminiSchema({ type: 'OBJECT', properties: { n: { type: 'INTEGER', nullable: true } } })
 * // { type: 'object', properties: { n: { type: ['integer', 'null'] } } }
 */
export function fromGeminiSchema(schema: unknown, depth = 0): JsonObject {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema) || depth > MAX_DEPTH) return {};
  const input = schema as JsonObject;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'type' && typeof value === 'string') out['type'] = value.toLowerCase();
    else if (key === 'properties' && typeof value === 'object' && value !== null) {
      // From entries: a property named "__proto__" assigned set the object's prototype and was lost.
      out['properties'] = Object.fromEntries(Object.entries(value as JsonObject).map(([name, sub]) => [name, fromGeminiSchema(sub, depth + 1)]));
    } else if (key === 'items') out['items'] = fromGeminiSchema(value, depth + 1);
    else if (key === 'anyOf' && Array.isArray(value)) out['anyOf'] = value.map((sub) => fromGeminiSchema(sub, depth + 1));
    else if (key !== 'nullable' && key !== 'propertyOrdering') out[key] = value;
  }
  // A nullable field is filled most of the time anyway; the generator prefers concrete types.
  if (input['nullable'] === true && typeof out['type'] === 'string') out['type'] = [out['type'], 'null'];
  return out;
}
