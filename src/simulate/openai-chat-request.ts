/**
 * Reads an OpenAI Chat Completions request: validates it with the API's own messages, and
 * reduces it to what generation needs (a `ChatPlan`), hashing the prompt in the same pass.
 */
import { responsesOnly } from '../core/openai-responses-only.js';
import { textOf } from '../core/clip.js';
import { type JsonObject, isJsonObject } from '../core/openai-wire.js';
import { outputLimit } from '../tokens/output-limits.js';
import { fnvString } from '../core/fnv-hash.js';
import type { PrefixCheckpoint } from './prompt-digest.js';
import { addContentTexts, openaiPromptDigest } from './openai-prompt.js';
import { questionText } from './question-text.js';
import type { OutputFormat, ReplyRequest, ToolMode, ToolSpec } from './reply.js';
import { invalidEffortMessage, reasons, refusedEffortMessage, refusesEffort, requestedEffort } from './reasoning.js';
import { wantsObfuscation } from './obfuscation.js';
import { openaiToolNameError } from './tool-names.js';
import { openaiBadRequest as bad, openaiError, openaiBooleanFieldsError, openaiTemperatureError, openaiTypeError, refusedSamplingError, strictSchemaError, type WireError } from './wire-errors.js';
import { unknownChatField } from './known-fields.js';
import { isBase64 } from '../core/base64-data.js';
import { isEmbeddingModelName } from './openai-embeddings.js';
import { openaiToolPairingProblem } from './openai-tool-pairing.js';
import { messagesMentionJson } from '../core/json-mode-word.js';
import { asToolsRequest } from './openai-legacy-functions.js';
import { AFTER_GPT_5, OPENAI_REASONING_FAMILY, OPENAI_REASONING_NOT_CHAT } from '../core/openai-reasoning-family.js';
import { IMAGE_URL_EXPECTED, NO_DATA_PREFIX, notAnImageAddress } from './openai-image-url.js';
import { verbosityError } from './openai-verbosity.js';

export interface ChatPlan {
  model: string;
  n: number;
  stream: boolean;
  includeUsage: boolean;
  /** Streamed chunks carry OpenAI's `obfuscation` padding (obfuscation.ts). */
  obfuscate: boolean;
  /** Number of `top_logprobs`, or undefined when `logprobs` was not asked for. */
  topLogprobs: number | undefined;
  promptTokens: number;
  checkpoints: PrefixCheckpoint[];
  /** Everything but the per-choice seed and the script. */
  reply: Omit<ReplyRequest, 'seed' | 'script'>;
  /** Hash of model, prompt and `seed`; choice i uses it mixed with i. */
  seed: number;
  /** OpenAI reports finish_reason "stop", not "tool_calls", when a named function is forced. */
  forcedTool: boolean;
  /** Declared as `functions` (deprecated): a call comes back as `function_call` (openai-legacy-functions.ts). */
  legacyFunctions: boolean;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function positiveInt(body: JsonObject, field: string, max: number): number | undefined | WireError {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return openaiTypeError(field, 'an integer', value);
  }
  if (value < 1) return bad(`Invalid '${field}': integer below minimum value. Expected a value >= 1, but got ${value} instead.`, field, 'integer_below_min_value');
  if (value > max) return bad(`Invalid '${field}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`, field, 'integer_above_max_value');
  return value;
}

/** OpenAI's refusal of a cap above the model's completion limit, naming the field sent. */
function aboveOutputLimit(model: string, field: string, value: number | undefined): WireError | undefined {
  const limit = value === undefined ? undefined : outputLimit(model);
  if (limit === undefined || (value as number) <= limit) return undefined;
  return bad(`${field} is too large: ${value}. This model supports at most ${limit} completion tokens, whereas you provided ${value}.`, field);
}

/**
 * OpenAI refuses an inline file (`file_data`) without its `filename`, and names the other way to
 * send one (`file_id`) as the missing parameter: the error clients report, reproduced as sent. A
 * file part with no `file` at all misses that (the API reference makes it required, as OpenAI's
 * missing-parameter 400s say), and inline data that is no base64 (none, a web URL) is `Invalid
 * file data`, in OpenAI's words as the AI SDK's users quote them (vercel/ai#7266). Both were
 * answered, as if the part had not been there.
 */
