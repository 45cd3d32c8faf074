import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';

/**
 * Refuses a model-call body that is neither JSON nor sent as JSON, with a 415 naming the
 * `content-type` it came with and the fix. A body that reads as JSON is taken whatever its type:
 * `curl -d` sends `application/x-www-form-urlencoded` and some clients `text/plain`, and Google's
 * API reads those as JSON too (OpenAI's answers a JSON body sent as a form "you must provide a
 * model parameter", which sends users looking for a typo in the model name). What is refused is
 * what no JSON parser can help with: a multipart upload, form fields, a file's bytes. Without this
 * they were a 400 about an unexpected token `-` or bytes that are not UTF-8, which named neither
 * the header nor what to send instead. Only the first bytes are looked at, so it costs nothing.
 *
 * @example refuseNonJsonBody('multipart/form-data; boundary=x', Buffer.from('--x\r\n')) // throws a 415
 */
export function refuseNonJsonBody(contentType: string | undefined, body: Buffer): void {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '' || isJsonType(type) || looksLikeJson(body)) return;
  const form = type === 'application/x-www-form-urlencoded' ? ` (curl's -d sends its text as a form: give it the JSON object itself, -d '{"model":…}')` : '';
  throw new SwitchyardError(
    'unsupported',
    `request body was sent as content-type ${quoteClipped(contentType)} and is not a JSON object, which this endpoint takes: send one with "content-type: application/json"${form}`,
    { status: 415 },
  );
}

/** `application/json` and its structured-syntax kin (`application/vnd.foo+json`): their parse errors are the JSON parser's to name. */
function isJsonType(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/** True when the body's first byte past whitespace and a byte order mark opens a JSON object or array (or there is none). */
function looksLikeJson(body: Buffer): boolean {
  let i = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0a || body[i] === 0x0d)) i++;
  return i === body.length || body[i] === 0x7b || body[i] === 0x5b;
}
