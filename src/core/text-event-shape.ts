/**
 * An event that only added text, cut around that text: any later event made of the same bytes
 * with another JSON string in between parses to the same object but for that string, so folding
 * it only adds its text. Lets a stream's answer be rebuilt for the trace without parsing the
 * many events that differ from an earlier one only in their text.
 */
export interface TextEventShape {
  before: string;
  after: string;
  /** The choice or content block the text goes to. */
  index: number;
}

// Escapes need decoding; JSON.parse also rejects what a whole event's parse would (raw control characters).
const NEEDS_PARSE = /[\\\u0000-\u001f]/;

/**
 * The shape of `data` around the JSON string that starts after `marker`, when the marker occurs
 * exactly once and that string is `text` (so it is the field the caller parsed, not another).
 *
 * @example shapeAround('{"i":0,"delta":{"content":"Hi"}}', '"delta":{"content":"', 'Hi', 0)
 */
export function shapeAround(data: string, marker: string, text: string, index: number): TextEventShape | undefined {
  const at = data.indexOf(marker);
  if (at === -1 || data.indexOf(marker, at + 1) !== -1) return undefined;
  const open = at + marker.length;
  const close = closingQuote(data, open);
  if (close === -1 || JSON.parse(data.slice(open - 1, close + 1)) !== text) return undefined;
  return { before: data.slice(0, open), after: data.slice(close), index };
}

/** The text of an event of `shape`'s bytes around another string; undefined for any other event. */
export function textIn(data: string, shape: TextEventShape): string | undefined {
  // Sliced and compared whole: `startsWith` walks long strings a character at a time (~10x slower here).
  const open = shape.before.length;
  if (data.slice(0, open) !== shape.before) return undefined;
  const close = closingQuote(data, open);
  if (close === -1 || data.length - close !== shape.after.length || data.slice(close) !== shape.after) return undefined;
  const literal = data.slice(open, close);
  return NEEDS_PARSE.test(literal) ? (JSON.parse(`"${literal}"`) as string) : literal;
}

/** The index of the quote closing a JSON string whose text starts at `from`; -1 if none. */
function closingQuote(data: string, from: number): number {
  for (let quote = data.indexOf('"', from); quote !== -1; quote = data.indexOf('"', quote + 1)) {
    let slashes = 0;
    while (data.charCodeAt(quote - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return quote;
  }
  return -1;
}
