/**
 * Deterministic values that satisfy a JSON Schema: the arguments of simulated tool calls and
 * the content of `json_schema` answers. Covers the subset that OpenAI structured outputs and
 * Anthropic tool schemas use (types, enum/const, properties/required, items, bounds, formats,
 * anyOf/oneOf/allOf, local $ref); `pattern` is not honoured, as a generator for it would not be cheap.
 */
import { textOf } from '../core/clip.js';
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import { echoWords, generatePhrase, type Rng } from './content.js';

export interface SchemaValueContext {
  rng: Rng;
  /** The user's text; short strings echo words from it so answers look related to the question. */
  hint: string;
  /** The root schema, for resolving `#/$defs/...` and `#/definitions/...`. */
  root: JsonObject;
}

const MAX_DEPTH = 8;

/** A `number` whose allowed range is at least this wide gets a whole value (see numberValue). */
const WHOLE_NUMBER_RANGE = 10;

/**
 * What a model puts in an object it may shape freely (JSON mode, or an object schema that names
 * no property and allows any): a small object recognisably about the question, never `{}`.
 */
export const FREE_FORM_OBJECT: JsonObject = {
  type: 'object',
  properties: { answer: { type: 'string' }, topic: { type: 'string' }, confidence: { type: 'number', minimum: 0, maximum: 1 } },
  required: ['answer', 'topic', 'confidence'],
};

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function resolveRef(ref: string, root: JsonObject): JsonObject {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isJsonObject(node) ? node[key] : undefined;
  }
  return isJsonObject(node) ? node : {};
}

/**
 * A value valid against `schema`.
 *
 * @example valueForSchema({ type: 'object', properties: { n: { type: 'integer', minimum: 3 } }, required: ['n'] }, ctx)
 * // { n: 66 }
 */
export function valueForSchema(schema: unknown, ctx: SchemaValueContext, depth = 0): unknown {
  if (!isJsonObject(schema)) return schema === false ? null : generatePhrase(ctx.rng);
  if (typeof schema.$ref === 'string') {
    return depth > MAX_DEPTH ? null : valueForSchema(resolveRef(schema.$ref, ctx.root), ctx, depth + 1);
  }
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return schema.enum[Math.floor(ctx.rng() * schema.enum.length)];
  }
  const options = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (options && options.length > 0) {
    // Prefer a non-null branch: a nullable field filled with null tells a test nothing.
    const nonNull = options.filter((option) => !(isJsonObject(option) && option.type === 'null'));
    const choices = nonNull.length > 0 ? nonNull : options;
    return valueForSchema(choices[Math.floor(ctx.rng() * choices.length)], ctx, depth + 1);
  }
  if (Array.isArray(schema.allOf)) return valueForSchema(mergeAllOf(schema), ctx, depth + 1);
  return valueForType(schemaType(schema), schema, ctx, depth);
}

function mergeAllOf(schema: JsonObject): JsonObject {
  const merged: JsonObject = { ...schema, allOf: undefined };
  const properties: JsonObject = isJsonObject(schema.properties) ? { ...schema.properties } : {};
  const required = new Set<string>(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  for (const part of schema.allOf as unknown[]) {
    if (!isJsonObject(part)) continue;
    Object.assign(merged, part);
    if (isJsonObject(part.properties)) Object.assign(properties, part.properties);
    if (Array.isArray(part.required)) for (const name of part.required) required.add(textOf(name));
  }
  delete merged.allOf;
  if (Object.keys(properties).length > 0) merged.properties = properties;
  if (required.size > 0) merged.required = [...required];
  return merged;
}

function schemaType(schema: JsonObject): string {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const concrete = type.find((t) => t !== 'null');
    return typeof concrete === 'string' ? concrete : 'null';
  }
  if (isJsonObject(schema.properties)) return 'object';
  if (schema.items !== undefined) return 'array';
  return 'string';
}

function valueForType(type: string, schema: JsonObject, ctx: SchemaValueContext, depth: number): unknown {
  switch (type) {
    case 'object':
      return depth > MAX_DEPTH ? {} : objectValue(schema, ctx, depth);
    case 'array':
      return depth > MAX_DEPTH ? [] : arrayValue(schema, ctx, depth);
    case 'integer':
      return numberValue(schema, ctx, true);
    case 'number':
      return numberValue(schema, ctx, false);
    case 'boolean':
      return ctx.rng() < 0.5;
    case 'null':
      return null;
    default:
      return stringValue(schema, ctx);
  }
}

function objectValue(schema: JsonObject, ctx: SchemaValueContext, depth: number): JsonObject {
  // The gateway asks Claude for JSON mode with such a schema on its forced tool.
  if (schema.properties === undefined && schema.additionalProperties === true) return objectValue(FREE_FORM_OBJECT, ctx, depth);
  const properties = isJsonObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const result: JsonObject = {};
  for (const [name, propertySchema] of Object.entries(properties)) {
    // Required fields always; optional ones most of the time, so both shapes show up.
    if (required.has(name) || ctx.rng() < 0.7) result[name] = valueForSchema(propertySchema, ctx, depth + 1);
  }
  // Required names without a property schema still need a value.
  for (const name of required) if (!(name in result)) result[name] = generatePhrase(ctx.rng);
  return result;
}

