/**
 * What the gateway checks of a request body before it routes or translates it, as zod schemas:
 * the fields it interprets or that every provider types the same way. Unknown fields pass
 * through untouched (providers add new ones all the time); a known field of the wrong type is a
 * 400 naming the field, the value and what was expected, instead of an upstream error or a 500
 * in the middle of a translation.
 */
import { z } from 'zod';
import { EFFORT_ORDER } from './openai-efforts.js';
import { firstIssues, walkingToFirstIssue } from './first-issues.js';
import { isAnthropicWebSearchType, isResponsesWebSearchType } from './web-search.js';
import { firstNonFiniteAt, hasNonFinite } from './finite-numbers.js';

const text = z.string();
const nonNegative = z.number().nonnegative();
const positiveInt = z.number().int().positive();
const stringArray = z.array(z.string());

/**
 * Adds `schema`'s issues with `value` to a refinement: one shape checked by a field's value (a
 * tool's `type`). In a walk to the first problem (`firstIssues`), only the block's first ones,
 * each marked to stop the walk: a list of 200,000 bad blocks stops at its first.
 */
function addIssuesOf(schema: z.ZodType, value: unknown, ctx: z.RefinementCtx): void {
  if (walkingToFirstIssue()) {
    for (const issue of firstIssues(schema, value)) ctx.addIssue({ ...issue, continue: false } as Parameters<typeof ctx.addIssue>[0]);
    return;
  }
  const result = schema.safeParse(value);
  if (!result.success) for (const issue of result.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
}

// ---- Web search settings --------------------------------------------------------------------
// Each API's search settings become the canonical `web_search` (core/web-search.ts), whose
// converters read only the values they know: a bad one is refused here, as the API itself does,
// rather than dropped and searched without.

const searchContextSize = z.enum(['low', 'medium', 'high']);
/** An approximate place (OpenAI's and Anthropic's `user_location`, chat's `approximate`). */
const searchPlace = z.looseObject({ city: text.nullable().optional(), region: text.nullable().optional(), country: text.nullable().optional(), timezone: text.nullable().optional() });
const domainList = z.array(z.string()).nullable().optional();

/**
 * OpenAI's reasoning efforts (chat `reasoning_effort`, Responses `reasoning.effort`), as OpenAI
 * refuses any other. Translations look the value up in tables of budgets and levels, where an
 * unknown one was dropped without a word (Claude) or, as `__proto__` or `constructor`, read an
 * object's prototype and sent `max_tokens: null` upstream. `max` (GPT-5.6, typed by openai 6.x)
 * was refused here until 2026-12-07, though OpenAI takes it; which model takes which is
 * `core/openai-efforts.ts`'s table.
 */
const reasoningEffort = z.enum(EFFORT_ORDER);

/**
 * OpenAI's service tiers (`fast` and `ultrafast` since openai 7.5), as OpenAI refuses any other.
 * The gateway reads the tier (budgets reserve at its prices, Gemini's translation asks for its
 * own), so a tier of 5 or of a megabyte was taken and served at standard without a word.
 */
const openaiServiceTier = z.enum(['auto', 'default', 'flex', 'scale', 'priority', 'fast', 'ultrafast']);

/**
 * A Responses or chat request's `prompt_cache_options` (openai 7.50, 7.60): the translation reads
 * its `mode` and `ttl` (Claude's breakpoints inherit the ttl), where `mode: {}` went on to OpenAI
 * as it came and a `ttl` of 5 was dropped, named as if it were a 12h one.
 */
/** A Response's id as OpenAI's and the gateway's are written: short, printable, no spaces. */
const RESPONSE_ID = /^[!-~]{1,256}$/;

const promptCacheOptions = z.looseObject({
  mode: z.enum(['implicit', 'explicit']).nullable().optional(),
  ttl: z.enum(['30m', '12h']).nullable().optional(),
  // Goes on to OpenAI as sent (a Responses model): a megabyte or a control character of id was taken.
  comparison_response_id: z.string().regex(RESPONSE_ID, 'must be a response id (resp_…): 1 to 256 characters, none a space or control character').nullable().optional(),
});

/** Anthropic's `web_search_20250305` tool (max_uses at least 1, an approximate location). */
const anthropicWebSearchTool = z.looseObject({
  max_uses: positiveInt.nullable().optional(),
  allowed_domains: domainList,
  blocked_domains: domainList,
  user_location: searchPlace.extend({ type: z.literal('approximate') }).nullable().optional(),
});

/** The Responses API's `web_search` tool, in any of its names. */
const responsesWebSearchTool = z.looseObject({
  search_context_size: searchContextSize.nullable().optional(),
  filters: z.looseObject({ allowed_domains: domainList }).nullable().optional(),
  user_location: searchPlace.extend({ type: z.literal('approximate').optional() }).nullable().optional(),
});

// ---- Tool call ids ----------------------------------------------------------------------------

/**
 * The most characters a tool call's id may have, as a client sends it back (Claude's `tool_use`
 * id and `tool_use_id`, chat's `tool_calls[].id` and `tool_call_id`, the Responses API's `call_id`,
 * Gemini's `functionCall.id`). Claude's own ids are ~30 characters (`toolu_01…`) and OpenAI's
 * 30–60 (`call_…`, `fc_…`); Claude documents only their alphabet (`^[a-zA-Z0-9_-]+$`), proxies make
 * ids of 100–256, and this gateway's ids for a Gemini model's calls carry its thought signature
 * (a few kB). Far above all of those: a multi-MB id was carried whole into translation, traces
 * and rollups.
 */
export const MAX_TOOL_CALL_ID_LENGTH = 65_536;

/** The 400's words for an id past the bound: the limit and the id's length, not the id. */
export function toolCallIdTooLong(length: number): string {
  return `must be at most ${MAX_TOOL_CALL_ID_LENGTH.toLocaleString('en-US')} characters (a tool call id; Claude's are ~30), got ${length.toLocaleString('en-US')}`;
}

/** A tool call id field: a string within `MAX_TOOL_CALL_ID_LENGTH`, and not empty when `empty` says why it may not be. */
function toolCallId(empty?: string) {
  const id = empty === undefined ? z.string() : z.string().min(1, empty);
  return id.max(MAX_TOOL_CALL_ID_LENGTH, { error: (issue) => toolCallIdTooLong(typeof issue.input === 'string' ? issue.input.length : 0) });
}

// ---- OpenAI Chat Completions ----------------------------------------------------------------

/**
 * A content part or block (or a tool choice: any object whose `type` decides its shape): any
 * `type` passes (providers add new ones all the time), but the types the gateway reads or
 * translates must hold their fields with the right types, so a `{"type": "text", "text": 5}` is a
 * 400 naming `…content[0].text` rather than an answer to whatever a translation made of it.
 */
function contentBlock(known: Record<string, z.ZodType>) {
  return z.looseObject({ type: z.string() }).superRefine((block, ctx) => {
    const shape = Object.hasOwn(known, block.type) ? known[block.type] : undefined;
    if (shape) addIssuesOf(shape, block, ctx);
  });
}

const openaiContentPart = contentBlock({
  text: z.looseObject({ text }),
  image_url: z.looseObject({ image_url: z.looseObject({ url: text }) }),
  input_audio: z.looseObject({ input_audio: z.looseObject({ data: text, format: text }) }),
  file: z.looseObject({ file: z.looseObject({}) }),
});
const openaiToolCall = z.looseObject({
  id: toolCallId().optional(),
  type: z.string().optional(),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

export const openaiMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([text, z.array(openaiContentPart), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(openaiToolCall).optional(),
  tool_call_id: toolCallId().optional(),
});

/**
 * A tool's JSON schema: an object, as every API takes it, whose numbers are finite. JSON.parse
 * reads a bound past ±1.8e308 (`"maximum": 1e999`) as Infinity and JSON.stringify writes it back
 * as null, so a translated request sent `"maximum": null` upstream without a word; OpenAI and
 * Claude refuse a schema they cannot read with a 400 naming it, and so is this, on every path.
 */
const toolSchema = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  const found = hasNonFinite(schema) ? firstNonFiniteAt(schema) : undefined;
  if (found) ctx.addIssue({ code: 'invalid_type', expected: 'number', input: found.value, path: found.keys, message: 'Invalid input: send a finite number' });
});
/** A Chat Completions function tool's `function` (and a Responses function tool's own fields). */
// A name each vendor requires (OpenAI's, Claude's and Gemini's patterns all take one character at
// least): an empty one was renamed for the upstream and came back to the client as "".
const chatFunction = z.looseObject({ name: z.string().min(1), description: text.nullable().optional(), parameters: toolSchema.nullable().optional(), strict: z.boolean().nullable().optional() });

/** An allowed-tools choice's mode, in both OpenAI APIs. */
const allowedToolsMode = z.enum(['auto', 'required']);
/**
 * Chat's tool choice objects, typed by their `type` as OpenAI types them: the translations read
 * `function.name` (Claude's threw on a missing one: a 500) and an allowed set's mode and tools.
 */
const chatToolChoice = contentBlock({
  function: z.looseObject({ function: z.looseObject({ name: text }) }),
  custom: z.looseObject({ custom: z.looseObject({ name: text }) }),
  allowed_tools: z.looseObject({ allowed_tools: z.looseObject({ mode: allowedToolsMode, tools: z.array(z.looseObject({})) }) }),
});

export const openaiChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(openaiMessageSchema).min(1),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  temperature: nonNegative.nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: positiveInt.nullable().optional(),
  stop: z.union([text, stringArray]).nullable().optional(),
  max_tokens: positiveInt.nullable().optional(),
  max_completion_tokens: positiveInt.nullable().optional(),
  presence_penalty: z.number().nullable().optional(),
  frequency_penalty: z.number().nullable().optional(),
  logit_bias: z.record(z.string(), z.number()).nullable().optional(),
  logprobs: z.boolean().nullable().optional(),
  top_logprobs: z.number().int().min(0).nullable().optional(),
  reasoning_effort: reasoningEffort.nullable().optional(),
  // The Responses API's text.verbosity for a model only it serves: a bad value met its 400 about a
  // field the client never wrote (a number was dropped without a word).
  verbosity: z.enum(['low', 'medium', 'high']).nullable().optional(),
  // Sent on as the Responses API's `store` for a model only it serves (and read by the translations):
  // a "yes" there met a 400 about that API's field, or was stored as true without a word.
  store: z.boolean().nullable().optional(),
  service_tier: openaiServiceTier.nullable().optional(),
  prompt_cache_options: promptCacheOptions.nullable().optional(),
  seed: z.number().int().nullable().optional(),
  user: z.string().optional(),
  // A function's fields typed as OpenAI types them: a translation into Claude's or Gemini's tools
  // sent a `parameters: "str"` on as a missing schema (Claude's 400 named a field the client never
  // wrote) and dropped a `strict: "yes"` or a numeric description without a word.
  tools: z.array(z.looseObject({ type: z.string(), function: chatFunction.optional() })).optional(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), chatToolChoice]).optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: z.looseObject({ type: z.enum(['text', 'json_object', 'json_schema']) }).optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
  // Translated into Claude's and Gemini's search tools, where a bad value would be dropped silently.
  web_search_options: z
    .looseObject({
      search_context_size: searchContextSize.nullable().optional(),
      user_location: z.looseObject({ type: z.literal('approximate'), approximate: searchPlace.optional() }).nullable().optional(),
    })
    .nullable()
    .optional(),
});

