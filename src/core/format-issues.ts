import { clip, quoteClipped } from './clip.js';
import type { z } from 'zod';

/** `['models', 'resilient', 'fallbacks', 0, 'provider']` → `models.resilient.fallbacks[0].provider` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(root)';
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/**
 * Fields an object should not have, named for a message: cut short and at most ten of them (a
 * hostile body can hold thousands of 5,000-character keys), each with the known name it most
 * likely meant.
 *
 * @example unknownFields(['prot'], ['host', 'port']) // 'unknown field "prot" (did you mean "port"?)'
 */
export function unknownFields(keys: readonly string[], known: readonly string[]): string {
  const named = keys.slice(0, 10).map((k) => {
    const meant = k.length <= 100 ? closestName(k, known) : undefined;
    return meant ? `${quoteClipped(k)} (did you mean "${meant}"?)` : quoteClipped(k);
  });
  const more = keys.length > 10 ? ` and ${keys.length - 10} more` : '';
  return `unknown field${keys.length > 1 ? 's' : ''} ${named.join(', ')}${more}`;
}

/**
 * A client's value as an error message shows it: JSON, cut short (a hostile 5,000-character
 * value is named, not sent back), and "nothing" for a missing one.
 *
 * @example describeValue('x'.repeat(500)) // '"xxxx…' (57 characters of the JSON, then '...')
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  // YAML's .inf and .nan, JSON's 1e999: JSON.stringify would show them as null, which is not what was written.
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : `${value} (a number past ±1.8e308: 1e999 in JSON, .inf in YAML)`;
  const text = JSON.stringify(value);
  return clip(text, 57, '...');
}

/**
 * One line per problem: the path, what was expected, and the value that was there.
 *
 * @example formatIssues(error, raw) // ['server.port: expected number, got "eighty"']
 */
export function formatIssues(error: z.ZodError, raw: unknown, schema?: z.ZodType): string[] {
  return error.issues.map((issue) => formatIssue(issue, raw, schema));
}

/** The parts of a zod 4 schema that lead to the fields of an object below it. */
interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
  valueType?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
  options?: { _zod: { def: SchemaDef } }[];
  /** A discriminated union's tag field (`policy` of a route). */
  discriminator?: string;
  /** A literal's values (a discriminated union's tags). */
  values?: unknown[];
  getter?: () => { _zod: { def: SchemaDef } };
  left?: { _zod: { def: SchemaDef } };
  right?: { _zod: { def: SchemaDef } };
}

/** The object shapes that may be at `path`, each with the tag that chose it when a discriminated union did. */
interface ObjectAt {
  fields: string[];
  tag?: { discriminator: string; values: unknown[] };
}

function objectsAt(schema: z.ZodType, path: readonly PropertyKey[]): ObjectAt[] {
  const found: ObjectAt[] = [];
  const visit = (def: SchemaDef, at: number, depth: number, tag?: ObjectAt['tag']): void => {
    if (depth > 64) return;
    const next = (child: { _zod: { def: SchemaDef } } | undefined, step = 0) => child && visit(child._zod.def, at + step, depth + 1, step === 0 ? tag : undefined);
    switch (def.type) {
      case 'optional':
      case 'default':
      case 'nullable':
      case 'prefault':
      case 'readonly':
      case 'catch':
        return next(def.innerType);
      case 'pipe':
        return next(def.in);
      case 'lazy':
        return next(def.getter?.());
      case 'union':
        for (const option of def.options ?? []) {
          const values = def.discriminator === undefined ? undefined : option._zod.def.shape?.[def.discriminator]?._zod.def.values;
          if (values && def.discriminator !== undefined) visit(option._zod.def, at, depth + 1, { discriminator: def.discriminator, values });
          else next(option);
        }
        return;
      case 'intersection':
        next(def.left);
        next(def.right);
        return;
      case 'object':
        if (at === path.length) found.push({ fields: Object.keys(def.shape ?? {}), ...(tag ? { tag } : {}) });
        else next(def.shape?.[String(path[at])], 1);
        return;
      case 'record':
        if (at < path.length) next(def.valueType, 1);
        return;
      case 'array':
        if (at < path.length) next(def.element, 1);
        return;
    }
  };
  visit((schema as unknown as { _zod: { def: SchemaDef } })._zod.def, 0, 0);
  return found;
}

/** The shapes at `path` the value there chose by its tag (`policy: conditional`), else all of them. */
function chosenObjects(objects: ObjectAt[], value: unknown): ObjectAt[] {
  if (value === null || typeof value !== 'object') return objects;
  const chosen = objects.filter((o) => !o.tag || o.tag.values.includes((value as Record<string, unknown>)[o.tag.discriminator]));
  return chosen.length > 0 ? chosen : objects;
}