function unnamedFile(content: unknown, i: number): WireError | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const [k, part] of content.entries()) {
    if (!isJsonObject(part) || part.type !== 'file') continue;
    const at = `messages[${i}].content[${k}].file`;
    if (part.file === undefined || part.file === null) return bad(`Missing required parameter: '${at}'.`, at, 'missing_required_parameter');
    if (!isJsonObject(part.file)) continue;
    const file = part.file;
    if (typeof file.file_id === 'string') continue;
    if (typeof file.file_data !== 'string' || typeof file.filename !== 'string') {
      return bad(`Missing required parameter: '${at}.file_id'.`, `${at}.file_id`, 'missing_required_parameter');
    }
    const got = fileDataProblem(file.file_data);
    if (got) return bad(`Invalid file data: '${at}.file_data'. Expected a base64-encoded data URL with an application/pdf MIME type (e.g. 'data:application/pdf;base64,SGVsbG8sIFdvcmxkIQ=='), but got ${got}.`, `${at}.file_data`, 'invalid_value');
  }
  return undefined;
}

/** What is wrong with inline file data OpenAI cannot read (base64, bare or after a data URL's `,`), in its words; undefined when nothing is. */
function fileDataProblem(data: string): string | undefined {
  const comma = data.startsWith('data:') ? data.indexOf(',') : -1;
  const encoded = comma === -1 ? data : data.slice(comma + 1);
  if (encoded.length === 0) return 'empty base64-encoded bytes';
  return isBase64(encoded) ? undefined : 'an invalid base64-encoded value';
}

/**
 * OpenAI refuses an image whose data URL's base64 does not decode: `Invalid base64 image_url.`,
 * `param` null, `code` `invalid_base64`, as an Azure OpenAI user quoted it whole
 * (github.com/Azure/azure-sdk-for-java/issues/41670) and OpenAI users met it
 * (github.com/sipherxyz/comfyui-art-venture/pull/75, "fix \"Invalid base64 image_url.\" (openai)").
 * The simulator answered such an image, so a gateway forwarding one never met that 400. An
 * address that is neither a web URL nor a data URL gets OpenAI's `Invalid image URL` 400 naming
 * the part (`messages[i]` is message `i`; openai-image-url.ts has the wording's sources).
 */
function invalidImageData(content: unknown, i: number): WireError | undefined {
  if (!Array.isArray(content)) return undefined;
  for (const [k, part] of content.entries()) {
    const url = isJsonObject(part) && part.type === 'image_url' ? (isJsonObject(part.image_url) ? part.image_url.url : part.image_url) : undefined;
    if (notAnImageAddress(url)) {
      const param = `messages[${i}].content[${k}].image_url.url`;
      return bad(`Invalid image URL: '${param}'. ${IMAGE_URL_EXPECTED}, but got ${NO_DATA_PREFIX}.`, param, 'invalid_value');
    }
    if (typeof url !== 'string' || !url.startsWith('data:')) continue;
    const comma = url.indexOf(',');
    if (comma === -1 || !url.slice(0, comma).endsWith(';base64')) continue;
    if (!isBase64(url.slice(comma + 1))) return bad('Invalid base64 image_url.', null, 'invalid_base64');
  }
  return undefined;
}

/** The most tools a Chat Completions request may declare. */
const MAX_CHAT_TOOLS = 128;

/**
 * The most messages a request may hold, and tool calls an assistant message: OpenAI's 400s in its
 * words and code, as clients have quoted them (obot-platform/obot#1009: 2,050 messages;
 * openai/openai-dotnet#317: 200 tool calls in `messages[2].tool_calls`).
 */
const MAX_CHAT_MESSAGES = 2048;
const MAX_MESSAGE_TOOL_CALLS = 128;

function arrayTooLong(param: string, max: number, length: number): WireError {
  return bad(`Invalid '${param}': array too long. Expected an array with maximum length ${max}, but got an array with length ${length} instead.`, param, 'array_above_max_length');
}

/** OpenAI's limit on an assistant tool call's id, with its 400 as sent. */
const MAX_TOOL_CALL_ID = 40;

function longToolCallId(calls: unknown, i: number): WireError | undefined {
  if (!Array.isArray(calls)) return undefined;
  for (const [k, call] of calls.entries()) {
    const id = isJsonObject(call) ? call.id : undefined;
    if (typeof id !== 'string' || id.length <= MAX_TOOL_CALL_ID) continue;
    const param = `messages[${i}].tool_calls[${k}].id`;
    return bad(`Invalid '${param}': string too long. Expected a string with maximum length ${MAX_TOOL_CALL_ID}, but got a string with length ${id.length} instead.`, param, 'string_above_max_length');
  }
  return undefined;
}

