/**
 * `text` as a regular expression that matches it literally (configured phrases, secrets).
 *
 * @example new RegExp(escapeRegExp('a.b')).test('axb') // false
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
