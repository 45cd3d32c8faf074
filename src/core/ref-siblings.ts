/**
 * A `$ref` that carries other keywords (`{"$ref": "#/$defs/Address", "description": "Where they
 * live"}`). JSON Schema reads the siblings as annotations; OpenAI's strict structured outputs
 * refuse them: "Invalid schema for response_format 'x': context=('properties', 'home'), $ref
 * cannot have keywords {'description'}." (code `invalid_json_schema`; for a strict function,
 * "Invalid schema for function 'x': …", `invalid_function_parameters`). zod 4 writes one for a
 * described field whose schema is used twice, or (zod 4.3.2 on) for a described `.optional()`,
 * and `@anthropic-ai/sdk` 1.17 keeps the description its 1.16 dropped, so an Anthropic client's
 * `output_config.format` carries them.
 *
 * Definition maps (`$defs`, `definitions`) beside a `$ref` are not counted: they constrain nothing.
 */
import { quoteClipped } from './clip.js';
import { SwitchyardError } from './errors.js';
import { type JsonObject, isJsonObject } from './openai-wire.js';

const NOT_SIBLINGS = new Set(['$ref', '$defs', 'definitions']);
/** Keywords whose value is a map of schemas, and those whose value is a schema or a list of them. */
const SCHEMA_MAPS = ['properties', '$defs', 'definitions', 'patternProperties'] as const;
const SCHEMA_SLOTS = ['items', 'additionalProperties', 'not', 'contains', 'anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;

export interface RefWithSiblings {
  /** Where it is, as keys from the schema's root (`['properties', 'home']`; list indexes as strings). */
  path: string[];
  /** Its other keywords, sorted. */
  keywords: string[];
}

function siblingsOf(node: JsonObject): string[] {
  return Object.keys(node).filter((key) => !NOT_SIBLINGS.has(key)).sort();
}

/** Each nested schema of `node` with its key path, in the node's key order. */
function* children(node: JsonObject): Generator<[string[], JsonObject]> {
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (isJsonObject(map)) for (const [name, value] of Object.entries(map)) if (isJsonObject(value)) yield [[key, name], value];
  }
  for (const key of SCHEMA_SLOTS) {
    const value = node[key];
    if (isJsonObject(value)) yield [[key], value];
    else if (Array.isArray(value)) for (const [i, item] of value.entries()) if (isJsonObject(item)) yield [[key, String(i)], item];
  }
}

/**
 * The first `$ref` below the root that has sibling keywords, depth first; undefined when there is none.
 *
 * @example refWithSiblings({ type: 'object', properties: { home: { $ref: '#/$defs/A', description: 'Home' } } })
 * // { path: ['properties', 'home'], keywords: ['description'] }
 */