// ---- Anthropic Messages ---------------------------------------------------------------------

// A source's text fields are typed where present: they are written into a data: URL or a text part
// for OpenAI and Gemini, where String() of an object threw (a 500) or made "[object Object]".
const sourceFields = { type: text, media_type: text.optional(), data: text.optional(), url: text.optional() };
/**
 * The fields each kind of source must hold, as Claude requires them: a translation writes them
 * into a data: URL or a text part, where a missing one became the word "undefined" (a text
 * document without its data reached GPT as the document "undefined").
 */
const sourceByType = {
  base64: z.looseObject({ media_type: text, data: text }),
  url: z.looseObject({ url: text }),
  text: z.looseObject({ data: text }),
  file: z.looseObject({ file_id: text }),
};
const imageSource = z.looseObject({ source: contentBlock({ base64: sourceByType.base64, url: sourceByType.url, file: sourceByType.file }).pipe(z.looseObject(sourceFields)) });
const textBlock = z.looseObject({ text });
/** A custom-content document's blocks: text and images only (Claude's ContentBlockSource). */
const customContentBlock = contentBlock({ text: textBlock, image: imageSource });
const documentSource = contentBlock({ ...sourceByType, content: z.looseObject({ content: z.union([text, z.array(customContentBlock)]) }) }).pipe(z.looseObject(sourceFields));
/** A document: its title and context are text the translations put in front of it (a number was dropped without a word). */
const documentBlock = z.looseObject({ source: documentSource, title: text.nullable().optional(), context: text.nullable().optional(), citations: z.looseObject({ enabled: z.boolean().optional() }).nullable().optional() });
/** A search result (in a message or a tool result): its source, title and text blocks (at least one, as Claude requires), all required. */
const searchResultBlock = z.looseObject({ source: text, title: text, content: z.array(z.looseObject({ type: z.literal('text'), text })).min(1), citations: z.looseObject({ enabled: z.boolean().optional() }).optional() });
const anthropicInnerBlock = contentBlock({ text: textBlock, image: imageSource, document: documentBlock, search_result: searchResultBlock });
const anthropicBlock = contentBlock({
  text: textBlock,
  image: imageSource,
  document: documentBlock,
  search_result: searchResultBlock,
  tool_use: z.looseObject({ id: toolCallId('must be the id the tool_result answering it names (got an empty string)'), name: z.string().min(1), input: z.looseObject({}) }),
  // Claude refuses an empty id (it must match a tool_use's); a translation sent it on as an empty call id, matching no call.
  tool_result: z.looseObject({ tool_use_id: toolCallId('must be the id of the tool_use it answers (got an empty string)'), content: z.union([text, z.array(anthropicInnerBlock)]).optional() }),
  thinking: z.looseObject({ thinking: text }),
});

