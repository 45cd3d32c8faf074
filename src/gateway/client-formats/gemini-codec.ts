import type { ChatCompletion, JsonObject } from '../../core/openai-wire.js';
import type { ClientCodec } from './client-codec.js';
import { messageListNamed } from './message-list-name.js';
import { GeminiStreamEncoder } from './gemini/gemini-stream-encoder.js';
import { fromGeminiRequest, geminiPathError, untranslatedGeminiFields } from './gemini/to-chat-request.js';
import { toGeminiResponse } from './gemini/to-gemini-response.js';

/**
 * Google's Gemini API as a client API (`POST /v1beta/models/{model}:generateContent` and
 * `:streamGenerateContent`, as `@google/genai` sends them), for models on other providers: the
 * request becomes a chat request, the answer a `GenerateContentResponse`, the stream its SSE
 * events. A Gemini model gets the client's body as sent (the provider's native exchange).
 */
export const geminiCodec: ClientCodec = {
  format: 'gemini',
  toCanonical: (body: JsonObject) => fromGeminiRequest(body),
  untranslated: untranslatedGeminiFields,
  encodeCompletion: (completion: ChatCompletion) => JSON.stringify(toGeminiResponse(completion)),
  streamEncoder: () => new GeminiStreamEncoder(),
  // A refusal of the list as a whole names `contents`; one about `messages[i]` (or a content part
  // of it) names the Gemini turn and part it came from.
  clientError: (error, canonical) => (error.param === 'messages' ? messageListNamed(error, 'contents') : geminiPathError(error, canonical)),
};
