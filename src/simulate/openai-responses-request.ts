/**
 * Reads an OpenAI Responses API request (`POST /v1/responses`): validates it with the API's own
 * messages, expands `previous_response_id` from the simulator's memory, and reduces it to what
 * generation needs, hashing the prompt in the same pass.
 */
import { messagesMentionJson } from '../core/json-mode-word.js';
import { textOf } from '../core/clip.js';
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import type { PrefixCheckpoint, PromptDigest } from './prompt-digest.js';
import { addContent, addContentTexts, openaiPromptDigest } from './openai-prompt.js';
import { questionText } from './question-text.js';
import type { OutputFormat, ReplyRequest, ToolMode, ToolSpec } from './reply.js';
import { invalidEffortMessage, refusedEffortMessage, refusesEffort, requestedEffort } from './reasoning.js';
import { openaiToolNameError } from './tool-names.js';
import { openaiBadRequest as bad, openaiBooleanFieldsError, openaiTemperatureError, openaiTypeError, refusedSamplingError, strictSchemaError, type WireError } from './wire-errors.js';
import { unknownResponsesField } from './known-fields.js';
import { outputLimit } from '../tokens/output-limits.js';
import { checkInclude, checkInputItems } from './responses-items.js';
import { invalidInputImage } from './responses-image-data.js';
import { verbosityError } from './openai-verbosity.js';
import { isEmbeddingModelName } from './openai-embeddings.js';

export interface ResponsesPlan {
  model: string;
  stream: boolean;
  store: boolean;
  promptTokens: number;
  checkpoints: PrefixCheckpoint[];
  seed: number;
  reply: Omit<ReplyRequest, 'seed' | 'script'>;
  /** The conversation so far as input items (earlier turns included), to remember with the answer. */
  context: JsonObject[];
}

const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

