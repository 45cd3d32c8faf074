/**
 * A Gemini API request (`generateContent`, as `@google/genai` sends it) → the canonical chat
 * request, for a model on another provider; the reverse of `toGeminiRequest`. The model and the
 * stream flag come from the path: the HTTP edge puts them on the body as `model` and `stream`.
 *
 * Function calls keep Gemini's own id and thought signature inside the canonical tool call id
 * (`encodeToolCallId`), so a call that later reaches a Gemini model through the canonical format
 * still carries them; a `functionResponse` finds its call by that id, else by name in order, as
 * Gemini matches them.
 */
import { appendAll } from '../../../core/append-all.js';
import { invalidRequest, type SwitchyardError, withRenamedPaths } from '../../../core/errors.js';
import { describeValue } from '../../../core/format-issues.js';
import { clip, quoteClipped } from '../../../core/clip.js';
import { isBase64 } from '../../../core/base64-data.js';
import { fileNameAt } from '../../../core/file-name.js';
import { isMimeType } from '../../../core/mime-type.js';
import { type ChatCompletionRequest, type ChatContentPart, type ChatMessage, type ChatTool, type ChatToolCall, isJsonObject, type JsonObject } from '../../../core/openai-wire.js';
import { geminiLevelOf } from '../../../core/gemini-thinking.js';
import { effortForBudget } from '../../../providers/reasoning-effort.js';
import { encodeToolCallId, type GeminiContent, type GeminiFunctionDeclaration, type GeminiGenerationConfig, type GeminiPart, type GeminiTool } from '../../../providers/gemini/index.js';
import { codeExecutionText, withBlock } from './code-execution-text.js';
import { type PendingCall, PendingCalls } from './pending-calls.js';
import { fromGeminiSchema } from './from-gemini-schema.js';
import { MAX_TOOL_CALL_ID_LENGTH, toolCallIdTooLong } from '../../../core/wire-schemas.js';

/** Top-level fields this translation reads (`model` and `stream` are the edge's, from the path). */
const READ = new Set(['model', 'stream', 'contents', 'systemInstruction', 'tools', 'toolConfig', 'generationConfig', 'safetySettings']);
const READ_CONFIG = new Set([
  'temperature', 'topP', 'topK', 'maxOutputTokens', 'stopSequences', 'candidateCount', 'seed', 'presencePenalty', 'frequencyPenalty',
  'responseLogprobs', 'logprobs', 'responseMimeType', 'responseSchema', 'responseJsonSchema', 'thinkingConfig',
]);
const SEARCH_TOOLS = new Set(['googleSearch', 'googleSearchRetrieval']);
const LEVELS = new Map([['MINIMAL', 'minimal'], ['LOW', 'low'], ['MEDIUM', 'medium'], ['HIGH', 'high'], ['XHIGH', 'xhigh']]);
const MODES = new Set(['AUTO', 'ANY', 'NONE', 'VALIDATED', 'MODE_UNSPECIFIED']);
/** The fields of a Part that carry its data: a part with none of them is empty, which Google refuses. */
const PART_DATA = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'];
/** The fields of a Part this translation reads; any other (a media part's `documentMetadata` page range, `videoMetadata` clip, `mediaResolution`…) is named as dropped. */
const READ_PART = new Set(['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult', 'thought', 'thoughtSignature']);
/** Audio chat completions take inline (`input_audio`), by the format OpenAI names. */
const AUDIO_FORMATS = new Map([['audio/wav', 'wav'], ['audio/x-wav', 'wav'], ['audio/wave', 'wav'], ['audio/mp3', 'mp3'], ['audio/mpeg', 'mp3']]);

/**
 * The fields of a Gemini request that a translated call goes without, named on the trace
 * (`dropped_params`): unknown top-level fields (`cachedContent`, `labels`), generation settings
 * with no chat counterpart (`generationConfig.responseModalities`) and tools other than
 * functions and Google Search (`tools[0].codeExecution`).
 *
 * @example untranslatedGeminiFields({ contents: [], cachedContent: 'c/1', generationConfig: { mediaResolution: 'LOW' } }) // ['cachedContent', 'generationConfig.mediaResolution']
 */
export function untranslatedGeminiFields(body: JsonObject): string[] {
  const left = Object.keys(body).filter((key) => !READ.has(key));
  if (isJsonObject(body.generationConfig)) for (const key of Object.keys(body.generationConfig)) if (!READ_CONFIG.has(key)) left.push(`generationConfig.${key}`);
  appendAll(left, untranslatedPartFields(body.contents));
  const toolList = geminiTools(body.tools);
  if (toolList) {
    toolList.forEach((tool, i) => {
      if (isJsonObject(tool)) for (const key of Object.keys(tool)) if (key !== 'functionDeclarations' && !SEARCH_TOOLS.has(key)) left.push(`tools[${i}].${key}`);
    });
  }
  return left;
}