/**
 * Field names the objects at `path` may have (every branch of a union), for "did you mean". Given
 * the value that was parsed, a discriminated union's branch is the one its tag names: a route's
 * `sticky` is a split's field, not a conditional route's.
 */
export function knownFieldsAt(schema: z.ZodType, path: readonly PropertyKey[], raw?: unknown): string[] {
  const objects = objectsAt(schema, path);
  const from = raw === undefined ? objects : chosenObjects(objects, valueAt(raw, path));
  return [...new Set(from.flatMap((o) => o.fields))];
}

/**
 * For a field the chosen branch lacks but another branch of a discriminated union has: which
 * tags take it, as `policy "split"`; undefined when no other branch has it.
 *
 * @example fieldOfOtherBranch(routeSchema, [], { policy: 'conditional', sticky: 'user' }, 'sticky') // 'policy "split"'
 */
function fieldOfOtherBranch(schema: z.ZodType, path: readonly PropertyKey[], raw: unknown, field: string): string | undefined {
  const objects = objectsAt(schema, path);
  const chosen = new Set(chosenObjects(objects, valueAt(raw, path)));
  const homes = objects.filter((o) => o.tag && !chosen.has(o) && o.fields.includes(field));
  if (homes.length === 0) return undefined;
  const discriminator = (homes[0] as ObjectAt).tag?.discriminator as string;
  return `${discriminator} ${homes.flatMap((o) => o.tag?.values ?? []).map((v) => JSON.stringify(v)).join(' or ')}`;
}

/** The tag the value at `path` gave a discriminated union, as `policy "conditional"`; undefined when none did. */
function discriminatorValue(schema: z.ZodType, path: readonly PropertyKey[], raw: unknown): string | undefined {
  const value = valueAt(raw, path);
  const tag = objectsAt(schema, path).find((o) => o.tag)?.tag;
  if (!tag || value === null || typeof value !== 'object') return undefined;
  const given = (value as Record<string, unknown>)[tag.discriminator];
  return typeof given === 'string' ? `${tag.discriminator} ${quoteClipped(given)}` : undefined;
}

/**
 * Edit distance (insertions, deletions, substitutions, swaps of neighbours) between two short
 * names, or `max + 1` as soon as it is known to exceed `max`. Three rolling rows of numbers, each
 * computed only within `max` of the diagonal, not a matrix of arrays built with `Array.from`
 * (60 µs for two 16-character names): a mistyped model name is compared with every configured one
 * on a refused request (`modelNotConfigured`).
 */
let rows: [Uint32Array, Uint32Array, Uint32Array] = [new Uint32Array(64), new Uint32Array(64), new Uint32Array(64)];

function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  // Three rows reused from call to call (a refused config compares every unknown name with every
  // known one: new arrays for each pair were most of its time).
  if (rows[0].length <= b.length) rows = [new Uint32Array(b.length + 1), new Uint32Array(b.length + 1), new Uint32Array(b.length + 1)];
  let [before, previous, row] = rows;
  before.fill(over, 0, b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = Math.min(j, over);
  for (let i = 1; i <= a.length; i++) {
    // Only the band within `max` of the diagonal is read: resetting it (and the cell past each
    // end) keeps a row's cost to the band's width, not b's length.
    row.fill(over, Math.max(0, i - max - 1), Math.min(b.length, i + max + 1) + 1);
    row[0] = Math.min(i, over);
    let least = row[0]!;
    for (let j = Math.max(1, i - max); j <= Math.min(b.length, i + max); j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) d = Math.min(d, before[j - 2]! + 1);
      row[j] = Math.min(d, over);
      if (row[j]! < least) least = row[j]!;
    }
    // Every path to the end passes through this row: past max here, past max there.
    if (least > max) return over;
    const spent = before;
    before = previous;
    previous = row;
    row = spent;
  }
  return previous[b.length]!;
}

