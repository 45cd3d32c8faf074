/**
 * The API a client speaks to the gateway: OpenAI Chat Completions (`/v1/chat/completions`),
 * Anthropic Messages (`/v1/messages`) or the OpenAI Responses API (`/v1/responses`). Inside the
 * gateway, requests and answers that must be looked at or translated use the canonical format,
 * OpenAI Chat Completions.
 */
export type ClientFormat = 'openai' | 'anthropic' | 'responses';
