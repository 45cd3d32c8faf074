/**
 * Whether inline data decodes as base64, as the real APIs check it before reading an image or a
 * file (the simulator, and the Gemini API's translation of a part's `inlineData`): standard alphabet, padding only at the end, and no length one past a multiple of 4 (no
 * base64 text ends there). `urlSafe` also takes `-` and `_`, as Google's JSON bytes fields do.
 *
 * @example isBase64('iVBORw0KGgo=') // true
 * @example isBase64('notbase64!!') // false
 */
export function isBase64(data: string, options: { urlSafe?: boolean } = {}): boolean {
  const alphabet = options.urlSafe ? /^[A-Za-z0-9+/_-]*={0,2}$/ : /^[A-Za-z0-9+/]*={0,2}$/;
  return alphabet.test(data) && data.length % 4 !== 1;
}