/** A tool the client runs (no `type`, or `custom`): Claude requires its input schema, an object. */
const anthropicCustomTool = z.looseObject({ name: z.string(), description: text.optional(), input_schema: toolSchema });
// `defer_loading` decides which tools a translation shows the model (core/anthropic-deferred-tools.ts): a "yes" hid nothing.
const anthropicTool = z.looseObject({ name: z.string().min(1), type: z.string().nullable().optional(), defer_loading: z.boolean().optional() }).superRefine((tool, ctx) => {
  if (isAnthropicWebSearchType(tool.type)) addIssuesOf(anthropicWebSearchTool, tool, ctx);
  else if (tool.type === undefined || tool.type === null || tool.type === 'custom') addIssuesOf(anthropicCustomTool, tool, ctx);
});

/** Anthropic's `{"type": "tool", "name": …}` choice. */
const namedChoice = z.looseObject({ name: text });

export const anthropicMessageSchema = z.looseObject({
  // `system` mid-conversation (Opus 4.8 onwards); where it may stand is Claude's to judge.
  role: z.enum(['user', 'assistant', 'system']),
  content: z.union([text, z.array(anthropicBlock)]),
});

export const anthropicMessagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: positiveInt,
  messages: z.array(anthropicMessageSchema),
  system: z.union([text, z.array(z.looseObject({ type: z.string(), text: z.string() }))]).optional(),
  stream: z.boolean().optional(),
  temperature: nonNegative.optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().nonnegative().optional(),
  stop_sequences: stringArray.optional(),
  tools: z.array(anthropicTool).optional(),
  // A choice of one tool names it (translated, a missing name went upstream as OpenAI's or Gemini's field).
  tool_choice: z.looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() }).superRefine((choice, ctx) => {
    if (choice.type === 'tool') addIssuesOf(namedChoice, choice, ctx);
  }).optional(),
  metadata: z.looseObject({ user_id: z.string().nullable().optional() }).optional(),
  // budget_tokens is checked against 1024 in validate-chat-body; typed here so a 1e999 (Infinity) is refused, not sent on as null.
  thinking: z.looseObject({ type: z.string(), budget_tokens: z.number().int().optional() }).optional(),
  // Claude's tiers and efforts, as Anthropic refuses others: translated, an effort of "ultra" or 5
  // was dropped without a word and a tier of a megabyte was taken.
  service_tier: z.enum(['auto', 'standard_only']).nullable().optional(),
  output_config: z.looseObject({ effort: z.enum(['low', 'medium', 'high', 'xhigh', 'max']).nullable().optional() }).nullable().optional(),
});

