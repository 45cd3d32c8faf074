/**
 * A conversation that ends on a blank user message after an assistant turn, for a vendor that
 * takes no blank turn (Claude, Gemini). Left out, the conversation would end on the assistant's
 * turn, which the model continues (prefill) rather than answers; with text of the gateway's own,
 * it would answer words the user never wrote. So it is refused, as a thing the vendor cannot take
 * (`unsupported`): a route falls through to a model that can (OpenAI's answers a blank turn), and
 * the client learns which message to fix.
 */
import { SwitchyardError } from '../core/errors.js';

/**
 * @example blankLastTurn(2, 'Claude')
 * // SwitchyardError unsupported: "messages[2] is a user message with no text, and Claude models take no blank turn: …"
 */
export function blankLastTurn(i: number, vendor: 'Claude' | 'Gemini'): SwitchyardError {
  return new SwitchyardError(
    'unsupported',
    `messages[${i}] is a user message with no text, and ${vendor} models take no blank turn: without it the conversation would end on the assistant's turn, which ${vendor} would continue rather than answer; give messages[${i}] some text or leave it out`,
    { param: `messages[${i}].content` },
  );
}