function missing(param: string): WireError {
  return bad(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

function readTools(body: JsonObject): ToolSpec[] | WireError {
  if (body.tools === undefined || body.tools === null) return [];
  if (!Array.isArray(body.tools)) return openaiTypeError('tools', 'an array', body.tools);
  const tools: ToolSpec[] = [];
  for (const [i, tool] of body.tools.entries()) {
    if (!isJsonObject(tool) || typeof tool.type !== 'string') return missing(`tools[${i}].type`);
    // Built-in tools (web search, file search…) are accepted and never called here.
    if (tool.type !== 'function') continue;
    if (typeof tool.name !== 'string' || tool.name === '') return missing(`tools[${i}].name`);
    const refused = openaiToolNameError(tool.name, `tools[${i}].name`)
      ?? openaiBooleanFieldsError(tool, ['strict'], `tools[${i}]`)
      ?? (tool.strict === true && isJsonObject(tool.parameters) ? strictSchemaError(tool.parameters, `function '${tool.name}'`, `tools[${i}].parameters`, 'invalid_function_parameters') : undefined);
    if (refused) return refused;
    tools.push({ name: tool.name, ...(typeof tool.description === 'string' ? { description: tool.description } : {}), parameters: isJsonObject(tool.parameters) ? tool.parameters : { type: 'object', properties: {} } });
  }
  return tools;
}

function readToolMode(body: JsonObject, tools: ToolSpec[]): ToolMode | WireError {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null || choice === 'auto') return 'auto';
  // "auto" and "none" need no tools; "required" does (a built-in tool is enough).
  if (choice === 'required' && !(Array.isArray(body.tools) && body.tools.length > 0)) return bad("Tool choice 'required' must be specified with 'tools' parameter.", 'tool_choice');
  if (choice === 'none' || choice === 'required') return choice;
  if (isJsonObject(choice) && choice.type === 'function' && typeof choice.name === 'string') {
    const name = choice.name;
    if (!tools.some((tool) => tool.name === name)) return bad(`Tool choice '${name}' not found in 'tools' parameter.`, 'tool_choice');
    return { name };
  }
  if (isJsonObject(choice) && choice.type === 'allowed_tools') return choice.mode === 'required' ? 'required' : 'auto';
  return bad("Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or a function.", 'tool_choice', 'invalid_value');
}

function readFormat(body: JsonObject): OutputFormat | WireError {
  const text = body.text;
  if (text === undefined || text === null) return { type: 'text' };
  if (!isJsonObject(text)) return openaiTypeError('text', 'an object', text);
  const verbosity = verbosityError(text.verbosity, 'text.verbosity');
  if (verbosity) return verbosity;
  const format = text.format;
  if (format === undefined || format === null) return { type: 'text' };
  if (!isJsonObject(format)) return bad("Invalid type for 'text.format': expected an object.", 'text.format', 'invalid_type');
  if (format.type === 'text' || format.type === 'json_object') return { type: format.type };
  if (format.type === 'json_schema') {
    if (typeof format.name !== 'string') return missing('text.format.name');
    if (!isJsonObject(format.schema)) return missing('text.format.schema');
    const refused = format.strict === true ? strictSchemaError(format.schema, `response_format '${format.name}'`, 'text.format.schema', 'invalid_json_schema') : undefined;
    if (refused) return refused;
    return { type: 'json_schema', schema: format.schema };
  }
  return bad(`Invalid value: '${textOf(format.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`, 'text.format.type', 'invalid_value');
}

function readNumbers(body: JsonObject, model: string): { maxTokens: number | undefined } | WireError {
  const temperature = openaiTemperatureError(body.temperature);
  if (temperature) return temperature;
  const top = body.top_logprobs;
  if (top !== undefined && top !== null) {
    if (typeof top !== 'number' || !Number.isInteger(top)) return openaiTypeError('top_logprobs', 'an integer', top);
    // The API's bounds on an integer, worded as for max_output_tokens.
    if (top < 0) return bad(`Invalid 'top_logprobs': integer below minimum value. Expected a value >= 0, but got ${top} instead.`, 'top_logprobs', 'integer_below_min_value');
    if (top > 20) return bad(`Invalid 'top_logprobs': integer above maximum value. Expected a value <= 20, but got ${top} instead.`, 'top_logprobs', 'integer_above_max_value');
  }
  // A value that is none of OpenAI's efforts, on any model (the API's enum, before the model's).
  const invalidEffort = isJsonObject(body.reasoning) ? invalidEffortMessage(body.reasoning.effort) : undefined;
  if (invalidEffort) return bad(invalidEffort, 'reasoning.effort', 'invalid_value');
  // GPT-4-era models do not reason, and refuse an effort as chat completions refuses
  // reasoning_effort (OpenAI's words, captured by apps that send it to gpt-4o and gpt-4.1).
  if (isJsonObject(body.reasoning) && body.reasoning.effort !== undefined && body.reasoning.effort !== null && refusesEffort(model)) {
    return bad("Unsupported parameter: 'reasoning.effort' is not supported with this model.", 'reasoning.effort', 'unsupported_parameter');
  }
  // An effort the model does not take, as the Responses API words it: naming the model.
  const effortRefused = isJsonObject(body.reasoning) ? refusedEffortMessage(model, body.reasoning.effort, 'responses') : undefined;
  if (effortRefused) return bad(effortRefused, 'reasoning.effort', 'unsupported_value');
  const refusedSampling = refusedSamplingError(body, model, requestedEffort(body), 'responses');
  if (refusedSampling) return refusedSampling;
  const max = body.max_output_tokens;
  if (max === undefined || max === null) return { maxTokens: undefined };
  if (typeof max !== 'number' || !Number.isInteger(max)) return openaiTypeError('max_output_tokens', 'an integer', max);
  if (max < 16) return bad(`Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${max} instead.`, 'max_output_tokens', 'integer_below_min_value');
  // Above the model's output limit the API refuses the request. No public capture of the
  // Responses API's own words for it was found, so this follows Chat Completions' refusal of a
  // max_completion_tokens above the limit (openai-chat-request.ts) with this API's field and its
  // name for the tokens ("output", as in max_output_tokens).
  const limit = outputLimit(model);
  if (limit !== undefined && max > limit) return bad(`max_output_tokens is too large: ${max}. This model supports at most ${limit} output tokens, whereas you provided ${max}.`, 'max_output_tokens');
  return { maxTokens: max };
}

/** The texts a reply is shaped by: the last user message's, and the system and developer messages'. */
interface ItemTexts {
  lastUserText: string;
  systemText: string;
}

/** Digests the items; returns their texts, or the 400 for a malformed item. */
function digestItems(digest: PromptDigest, items: JsonObject[], model: string): ItemTexts | WireError {
  let lastUserText = '';
  let systemText = '';
  for (const [i, item] of items.entries()) {
    const type = item.type ?? 'message';
    if (type === 'message') {
      if (typeof item.role !== 'string' || !ROLES.has(item.role)) {
        return bad(`Invalid value: '${textOf(item.role)}'. Supported values are: 'assistant', 'system', 'developer', and 'user'.`, `input[${i}].role`, 'invalid_value');
      }
      if (item.content === undefined) return missing(`input[${i}].content`);
      digest.message(item.role);
      const texts = addContentTexts(digest, item.content, model);
      if (item.role === 'user') lastUserText = questionText(texts);
      // BAML's openai-responses client sends its prompt as a system input item, not `instructions`.
      if (item.role === 'system' || item.role === 'developer') systemText += `${texts.join('\n')}\n`;
    } else if (type === 'function_call') {
      if (typeof item.call_id !== 'string') return missing(`input[${i}].call_id`);
      digest.message('assistant');
      digest.add(`${textOf(item.name)}(${textOf(item.arguments)})`);
    } else if (type === 'function_call_output') {
      if (typeof item.call_id !== 'string') return missing(`input[${i}].call_id`);
      digest.message('tool');
      addContent(digest, item.output, model);
    } else {
      digest.mix(JSON.stringify(item));
    }
  }
  return { lastUserText, systemText };
}

/** What the simulated API stored: conversations by response id, and the ids of their items. */
export interface StoredConversations {
  recall(id: string): JsonObject[] | undefined;
  knowsItem(itemId: string): boolean;
}

/**
 * The Responses request's boolean fields (`ResponseCreateParams`: top-level, in `stream_options`
 * and a JSON schema format's `strict`; a function tool's `strict` is checked with its tool), each
 * refused as OpenAI refuses a string or number there.
 */
const RESPONSES_BOOLEAN_FIELDS = ['stream', 'store', 'background', 'parallel_tool_calls', 'stream_options.include_obfuscation', 'text.format.strict'] as const;

/**
 * Validates and digests a request; `memory` looks up a stored response's context by id, and
 * whether an item id sent back was stored.
 *
 * @example parseResponsesRequest({ model: 'standin-small', input: 'Hi' }, new ResponseMemory())
 */
export function parseResponsesRequest(body: JsonObject, memory: StoredConversations): ResponsesPlan | WireError {
  const unknown = unknownResponsesField(body);
  if (unknown) return unknown;
  if (typeof body.model !== 'string' || body.model === '') return missing('model');
  const include = checkInclude(body.include);
  if (include) return include;
  const notBoolean = openaiBooleanFieldsError(body, RESPONSES_BOOLEAN_FIELDS);
  if (notBoolean) return notBoolean;
  const model = body.model;
  // An embedding model cannot answer here. Chat completions refuses one with its 404 ("This is
  // not a chat model…"); the Responses API has its own words and status, captured live from
  // api.openai.com for text-embedding-3-small/-large (a CLI's test of models on the wrong
  // endpoint) and quoted with its 400 ("The requested model, 'gpt-image-1.5' was not found.").
  if (isEmbeddingModelName(model)) return bad(`The requested model, '${model}' was not found.`, 'model', 'model_not_found');
  let earlier: JsonObject[] = [];
  const previous = body.previous_response_id;
  if (previous !== undefined && previous !== null) {
    const found = typeof previous === 'string' ? memory.recall(previous) : undefined;
    if (!found) return bad(`Previous response with id '${textOf(previous)}' not found.`, 'previous_response_id', 'previous_response_not_found');
    earlier = found;
  }
  const input = body.input;
  if (input === undefined && earlier.length === 0) return missing('input');
  if (input !== undefined && typeof input !== 'string' && !Array.isArray(input)) return openaiTypeError('input', 'one of a string or array of input items', input);
  const items = typeof input === 'string' ? [{ type: 'message', role: 'user', content: input }] : ((input ?? []) as unknown[]);
  for (const [i, item] of items.entries()) if (!isJsonObject(item)) return bad(`Invalid type for 'input[${i}]': expected an object.`, `input[${i}]`, 'invalid_type');
  const unusable = checkInputItems(items as JsonObject[], (id) => memory.knowsItem(id), body.store !== false);
  if (unusable) return unusable;
  const image = invalidInputImage(items as JsonObject[]);
  if (image) return image;
  const context = [...earlier, ...(items as JsonObject[])];
  const tools = readTools(body);
  if (!Array.isArray(tools)) return tools;
  const toolMode = readToolMode(body, tools);
  if (typeof toolMode === 'object' && 'status' in toolMode) return toolMode;
  const format = readFormat(body);
  if ('status' in format) return format;
  // OpenAI's JSON-mode rule (core/json-mode-word.ts), on the input messages: instructions alone do not count.
  if (format.type === 'json_object' && !messagesMentionJson(context)) {
    return bad("Response input messages must contain the word 'json' in some form to use 'text.format' of type 'json_object'.", 'text.format', null);
  }
  const numbers = readNumbers(body, model);
  if ('status' in numbers) return numbers;

  const digest = openaiPromptDigest();
  digest.mix(model);
  if (typeof body.instructions === 'string') {
    digest.message('developer');
    digest.add(body.instructions);
  }
  if (tools.length > 0) digest.add(JSON.stringify(body.tools));
  const texts = digestItems(digest, context, model);
  if ('status' in texts) return texts;
  const { lastUserText } = texts;
  const last = context[context.length - 1];
  return {
    model,
    stream: body.stream === true,
    store: body.store !== false,
    promptTokens: digest.tokens(),
    checkpoints: digest.checkpoints,
    seed: digest.hash,
    context,
    reply: {
      lastUserText,
      systemText: `${typeof body.instructions === 'string' ? `${body.instructions}\n` : ''}${texts.systemText}`,
      answeringToolResult: last?.type === 'function_call_output',
      calledTools: new Set(context.flatMap((item) => (item.type === 'function_call' && typeof item.name === 'string' ? [item.name] : []))),
      tools,
      toolMode,
      parallelToolCalls: body.parallel_tool_calls !== false,
      format,
      maxTokens: numbers.maxTokens,
      stop: [],
    },
  };
}