/**
 * Part fields a translated call goes without, each named once, at its first part
 * (`contents[0].parts[1].documentMetadata`): a long conversation would otherwise name one per turn.
 */
function untranslatedPartFields(contents: unknown): string[] {
  const named = new Map<string, string>();
  if (!Array.isArray(contents)) return [];
  contents.forEach((content, i) => {
    const parts = isJsonObject(content) ? content.parts : undefined;
    if (!Array.isArray(parts)) return;
    parts.forEach((part, j) => {
      if (!isJsonObject(part)) return;
      for (const key of Object.keys(part)) if (!READ_PART.has(key) && !named.has(key)) named.set(key, `contents[${i}].parts[${j}].${key}`);
    });
  });
  return [...named.values()];
}

/**
 * @example
 * fromGeminiRequest({ model: 'gpt-5.4-mini', contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], systemInstruction: { parts: [{ text: 'Be brief.' }] } })
 * // { model: 'gpt-5.4-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] }
 */
export function fromGeminiRequest(body: JsonObject): ChatCompletionRequest {
  const messages: ChatMessage[] = [];
  const system = body.systemInstruction;
  if (system !== undefined && system !== null) {
    const text = contentOf(system, 'systemInstruction')
      .map((part, j) => textOf(part, `systemInstruction.parts[${j}]`) ?? '')
      .join('');
    if (text !== '') messages.push(from({ role: 'system', content: text }, 'systemInstruction'));
  }
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) throw invalidRequest('contents', 'contents must be a non-empty array of Content objects ({ role, parts })');
  let pending = PendingCalls.none();
  contents.forEach((content, i) => {
    const parts = contentOf(content, `contents[${i}]`);
    const role = (content as GeminiContent).role;
    if (role === 'model') {
      const { message, calls } = modelTurn(parts, i);
      messages.push(from(message, `contents[${i}]`));
      pending = new PendingCalls(calls, i);
    } else if (role === undefined || role === 'user' || role === 'function') {
      appendAll(messages, userTurn(parts, i, pending));
      pending = PendingCalls.none();
    } else throw invalidRequest(`contents[${i}].role`, `contents[${i}].role must be "user" or "model", got ${describeValue(role)}`);
  });
  const request: ChatCompletionRequest = { model: String(body.model), messages };
  if (body.stream === true) request.stream = true;
  checkToolConfig(body.toolConfig);
  addTools(request, body);
  if (body.generationConfig !== undefined) addGenerationConfig(request, body.generationConfig);
  if (body.safetySettings !== undefined) {
    if (!Array.isArray(body.safetySettings)) throw invalidRequest('safetySettings', `safetySettings must be an array of SafetySetting objects ({ category, threshold }), got ${describeValue(body.safetySettings)}`);
    request['safety_settings'] = body.safetySettings;
  }
  return request;
}

function contentOf(content: unknown, path: string): GeminiPart[] {
  if (!isJsonObject(content)) throw invalidRequest(path, `${path} must be a Content object ({ role, parts }), got ${describeValue(content)}`);
  const parts = content.parts;
  if (!Array.isArray(parts)) throw invalidRequest(`${path}.parts`, `${path}.parts must be an array of Part objects, got ${describeValue(parts)}`);
  // The first item that is no object, named with what it is (Google names the index too).
  const bad = parts.findIndex((part) => !isJsonObject(part));
  if (bad >= 0) throw invalidRequest(`${path}.parts[${bad}]`, `${path}.parts[${bad}] must be a Part object ({ text }, { inlineData }, …), got ${describeValue(parts[bad])}`);
  parts.forEach((part, j) => {
    // Google refuses an empty part; here it would vanish, and a turn of only such parts would
    // leave the target's words about an empty conversation instead of the client's field.
    if (!PART_DATA.some((key) => part[key] !== undefined && part[key] !== null) && part.thoughtSignature === undefined) {
      throw invalidRequest(`${path}.parts[${j}]`, `${path}.parts[${j}] holds no data: a Part needs one of ${PART_DATA.join(', ')}`);
    }
  });
  return parts as GeminiPart[];
}

