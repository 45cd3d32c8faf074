/**
 * A chat request whose only messages are system (or developer) messages, for Gemini: OpenAI
 * answers it, Google refuses empty `contents`. The system instruction becomes the user turn, as
 * BAML sends a prompt without roles to Gemini (see ../anthropic/system-alone-as-user.ts).
 */
import type { DecisionSink } from '../spec.js';
import { SYSTEM_ALONE_REASON } from '../system-as-user.js';
import type { ConvertedContents } from './convert-to-gemini-contents.js';

/**
 * `converted` with a lone system instruction sent as the user content; unchanged otherwise.
 *
 * @example
 * systemAloneAsUser({ systemInstruction: { parts: [{ text: 'Say hi.' }] }, contents: [] })
 * // { systemInstruction: undefined, contents: [{ role: 'user', parts: [{ text: 'Say hi.' }] }] }
 */
export function systemAloneAsUser(converted: ConvertedContents, decisions?: DecisionSink): ConvertedContents {
  const parts = converted.systemInstruction?.parts ?? [];
  if (converted.contents.length > 0 || parts.length === 0) return converted;
  decisions?.decide('system_as_user', { parts: parts.length, reason: SYSTEM_ALONE_REASON });
  return { systemInstruction: undefined, contents: [{ role: 'user', parts }] };
}
