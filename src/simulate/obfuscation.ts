/**
 * OpenAI's stream obfuscation: every streamed delta (a chat completion chunk; a Responses text,
 * argument or reasoning-summary delta) carries an `obfuscation` field of random characters that
 * pads its size, against length side channels, unless the request's
 * `stream_options.include_obfuscation` is false. No SDK reads it; a client or proxy that chokes
 * on a field it does not know meets it here as it would on OpenAI. Seeded, so a stream is the same
 * on every run.
 */
import { seededRandom } from '../core/seeded-random.js';
import { isJsonObject, type JsonObject } from '../core/openai-wire.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Whether a streamed request gets the field: OpenAI's default is yes. */
export function wantsObfuscation(body: JsonObject): boolean {
  const options = body.stream_options;
  return !(isJsonObject(options) && options.include_obfuscation === false);
}

/**
 * A padder for one stream: each call gives the padding for a delta of `size` characters, 1 to 16
 * characters that bring it to the next multiple of 16 (OpenAI's are of that length, e.g.
 * `"delta":"{","obfuscation":"4FZhoGBnjNsYATZ"`).
 *
 * @example const pad = obfuscator(7); pad(1).length // 15
 */
export function obfuscator(seed: number): (size: number) => string {
  const random = seededRandom(seed);
  return (size) => {
    const length = 16 - (size % 16);
    let text = '';
    for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
    return text;
  };
}
