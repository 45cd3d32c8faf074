import { isJsonObject, type JsonObject } from '../../../core/openai-wire.js';

const MAX_DEPTH = 64;

/**
 * Gemini's OpenAPI 3.0 schema subset (`responseSchema`, a declaration's `parameters`) → JSON
 * Schema, the reverse of `toGeminiSchema`: upper-case types lowered, `nullable` as a
 * `["type", "null"]` pair, `propertyOrdering` dropped (JSON Schema has no such keyword); every
 * other keyword Gemini defines has the same name in JSON Schema and is kept.
 *
 * @example fromGeminiSchema({ type: 'OBJECT', properties: { n: { type: 'INTEGER', nullable: true } } })
 * // { type: 'object', properties: { n: { type: ['integer', 'null'] } } }
 */
export function fromGeminiSchema(schema: unknown, depth = 0): unknown {
  if (!isJsonObject(schema) || depth > MAX_DEPTH) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'propertyOrdering') continue;
    if (key === 'type' && typeof value === 'string') out.type = value === 'TYPE_UNSPECIFIED' ? undefined : value.toLowerCase();
    else if (key === 'properties' && isJsonObject(value)) out.properties = Object.fromEntries(Object.entries(value).map(([name, field]) => [name, fromGeminiSchema(field, depth + 1)]));
    else if (key === 'items') out.items = fromGeminiSchema(value, depth + 1);
    else if (key === 'anyOf' && Array.isArray(value)) out.anyOf = value.map((branch) => fromGeminiSchema(branch, depth + 1));
    // Defined, not assigned: a keyword named "__proto__" set the copy's prototype and was lost.
    else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  if (out.type === undefined) delete out.type;
  if (schema.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}