/**
 * The known name a mistyped one most likely meant: within a third of its length in edits (at most 10, at
 * least one; a name past 256 characters is compared with none), the same name in other case or with `-` for `_`, or it without a unit suffix. A
 * known name's doubled letter typed once costs no edit: "bilin" is one edit from "billing"
 * ("biling"), where a five-letter name is allowed only one. Only the known name's pairs: runs in
 * the typed one (`zz`, `k0000xxx…`) shrank to a letter or two that every short name was near.
 *
 * @example closestName('prot', ['host', 'port']) // 'port'
 * @example closestName('bilin', ['billing', 'support']) // 'billing'
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  // No typo is that long, and comparing long names costs their lengths multiplied: a config of 200
  // models named in 1,000 characters, each key naming one a letter off, took 248 s to refuse.
  if (name.length > MAX_COMPARED) return undefined;
  const plain = (s: string) => s.toLowerCase().replace(/-/g, '_');
  const single = (s: string) => s.replace(/(.)\1/g, '$1');
  const wanted = plain(name);
  const unit = `${wanted}_`;
  // A third of the name's length in edits, at most 10: past that it is another name, and each
  // comparison costs the name's length times twice this (200 names of 250 characters: 14 s).
  const max = Math.min(MAX_EDITS, Math.max(1, Math.floor(name.length / 3)));
  let best: { name: string; d: number } | undefined;
  for (const candidate of known) {
    // Too short to be within `max` edits, even with a doubled letter typed once (which only shortens it).
    if (candidate.length < name.length - max || candidate.length > MAX_COMPARED) continue;
    const other = plain(candidate);
    // `ttl` for `ttl_s`, `timeout` for `timeout_ms`: the name without its unit.
    const d = other === wanted ? 0 : other.startsWith(unit) ? 1 : oneLetter(wanted, other) ?? Math.min(distance(wanted, other, max), distance(wanted, single(other), max));
    if (d <= max && (best === undefined || d < best.d)) best = { name: candidate, d };
  }
  return best?.name;
}

/** The longest names `closestName` compares: longer than any a config or API takes (256 for a model or route). */
const MAX_COMPARED = 256;
/** The most edits `closestName` takes for a typo. */
const MAX_EDITS = 10;

/**
 * A one-letter name is an abbreviation (`q` for `query`), not a typo of another letter: every
 * one-letter name is one edit from every other, and `?q=` on a route taking `query` and `k` was
 * asked "did you mean k?". Undefined for a longer name (the edit distance decides).
 */
function oneLetter(name: string, candidate: string): number | undefined {
  if (name.length !== 1) return undefined;
  return candidate.startsWith(name) ? 1 : Number.POSITIVE_INFINITY;
}

/**
 * Up to `limit` known names a mistyped one may have meant, all at the nearest distance found, by
 * the rule of {@link closestName} (within a third of its length in edits, at least one): for a
 * list of suggestions where several are alike (`docs/refund.md` for `docs/refunds.md` and
 * `docs/refunde.md`). Only the nearest: a long path's third admits every sibling in its folder.
 *
 * @example closestNames('docs/refund.md', ['docs/refunds.md', 'docs/hours.md']) // ['docs/refunds.md']
 */
export function closestNames(name: string, known: readonly string[], limit = 3): string[] {
  const max = Math.max(1, Math.floor(name.length / 3));
  const near: { name: string; d: number }[] = [];
  for (const candidate of known) {
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(name.toLowerCase(), candidate.toLowerCase(), max);
    if (d <= max) near.push({ name: candidate, d });
  }
  const best = Math.min(...near.map((n) => n.d));
  return near.filter((n) => n.d === best).sort((a, b) => (a.name < b.name ? -1 : 1)).slice(0, limit).map((n) => n.name);
}

type Issue = z.ZodError['issues'][number];

/**
 * A union mismatch ("a string or an array of parts") is explained by the branch that got
 * furthest into the value, or, when none did, by the list of shapes that would have done.
 */
function formatUnion(issue: Issue & { code: 'invalid_union' }, raw: unknown, schema?: z.ZodType): string {
  const branches = (issue.errors ?? []) as Issue[][];
  const deepest = branches.flat().reduce<Issue | undefined>((best, sub) => (sub.path.length > (best?.path.length ?? 0) ? sub : best), undefined);
  if (deepest) return formatIssue({ ...deepest, path: [...issue.path, ...deepest.path] } as Issue, raw, schema);
  const expected = [...new Set(branches.flat().flatMap((sub) => (sub.code === 'invalid_type' ? [sub.expected] : [])))];
  const value = valueAt(raw, issue.path);
  // A discriminated union's tag (`policy: statc`): said like any other enum, with what was meant,
  // not zod's "Invalid discriminator value. Expected 'static' | …".
  const options = (issue as { options?: unknown }).options;
  if (Array.isArray(options) && options.length > 0 && options.every((o) => typeof o === 'string')) {
    const names = options.map((o) => JSON.stringify(o)).join(', ');
    // A tag left out (a route with no `policy:`) reads as any missing field does, not "nothing is not one of".
    if (value === undefined) return `${formatPath(issue.path)}: expected one of ${names}, got nothing`;
    const meant = typeof value === 'string' ? closestName(value, options) : undefined;
    return `${formatPath(issue.path)}: ${describeValue(value)} is not one of ${names}${meant ? ` (did you mean "${meant}"?)` : ''}`;
  }
  if (expected.length > 0) return `${formatPath(issue.path)}: expected ${expected.join(' or ')}, got ${describeValue(value)}`;
  return `${formatPath(issue.path)}: ${issue.message} (got ${describeValue(value)})`;
}

/** Fields that hold a credential (`admin_key`, `keys[0].key`, `metrics.token`, `api_key`, …). */
const SECRET_FIELD = /(^|_)(key|token|secret|password)$/i;

