/**
 * JSON Schema (what OpenAI tools and `response_format` carry) → the OpenAPI 3.0 subset Gemini
 * accepts in `parameters` and `responseSchema`, which every Gemini model understands.
 *
 * Kept: type (upper-cased; `["x","null"]` becomes `nullable`), properties, required (only names
 * that exist), items, anyOf/oneOf (as anyOf), allOf (merged), enum and const of strings, local
 * `$ref`s (inlined), title, description, default, minimum/maximum, min/maxLength, pattern,
 * min/maxItems, min/maxProperties, and the formats Gemini knows (date-time for strings; float,
 * double, int32, int64 for numbers).
 *
 * Dropped, each recorded in `dropped` with its path: additionalProperties, patternProperties,
 * exclusiveMinimum/Maximum, multipleOf, uniqueItems, not, if/then/else, other formats, enums of
 * non-strings, tuple `items`, and anything else Gemini does not define. A `$ref` that recurses
 * deeper than `MAX_REF_DEPTH` becomes a bare OBJECT.
 */
import { SwitchyardError } from '../../core/errors.js';
import type { GeminiSchema, GeminiType } from './gemini-wire.js';
import { isJsonObject } from '../../core/openai-wire.js';

type Json = { [key: string]: unknown };

export interface SchemaConversion {
  /** Add `propertyOrdering` in the declared order (Gemini otherwise orders JSON output keys itself). */
  ordered?: boolean;
  /** Collects `path: keyword` for everything dropped. */
  dropped?: string[];
}

const MAX_DEPTH = 64;
const MAX_REF_DEPTH = 8;

const TYPES: Record<string, GeminiType> = {
  string: 'STRING',
  number: 'NUMBER',
  integer: 'INTEGER',
  boolean: 'BOOLEAN',
  array: 'ARRAY',
  object: 'OBJECT',
};
const FORMATS: Partial<Record<GeminiType, readonly string[]>> = {
  STRING: ['date-time', 'enum'],
  NUMBER: ['float', 'double'],
  INTEGER: ['int32', 'int64'],
};
const COPIED_NUMBERS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'] as const;
const HANDLED = new Set([
  'type', 'properties', 'required', 'items', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', '$ref', 'title', 'description',
  'default', 'pattern', 'format', 'nullable', 'example', 'examples', '$defs', 'definitions', '$schema', '$id', '$comment', ...COPIED_NUMBERS,
]);

interface Context {
  root: Json;
  path: string;
  options: SchemaConversion;
  refDepth: number;
  depth: number;
}

/**
 * Converts one schema; `path` names it in errors and in `dropped` (e.g. `tools[0].function.parameters`).
 *
 * @example
 * toGeminiSchema({ type: 'object', properties: { city: { type: ['string', 'null'] } }, required: ['city'], additionalProperties: false }, 'p')
 * // { type: 'OBJECT', properties: { city: { type: 'STRING', nullable: true } }, required: ['city'] }
 */
export function toGeminiSchema(schema: unknown, path: string, options: SchemaConversion = {}): GeminiSchema {
  const root = isJsonObject(schema) ? schema : {};
  return convert(schema, { root, path, options, refDepth: 0, depth: 0 });
}

function convert(input: unknown, ctx: Context): GeminiSchema {
  if (ctx.depth > MAX_DEPTH) {
    throw new SwitchyardError('invalid_request', `${ctx.path}: schema is nested deeper than ${MAX_DEPTH} levels`, { param: ctx.path });
  }
  if (!isJsonObject(input)) return {};
  if (typeof input['$ref'] === 'string') return convertRef(input, ctx);
  if (Array.isArray(input['allOf'])) return convert(mergeAllOf(input), { ...ctx, depth: ctx.depth + 1 });
  const branches = Array.isArray(input['anyOf']) ? input['anyOf'] : Array.isArray(input['oneOf']) ? input['oneOf'] : undefined;
  if (branches) return convertUnion(input, branches, ctx);
  const { types, nullable } = typesOf(input);
  if (types.length > 1) {
    const out = withAnnotations({ anyOf: types.map((type) => convertTyped({ ...input, type }, type, ctx)) }, input);
    return nullable ? { ...out, nullable: true } : out;
  }
  const out = convertTyped(input, types[0], ctx);
  return nullable ? { ...out, nullable: true } : out;
}

function convertRef(input: Json, ctx: Context): GeminiSchema {
  const ref = input['$ref'] as string;
  const target = ref.startsWith('#') ? resolvePointer(ctx.root, ref) : undefined;
  if (target === undefined || ctx.refDepth >= MAX_REF_DEPTH) {
    note(ctx, `$ref ${ref}`);
    return withAnnotations({ type: 'OBJECT' }, input);
  }
  const { $ref: _ref, ...siblings } = input;
  const resolved = convert(target, { ...ctx, refDepth: ctx.refDepth + 1, depth: ctx.depth + 1 });
  return withAnnotations(resolved, siblings);
}

function convertUnion(input: Json, branches: unknown[], ctx: Context): GeminiSchema {
  const isNull = (b: unknown) => isJsonObject(b) && b['type'] === 'null';
  const nullable = branches.some(isNull);
  const rest = branches.filter((b) => !isNull(b));
  const converted = rest.map((b, i) => convert(b, { ...ctx, path: `${ctx.path}.anyOf[${i}]`, depth: ctx.depth + 1 }));
  let out: GeminiSchema = converted.length === 1 ? converted[0]! : { anyOf: converted };
  out = withAnnotations(out, input);
  return nullable ? { ...out, nullable: true } : out;
}