function arrayValue(schema: JsonObject, ctx: SchemaValueContext, depth: number): unknown[] {
  const min = asNumber(schema.minItems) ?? 1;
  const max = Math.max(min, Math.min(asNumber(schema.maxItems) ?? min + 2, min + 3));
  const count = min + Math.floor(ctx.rng() * (max - min + 1));
  const tuple = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  const items: unknown[] = [];
  for (let i = 0; i < Math.max(count, tuple.length); i++) {
    items.push(valueForSchema(i < tuple.length ? tuple[i] : schema.items, ctx, depth + 1));
  }
  return items;
}

/**
 * A minimum or maximum the schema means: zod 4 writes every `z.number().int()` with the limits of
 * a safe integer (±9007199254740991), which say what JavaScript can hold, not what the field
 * holds; a model writes an age or a count, so those are read as no bound (0 to 100), not as a
 * range to draw 1701357044105215 from.
 *
 * @example meantBound(-9007199254740991) // undefined
 * @example meantBound(18) // 18
 */
function meantBound(value: unknown): number | undefined {
  const bound = asNumber(value);
  return bound === undefined || Math.abs(bound) >= Number.MAX_SAFE_INTEGER ? undefined : bound;
}

function numberValue(schema: JsonObject, ctx: SchemaValueContext, integer: boolean): number {
  const exclusiveMin = asNumber(schema.exclusiveMinimum);
  const exclusiveMax = asNumber(schema.exclusiveMaximum);
  const step = integer ? 1 : 0.01;
  let low = meantBound(schema.minimum) ?? (exclusiveMin !== undefined ? exclusiveMin + step : 0);
  let high = meantBound(schema.maximum) ?? (exclusiveMax !== undefined ? exclusiveMax - step : low + 100);
  if (high < low) high = low;
  // A `number` over a wide range is written whole, as a model writes a count, a size or a
  // duration: clients declare such fields `number` and parse them as integers (the Codex CLI's
  // `yield_time_ms`: "invalid type: floating point `88.48`, expected u64"). A fraction only where
  // the range is narrow, such as a 0–1 score.
  const whole = integer || (high - low >= WHOLE_NUMBER_RANGE && Math.ceil(low) <= Math.floor(high));
  if (whole) {
    low = Math.ceil(low);
    high = Math.floor(high);
  }
  const multipleOf = asNumber(schema.multipleOf);
  if (multipleOf !== undefined && multipleOf > 0) {
    const first = Math.ceil(low / multipleOf);
    const last = Math.max(first, Math.floor(high / multipleOf));
    return (first + Math.floor(ctx.rng() * (last - first + 1))) * multipleOf;
  }
  const raw = low + ctx.rng() * (high - low);
  return whole ? Math.min(high, Math.round(raw)) : Math.round(raw * 100) / 100;
}

const FORMATS: Record<string, (rng: Rng) => string> = {
  date: (rng) => `2024-${pad(1 + Math.floor(rng() * 12))}-${pad(1 + Math.floor(rng() * 28))}`,
  'date-time': (rng) => `2024-${pad(1 + Math.floor(rng() * 12))}-${pad(1 + Math.floor(rng() * 28))}T${pad(Math.floor(rng() * 24))}:00:00Z`,
  time: (rng) => `${pad(Math.floor(rng() * 24))}:${pad(Math.floor(rng() * 60))}:00`,
  email: (rng) => `user${Math.floor(rng() * 1000)}@example.com`,
  uri: (rng) => `https://example.com/item/${Math.floor(rng() * 1000)}`,
  uuid: (rng) => {
    const hex = () => Math.floor(rng() * 0x10000).toString(16).padStart(4, '0');
    return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
  },
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function stringValue(schema: JsonObject, ctx: SchemaValueContext): string {
  const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
  let text = format ? format(ctx.rng) : phraseFor(ctx);
  if (format) return text;
  const min = asNumber(schema.minLength) ?? 0;
  const max = asNumber(schema.maxLength);
  while (text.length < min) text += ` ${generatePhrase(ctx.rng)}`;
  if (max !== undefined && text.length > max) text = text.slice(0, max);
  return text;
}

function phraseFor(ctx: SchemaValueContext): string {
  // Half the strings echo the user's words, so a tool call for "weather in Oslo" can say "Oslo".
  const echo = echoWords(ctx.hint, 12);
  if (echo.length > 0 && ctx.rng() < 0.5) {
    const start = Math.floor(ctx.rng() * echo.length);
    return echo.slice(start, start + 1 + Math.floor(ctx.rng() * 3)).join(' ');
  }
  return generatePhrase(ctx.rng);
}
