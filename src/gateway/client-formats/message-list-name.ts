import { type SwitchyardError, withRenamedPaths } from '../../core/errors.js';

/** `messages` as a whole (not `messages[2]` or `messages.[2].role`), the way OpenAI and the translators write it. */
const WHOLE_LIST = /\bmessages\b(?![[.])/g;

/**
 * `error` about the canonical request's message list as a whole (its param exactly `messages`:
 * "messages must contain at least one non-empty user or assistant message", OpenAI's "Invalid
 * 'messages': empty array") named by the field the client sent the list in (`input` for the
 * Responses API, `contents` for Gemini's); `error` itself when it is about anything else.
 *
 * @example messageListNamed(new SwitchyardError('invalid_request', "Invalid 'messages': empty array.", { param: 'messages' }), 'input').message // "Invalid 'input': empty array."
 */
export function messageListNamed(error: SwitchyardError, field: string): SwitchyardError {
  if (error.param !== 'messages') return error;
  return withRenamedPaths(error, (text) => text.replace(WHOLE_LIST, field));
}