// ---- OpenAI Embeddings ----------------------------------------------------------------------

export const openaiEmbeddingsRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string().min(1), z.array(z.string()).min(1), z.array(z.number().int()).min(1), z.array(z.array(z.number().int())).min(1)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: positiveInt.optional(),
  user: z.string().optional(),
});

// ---- OpenAI Responses -----------------------------------------------------------------------

// The parts the gateway reads the text of when it translates (String() of an object threw: a 500).
const responsesPart = contentBlock({ input_text: z.looseObject({ text }), output_text: z.looseObject({ text }), refusal: z.looseObject({ refusal: text }) });
const responsesContent = z.union([text, z.array(responsesPart)]);

const functionTool = chatFunction;
/** A custom tool's grammar (built once here: a schema made inside a refinement is made anew on every request). */
const customToolGrammar = z.looseObject({ syntax: z.enum(['lark', 'regex']), definition: text });
/** A custom (free-text) tool: its calls carry text, which may have to match its grammar. */
const customTool = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullable().optional(),
  format: z
    .looseObject({ type: z.enum(['text', 'grammar']) })
    .superRefine((format, ctx) => {
      if (format.type === 'grammar') addIssuesOf(customToolGrammar, format, ctx);
    })
    .optional(),
});
/** A function or custom tool, alone or inside a namespace. */
const namespacedTool = z.looseObject({ type: z.string() }).superRefine((tool, ctx) => {
  if (tool.type === 'function') addIssuesOf(functionTool, tool, ctx);
  else if (tool.type === 'custom') addIssuesOf(customTool, tool, ctx);
});
const namespaceTool = z.looseObject({ name: z.string().min(1), description: z.string().nullable().optional(), tools: z.array(namespacedTool) });
const responsesTool = z.looseObject({ type: z.string() }).superRefine((tool, ctx) => {
  if (tool.type === 'namespace') addIssuesOf(namespaceTool, tool, ctx);
  else if (isResponsesWebSearchType(tool.type)) addIssuesOf(responsesWebSearchTool, tool, ctx);
  else addIssuesOf(namespacedTool, tool, ctx);
});

