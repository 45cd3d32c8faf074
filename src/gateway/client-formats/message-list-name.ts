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
  // A length the target counted is of the list as translated, not as sent: a Gemini client's 3
  // contents holding 100,000 function calls and their responses are 100,002 chat messages, and
  // "Invalid 'contents': … got an array with length 100002" named a length the client never sent.
  if (error.vendorCode === 'array_above_max_length') {
    return withRenamedPaths(error, (text) => `${text} (the messages its ${field} became for this model: each function call's response is a message of its own)`, (param) => param);
  }
  return withRenamedPaths(error, (text) => text.replace(WHOLE_LIST, field));
}
