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

/** The value itself, parsing kept text. */
export function jsonValueOf(value: unknown): unknown {
  return value instanceof JsonText ? JSON.parse(value.text) : value;
}
