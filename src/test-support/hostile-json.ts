import fc from 'fast-check';

/**
 * Names every plain object answers for through Object.prototype: `"toString" in {}` is true and
 * `{}["constructor"]` is a function, so a table keyed by request text takes them as known entries.
 */
export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__'] as const;

/**
 * JSON values whose conversion to text throws: `String({ toString: [] })`, `${value}` and
 * `[value].join()` call a `toString` that is not a function, fall back to `valueOf` (which
 * returns the object) and throw "Cannot convert object to primitive value". The last CI's fuzz
 * found one in a sampling rule (a 500); these reach every such conversion on purpose.
 */
export const POISON_VALUES: readonly unknown[] = [{ toString: [] }, { toString: {}, valueOf: {} }, [{ toString: 1 }], { toString: null, valueOf: null }, { valueOf: 'x', toString: 'y' }];

const leaf = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 1e308, -0, '', ' ', 'x'.repeat(5000), '\u0000', '\u202E', '\uD800', '\u001b[2J', '0x10', '1e2', 'NaN', 'Infinity', ...PROTOTYPE_NAMES),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...POISON_VALUES),
);

/**
 * Any JSON value, with object keys drawn from the prototype's names and `extraKeys` (a route's
 * own field names, so known fields hold hostile values at every depth) as often as from random
 * text, and poison values among the leaves. Serialise with JSON.stringify: an own `__proto__`
 * key is written as any other.
 *
 * @example fc.sample(hostileJson(['model']), 3) // e.g. [{ toString: [] }, { __proto__: 'x', model: -1 }, 'constructor']
 */
export function hostileJson(extraKeys: readonly string[] = [], maxDepth = 3): fc.Arbitrary<unknown> {
  const key = fc.oneof(fc.constantFrom<string>(...PROTOTYPE_NAMES, ...extraKeys), fc.string({ maxLength: 12 }));
  const { value } = fc.letrec<{ value: unknown; array: unknown[]; object: Record<string, unknown> }>((tie) => ({
    value: fc.oneof({ maxDepth, depthIdentifier: 'hostile-json' }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4, depthIdentifier: 'hostile-json' }),
    object: fc.dictionary(key, tie('value'), { maxKeys: 4, depthIdentifier: 'hostile-json' }),
  }));
  return value;
}

/**
 * A copy of `base` with the field at `path` (dotted; numeric parts index arrays) set to `value`:
 * a valid request with one field made hostile.
 *
 * @example withField({ messages: [{ role: 'user' }] }, 'messages.0.role', null) // { messages: [{ role: null }] }
 */
export function withField(base: object, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const parts = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
  target[parts.at(-1) as string] = value;
  return copy;
}