/**
 * A refused field's value for the message, but never a credential's: a short metrics token or
 * admin key was echoed whole into the error, the terminal and whatever logs it.
 */
function describeFieldValue(path: Issue['path'], value: unknown): string {
  const last = path.at(-1);
  // A header's value is as often a credential (Authorization, x-api-key, api-key) under a name no pattern knows.
  const credential = typeof last === 'string' && (SECRET_FIELD.test(last) || path.at(-2) === 'headers');
  if (typeof value === 'string' && credential) return `a string of ${value.length} character${value.length === 1 ? '' : 's'}, not shown`;
  return describeValue(value);
}

/** What a length bound counts, by zod's `origin`. */
const LENGTH_UNIT: Record<string, string> = { string: 'character', array: 'item', set: 'item', file: 'byte' };

/**
 * A bound said plainly: zod's default "Too small: expected string to have >=8 characters" read as
 * the library's, not as what to write. A schema's own message (any other text) is kept.
 *
 * @example boundText({ code: 'too_small', origin: 'string', minimum: 8, inclusive: true, message: 'Too small: …' }) // 'must have at least 8 characters'
 */
function boundText(issue: Issue & { code: 'too_small' | 'too_big' }): string | undefined {
  if (!/^Too (small|big)\b/.test(issue.message)) return undefined;
  const small = issue.code === 'too_small';
  const bound = small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum;
  if (typeof bound !== 'number' && typeof bound !== 'bigint') return undefined;
  const inclusive = issue.inclusive !== false;
  const unit = LENGTH_UNIT[issue.origin];
  if (unit !== undefined && typeof bound === 'number') {
    const n = inclusive ? bound : small ? bound + 1 : bound - 1;
    const how = (issue as { exact?: boolean }).exact ? 'exactly' : small ? 'at least' : 'at most';
    return `must have ${how} ${n} ${unit}${n === 1 ? '' : 's'}`;
  }
  if (issue.origin !== 'number' && issue.origin !== 'int' && issue.origin !== 'bigint') return undefined;
  return `must be ${small ? (inclusive ? 'at least' : 'more than') : inclusive ? 'at most' : 'less than'} ${String(bound)}`;
}

function formatIssue(issue: Issue, raw: unknown, schema?: z.ZodType): string {
  if (issue.code === 'invalid_union') return formatUnion(issue, raw, schema);
  // A record's key its schema refused (a header name): said at the record in that schema's words,
  // where zod said "Invalid key in record" under a path holding the key as written (line breaks too).
  if (issue.code === 'invalid_key') return `${formatPath(issue.path.slice(0, -1))}: ${issue.issues.map((sub) => sub.message).join('; ')}`;
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    if (!schema) return `${path}: ${unknownFields(issue.keys, [])}`;
    // A field of another branch (`sticky` on a conditional route) is no typo: said as such, with
    // the branch that takes it, rather than "did you mean" the very same name.
    const tagged = issue.keys.map((key) => ({ key, home: fieldOfOtherBranch(schema, issue.path, raw, key) }));
    const typos = tagged.filter((k) => k.home === undefined).map((k) => k.key);
    const misplaced = tagged.flatMap((k) => (k.home === undefined ? [] : [`field ${quoteClipped(k.key)} is for ${k.home} only`]));
    const tag = misplaced.length > 0 ? discriminatorValue(schema, issue.path, raw) : undefined;
    const parts = [...(typos.length > 0 ? [unknownFields(typos, knownFieldsAt(schema, issue.path, raw))] : []), ...misplaced.map((m) => `${m}${tag ? `, not ${tag}` : ''}`)];
    return `${path}: ${parts.join('; ')}`;
  }
  const value = valueAt(raw, issue.path);
  if (issue.code === 'invalid_type') {
    // A schema's own words (its `error` option) follow as the fix; zod's default ones say no more than this line.
    const fix = issue.message.startsWith('Invalid input') ? '' : `: ${issue.message}`;
    // zod's "record" is a JSON object to anyone writing one.
    return `${path}: expected ${issue.expected === 'record' ? 'object' : issue.expected}, got ${describeFieldValue(issue.path, value)}${fix}`;
  }
  if (issue.code === 'invalid_value') {
    return `${path}: ${describeFieldValue(issue.path, value)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const text = boundText(issue);
    if (text !== undefined) return `${path}: ${text} (got ${describeFieldValue(issue.path, value)})`;
  }
  // A schema's own message that already quotes the value (label names: `…; got "ops team"`) is not followed by it again.
  return SAYS_GOT.test(issue.message) ? `${path}: ${issue.message}` : `${path}: ${issue.message} (got ${describeFieldValue(issue.path, value)})`;
}

/** A message that names what it was given ("…; got \"x\"", "got 3"). */
const SAYS_GOT = /\bgot\b/;
