/**
 * Why a provider adapter sent a request's lone system text as the user turn (`decisions.system_as_user`):
 * OpenAI answers a request of system messages alone, Claude and Gemini refuse one with no user turn.
 * Each adapter moves the text in its own wire shape (anthropic/ and gemini/ system-alone-as-user.ts).
 */
export const SYSTEM_ALONE_REASON = 'the request had only system messages, which OpenAI answers and this provider refuses: the system text was sent as the user turn';