/** A part's text, checked: a number or object there was dropped without a word. */
function textOf(part: GeminiPart, path: string): string | undefined {
  const text: unknown = part.text;
  if (text === undefined || text === null || typeof text === 'string') return text ?? undefined;
  throw invalidRequest(`${path}.text`, `${path}.text must be a string, got ${describeValue(text)}`);
}

/** A function call's `args` or a function result's `response`: a JSON object (Google's Struct), or absent. */
function structOf(value: unknown, path: string): void {
  if (value !== undefined && value !== null && !isJsonObject(value)) throw invalidRequest(path, `${path} must be a JSON object, got ${describeValue(value)}`);
}

function modelTurn(parts: GeminiPart[], turn: number): { message: ChatMessage; calls: PendingCall[] } {
  let text = '';
  let reasoning = '';
  const toolCalls: ChatToolCall[] = [];
  const calls: PendingCall[] = [];
  // Code execution parts become Markdown blocks; the text after one starts a paragraph of its own.
  let afterBlock = false;
  parts.forEach((part, j) => {
    if (part.functionCall) {
      const call = part.functionCall;
      if (!isJsonObject(call)) throw invalidRequest(`contents[${turn}].parts[${j}].functionCall`, `contents[${turn}].parts[${j}].functionCall must be a FunctionCall object ({ name, args }), got ${describeValue(call)}`);
      if (typeof call.name !== 'string') throw invalidRequest(`contents[${turn}].parts[${j}].functionCall.name`, `contents[${turn}].parts[${j}].functionCall.name must be a string`);
      structOf(call.args, `contents[${turn}].parts[${j}].functionCall.args`);
      const geminiId = boundedId(call.id, `contents[${turn}].parts[${j}].functionCall.id`);
      const signature = boundedSignature(part.thoughtSignature, `contents[${turn}].parts[${j}].thoughtSignature`);
      const id = encodeToolCallId({ base: `g${turn}c${j}`, geminiId, signature });
      // Each within the bound, together past it: named together, not as the id the client never wrote.
      if (id.length > MAX_TOOL_CALL_ID_LENGTH) throw idsTooLong(`contents[${turn}].parts[${j}]`, id.length, signature !== undefined);
      toolCalls.push({ id, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) } });
      calls.push({ id, name: call.name, geminiId });
    } else {
      const path = `contents[${turn}].parts[${j}]`;
      const block = codeExecutionText(part, path);
      if (block !== undefined) {
        text = withBlock(text, block);
        afterBlock = true;
        return;
      }
      const said = textOf(part, path);
      if (said === undefined) return;
      if (part.thought === true) reasoning += said;
      else {
        text = afterBlock && said !== '' ? withBlock(text, said) : text + said;
        if (said !== '') afterBlock = false;
      }
    }
  });
  const message: ChatMessage = { role: 'assistant', content: text !== '' || toolCalls.length === 0 ? text : null };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (reasoning !== '') message['reasoning_content'] = reasoning;
  return { message, calls };
}

/**
 * A string field of a part, or undefined when absent or null (proto3 JSON reads null as unset).
 * Any other type was written into a Buffer while making the tool call id: a 500 "The first
 * argument must be of type string …" for `functionCall.id: 5`, `thoughtSignature: null` or `{}`.
 */
function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(path, `${path} must be a string, got ${describeValue(value)}`);
  return value;
}

/**
 * A call's id and signature, each within the bound, past it together (or the id alone, once
 * base64url makes it a third longer): named as the client wrote them, not as the tool call id it
 * never wrote, and not as a signature it did not send (an id of 49,200 characters was refused as
 * "thoughtSignature and functionCall.id together" with no signature there).
 */
function idsTooLong(at: string, length: number, signed: boolean): SwitchyardError {
  const bound = MAX_TOOL_CALL_ID_LENGTH.toLocaleString('en-US');
  const got = `got ${length.toLocaleString('en-US')} with the id's own prefix`;
  if (signed) return invalidRequest(`${at}.thoughtSignature`, `${at}.thoughtSignature and functionCall.id together must be at most ${bound} characters (they travel inside one tool call id), ${got}`);
  return invalidRequest(`${at}.functionCall.id`, `${at}.functionCall.id must be at most ${bound} characters once in base64url (about 49,100 characters of ASCII: it travels inside a tool call id), ${got}`);
}

/** A call's or result's id, a string within the bound every API's tool call ids have here (`MAX_TOOL_CALL_ID_LENGTH`). */
function boundedId(value: unknown, path: string): string | undefined {
  const id = optionalString(value, path);
  if (id !== undefined && id.length > MAX_TOOL_CALL_ID_LENGTH) throw invalidRequest(path, `invalid request: ${path}: ${toolCallIdTooLong(id.length)}`);
  return id;
}