function convertTyped(input: Json, jsonType: string | undefined, ctx: Context): GeminiSchema {
  // An own name only: `"type": "constructor"` read Object itself as the Gemini type.
  const type = jsonType === undefined ? inferType(input) : Object.hasOwn(TYPES, jsonType) ? TYPES[jsonType] : undefined;
  const out: GeminiSchema = {};
  if (type) out.type = type;
  else if (jsonType !== undefined) note(ctx, `type ${jsonType}`);
  if (type === 'OBJECT' && isJsonObject(input['properties'])) addProperties(out, input, ctx);
  if (type === 'ARRAY' && input['items'] !== undefined) {
    if (Array.isArray(input['items'])) note(ctx, 'items (tuple)');
    else out.items = convert(input['items'], { ...ctx, path: `${ctx.path}.items`, depth: ctx.depth + 1 });
  }
  addEnum(out, input, ctx);
  addFormat(out, input, type, ctx);
  for (const key of COPIED_NUMBERS) {
    const value = input[key];
    if (typeof value === 'number') out[key] = value;
  }
  if (typeof input['pattern'] === 'string') out.pattern = input['pattern'];
  for (const key of Object.keys(input)) if (!HANDLED.has(key)) note(ctx, key);
  return withAnnotations(out, input);
}

function addProperties(out: GeminiSchema, input: Json, ctx: Context): void {
  // Built from entries, not assigned: `properties["__proto__"] = …` set the object's prototype and lost the property.
  const properties: Record<string, GeminiSchema> = Object.fromEntries(
    Object.entries(input['properties'] as Json).map(([name, value]) => [name, convert(value, { ...ctx, path: `${ctx.path}.properties.${name}`, depth: ctx.depth + 1 })]),
  );
  out.properties = properties;
  const names = Object.keys(properties);
  if (Array.isArray(input['required'])) {
    // Own names only: `"toString" in properties` is true, and Gemini refuses a required property it was not given.
    const required = input['required'].filter((name): name is string => typeof name === 'string' && Object.hasOwn(properties, name));
    if (required.length > 0) out.required = required;
  }
  if (ctx.options.ordered && names.length > 1) out.propertyOrdering = names;
}

function addEnum(out: GeminiSchema, input: Json, ctx: Context): void {
  const values = 'const' in input ? [input['const']] : Array.isArray(input['enum']) ? input['enum'] : undefined;
  if (values === undefined) return;
  const strings = values.filter((v): v is string => typeof v === 'string');
  if (values.includes(null)) out.nullable = true;
  if (strings.length === 0 || strings.length !== values.filter((v) => v !== null).length) {
    note(ctx, 'const' in input ? 'const' : 'enum');
    return;
  }
  out.type = 'STRING';
  out.format = 'enum';
  out.enum = strings;
}

function addFormat(out: GeminiSchema, input: Json, type: GeminiType | undefined, ctx: Context): void {
  const format = input['format'];
  if (typeof format !== 'string' || out.format !== undefined) return;
  if (type !== undefined && FORMATS[type]?.includes(format)) out.format = format;
  else note(ctx, `format ${format}`);
}

/** `title`, `description`, `default` and the first `examples` entry survive on any schema. */
function withAnnotations(out: GeminiSchema, input: Json): GeminiSchema {
  if (typeof input['title'] === 'string' && out.title === undefined) out.title = input['title'];
  if (typeof input['description'] === 'string' && out.description === undefined) out.description = input['description'];
  if ('default' in input && out.default === undefined) out.default = input['default'];
  if ('example' in input) out.example = input['example'];
  else if (Array.isArray(input['examples']) && input['examples'].length > 0) out.example = input['examples'][0];
  if (input['nullable'] === true) out.nullable = true;
  return out;
}

function typesOf(input: Json): { types: (string | undefined)[]; nullable: boolean } {
  const type = input['type'];
  if (Array.isArray(type)) {
    const named = type.filter((t): t is string => typeof t === 'string');
    const concrete = named.filter((t) => t !== 'null');
    return { types: concrete.length > 0 ? concrete : [undefined], nullable: named.includes('null') };
  }
  if (type === 'null') return { types: [undefined], nullable: true };
  return { types: [typeof type === 'string' ? type : undefined], nullable: false };
}

function inferType(input: Json): GeminiType | undefined {
  if (isJsonObject(input['properties'])) return 'OBJECT';
  if (input['items'] !== undefined) return 'ARRAY';
  if (typeof input['const'] === 'string' || Array.isArray(input['enum'])) return 'STRING';
  return undefined;
}

function mergeAllOf(input: Json): Json {
  const { allOf, ...merged } = input;
  const properties: Json = isJsonObject(merged['properties']) ? { ...merged['properties'] } : {};
  const required = new Set(Array.isArray(merged['required']) ? merged['required'] : []);
  for (const part of allOf as unknown[]) {
    if (!isJsonObject(part)) continue;
    const { properties: p, required: r, ...rest } = part;
    // Defined, not assigned (Object.assign would set the prototype for a "__proto__" key).
    defineAll(merged, rest);
    if (isJsonObject(p)) defineAll(properties, p);
    if (Array.isArray(r)) for (const name of r) required.add(name);
  }
  if (Object.keys(properties).length > 0) merged['properties'] = properties;
  if (required.size > 0) merged['required'] = [...required];
  return merged;
}

function defineAll(target: Json, source: Json): void {
  for (const [key, value] of Object.entries(source)) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function resolvePointer(root: Json, ref: string): unknown {
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/')) {
    if (raw === '') continue;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isJsonObject(node) ? node[key] : undefined;
  }
  return node;
}

function note(ctx: Context, what: string): void {
  ctx.options.dropped?.push(`${ctx.path}: ${what}`);
}

