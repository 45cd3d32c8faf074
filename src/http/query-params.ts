import { quoteClipped } from '../core/clip.js';
import { MAX_METADATA_KEY_CHARS } from '../core/client-metadata.js';
import { DATE_RANGE_TEXT, isDateMs } from '../core/date-range.js';
import { SwitchyardError } from '../core/errors.js';
import { unknownFields } from '../core/format-issues.js';
import { oneOf } from '../core/guard-filter.js';

/**
 * One query parameter a route takes: what it expects (said in the error for a bad value) and how
 * its text becomes a value. `parse` throws a 400 naming the parameter for a value it refuses.
 */
export interface QueryParam<T> {
  readonly expected: string;
  parse(raw: string, name: string): T;
  /** A list: each value read by `item`, given as `name[]=…` (the SDKs' form), `name[0]=…` or `name=…` repeated, at most `max`. */
  readonly list?: { item: QueryParam<unknown>; max: number };
}

/**
 * The query parameters of a route, declared beside its handler. A name ending in `.*` is a family
 * (`meta.*` takes `meta.feature=…`, `meta.tier=…`); its values are read as a record by field.
 */
export type QuerySpec = Readonly<Record<string, QueryParam<unknown>>>;

/** The values a query holds, by the spec's names: each absent (or given empty) is undefined. */
export type QueryValues<S extends QuerySpec> = {
  [K in keyof S]?: S[K] extends QueryParam<infer T> ? (K extends `${string}.*` ? Record<string, T> : T) : never;
};

/** No query parameters: what a route that declares none takes. */
export const NO_QUERY = {} as const satisfies QuerySpec;

const badValue = (name: string, expected: string, raw: string) =>
  new SwitchyardError('invalid_request', `${name} must be ${expected}, got ${quoteClipped(raw)}`, { param: name });

/**
 * The kinds of parameter routes declare.
 *
 * @example const LIST = { limit: param.int(1, 500), status: param.oneOf(['open', 'done']) } satisfies QuerySpec;
 */
export const param = {
  /** Decimal digits only: `Number()` alone read `0x10` as 16, `1e2` as 100 and ` 5` as 5. */
  int(min: number, max: number): QueryParam<number> {
    const expected = `an integer from ${min} to ${max}`;
    return {
      expected,
      parse(raw, name) {
        const n = /^-?\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
        if (!Number.isInteger(n) || n < min || n > max) throw badValue(name, expected, raw);
        return n;
      },
    };
  },
  /** A finite number (a cost, a latency), at least `min` when given: a minimum cost of -1 filtered nothing, silently. */
  number(min?: number): QueryParam<number> {
    const expected = min === undefined ? 'a number' : `a number of at least ${min}`;
    return {
      expected,
      parse(raw, name) {
        const n = raw.trim() === '' ? Number.NaN : Number(raw);
        if (!Number.isFinite(n) || (min !== undefined && n < min)) throw badValue(name, expected, raw);
        return n;
      },
    };
  },
  /** Ms since the epoch or an ISO date, within the dates JavaScript holds. */
  time(): QueryParam<number> {
    const expected = 'ms since the epoch or an ISO date';
    return {
      expected,
      parse(raw, name) {
        const time = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
        if (Number.isNaN(time)) throw badValue(name, expected, raw);
        // Digits past a date (9999999999999999999, or 400 nines read as Infinity) were a 500 on PostgreSQL.
        if (!isDateMs(time)) throw badValue(name, `${expected} ${DATE_RANGE_TEXT}`, raw);
        return time;
      },
    };
  },
  /** One of a few words, with the one most likely meant for a near miss. */
  oneOf<C extends string>(choices: readonly C[]): QueryParam<C> {
    return { expected: `one of ${choices.join(', ')}`, parse: (raw, name) => oneOf(name, raw, choices) };
  },
  /** `true` or `false`. */
  bool(): QueryParam<boolean> {
    return {
      expected: 'true or false',
      parse(raw, name) {
        if (raw === 'true' || raw === 'false') return raw === 'true';
        throw badValue(name, 'true or false', raw);
      },
    };
  },
  /** Free text (a name, an id, a search) of at most `max` characters: longer is no name any store holds. */
  text(max: number): QueryParam<string> {
    const expected = `text of at most ${max} characters`;
    return {
      expected,
      parse(raw, name) {
        if (raw.length > max) throw new SwitchyardError('invalid_request', `${name} must be ${expected}, got ${raw.length} characters (${quoteClipped(raw, 40)})`, { param: name });
        return raw;
      },
    };
  },
  /** A list of values of one kind (Anthropic's `lifecycle[]=active&lifecycle[]=deprecated`), at most `max` of them. */
  list<T>(item: QueryParam<T>, max: number): QueryParam<T[]> {
    // readQuery reads a list's values one by one (see listOf); parse reads one given alone.
    return { expected: `a list of at most ${max}, each ${item.expected}`, list: { item, max }, parse: (raw, name) => [item.parse(raw, name)] };
  },
  /** The text as sent, checked by whoever reads it (a page function with its own rule and message). */
  raw(expected: string): QueryParam<string> {
    return { expected, parse: (raw) => raw };
  },
  /** A value checked by a rule of its own (`parse` throws its own 400), described as `expected`. */
  custom<T>(expected: string, parse: (raw: string, name: string) => T): QueryParam<T> {
    return { expected, parse };
  },
};

