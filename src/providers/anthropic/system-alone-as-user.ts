/**
 * A chat request whose only messages are system (or developer) messages, for Claude. OpenAI
 * answers such a request; Anthropic refuses an empty `messages`. Prompt frameworks send it on
 * purpose: BAML renders a prompt without roles as one system message for OpenAI and as one user
 * message for Anthropic (its own Anthropic client moves it), so the same BAML function behind the
 * gateway failed on every Claude model with a 400 while it worked on OpenAI's. The system text
 * becomes the user turn, as BAML itself sends it to Claude.
 */
import type { DecisionSink } from '../spec.js';
import { SYSTEM_ALONE_REASON } from '../system-as-user.js';
import type { ConvertedMessages } from './convert-to-anthropic-messages.js';

/**
 * `converted` with a lone system prompt sent as the user message; unchanged when there is a
 * user or assistant message, or no system text either. Records `decisions.system_as_user`.
 *
 * @example
 * systemAloneAsUser({ system: [{ type: 'text', text: 'Say hi.' }], messages: [] })
 * // { system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'Say hi.' }] }] }
 */
export function systemAloneAsUser(converted: ConvertedMessages, decisions?: DecisionSink): ConvertedMessages {
  if (converted.messages.length > 0 || converted.system.length === 0) return converted;
  decisions?.decide('system_as_user', { blocks: converted.system.length, reason: SYSTEM_ALONE_REASON });
  return { system: [], messages: [{ role: 'user', content: converted.system }] };
}