/**
 * A thought signature travels inside the tool call id (`encodeToolCallId`), so the ids' bound is
 * its own: past it, the 400 named `messages[1].tool_calls[0].id`, a field the client never wrote.
 * It is bytes, base64 in JSON, as Google checks it: text that is not came back to Gemini changed
 * (decoded leniently, written again), where Google would have named it.
 */
function boundedSignature(value: unknown, path: string): string | undefined {
  const signature = optionalString(value, path);
  if (signature === undefined) return undefined;
  if (signature.length > MAX_TOOL_CALL_ID_LENGTH) {
    throw invalidRequest(path, `${path} must be at most ${MAX_TOOL_CALL_ID_LENGTH.toLocaleString('en-US')} characters (it travels inside the tool call id, whose bound that is), got ${signature.length.toLocaleString('en-US')}`);
  }
  if (!isBase64(signature, { urlSafe: true })) throw invalidRequest(path, `Invalid value at '${path}' (TYPE_BYTES), Base64 decoding failed for ${quoteClipped(signature)}`);
  return signature;
}

/**
 * Why a function response answers none of the calls still pending: Google refuses a turn with
 * more responses than the model turn before it has calls, and so do OpenAI and Claude, whose 400s
 * named a `tool_call_id` the client never wrote (and took up to 200,000 orphan tool messages).
 */
function unansweredCallText(path: string, response: { id?: unknown; name: string }, pending: PendingCalls): string {
  const what = response.id !== undefined ? `id ${quoteClipped(response.id)}` : `name ${quoteClipped(response.name)}`;
  let before: string;
  if (pending.turn === undefined) before = 'the turn before it is no model turn with function calls';
  else {
    const { names, count } = pending.unanswered(3);
    const some = names.map((name) => quoteClipped(name, 40)).join(', ') + (count > names.length ? ` and ${count - names.length} more` : '');
    before = count === 0
      ? `each of the ${pending.calls.length.toLocaleString('en-US')} function calls of contents[${pending.turn}] is answered by an earlier part`
      : `no unanswered function call of contents[${pending.turn}] has that ${response.id !== undefined ? 'id' : 'name'} (left: ${some})`;
  }
  return `${path}.functionResponse (${what}) answers no function call: ${before}; a function response answers one functionCall of the model turn right before it`;
}

