import { isUtf8 } from 'node:buffer';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes bytes as UTF-8 and returns the text only when a person could read it: no invalid
 * sequences, almost no control characters, mostly letters and spaces, at least two words.
 * This is what keeps hashes, keys and binary blobs that happen to look like base64 or hex out.
 *
 * @example readableText(Buffer.from('hello there')) // 'hello there'
 */
export function readableText(bytes: Uint8Array): string | undefined {
  if (bytes.length < 6) return undefined;
  // Most runs that look like base64 are ids and keys that decode to invalid UTF-8: checked first,
  // since the decoder reports it by throwing, and an exception costs more than the whole check.
  if (!isUtf8(bytes)) return undefined;
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  return isReadable(text) ? text : undefined;
}

/**
 * True for text that is mostly letters and spaces, with a few words and no control characters.
 *
 * @example isReadable('hello there') // true
 */
export function isReadable(text: string): boolean {
  let letters = 0;
  let spaces = 0;
  let control = 0;
  let other = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code === 32 || code === 10 || code === 13 || code === 9) spaces++;
    else if (code < 32 || code === 127 || code === 0xfffd) control++;
    else if (ch.toLowerCase() !== ch.toUpperCase()) letters++;
    else other++;
  }
  const total = letters + spaces + control + other;
  if (total === 0 || control > 0) return false;
  if (spaces === 0) return false;
  return (letters + spaces) / total >= 0.75 && letters >= 4;
}

const NESTED = /^(?:(?:%[0-9A-Fa-f]{2})+|[A-Za-z0-9+/_-]{16,}={0,2}|(?:[0-9A-Fa-f]{2}){8,})$/;

/**
 * Like `readableText`, but also accepts bytes that are themselves an encoding (URL-encoded,
 * base64 or hex text), so a payload wrapped twice can be peeled layer by layer.
 *
 * @example readableOrEncoded(Buffer.from('%69%67%6e%6f%72%65')) // '%69%67%6e%6f%72%65'
 */
export function readableOrEncoded(bytes: Uint8Array): string | undefined {
  const text = readableText(bytes);
  if (text !== undefined) return text;
  const ascii = Buffer.from(bytes).toString('latin1');
  return NESTED.test(ascii) ? ascii : undefined;
}