/** A function's typed fields, as OpenAI types them (a "str" schema is a 400, not a tool without one). */
const FUNCTION_FIELD_TYPES = [
  ['description', 'a string', (v: unknown) => typeof v === 'string'],
  ['parameters', 'an object', isJsonObject],
  ['strict', 'a boolean', (v: unknown) => typeof v === 'boolean'],
] as const;

function functionFieldTypeError(fn: JsonObject, at: string): WireError | undefined {
  for (const [field, expected, holds] of FUNCTION_FIELD_TYPES) {
    const value = fn[field];
    if (value === undefined || value === null || holds(value)) continue;
    return openaiTypeError(`${at}.${field}`, expected, value);
  }
  return undefined;
}

function readTools(body: JsonObject): ToolSpec[] | WireError {
  if (body.tools === undefined || body.tools === null) return [];
  if (!Array.isArray(body.tools)) return openaiTypeError('tools', 'an array', body.tools);
  if (body.tools.length === 0) return bad("Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'tools', 'empty_array');
  // Chat Completions takes at most 128 tools (OpenAI's words and code, as clients with many MCP
  // servers have quoted them: zed-industries/zed#32946, vishalmysore/Tools4AI#16).
  if (body.tools.length > MAX_CHAT_TOOLS) {
    return arrayTooLong('tools', MAX_CHAT_TOOLS, body.tools.length);
  }
  const tools: ToolSpec[] = [];
  for (const [i, tool] of body.tools.entries()) {
    const fn = isJsonObject(tool) ? tool.function : undefined;
    if (!isJsonObject(fn) || typeof fn.name !== 'string') return bad(`Missing required parameter: 'tools[${i}].function.name'.`, `tools[${i}].function.name`, 'missing_required_parameter');
    const refused = openaiToolNameError(fn.name, `tools[${i}].function.name`) ?? functionFieldTypeError(fn, `tools[${i}].function`)
      ?? (fn.strict === true && isJsonObject(fn.parameters) ? strictSchemaError(fn.parameters, `function '${fn.name}'`, `tools[${i}].function.parameters`, 'invalid_function_parameters') : undefined);
    if (refused) return refused;
    tools.push({ name: fn.name, ...(typeof fn.description === 'string' ? { description: fn.description } : {}), parameters: isJsonObject(fn.parameters) ? fn.parameters : { type: 'object', properties: {} } });
  }
  return tools;
}

/**
 * The tool mode and the tools the model may call: every declared tool, or with `allowed_tools`
 * (GPT-5 era) only those it lists, all of them still declared.
 */
function readToolMode(body: JsonObject, tools: ToolSpec[]): { mode: ToolMode; callable: ToolSpec[] } | WireError {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return { mode: 'auto', callable: tools };
  if (tools.length === 0) return bad("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { mode: choice, callable: tools };
  if (isJsonObject(choice) && isJsonObject(choice.function) && typeof choice.function.name === 'string') {
    const name = choice.function.name;
    if (!tools.some((tool) => tool.name === name)) return bad(`Invalid value for 'tool_choice': no function named '${name}' was specified in the 'tools' parameter.`, 'tool_choice');
    return { mode: { name }, callable: tools };
  }
  if (isJsonObject(choice) && choice.type === 'allowed_tools') return readAllowedTools(choice.allowed_tools, tools);
  return bad("Invalid value for 'tool_choice': expected 'none', 'auto', 'required', a named function or allowed_tools.", 'tool_choice', 'invalid_value');
}

function readAllowedTools(spec: unknown, tools: ToolSpec[]): { mode: ToolMode; callable: ToolSpec[] } | WireError {
  if (!isJsonObject(spec)) return bad("Missing required parameter: 'tool_choice.allowed_tools'.", 'tool_choice.allowed_tools', 'missing_required_parameter');
  if (spec.mode !== 'auto' && spec.mode !== 'required') {
    return bad(`Invalid value: '${textOf(spec.mode)}'. Supported values are: 'auto' and 'required'.`, 'tool_choice.allowed_tools.mode', 'invalid_value');
  }
  if (!Array.isArray(spec.tools)) return bad("Missing required parameter: 'tool_choice.allowed_tools.tools'.", 'tool_choice.allowed_tools.tools', 'missing_required_parameter');
  const names = new Set<string>();
  for (const [i, entry] of spec.tools.entries()) {
    const fn = isJsonObject(entry) ? entry.function : undefined;
    const name = isJsonObject(fn) ? fn.name : undefined;
    if (typeof name !== 'string' || !tools.some((tool) => tool.name === name)) {
      return bad(`Invalid value for 'tool_choice.allowed_tools.tools[${i}]': no function named '${textOf(name)}' was specified in the 'tools' parameter.`, `tool_choice.allowed_tools.tools[${i}]`);
    }
    names.add(name);
  }
  return { mode: spec.mode, callable: tools.filter((tool) => names.has(tool.name)) };
}

function readFormat(body: JsonObject): OutputFormat | WireError {
  const format = body.response_format;
  if (format === undefined || format === null) return { type: 'text' };
  if (!isJsonObject(format)) return bad("Invalid type for 'response_format': expected an object.", 'response_format', 'invalid_type');
  const unknown = Object.keys(format).find((key) => key !== 'type' && (format.type !== 'json_schema' || key !== 'json_schema'));
  if (unknown !== undefined && (format.type === 'text' || format.type === 'json_object' || format.type === 'json_schema')) {
    // As OpenAI refuses Instructor's JSON_SCHEMA mode (`{type: "json_object", schema}`, a field other APIs take).
    return bad(`Unknown parameter: 'response_format.${unknown}'.`, `response_format.${unknown}`, 'unknown_parameter');
  }
  if (format.type === 'text' || format.type === 'json_object') return { type: format.type };
  if (format.type === 'json_schema') {
    const spec = format.json_schema;
    if (!isJsonObject(spec)) return bad("Missing required parameter: 'response_format.json_schema'.", 'response_format.json_schema', 'missing_required_parameter');
    if (typeof spec.name !== 'string') return bad("Missing required parameter: 'response_format.json_schema.name'.", 'response_format.json_schema.name', 'missing_required_parameter');
    const refused = spec.strict === true && isJsonObject(spec.schema) ? strictSchemaError(spec.schema, `response_format '${spec.name}'`, 'response_format', 'invalid_json_schema') : undefined;
    if (refused) return refused;
    return { type: 'json_schema', schema: isJsonObject(spec.schema) ? spec.schema : { type: 'object' } };
  }
  return bad(`Invalid value: '${textOf(format.type)}'. Supported values are: 'text', 'json_object', and 'json_schema'.`, 'response_format.type', 'invalid_value');
}

function readStop(body: JsonObject): string[] {
  const stop = body.stop;
  if (typeof stop === 'string') return [stop];
  return Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string') : [];
}

/**
 * The chat request's boolean fields (`ChatCompletionCreateParams`: top-level, in `stream_options`
 * and a JSON schema format's `strict`; a function's `strict` is checked with its tool), each
 * refused as OpenAI refuses a string or number there.
 */
const CHAT_BOOLEAN_FIELDS = ['stream', 'store', 'logprobs', 'parallel_tool_calls', 'stream_options.include_usage', 'stream_options.include_obfuscation', 'response_format.json_schema.strict'] as const;

/**
 * Validates and digests a request body.
 *
 * @example parseChatRequest({ model: 'standin-small', messages: [{ role: 'user', content: 'Hi' }] })
 */
export function parseChatRequest(body: JsonObject): ChatPlan | WireError {
  const unknown = unknownChatField(body);
  if (unknown) return unknown;
  if (typeof body.model !== 'string' || body.model === '') return bad('you must provide a model parameter', 'model');
  const model = body.model;
  // OpenAI's answer to an embedding model here: a 404 naming `model`, its words since the
  // completions-model days (captured whole in github.com/Chanzhaoyu/chatgpt-web/issues/1428).
  if (isEmbeddingModelName(model)) {
    return openaiError(404, { message: 'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?', type: 'invalid_request_error', param: 'model', code: null });
  }
  // The models only the Responses API serves: OpenAI's 404, in its words (BerriAI/litellm and
  // LMRouter issues quote it for o1-pro, o3-pro and the codex models).
  if (responsesOnly(model)) {
    return openaiError(404, { message: 'This model is only supported in v1/responses and not in v1/chat/completions.', type: 'invalid_request_error', param: 'model', code: null });
  }
  const messages = body.messages;
  if (messages === undefined) return bad("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(messages)) return openaiTypeError('messages', 'an array of objects', messages);
  if (messages.length === 0) return bad("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages', 'empty_array');
  if (messages.length > MAX_CHAT_MESSAGES) return arrayTooLong('messages', MAX_CHAT_MESSAGES, messages.length);
  const manyCalls = messages.findIndex((m) => isJsonObject(m) && Array.isArray(m.tool_calls) && m.tool_calls.length > MAX_MESSAGE_TOOL_CALLS);
  if (manyCalls >= 0) return arrayTooLong(`messages[${manyCalls}].tool_calls`, MAX_MESSAGE_TOOL_CALLS, ((messages[manyCalls] as JsonObject).tool_calls as unknown[]).length);
  const notBoolean = openaiBooleanFieldsError(body, CHAT_BOOLEAN_FIELDS);
  if (notBoolean) return notBoolean;

  if (body.stream_options !== undefined && body.stream_options !== null && body.stream !== true) {
    // OpenAI's words, with no code (a capture in BerriAI/litellm#5803).
    return bad("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options', null);
  }
  // The real o-series, gpt-5 and later majors refuse the legacy name; a gateway must map it.
  if (body.max_tokens !== undefined && body.max_tokens !== null && OPENAI_REASONING_FAMILY.test(model)) {
    return bad("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", 'max_tokens', 'unsupported_parameter');
  }
  // Chat Completions searches only on OpenAI's search models (`gpt-4o-search-preview`,
  // `gpt-5-search-api`…); its other models refuse the field as unknown (pydantic-ai's capture on
  // gpt-5, LiteLLM's on o4-mini), rather than answer without searching. Stand-ins take it.
  if (body.web_search_options !== undefined && /^(gpt-|o\d|chatgpt-)/.test(model) && !/search/.test(model)) {
    return bad("Unknown parameter: 'web_search_options'.", 'web_search_options', 'unknown_parameter');
  }
  const verbosity = verbosityError(body.verbosity, 'verbosity');
  if (verbosity) return verbosity;
  // A value that is none of OpenAI's efforts, on any model (the API's enum, before the model's).
  const invalidEffort = invalidEffortMessage(body.reasoning_effort);
  if (invalidEffort) return bad(invalidEffort, 'reasoning_effort', 'invalid_value');
  // GPT-4-era models do not reason, and say so rather than ignore the setting.
  if (body.reasoning_effort !== undefined && body.reasoning_effort !== null && refusesEffort(model)) {
    return bad("Unsupported parameter: 'reasoning_effort' is not supported with this model.", 'reasoning_effort', 'unsupported_parameter');
  }
  // An effort the model does not take ("minimal" on gpt-5.1, "none" on gpt-5 and the o-series).
  const effortRefused = refusedEffortMessage(model, body.reasoning_effort, 'chat');
  if (effortRefused) return bad(effortRefused, 'reasoning_effort', 'unsupported_value');
  // OpenAI takes up to 4 stop sequences, and its reasoning models none.
  if (Array.isArray(body.stop) && body.stop.length > 4) {
    return bad(`Invalid 'stop': array too long. Expected an array with maximum length 4, but got an array with length ${body.stop.length} instead.`, 'stop', 'array_above_max_length');
  }
  if (body.stop !== undefined && body.stop !== null && OPENAI_REASONING_NOT_CHAT.test(model)) {
    return bad("Unsupported parameter: 'stop' is not supported with this model.", 'stop', 'unsupported_parameter');
  }
  const temperature = openaiTemperatureError(body.temperature);
  if (temperature) return temperature;
  const refusedSampling = refusedSamplingError(body, model, requestedEffort(body));
  if (refusedSampling) return refusedSampling;
  const n = positiveInt(body, 'n', 128);
  const maxTokens = positiveInt(body, 'max_completion_tokens', 1_000_000);
  const legacyMax = positiveInt(body, 'max_tokens', 1_000_000);
  for (const value of [n, maxTokens, legacyMax]) if (typeof value === 'object') return value;
  const tooLarge = aboveOutputLimit(model, maxTokens === undefined ? 'max_tokens' : 'max_completion_tokens', (maxTokens ?? legacyMax) as number | undefined);
  if (tooLarge) return tooLarge;
  const legacy = asToolsRequest(body);
  const toolsBody = legacy ? { ...body, ...legacy } : body;
  const tools = readTools(toolsBody);
  if (!Array.isArray(tools)) return tools;
  const toolChoice = readToolMode(toolsBody, tools);
  if ('status' in toolChoice) return toolChoice;
  if (body.parallel_tool_calls !== undefined && body.parallel_tool_calls !== null && tools.length === 0) {
    return bad("Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.", 'parallel_tool_calls');
  }
  // gpt-6 on take function tools on chat completions only without reasoning, in OpenAI's words
  // (onyx-dot-app/onyx#15008, gpt-6-sol): an effort left out is the model's default, which reasons.
  if (tools.length > 0 && AFTER_GPT_5.test(model) && reasons(model, body)) {
    return bad(`Function tools with reasoning_effort are not supported for ${model} in /v1/chat/completions. To use function tools, use /v1/responses or set reasoning_effort to 'none'.`, 'reasoning_effort', null);
  }
  const { mode: toolMode, callable } = toolChoice;
  const format = readFormat(body);
  if ('status' in format) return format;
  if (format.type === 'json_object' && !messagesMentionJson(messages)) {
    return bad("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", 'messages', null);
  }

  if (body.seed !== undefined && body.seed !== null && (typeof body.seed !== 'number' || !Number.isInteger(body.seed))) {
    return openaiTypeError('seed', 'an integer', body.seed);
  }
  const topLogprobs = body.top_logprobs;
  if (topLogprobs !== undefined && topLogprobs !== null) {
    if (typeof topLogprobs !== 'number' || !Number.isInteger(topLogprobs) || topLogprobs < 0 || topLogprobs > 20) return bad("Invalid 'top_logprobs': expected an integer between 0 and 20.", 'top_logprobs', 'invalid_value');
    if (body.logprobs !== true) return bad("Invalid value for 'top_logprobs': 'logprobs' must be set to true when 'top_logprobs' is specified.", 'top_logprobs');
  }

  const pairing = openaiToolPairingProblem(messages);
  if (pairing) return bad(pairing.message, pairing.param, pairing.code);

  const digest = openaiPromptDigest();
  digest.mix(model);
  if (tools.length > 0) digest.add(JSON.stringify(toolsBody.tools));
  let lastUserText = '';
  let systemText = '';
  const calledTools = new Set<string>();
  for (const [i, message] of messages.entries()) {
    if (!isJsonObject(message)) return openaiTypeError(`messages[${i}]`, 'an object', message);
    const role = message.role;
    if (typeof role !== 'string' || !ROLES.has(role)) {
      return bad(`Invalid value: '${textOf(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`, `messages[${i}].role`, 'invalid_value');
    }
    digest.message(role);
    const unnamed = unnamedFile(message.content, i);
    if (unnamed) return unnamed;
    const invalidImage = invalidImageData(message.content, i);
    if (invalidImage) return invalidImage;
    const longId = longToolCallId(message.tool_calls, i);
    if (longId) return longId;
    const texts = addContentTexts(digest, message.content, model);
    const text = texts.join('\n');
    if (Array.isArray(message.tool_calls)) {
      digest.add(JSON.stringify(message.tool_calls));
      for (const call of message.tool_calls) if (isJsonObject(call) && isJsonObject(call.function) && typeof call.function.name === 'string') calledTools.add(call.function.name);
    }
    if (role === 'user') lastUserText = questionText(texts);
    if (role === 'system' || role === 'developer') systemText += `${text}\n`;
  }
  const lastRole = (messages[messages.length - 1] as JsonObject).role;
  const seedValue = typeof body.seed === 'number' ? String(body.seed) : '';
  const options = body.stream_options;

  return {
    model,
    n: (n as number | undefined) ?? 1,
    stream: body.stream === true,
    includeUsage: body.stream === true && isJsonObject(options) && options.include_usage === true,
    obfuscate: body.stream === true && wantsObfuscation(body),
    topLogprobs: body.logprobs === true ? ((topLogprobs as number | undefined) ?? 0) : undefined,
    promptTokens: digest.tokens(),
    checkpoints: digest.checkpoints,
    seed: fnvString(seedValue, digest.hash),
    forcedTool: typeof toolMode === 'object',
    legacyFunctions: legacy !== undefined,
    reply: {
      lastUserText,
      systemText,
      answeringToolResult: lastRole === 'tool' || lastRole === 'function',
      calledTools,
      tools: callable,
      toolMode,
      parallelToolCalls: legacy === undefined && body.parallel_tool_calls !== false,
      format,
      maxTokens: (maxTokens as number | undefined) ?? (legacyMax as number | undefined),
      stop: readStop(body),
    },
  };
}
