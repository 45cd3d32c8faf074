import type { SwitchyardError } from './errors.js';

/**
 * The API a client speaks to the gateway: OpenAI Chat Completions (`/v1/chat/completions`),
 * Anthropic Messages (`/v1/messages`), the OpenAI Responses API (`/v1/responses`) or Google's
 * Gemini API (`/v1beta/models/{model}:generateContent`). Inside the
 * gateway, requests and answers that must be looked at or translated use the canonical format,
 * OpenAI Chat Completions.
 */
export type ClientFormat = 'openai' | 'anthropic' | 'responses' | 'gemini';

/** The shape an error is written in: a client format's (Google's is `{ error: { code, message, status } }`). */
export type ErrorFormat = ClientFormat;

/**
 * The HTTP status a client of `format` gets for an error. 529 is Anthropic's own "overloaded"
 * (its SDK reads `overloaded_error`); OpenAI-format clients get 503, the standard status for it.
 *
 * @example clientStatus('openai', new SwitchyardError('upstream_error', 'Overloaded', { status: 529 })) // 503
 */
export function clientStatus(format: ErrorFormat, error: SwitchyardError): number {
  return error.status === 529 && format !== 'anthropic' ? 503 : error.status;
}