/** The input items the gateway translates; others (reasoning, built-in tool calls) pass as they are. */
const RESPONSES_ITEM_SCHEMAS: Record<string, z.ZodType> = {
  message: z.looseObject({ type: z.literal('message').optional(), role: z.enum(['user', 'assistant', 'system', 'developer']), content: responsesContent }),
  function_call: z.looseObject({ type: z.literal('function_call'), call_id: toolCallId('must be the call_id the function_call_output answering it names (got an empty string)'), name: z.string(), arguments: z.string(), namespace: z.string().nullable().optional() }),
  // An empty call id matches no function_call (OpenAI refuses it); translated, it went on as a tool message answering nothing.
  function_call_output: z.looseObject({ type: z.literal('function_call_output'), call_id: toolCallId('must be the call_id of the function_call it answers (got an empty string)'), output: responsesContent }),
  custom_tool_call: z.looseObject({ type: z.literal('custom_tool_call'), call_id: toolCallId(), name: z.string(), input: z.string(), namespace: z.string().nullable().optional() }),
  custom_tool_call_output: z.looseObject({ type: z.literal('custom_tool_call_output'), call_id: toolCallId(), output: responsesContent }),
  // OpenAI's own 400 names `input[i].id` for a reference without a string id; without this a
  // translated model said the item was stored by OpenAI, of a reference that named nothing.
  item_reference: z.looseObject({ type: z.literal('item_reference'), id: z.string().min(1) }),
  // The Codex CLI's tools for recent models, offered in the input rather than in `tools`.
  additional_tools: z.looseObject({ type: z.literal('additional_tools'), tools: z.array(responsesTool) }),
};

