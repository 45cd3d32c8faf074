import { newId } from '../../core/ids.js';
import type { ChatCompletion, JsonObject } from '../../core/openai-wire.js';
import type { ResponsesRequest } from '../../core/responses-wire.js';
import type { ClientCodec } from './client-codec.js';
import type { ResponseIds } from './responses/response-envelope.js';
import { ResponsesStreamEncoder } from './responses/response-stream-encoder.js';
import { clientPathError, toChatRequest, untranslatedResponsesFields } from './responses/to-chat-request.js';
import { toResponse } from './responses/to-response.js';

const SYSTEM_IDS: ResponseIds = { newId: (prefix) => newId(prefix), now: () => Date.now() };

/**
 * The OpenAI Responses client API, for providers that do not speak it: requests become chat
 * requests, chat answers become Response objects and typed stream events. Ids and times come from
 * `ids`, so tests can pin them.
 *
 * @example const codec = createResponsesCodec({ newId: (p) => `${p}_1`, now: () => 0 });
 */
export function createResponsesCodec(ids: ResponseIds = SYSTEM_IDS): ClientCodec {
  return {
    format: 'responses',
    toCanonical: (body: JsonObject) => toChatRequest(body as ResponsesRequest),
    untranslated: untranslatedResponsesFields,
    encodeCompletion: (completion: ChatCompletion, request: JsonObject) => JSON.stringify(toResponse(completion, request as ResponsesRequest, ids)),
    streamEncoder: (_includeUsage: boolean, request: JsonObject) => new ResponsesStreamEncoder(request as ResponsesRequest, ids),
    clientError: clientPathError,
  };
}

export const responsesCodec = createResponsesCodec();
