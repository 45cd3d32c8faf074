import { parseJsonBody } from '../../core/json-body.js';
import { JsonText } from '../../core/json-text.js';
import type { Stage } from '../pipeline.js';
import { validateChatBody, validateEmbeddingsBody, validateResponsesBody } from '../validate-chat-body.js';

/**
 * Parses and checks what the gateway itself needs from the body (the rest is the provider's to
 * judge): JSON, the model name, messages or input, and the stream flag.
 */
export const parseBody: Stage = (call, next) => {
  if (call.input.bodyError) throw call.input.bodyError;
  if (!call.input.body) call.body = call.received = parseJsonBody(call.input.bodyText);
  const body = call.body;
  call.request = new JsonText(call.input.bodyText);
  if (call.input.endpoint === 'embeddings') validateEmbeddingsBody(body);
  else if (call.input.format === 'responses') {
    validateResponsesBody(body);
    call.stream = body.stream === true;
  } else {
    validateChatBody(call.input.format, body);
    call.stream = body.stream === true;
  }
  return next();
};