export function refWithSiblings(schema: JsonObject, path: string[] = [], depth = 0): RefWithSiblings | undefined {
  // A deeper schema than any API takes (OpenAI's limit is 10 levels of nesting) is not walked further.
  if (depth > 64) return undefined;
  if (depth > 0 && typeof schema.$ref === 'string') {
    const keywords = siblingsOf(schema);
    if (keywords.length > 0) return { path, keywords };
  }
  for (const [keys, child] of children(schema)) {
    const found = refWithSiblings(child, [...path, ...keys], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * OpenAI's 400 text for `found`, after "Invalid schema for response_format 'name': " or
 * "Invalid schema for function 'name': ". The context is a Python tuple, the keywords a Python set.
 *
 * @example refSiblingsMessage({ path: ['properties', 'home'], keywords: ['description'] })
 * // "context=('properties', 'home'), $ref cannot have keywords {'description'}."
 */
export function refSiblingsMessage(found: RefWithSiblings): string {
  const quoted = (items: string[]) => items.map((item) => `'${item}'`).join(', ');
  const context = found.path.length === 1 ? `(${quoted(found.path)},)` : `(${quoted(found.path)})`;
  return `context=${context}, $ref cannot have keywords {${quoted(found.keywords)}}.`;
}

function resolveLocal(root: JsonObject, ref: string): JsonObject | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isJsonObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return isJsonObject(node) ? node : undefined;
}

/**
 * The most characters of definitions one schema may have written out. A definition used under
 * several descriptions is copied once for each, and each copy writes out the described refs inside
 * it, so a few hundred bytes whose definitions each use the next one twice grow 2^n times (18 MB
 * from 2 kB at 16 levels, 5.7 s of the event loop; a chain of 2,000 described aliases took 107 s).
 * OpenAI's strict mode takes at most 120,000 characters of names and enum values in a schema, so no
 * schema it takes comes near this.
 */
export const MAX_INLINED_CHARS = 500_000;
/** The most described refs written out inside one another (an alias of an alias of…). */
export const MAX_INLINE_CHAIN = 32;

/**
 * `schema` as OpenAI's strict mode takes it: each `$ref` with siblings becomes its target with the
 * siblings over it (the field's own description wins over its type's), as OpenAI's Python SDK
 * does for the same 400. Refs with siblings inside an inlined target are written out too; a ref to
 * a definition already being inlined above it (a recursive type) keeps only the `$ref`, as does one
 * that points outside the document. Returns `schema` itself when there is nothing to change.
 * Throws a 400 naming `param` when the written-out definitions pass `MAX_INLINED_CHARS`, or
 * nest deeper than `MAX_INLINE_CHAIN`.
 *
 * @example inlineRefSiblings({ $defs: { A: { type: 'string' } }, type: 'object', properties: { a: { $ref: '#/$defs/A', description: 'x' } } })
 * // { $defs: { A: { type: 'string' } }, type: 'object', properties: { a: { type: 'string', description: 'x' } } }
 */
export function inlineRefSiblings(schema: JsonObject, param = 'schema'): JsonObject {
  if (refWithSiblings(schema) === undefined) return schema;
  return rewrite(schema, { root: schema, param, inlining: new Set(), sizes: new WeakMap(), chars: 0 }, 0);
}

interface Inlining {
  root: JsonObject;
  param: string;
  /** The refs being written out above the node, innermost last (a path: added on the way down, removed on the way up). */
  inlining: Set<string>;
  /** Each definition's length as JSON, measured once. */
  sizes: WeakMap<JsonObject, number>;
  /** Characters of definitions written out so far. */
  chars: number;
}

function tooLarge(state: Inlining, why: string): SwitchyardError {
  return new SwitchyardError('invalid_request', `${state.param}: a $ref with keywords beside it (a described $ref, which OpenAI's strict mode refuses) is written out as its definition for a model other than Claude, and here ${why}: describe the definition itself, or use fewer described $refs of it`, { param: state.param });
}

function inline(node: JsonObject, ref: string, state: Inlining, depth: number): JsonObject {
  const target = state.inlining.has(ref) ? undefined : resolveLocal(state.root, ref);
  if (target === undefined) return { $ref: ref };
  if (state.inlining.size >= MAX_INLINE_CHAIN) throw tooLarge(state, `more than ${MAX_INLINE_CHAIN} of them are written out one inside another (from ${quoteClipped(ref)})`);
  let size = state.sizes.get(target);
  if (size === undefined) state.sizes.set(target, (size = JSON.stringify(target).length));
  state.chars += size;
  if (state.chars > MAX_INLINED_CHARS) throw tooLarge(state, `they would make more than ${MAX_INLINED_CHARS.toLocaleString('en-US')} characters of schema (a definition is copied under each description that uses it, with the described $refs inside it)`);
  const { $ref: _ref, ...siblings } = node;
  state.inlining.add(ref);
  try {
    return rewrite({ ...target, ...siblings }, state, depth);
  } finally {
    state.inlining.delete(ref);
  }
}

function rewrite(node: JsonObject, state: Inlining, depth: number): JsonObject {
  if (depth > 64) return node;
  const ref = node.$ref;
  if (depth > 0 && typeof ref === 'string' && siblingsOf(node).length > 0) return inline(node, ref, state, depth);
  let out: JsonObject | undefined;
  const put = (key: string, value: unknown) => {
    out ??= { ...node };
    out[key] = value as JsonObject;
  };
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (!isJsonObject(map)) continue;
    let changed = false;
    const next = Object.fromEntries(Object.entries(map).map(([name, value]) => {
      const done = isJsonObject(value) ? rewrite(value, state, depth + 1) : value;
      changed ||= done !== value;
      return [name, done];
    }));
    if (changed) put(key, next);
  }
  for (const key of SCHEMA_SLOTS) {
    const value = node[key];
    if (isJsonObject(value)) {
      const done = rewrite(value, state, depth + 1);
      if (done !== value) put(key, done);
    } else if (Array.isArray(value)) {
      const next = value.map((item) => (isJsonObject(item) ? rewrite(item, state, depth + 1) : item));
      if (next.some((item, i) => item !== value[i])) put(key, next);
    }
  }
  return out ?? node;
}
