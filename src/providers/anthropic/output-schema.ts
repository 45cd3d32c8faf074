/**
 * A client's JSON schema in the subset Claude's structured outputs accept, for
 * `output_config.format`. The rules are those of Anthropic's own SDK (`transformJSONSchema` in
 * `@anthropic-ai/sdk`), which does the same before it sends a schema: every object closed
 * (`additionalProperties: false`), `oneOf` read as `anyOf`, only the string formats Claude knows,
 * `minItems` only 0 or 1; constraints Claude cannot enforce (`minimum`, `maxLength`, `pattern`, …)
 * are moved into the description, so the model still reads them. Returns undefined for a schema
 * this cannot express (a node with no type and no `anyOf`/`oneOf`/`allOf`/`enum`/`const`, which
 * Anthropic's SDK refuses too), and the request then keeps the forced-tool workaround.
 */
import type { JsonObject } from '../../core/openai-wire.js';
import { isJsonObject } from '../../core/openai-wire.js';

const STRING_FORMATS = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'uri', 'ipv4', 'ipv6', 'uuid']);

/**
 * @example toClaudeOutputSchema({ type: 'object', properties: { n: { type: 'integer', minimum: 1 } }, required: ['n'] })
 * // { type: 'object', properties: { n: { type: 'integer', description: '{minimum: 1}' } }, additionalProperties: false, required: ['n'] }
 */
export function toClaudeOutputSchema(schema: JsonObject): JsonObject | undefined {
  try {
    return strict({ ...schema });
  } catch (error) {
    if (error instanceof Inexpressible) return undefined;
    throw error;
  }
}

class Inexpressible extends Error {}


/** A nested schema, transformed; anything but an object (`true`, `false`) cannot be said. */
function sub(value: unknown): JsonObject {
  if (!isJsonObject(value)) throw new Inexpressible();
  return strict({ ...value });
}

function isPrimitive(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function take(node: JsonObject, key: string): unknown {
  const value = node[key];
  delete node[key];
  return value;
}

/** Transforms a shallow copy `node` (consumed: what is left over goes into the description). */
function strict(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  const defs = take(node, '$defs');
  if (isJsonObject(defs)) out.$defs = Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, sub(def)]));
  const ref = take(node, '$ref');
  // A description beside a `$ref` stays, as `@anthropic-ai/sdk` 1.17 keeps it (1.16 dropped it):
  // it is what zod writes for a described field whose schema is used twice.
  if (ref !== undefined) return { ...out, $ref: ref, ...(node.description !== undefined ? { description: node.description } : {}) } as JsonObject;
  if (Array.isArray(node.enum) && node.enum.length > 0 && node.enum.every(isPrimitive)) out.enum = take(node, 'enum') as JsonObject[];
  if (node.const !== undefined && isPrimitive(node.const)) out.const = take(node, 'const') as JsonObject;
  const literal = 'enum' in out || 'const' in out;
  const declared = take(node, 'type');
  const type = literal ? undefined : declared;
  const anyOf = take(node, 'anyOf') ?? take(node, 'oneOf');
  const allOf = take(node, 'allOf');
  take(node, '$schema');
  if (Array.isArray(anyOf)) out.anyOf = anyOf.map(sub);
  else if (Array.isArray(allOf)) out.allOf = allOf.map(sub);
  else if (!literal) {
    if (type === undefined) throw new Inexpressible();
    out.type = type as string;
  }
  for (const key of ['description', 'title']) if (node[key] !== undefined) out[key] = take(node, key) as string;
  if (type === 'object') {
    const properties = take(node, 'properties');
    out.properties = Object.fromEntries(Object.entries(isJsonObject(properties) ? properties : {}).map(([key, value]) => [key, sub(value)]));
    take(node, 'additionalProperties');
    out.additionalProperties = false;
    if (node.required !== undefined) out.required = take(node, 'required') as string[];
  } else if (type === 'string' && typeof node.format === 'string' && STRING_FORMATS.has(node.format)) {
    out.format = take(node, 'format') as string;
  } else if (type === 'array') {
    if (node.items !== undefined) out.items = sub(take(node, 'items'));
    if (node.minItems === 0 || node.minItems === 1) out.minItems = take(node, 'minItems') as number;
  }
  const rest = Object.entries(node);
  if (rest.length > 0) {
    const said = rest.map(([key, value]) => `${key}: ${JSON.stringify(value)}`).join(', ');
    out.description = `${typeof out.description === 'string' ? `${out.description}\n\n` : ''}{${said}}`;
  }
  return out;
}