// A message may leave out its `type`; each known item type is checked against its own shape, so
// a mistake is reported at its field (`input[1].call_id`) rather than as "matches no option".
const responsesInputItem = z.looseObject({ type: z.string().optional() }).superRefine((item, ctx) => {
  const type = item.type ?? 'message';
  const schema = Object.hasOwn(RESPONSES_ITEM_SCHEMAS, type) ? RESPONSES_ITEM_SCHEMAS[type] : undefined;
  if (schema) addIssuesOf(schema, item, ctx);
});

const jsonSchemaFormat = z.looseObject({ name: z.string().min(1), schema: z.record(z.string(), z.unknown()), strict: z.boolean().nullable().optional() });
const responsesTextFormat = z.looseObject({ type: z.enum(['text', 'json_object', 'json_schema']) }).superRefine((format, ctx) => {
  if (format.type === 'json_schema') addIssuesOf(jsonSchemaFormat, format, ctx);
});

/** The Responses API's tool choice objects, typed by their `type` as chat's are (its fields sit beside the type). */
const responsesToolChoice = contentBlock({
  function: z.looseObject({ name: text }),
  custom: z.looseObject({ name: text }),
  allowed_tools: z.looseObject({ mode: allowedToolsMode, tools: z.array(z.looseObject({})) }),
});

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([text, z.array(responsesInputItem)]).optional(),
  instructions: text.nullable().optional(),
  previous_response_id: z.string().min(1).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_obfuscation: z.boolean().optional() }).nullable().optional(),
  store: z.boolean().nullable().optional(),
  background: z.boolean().nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  max_output_tokens: positiveInt.nullable().optional(),
  max_tool_calls: positiveInt.nullable().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  tools: z.array(responsesTool).optional(),
  tool_choice: z.union([z.enum(['none', 'auto', 'required']), responsesToolChoice]).optional(),
  text: z.looseObject({ format: responsesTextFormat.optional(), verbosity: z.enum(['low', 'medium', 'high']).nullable().optional() }).optional(),
  reasoning: z.looseObject({ effort: reasoningEffort.nullable().optional() }).nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  include: z.array(z.string()).nullable().optional(),
  top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
  truncation: z.enum(['auto', 'disabled']).nullable().optional(),
  user: z.string().optional(),
  safety_identifier: z.string().nullable().optional(),
  prompt_cache_key: z.string().nullable().optional(),
  // A string, not an enum: OpenAI's guide spells "in-memory", its SDKs "in_memory", and clients send both.
  prompt_cache_retention: z.string().nullable().optional(),
  prompt_cache_options: promptCacheOptions.nullable().optional(),
  service_tier: openaiServiceTier.nullable().optional(),
  // openai 7.24 to 7.60's settings objects ({cyber: …}, {completion_window: …}, {context_compression: …}):
  // a translated model drops them, named, so a 5 or a megabyte of text was taken without a word.
  access_programs: z.looseObject({}).nullable().optional(),
  background_options: z.looseObject({}).nullable().optional(),
  image: z.looseObject({}).nullable().optional(),
});
