import { SwitchyardError } from '../core/errors.js';
import type { JsonObject } from '../core/openai-wire.js';
import type { TraceRecord } from '../core/trace.js';

/**
 * One request to replay: the API path it goes to and its body (its `model` is replaced). A Gemini
 * API call's path is `GEMINI_MODELS` until `prepare` adds the model and method (Google names them
 * in the path, not the body).
 */
export interface LoadRequest {
  path: '/v1/chat/completions' | '/v1/messages' | '/v1/responses' | typeof GEMINI_MODELS | `${typeof GEMINI_MODELS}/${string}`;
  body: JsonObject;
}

const GEMINI_MODELS = '/v1beta/models';
const PATHS = { chat: '/v1/chat/completions', messages: '/v1/messages', responses: '/v1/responses', gemini: GEMINI_MODELS } as const;

/**
 * Recorded traffic as requests to replay: each trace's request body at its endpoint. Traces
 * without a kept body (metadata-only mode) or from embeddings are left out.
 */
export function requestsFromTraces(traces: readonly TraceRecord[]): LoadRequest[] {
  const out: LoadRequest[] = [];
  for (const trace of traces) {
    if (trace.endpoint === 'embeddings') continue;
    const body = parsed(trace.request);
    if (body) out.push({ path: PATHS[trace.endpoint], body });
  }
  return out;
}

/** Dataset items as chat requests: a text input as the user message, structured input as its JSON. */
export function requestsFromItems(items: readonly { input: string | Record<string, unknown> }[], maxTokens: number): LoadRequest[] {
  return items.map((item) => ({
    path: '/v1/chat/completions',
    body: { messages: [{ role: 'user', content: typeof item.input === 'string' ? item.input : JSON.stringify(item.input) }], max_tokens: maxTokens },
  }));
}

/** Without traces or a dataset: short and long support-style questions, so answers vary in length. */
export function builtInRequests(maxTokens: number): LoadRequest[] {
  const prompts = [
    'How do I reset my password?',
    'My card payment was declined twice today. What should I check before trying again?',
    'Summarise the difference between a savings account and a current account in three sentences.',
    'Write a short, friendly reply to a customer whose parcel arrived damaged, offering a replacement.',
    'List five questions to ask before choosing a mortgage.',
    'Explain what an exchange rate margin is, with an example converting 100 EUR to GBP.',
    'Classify this message as billing, technical or other: "The app crashes when I open statements."',
    'Translate to French: "Your transfer has been received and will arrive within two working days."',
  ];
  return requestsFromItems(prompts.map((input) => ({ input })), maxTokens);
}

/**
 * Sets the model every request is sent to, and streams it (asking for usage where the API needs
 * asking). A Gemini API request names both in its path (`…:streamGenerateContent?alt=sse` for
 * SSE), and its body keeps neither: Google refuses fields it does not know.
 *
 * @example prepare([{ path: '/v1beta/models', body: { contents } }], 'flash', true)
 * // [{ path: '/v1beta/models/flash:streamGenerateContent?alt=sse', body: { contents } }]
 */
export function prepare(requests: readonly LoadRequest[], model: string, stream: boolean): LoadRequest[] {
  if (requests.length === 0) throw new SwitchyardError('invalid_request', 'nothing to replay: the traces or dataset selected no request with a kept body');
  return requests.map(({ path, body }) => {
    if (path === GEMINI_MODELS) {
      const { model: _model, stream: _stream, ...rest } = body;
      return { path: `${GEMINI_MODELS}/${encodeURIComponent(model)}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`, body: rest };
    }
    const out: JsonObject = { ...body, model, stream };
    if (!stream) delete out.stream_options;
    else if (path === '/v1/chat/completions') out.stream_options = { include_usage: true };
    // Replayed Responses must not be stored or chained to conversations that are not there.
    if (path === '/v1/responses') {
      out.store = false;
      delete out.previous_response_id;
    }
    return { path, body: out };
  });
}

function parsed(request: unknown): JsonObject | undefined {
  let value = request;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}