export interface ReadQueryOptions {
  /**
   * `ignore` leaves names the spec lacks alone, as the vendors' APIs do on the `/v1` data plane:
   * an SDK newer than the gateway sends parameters it does not know (OpenAI's `include_obfuscation`,
   * Anthropic's `lifecycle[]`), and an Azure-style client `api-version`. Default `refuse`: the
   * admin API is the gateway's own, and a typo there must not read as "no filter".
   */
  unknown?: 'refuse' | 'ignore';
}

/** The list a name gives a value of (`lifecycle[]`, `lifecycle[0]`, `lifecycle`), when the spec declares one. */
function listOf(name: string, spec: QuerySpec): { name: string; item: QueryParam<unknown>; max: number } | undefined {
  const bracket = name.indexOf('[');
  const base = bracket < 0 ? name : /^\[\d*\]$/.test(name.slice(bracket)) ? name.slice(0, bracket) : undefined;
  const kind = base !== undefined && Object.hasOwn(spec, base) ? spec[base] : undefined;
  return kind?.list && base !== undefined ? { name: base, ...kind.list } : undefined;
}

/** The family a name belongs to (`meta.*` for `meta.feature`), when the spec has one. */
function familyOf(name: string, spec: QuerySpec): string | undefined {
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const family = `${name.slice(0, dot)}.*`;
  return Object.hasOwn(spec, family) ? family : undefined;
}

/**
 * Reads a request's query by the route's spec: every name must be one the route takes (a typo
 * such as `limt=5` or `stauts=error` read as no filter at all, so the whole list came back), each
 * given once (a repeated one was answered for its first value), none in the `a[]=` list form, and
 * each value what its kind expects. Each refusal is a 400 naming the parameter; names and values
 * are clipped in the message (a 100 kB name is named, not echoed).
 *
 * @example readQuery(new URLSearchParams('limit=5'), { limit: param.int(1, 500) }) // { limit: 5 }
 * @example readQuery(new URLSearchParams('limt=5'), { limit: param.int(1, 500) }) // throws: unknown query parameter "limt" (did you mean "limit"?); …
 */
export function readQuery<S extends QuerySpec>(params: URLSearchParams, spec: S, options: ReadQueryOptions = {}): QueryValues<S> {
  const known = Object.keys(spec);
  const values: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const [name, raw] of params) {
    const list = listOf(name, spec);
    if (list) {
      if (raw === '') continue;
      const read = (values[list.name] ??= []) as unknown[];
      read.push(list.item.parse(raw, `${list.name}[${read.length}]`));
      if (read.length > list.max) throw new SwitchyardError('invalid_request', `${list.name} takes at most ${list.max} values, got ${params.getAll(name).length}`, { param: list.name });
      continue;
    }
    const family = Object.hasOwn(spec, name) ? undefined : familyOf(name, spec);
    const kind = family ? spec[family] : Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!kind && options.unknown === 'ignore') continue;
    if (seen.has(name)) throw repeated(name, params.getAll(name));
    seen.add(name);
    if (!kind) throw unknownParam(name, known);
    if (raw === '') continue;
    if (family) {
      const field = name.slice(family.length - 1);
      if (field === '') throw new SwitchyardError('invalid_request', `${name} needs a field after the dot (${name}feature=…), got ${quoteClipped(`${name}=${raw}`, 60)}`, { param: name });
      // A field is a metadata key, which no trace holds past 64 characters: a longer one matches
      // nothing, and a 100 kB one went on into the store's query.
      if (field.length > MAX_METADATA_KEY_CHARS) {
        throw new SwitchyardError('invalid_request', `${quoteClipped(name, 60)}: the field after "${family.slice(0, -1)}" has ${field.length} characters; a metadata key has 1 to ${MAX_METADATA_KEY_CHARS}`, { param: name.slice(0, 100) });
      }
      values[family] = { ...(values[family] as Record<string, unknown> | undefined), [field]: kind.parse(raw, name.slice(0, 100)) };
    } else values[name] = kind.parse(raw, name);
  }
  return values as QueryValues<S>;
}

function unknownParam(name: string, known: readonly string[]): SwitchyardError {
  if (name.includes('[')) {
    const plain = name.slice(0, name.indexOf('['));
    // qs, PHP and axios write lists as a[]=…; no admin parameter takes a list.
    if (known.includes(plain)) return new SwitchyardError('invalid_request', `${quoteClipped(name, 60)} is not a parameter: each takes one value, as ${quoteClipped(`${plain}=…`)} (lists in the form a[]=… are not read)`, { param: name.slice(0, 100) });
  }
  const takes = known.length === 0 ? 'this endpoint takes no query parameters' : `known: ${known.join(', ')}`;
  return new SwitchyardError('invalid_request', `${unknownFields([name], known).replace('unknown field', 'unknown query parameter')}; ${takes}`, { param: name.slice(0, 100) });
}

function repeated(name: string, values: readonly string[]): SwitchyardError {
  const shown = values.slice(0, 3).map((value) => quoteClipped(value, 40)).join(', ') + (values.length > 3 ? ', …' : '');
  return new SwitchyardError('invalid_request', `${quoteClipped(name, 60)} is given ${values.length} times (${shown}); give it once: only one value is read`, { param: name.slice(0, 100) });
}
