import { compileJsonSchema } from '../core/json-schema-validator.js';
import type { ChatCompletionRequest, JsonObject } from '../core/openai-wire.js';

/** Compiled schemas of requests' `response_format`, by their JSON text: clients resend the same few. */
const MAX_SCHEMAS = 64;
const schemas = new Map<string, (value: unknown) => string | undefined>();

/**
 * What a request asks for that a local model's answer cannot give, before the model is asked: a
 * local answer is one label as text (or `{ <json_field>: label }` with `answer: json`), read from
 * the last user message's text. Such a request goes to the route's target, as a fallback list
 * passes over a target that cannot honour it; a client asking for two choices, log-probabilities,
 * a tool call or a JSON object otherwise got one bare label (`"card_arrival"` to a `json_schema`
 * request, which its `JSON.parse` then refused). Undefined when a local answer can honour it.
 *
 * @example localCannotHonour({ model: 'intent', n: 2, messages }, 'label') // 'the request asks for 2 choices (n = 2); a local model gives one'
 */
export function localCannotHonour(request: ChatCompletionRequest, answer: 'label' | 'json'): string | undefined {
  if (typeof request.n === 'number' && request.n > 1) return `the request asks for ${request.n} choices (n = ${request.n}); a local model gives one`;
  if (request.logprobs === true) return 'the request asks for logprobs, which a local model has none of';
  const choice = request.tool_choice;
  if (choice === 'required' || (typeof choice === 'object' && choice !== null)) return 'the request requires a tool call (tool_choice), and a local model answers with text';
  const format = request.response_format?.type;
  if ((format === 'json_object' || format === 'json_schema') && answer === 'label') {
    return `the request asks for JSON (response_format ${format}), and the route's local answers are bare labels (options.task.answer: json makes them JSON objects)`;
  }
  const unread = unreadPart(request);
  if (unread !== undefined) return `the last user message holds ${unread}, and a local model reads its text only`;
  return undefined;
}

/**
 * Whether a local JSON answer fits the request's `response_format` JSON Schema: the reason it does
 * not, or undefined (no schema, or it fits). Checked on the answer, after the model was asked.
 *
 * @example localAnswerMisfits(request, '{"label":"card_arrival"}') // 'the request's JSON Schema (response_format) refuses the local answer: intent: is required'
 */
export function localAnswerMisfits(request: ChatCompletionRequest, content: string): string | undefined {
  const format = request.response_format;
  if (format?.type !== 'json_schema') return undefined;
  const schema = (format.json_schema as JsonObject | undefined)?.schema;
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return undefined;
  const key = JSON.stringify(schema);
  let check = schemas.get(key);
  if (check === undefined) {
    try {
      check = compileJsonSchema(schema as Record<string, unknown>);
    } catch (error) {
      return `the request's JSON Schema (response_format) cannot be checked here: ${(error as Error).message}`;
    }
    if (schemas.size >= MAX_SCHEMAS) schemas.clear();
    schemas.set(key, check);
  }
  const violations = check(JSON.parse(content));
  return violations === undefined ? undefined : `the request's JSON Schema (response_format) refuses the local answer: ${violations}`;
}

/** The first part of the last user message that is not text (an image, audio, a file), named by its type. */
function unreadPart(request: ChatCompletionRequest): string | undefined {
  const last = request.messages.findLast((m) => m.role === 'user');
  if (!Array.isArray(last?.content)) return undefined;
  const part = last.content.find((p) => p.type !== 'text');
  return part === undefined ? undefined : `a part of type "${part.type}"`;
}
