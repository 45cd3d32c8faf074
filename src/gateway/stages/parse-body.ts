import { sessionOfUserId } from '../../core/client-session.js';
import type { ClientFormat } from '../../core/formats.js';
import { parseJsonBody } from '../../core/json-body.js';
import type { JsonObject } from '../../core/openai-wire.js';
import { JsonText } from '../../core/json-text.js';
import type { ModelCatalog } from '../../routing/catalog.js';
import type { Stage } from '../pipeline.js';
import { validateChatBody, validateEmbeddingsBody, validateResponsesBody } from '../validate-chat-body.js';
import { noteRequestedModel } from './resolve-model.js';
import { SwitchyardError } from '../../core/errors.js';
import { noteDropped } from '../../providers/dropped-params.js';
import type { Call } from '../call.js';
import { toEmbeddingsRequest } from '../client-formats/gemini/gemini-embeddings.js';
import type { Outcome } from '../outcome.js';
import type { Next } from '../pipeline.js';

/**
 * Parses and checks what the gateway itself needs from the body (the rest is the provider's to
 * judge): JSON, the model name, messages or input, and the stream flag. A body that is JSON but
 * fails the check still names the model it asked for on its trace (a wrong `messages` is not a
 * request for no model, which the dashboard would count it as).
 *
 * @example const stages = [recordTrace(…), parseBody(catalog), authenticate(keys, catalog)];
 */
export function parseBody(catalog: ModelCatalog): Stage {
  return (call, next) => {
    if (call.input.bodyError) throw call.input.bodyError;
    if (!call.input.body) call.body = call.received = parseJsonBody(call.input.bodyText);
    const body = call.body;
    call.request = new JsonText(call.input.bodyText);
    try {
      if (call.input.format === 'gemini') return geminiBody(call, next);
      if (call.input.endpoint === 'embeddings') validateEmbeddingsBody(body);
      else if (call.input.format === 'responses') validateResponsesBody(body);
      else validateChatBody(call.input.format, body);
    } catch (error) {
      noteRequestedModel(catalog, call);
      throw error;
    }
    if (call.input.endpoint !== 'embeddings') call.stream = body.stream === true;
    // No session header: Claude Code's session may still be in the body (read only then: headers win).
    if (call.session === null) call.session = sessionOfUserId(userIdOf(call.input.format, body));
    return next();
  };
}

/**
 * A Gemini API body: the model and whether to stream come from the path, and go on the body as
 * `model` and `stream` for the stages that read them there (the same object, so a Gemini model
 * still gets the client's text as sent); embeddings become the OpenAI request every provider takes.
 */
function geminiBody(call: Call, next: Next): Promise<Outcome> {
  const { model, method } = call.input.fromPath ?? { model: '', method: 'generateContent' };
  if (method === 'embedContent' || method === 'batchEmbedContents') {
    const { request, dropped } = toEmbeddingsRequest(call.body, model, method);
    call.body = request;
    noteDropped(call, 'embeddings', dropped);
    return next();
  }
  if (!Array.isArray(call.body.contents) || call.body.contents.length === 0) {
    throw new SwitchyardError('invalid_request', 'contents must be a non-empty array of Content objects ({ role, parts })', { param: 'contents' });
  }
  call.body.model = model;
  call.stream = method === 'streamGenerateContent';
  if (call.stream) call.body.stream = true;
  return next();
}

/**
 * Where a body may hold Claude Code's `metadata.user_id`: there on the Anthropic API; in `user` on
 * the OpenAI APIs, its counterpart, where a proxy that turns Claude Code's requests into OpenAI's
 * puts it (as the gateway's own Anthropic-to-chat translation does).
 */
function userIdOf(format: ClientFormat, body: JsonObject): unknown {
  if (format !== 'anthropic') return body.user;
  return typeof body.metadata === 'object' && body.metadata !== null ? (body.metadata as JsonObject).user_id : undefined;
}
