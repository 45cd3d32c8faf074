/**
 * JSON kept as the text it arrived in. The gateway stores request and response bodies this way,
 * so writing a trace costs no second `JSON.stringify` of what it already had as text.
 * `JSON.stringify` of a record holding one still produces the parsed value, via `toJSON`.
 *
 * @example jsonTextOf(new JsonText('{"a":1}')) // '{"a":1}'
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** The JSON text of a value: kept text as is, anything else serialised; null stays null. */
export function jsonTextOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof JsonText ? value.text : JSON.stringify(value);
}

/** The value itself: kept text parsed, anything with a `toJSON` (a captured stream) resolved. */
export function jsonValueOf(value: unknown): unknown {
  if (value instanceof JsonText) return JSON.parse(value.text);
  const toJSON = (value as { toJSON?: unknown } | null)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as () => unknown).call(value) : value;
}