/** A user turn: its function results first (each a tool message, right after the calls), then the rest. */
function userTurn(parts: GeminiPart[], turn: number, pending: PendingCalls): ChatMessage[] {
  const results: ChatMessage[] = [];
  const content: ChatContentPart[] = [];
  // The part each content part came from: functionResponse parts become messages of their own.
  const partOf: number[] = [];
  parts.forEach((part, j) => {
    const path = `contents[${turn}].parts[${j}]`;
    if (part.functionResponse) {
      const response = part.functionResponse;
      if (!isJsonObject(response)) throw invalidRequest(`${path}.functionResponse`, `${path}.functionResponse must be a FunctionResponse object ({ name, response }), got ${describeValue(response)}`);
      structOf(response.response, `${path}.functionResponse.response`);
      if (typeof response.name !== 'string') throw invalidRequest(`${path}.functionResponse.name`, `${path}.functionResponse.name must be a string`);
      const responseId = boundedId(response.id, `${path}.functionResponse.id`);
      const matched: PendingCall | undefined = pending.take(responseId, response.name);
      if (matched === undefined) throw invalidRequest(`${path}.functionResponse`, unansweredCallText(path, { id: responseId, name: response.name }, pending));
      results.push(from({ role: 'tool', tool_call_id: matched.id, content: resultText(response.response) }, path));
      return;
    } else if (textOf(part, path) !== undefined) content.push({ type: 'text', text: part.text as string });
    else if (part.inlineData) content.push(inlinePart(part.inlineData, path));
    else if (part.fileData) {
      if (!isJsonObject(part.fileData) || typeof part.fileData.fileUri !== 'string') throw invalidRequest(`${path}.fileData.fileUri`, `${path}.fileData.fileUri must be a string`);
      // Another vendor fetches an http(s) URL only: a gs:// or ftp:// URI was refused in chat's
      // words (`image_url.url must be a data: URL…`), naming a field the client never wrote.
      if (!/^https?:\/\//i.test(part.fileData.fileUri)) throw invalidRequest(`${path}.fileData.fileUri`, `${path}.fileData.fileUri must be an http(s) URL for a model of another vendor to fetch, got ${describeValue(part.fileData.fileUri)}`);
      content.push({ type: 'image_url', image_url: { url: part.fileData.fileUri } });
    } else {
      const block = codeExecutionText(part, path);
      if (block === undefined) return;
      content.push({ type: 'text', text: block });
    }
    partOf.push(j);
  });
  if (content.length === 0) return results;
  const only = content[0];
  const user: ChatMessage = { role: 'user', content: content.length === 1 && only?.type === 'text' ? String(only.text) : content };
  return [...results, from(user, `contents[${turn}]`, partOf)];
}

/**
 * Inline bytes as chat content: an image as `image_url`, WAV and MP3 audio as `input_audio` (the
 * one way chat completions take audio), anything else as a file with a name, which OpenAI requires
 * beside `file_data` (its 400 names `file.file_id`): the blob's `displayName`, else `document.<subtype>`.
 *
 * @example inlinePart({ mimeType: 'application/pdf', data: 'JVBE' }, 'contents[0].parts[0]') // { type: 'file', file: { filename: 'document.pdf', file_data: 'data:application/pdf;base64,JVBE' } }
 */
function inlinePart(data: { mimeType?: unknown; data?: unknown; displayName?: unknown }, path: string): ChatContentPart {
  if (typeof data.mimeType !== 'string' || typeof data.data !== 'string') throw invalidRequest(`${path}.inlineData`, `${path}.inlineData needs mimeType and data (base64)`);
  // Both are written into the target's request (a data: URL, a file name, input_audio), where a
  // megabyte or a control character of MIME type, or data that is not base64, met the target's
  // 400 about its own field; Google refuses them naming the part.
  if (!isMimeType(data.mimeType)) {
    throw invalidRequest(`${path}.inlineData.mimeType`, `${path}.inlineData.mimeType must be a MIME type (type/subtype, at most 255 characters), got ${describeValue(data.mimeType)}`);
  }
  if (!isBase64(data.data, { urlSafe: true })) {
    throw invalidRequest(`${path}.inlineData.data`, `Invalid value at '${path}.inline_data.data' (TYPE_BYTES), Base64 decoding failed for ${quoteClipped(data.data)}`);
  }
  const mimeType = data.mimeType.toLowerCase();
  const url = `data:${data.mimeType};base64,${data.data}`;
  if (mimeType.startsWith('image/')) return { type: 'image_url', image_url: { url } };
  const audio = AUDIO_FORMATS.get(mimeType);
  if (audio !== undefined) return { type: 'input_audio', input_audio: { data: data.data, format: audio } };
  // The blob's displayName goes to OpenAI as the file's filename: any length and control characters went on as sent.
  const filename = fileNameAt(data.displayName, `${path}.inlineData.displayName`) ?? `document.${mimeType.split('/')[1]?.split(';')[0] || 'bin'}`;
  return { type: 'file', file: { filename, file_data: url } };
}

/** A function's result as tool-message text: `{ output: "…" }` (Google's suggested shape) as its text, anything else as JSON. */
function resultText(response: unknown): string {
  if (isJsonObject(response)) {
    const keys = Object.keys(response);
    const only = keys.length === 1 ? response[keys[0] as string] : undefined;
    if ((keys[0] === 'output' || keys[0] === 'result') && typeof only === 'string') return only;
  }
  return JSON.stringify(response ?? {});
}

/**
 * A request's `tools` as a list. Google reads one Tool object where a list is due as a list of
 * that one, as it does for any repeated field, and `@ai-sdk/google` 2 (the AI SDK 5's, and
 * Mastra 0.24's) sends `tools: { functionDeclarations: […] }` so.
 *
 * @example geminiTools({ functionDeclarations: [] }) // [{ functionDeclarations: [] }]
 */
function geminiTools(tools: unknown): unknown[] | undefined {
  if (Array.isArray(tools)) return tools;
  return isJsonObject(tools) ? [tools] : undefined;
}

function addTools(request: ChatCompletionRequest, body: JsonObject): void {
  if (body.tools === undefined) return;
  const list = geminiTools(body.tools);
  if (!list) throw invalidRequest('tools', 'tools must be an array of Tool objects');
  const tools: ChatTool[] = [];
  list.forEach((tool, i) => {
    if (!isJsonObject(tool)) throw invalidRequest(`tools[${i}]`, `tools[${i}] must be a Tool object`);
    const { functionDeclarations } = tool as GeminiTool;
    if (functionDeclarations !== undefined) {
      if (!Array.isArray(functionDeclarations)) throw invalidRequest(`tools[${i}].functionDeclarations`, `tools[${i}].functionDeclarations must be an array`);
      functionDeclarations.forEach((declaration, j) => tools.push(chatTool(declaration, `tools[${i}].functionDeclarations[${j}]`)));
    }
    const search = Object.keys(tool).filter((key) => SEARCH_TOOLS.has(key));
    for (const key of search) structOf(tool[key], `tools[${i}].${key}`);
    if (search.length > 0) request['web_search_options'] = {};
  });
  if (tools.length === 0) return;
  request.tools = tools;
  const choice = toolChoice(body.toolConfig, tools);
  if (choice !== undefined) request.tool_choice = choice;
}

function chatTool(declaration: GeminiFunctionDeclaration, path: string): ChatTool {
  if (!isJsonObject(declaration) || typeof declaration.name !== 'string' || declaration.name === '') throw invalidRequest(`${path}.name`, `${path}.name must be a non-empty string`);
  const fn: ChatTool['function'] = { name: declaration.name };
  // Typed as Google types them: a numeric description or a "str" schema was dropped without a word.
  const { description } = declaration;
  if (description !== undefined && description !== null && typeof description !== 'string') throw invalidRequest(`${path}.description`, `${path}.description must be a string, got ${describeValue(description)}`);
  if (typeof description === 'string') fn.description = description;
  structOf(declaration.parameters, `${path}.parameters`);
  structOf(declaration.parametersJsonSchema, `${path}.parametersJsonSchema`);
  const parameters = declaration.parametersJsonSchema ?? (declaration.parameters === undefined ? undefined : fromGeminiSchema(declaration.parameters));
  fn.parameters = isJsonObject(parameters) ? parameters : { type: 'object', properties: {} };
  return { type: 'function', function: fn };
}

/**
 * `toolConfig` typed as Google types it, tools or not: `"toolConfig": "ANY"` or a string
 * `functionCallingConfig` was read as no choice given, so a call the client forced was optional.
 */
function checkToolConfig(toolConfig: unknown): void {
  if (toolConfig === undefined || toolConfig === null) return;
  if (!isJsonObject(toolConfig)) throw invalidRequest('toolConfig', `toolConfig must be a ToolConfig object such as {"functionCallingConfig": {"mode": "ANY"}}, got ${describeValue(toolConfig)}`);
  const config = toolConfig.functionCallingConfig;
  if (config !== undefined && config !== null && !isJsonObject(config)) {
    throw invalidRequest('toolConfig.functionCallingConfig', `toolConfig.functionCallingConfig must be an object such as {"mode": "ANY"}, got ${describeValue(config)}`);
  }
}

function toolChoice(toolConfig: unknown, tools: ChatTool[]): ChatCompletionRequest['tool_choice'] {
  const config = isJsonObject(toolConfig) ? toolConfig.functionCallingConfig : undefined;
  if (!isJsonObject(config)) return undefined;
  // An unknown mode was read as none given: the model could answer without the call the client forced.
  if (config.mode !== undefined && (typeof config.mode !== 'string' || !MODES.has(config.mode))) {
    throw invalidRequest('toolConfig.functionCallingConfig.mode', `toolConfig.functionCallingConfig.mode must be one of ${[...MODES].join(', ')}, got ${describeValue(config.mode)}`);
  }
  if (config.mode === 'NONE') return 'none';
  if (config.mode !== 'ANY') return config.mode === 'AUTO' || config.mode === 'VALIDATED' ? 'auto' : undefined;
  const allowed = allowedNames(config.allowedFunctionNames, tools);
  if (allowed.length === 1) return { type: 'function', function: { name: allowed[0] as string } };
  // Several allowed: the others are not offered, and one of these must be called.
  if (allowed.length > 1) tools.splice(0, tools.length, ...tools.filter((tool) => allowed.includes(tool.function.name)));
  return 'required';
}

/**
 * `allowedFunctionNames`, each a declared function, as Google holds them ("must name declared
 * functions"): a number was dropped without a word, leaving the call forced onto any tool, and an
 * unknown name met the target's words about its own tool_choice.
 */
function allowedNames(names: unknown, tools: readonly ChatTool[]): string[] {
  const at = 'toolConfig.functionCallingConfig.allowedFunctionNames';
  if (names === undefined || names === null) return [];
  if (!Array.isArray(names)) throw invalidRequest(at, `${at} must be an array of function names, got ${describeValue(names)}`);
  const declared = tools.map((tool) => tool.function.name);
  names.forEach((name, k) => {
    if (typeof name !== 'string' || !declared.includes(name)) throw invalidRequest(`${at}[${k}]`, `${at}[${k}] must name a declared function (${clip(declared.join(', '), 200)}), got ${describeValue(name)}`);
  });
  return names as string[];
}

function addGenerationConfig(request: ChatCompletionRequest, value: unknown): void {
  if (!isJsonObject(value)) throw invalidRequest('generationConfig', 'generationConfig must be an object');
  checkConfigNumbers(value);
  const config = value as GeminiGenerationConfig;
  const numbers: [keyof GeminiGenerationConfig, string][] = [
    ['temperature', 'temperature'], ['topP', 'top_p'], ['topK', 'anthropic_top_k'], ['maxOutputTokens', 'max_tokens'], ['candidateCount', 'n'],
    ['seed', 'seed'], ['presencePenalty', 'presence_penalty'], ['frequencyPenalty', 'frequency_penalty'], ['logprobs', 'top_logprobs'],
  ];
  for (const [name, canonical] of numbers) {
    const number = config[name];
    if (number === undefined || number === null) continue;
    if (typeof number !== 'number') throw invalidRequest(`generationConfig.${name}`, `generationConfig.${name} must be a number, got ${describeValue(number)}`);
    request[canonical] = number;
  }
  if (config.stopSequences !== undefined) {
    if (!Array.isArray(config.stopSequences) || !config.stopSequences.every((s) => typeof s === 'string')) throw invalidRequest('generationConfig.stopSequences', 'generationConfig.stopSequences must be an array of strings');
    // An empty list asks for nothing (LangChain's ChatGoogleGenerativeAI sends one on every call);
    // as `stop: []` it was refused by OpenAI's reasoning models, which take no `stop` at all.
    if (config.stopSequences.length > 0) request.stop = config.stopSequences;
  }
  if (config.responseLogprobs === true) request['logprobs'] = true;
  // Typed as Google types them: a schema of text, or a MIME type that is a number, was read as none given.
  structOf(config.responseSchema, 'generationConfig.responseSchema');
  structOf(config.responseJsonSchema, 'generationConfig.responseJsonSchema');
  if (config.responseMimeType !== undefined && config.responseMimeType !== null && typeof config.responseMimeType !== 'string') {
    throw invalidRequest('generationConfig.responseMimeType', `generationConfig.responseMimeType must be a string, got ${describeValue(config.responseMimeType)}`);
  }
  const schema = config.responseJsonSchema ?? (config.responseSchema === undefined ? undefined : fromGeminiSchema(config.responseSchema));
  if (isJsonObject(schema)) request.response_format = { type: 'json_schema', json_schema: { name: 'response', schema } };
  else if (config.responseMimeType === 'application/json') request.response_format = { type: 'json_object' };
  addThinking(request, config.thinkingConfig);
}

const INT32_MAX = 2_147_483_647;

function addThinking(request: ChatCompletionRequest, thinking: unknown): void {
  if (thinking === undefined) return;
  if (!isJsonObject(thinking)) throw invalidRequest('generationConfig.thinkingConfig', 'generationConfig.thinkingConfig must be an object');
  const { thinkingBudget: budget, thinkingLevel: level } = thinking;
  // Read from a Map: `level in LEVELS` on an object took "__proto__" and "constructor" as levels.
  // Google reads the enum in any case, and the AI SDK's `@ai-sdk/google` sends it lower-cased ("high").
  const named = geminiLevelOf(level);
  const effort = named === undefined ? undefined : LEVELS.get(named);
  if (level !== undefined && level !== null && effort === undefined) {
    throw invalidRequest('generationConfig.thinkingConfig.thinkingLevel', `generationConfig.thinkingConfig.thinkingLevel must be one of ${[...LEVELS.keys()].join(', ')}, got ${describeValue(level)}`);
  }
  // Google's field is an int32: 1e12 was taken (an effort of high, a Claude budget of 1e12).
  if (budget !== undefined && budget !== null && (typeof budget !== 'number' || !Number.isInteger(budget) || budget < -1 || budget > INT32_MAX)) {
    throw invalidRequest('generationConfig.thinkingConfig.thinkingBudget', `generationConfig.thinkingConfig.thinkingBudget must be a whole number of tokens up to ${INT32_MAX} (0: off, -1: the model decides), got ${describeValue(budget)}`);
  }
  // Google refuses both at once in these words; translated, the level won without a word.
  if (typeof level === 'string' && typeof budget === 'number') {
    throw invalidRequest('generationConfig.thinkingConfig', 'You can only set only one of thinking budget and thinking level.');
  }
  const thoughts = thinking.includeThoughts;
  if (thoughts !== undefined && thoughts !== null && typeof thoughts !== 'boolean') {
    throw invalidRequest('generationConfig.thinkingConfig.includeThoughts', `generationConfig.thinkingConfig.includeThoughts must be true or false, got ${describeValue(thoughts)}`);
  }
  if (effort !== undefined) request['reasoning_effort'] = effort;
  // -1 is Gemini's "the model decides": the target's own default.
  else if (budget === 0) request['reasoning_effort'] = 'none';
  else if (typeof budget === 'number' && budget > 0) {
    request['reasoning_effort'] = effortForBudget(budget);
    // The budget itself rides along as the gateway's own field: Claude's older models take
    // budgets, and the nearest effort's (1,024 for 2,000) was all they got. OpenAI providers drop it.
    request['gemini_thinking_budget'] = budget;
  }
  if (thinking.includeThoughts === true) request['include_reasoning'] = true;
}

/**
 * Google's integer settings, checked before translation: a `1e999` (read as Infinity) was sent on
 * as `null` and so dropped, a fraction or a cap below 1 drew the target's words about its own
 * field (`max_completion_tokens`), not the client's.
 */
const WHOLE: [name: string, least: number][] = [['maxOutputTokens', 1], ['candidateCount', 1], ['topK', 1], ['seed', Number.MIN_SAFE_INTEGER], ['logprobs', 0]];

function checkConfigNumbers(config: JsonObject): void {
  for (const name of ['temperature', 'topP', 'presencePenalty', 'frequencyPenalty']) {
    const value = config[name];
    if (typeof value === 'number' && !Number.isFinite(value)) throw invalidRequest(`generationConfig.${name}`, `generationConfig.${name} must be a finite number, got ${describeValue(value)}`);
  }
  for (const [name, least] of WHOLE) {
    const value = config[name];
    if (typeof value !== 'number') continue;
    if (!Number.isSafeInteger(value) || value < least) {
      const range = least === Number.MIN_SAFE_INTEGER ? 'a whole number' : `a whole number of at least ${least}`;
      throw invalidRequest(`generationConfig.${name}`, `generationConfig.${name} must be ${range}, got ${describeValue(value)}`);
    }
  }
}

/**
 * Where each chat message came from in the client's request (`contents[2]`, a function result's
 * `contents[2].parts[0]`, `systemInstruction`), and for a user turn the part of each content part,
 * so an error about `messages[i].content[k]` (a translated request Claude cannot take) names the
 * part the client sent (`geminiPathError`). Keyed by the message object, as the Responses API's.
 */
const SOURCES = new WeakMap<ChatMessage, { path: string; parts?: readonly number[] }>();

function from(message: ChatMessage, path: string, parts?: readonly number[]): ChatMessage {
  SOURCES.set(message, parts === undefined ? { path } : { path, parts });
  return message;
}

const MESSAGE_PATH = /\bmessages\[(\d+)\](?:\.content\[(\d+)\]|(\.tool_calls)(?![\w[]))?/g;

/**
 * `error` with every `messages[i]` (and `messages[i].content[k]`) in its message and param named
 * as the Gemini client sent it (`contents[c]`, `contents[c].parts[p]`), when each maps; `error`
 * itself otherwise. A model turn's calls as a list (`messages[i].tool_calls`, which OpenAI holds to
 * 128) are its parts: `contents[c].tool_calls` named a field Gemini has not.
 *
 * @example geminiPathError(new SwitchyardError('unsupported', 'messages[0].content[1]: no audio', { param: 'messages[0].content[1]' }), request) // 'contents[0].parts[2]: no audio'
 */
export function geminiPathError(error: SwitchyardError, request: ChatCompletionRequest): SwitchyardError {
  const named = `${error.message}\n${error.param ?? ''}`;
  const paths = new Map<string, string>();
  for (const match of named.matchAll(MESSAGE_PATH)) {
    const message = request.messages[Number(match[1])];
    const source = message === undefined ? undefined : SOURCES.get(message);
    if (source === undefined) return error;
    if (match[3] !== undefined) paths.set(match[0], `${source.path}.parts`);
    else if (match[2] === undefined) paths.set(match[0], source.path);
    else {
      const part = source.parts?.[Number(match[2])];
      if (part === undefined) return error;
      paths.set(match[0], `${source.path}.parts[${part}]`);
    }
  }
  if (paths.size === 0) return error;
  return withRenamedPaths(error, (text) => text.replace(MESSAGE_PATH, (found) => paths.get(found) ?? found));
}
