/**
 * The API a client speaks to the gateway: OpenAI Chat Completions (`/v1/chat/completions`) or
 * Anthropic Messages (`/v1/messages`). Inside the gateway, requests and answers that must be
 * looked at or translated use the canonical format, OpenAI Chat Completions.
 */
export type ClientFormat = 'openai' | 'anthropic';
