/**
 * Characters that draw nothing between letters: zero-width space, word joiner, BOM, soft hyphen,
 * Mongolian vowel separator and the invisible math operators. Not the joiners (U+200C, U+200D),
 * which Persian words, Indic scripts and emoji sequences need.
 */
const INVISIBLE = /[\u00ad\u180e\u200b\u2060-\u2064\ufeff]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/**
 * Whether a name a person signs with holds a character nobody sees: "ana\u200b" reads as "ana"
 * on every page and audit line, yet counts as another reviewer.
 *
 * @example hasInvisibleChar('ana\u200b') // true
 */
export function hasInvisibleChar(text: string): boolean {
  return INVISIBLE.test(text);
}

/**
 * `text` with its invisible characters written as escapes, for a message that quotes it.
 *
 * @example showInvisible('ana\u200b') // 'ana\\u200b'
 */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
