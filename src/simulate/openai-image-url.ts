/**
 * What OpenAI takes as an image's address: a web URL it fetches, or a `data:` URL. Anything else
 * (`"not a url"`, bare base64 with no `data:` prefix) is refused with a 400 naming the image's
 * path, code `invalid_value`, in these words: chat completions `Invalid image URL:
 * 'messages[0].content[0].image_url.url'. Expected a base64-encoded data URL with an image MIME
 * type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got a value without the 'data:'
 * prefix.` (quoted whole, with type, param and code, at
 * community.openai.com/t/responses-api-image-upload-error-worked-before/1289584 and in
 * github.com/Alibaba-NLP/OmniSearch/issues/3). The Responses API words its image refusals
 * `Invalid 'input[0].content[1].image_url'. Expected …, but got …` (github.com/anomalyco/opencode
 * /issues/23983, for empty base64); no capture of its words for a value without the prefix was
 * found, so that ending is chat's. The simulator took such a value as an image.
 */

/** The part of OpenAI's refusal of an image address that says what it wanted. */
export const IMAGE_URL_EXPECTED = "Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU=')";

/** Why OpenAI refuses an address that is neither a web URL nor a data URL, as its message ends. */
export const NO_DATA_PREFIX = "a value without the 'data:' prefix";

/**
 * Whether `url` is a string OpenAI can neither fetch (an http or https URL) nor decode (`data:`).
 *
 * @example notAnImageAddress('not a url') // true
 * @example notAnImageAddress('https://example.com/cat.png') // false
 */
export function notAnImageAddress(url: unknown): boolean {
  if (typeof url !== 'string' || url.startsWith('data:')) return false;
  if (!URL.canParse(url)) return true;
  const { protocol } = new URL(url);
  return protocol !== 'https:' && protocol !== 'http:';
}
