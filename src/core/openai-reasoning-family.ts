/**
 * OpenAI's reasoning models by name, in one place: the o-series, gpt-5 and every major after it
 * (gpt-6-astra, gpt-6.2-sol, gpt-6.1-terra…, which openai 7.10 to 7.58 added). Checked per major
 * before: a gpt-6 model fell through to the GPT-4-era request shape, and OpenAI refuses that shape
 * four ways on it (`max_tokens` in place of `max_completion_tokens`, `stop`, a temperature other
 * than 1, and function tools beside a reasoning effort on chat completions), as clients that
 * probed gpt-6-astra and gpt-6-sol recorded (bolna-ai/bolna#1019, onyx-dot-app/onyx#15008).
 */

/** gpt-5, gpt-6, … gpt-99, as a whole major (not gpt-50's neighbours: `gpt-5` is followed by an end, `.` or `-`). */
const MAJOR = String.raw`gpt-(?:[5-9]|[1-9]\d)(?=$|[.-])`;

/**
 * Every OpenAI reasoning model, the gpt-5.x chat models (which reason at a fixed effort, or not
 * at all) included.
 *
 * @example OPENAI_REASONING_FAMILY.test('gpt-6.2-sol') // true
 * @example OPENAI_REASONING_FAMILY.test('gpt-4.1-mini') // false
 */
export const OPENAI_REASONING_FAMILY = new RegExp(`^(?:o\\d|${MAJOR})`);

/**
 * The reasoning models without the chat ones (`gpt-5-chat-latest`, `gpt-5.1-chat-latest`…), which
 * take sampling settings and stop sequences as GPT-4-era models do.
 *
 * @example OPENAI_REASONING_NOT_CHAT.test('gpt-6-astra') // true
 * @example OPENAI_REASONING_NOT_CHAT.test('gpt-5.1-chat-latest') // false
 */
export const OPENAI_REASONING_NOT_CHAT = new RegExp(`^(?:o\\d|${MAJOR}(?!-chat|\\.\\d+-chat))`);

/**
 * The majors after gpt-5 (gpt-6 on), which reason unless told otherwise, and refuse function
 * tools beside a reasoning effort on chat completions.
 *
 * @example AFTER_GPT_5.test('gpt-6-sol') // true
 * @example AFTER_GPT_5.test('gpt-5.6-sol') // false
 */
export const AFTER_GPT_5 = /^gpt-(?:[6-9]|[1-9]\d)(?=$|[.-])/;
