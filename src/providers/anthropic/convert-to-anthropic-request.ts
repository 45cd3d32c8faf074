/**
 * OpenAI Chat Completions request → Anthropic Messages request (client speaks OpenAI, upstream is
 * Anthropic). Only fields with an Anthropic meaning are sent; the rest (seed, logprobs,
 * frequency_penalty, …) are dropped rather than forwarded, because Anthropic rejects unknown fields.
 * `reasoning_effort` becomes extended thinking where the request allows it (see
 * `thinking-from-effort.ts`); the thinking comes back as `reasoning_content`.
 */
import type { AnthropicMessagesRequest, AnthropicTool, AnthropicToolChoice } from '../../core/anthropic-wire.js';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
import { supportsStructuredOutputs, takesPrefill } from '../../core/claude-models.js';
import { portableTools } from '../portable-tools.js';
import { toAnthropicMessages } from './convert-to-anthropic-messages.js';
import { toClaudeOutputSchema } from './output-schema.js';
import type { DecisionSink } from '../spec.js';
import { addThinking } from './thinking-from-effort.js';
import { capOutput } from '../output-cap.js';
import { outputLimit } from '../../tokens/output-limits.js';
import { noteDropped, untranslated, withoutRefusedSampling } from '../dropped-params.js';
import { splitStops } from '../held-stops.js';
import { webSearchOf } from '../../core/web-search.js';
import { toAnthropicWebSearch, WEB_SEARCH_TOOL } from './web-search-tool.js';
import { isJsonObject } from '../../core/openai-wire.js';
import { lengthenBreakpoints } from './cache-breakpoints.js';
import { systemAloneAsUser } from './system-alone-as-user.js';

/** Anthropic requires `max_tokens`; OpenAI clients often leave it out. */
export const DEFAULT_MAX_TOKENS = 4096;

/** Base name of the tool that carries `response_format` JSON (Anthropic has no JSON mode flag). */
export const JSON_RESPONSE_TOOL = 'json_response';

/**
 * Converts a chat completion request for an Anthropic upstream.
 *
 * `response_format` json_schema becomes Claude's structured output (`output_config.format`) on
 * models that have it (`nativeOutputFormat`); json_object, and json_schema on older models,
 * become a forced tool named by `jsonResponseToolName(req, upstreamModel)`; pass that name to the
 * response and stream converters so the tool call turns back into JSON text.
 *
 * @example
 * toAnthropicRequest({ model: 'claude', messages: [{ role: 'user', content: 'Hi' }], temperature: 1.5 }, 'claude-sonnet-4-5')
 * // { model: 'claude-sonnet-4-5', max_tokens: 4096, temperature: 1,
 * //   messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] }
 */
export function toAnthropicRequest(request: ChatCompletionRequest, upstreamModel: string, decisions?: DecisionSink, limit: number | undefined = outputLimit(upstreamModel)): AnthropicMessagesRequest {
  const req = portableTools(request, 'Anthropic');
  if (typeof req.n === 'number' && req.n > 1) {
    throw new SwitchyardError('unsupported', `n=${req.n} is not supported by Anthropic models; send n=1 or omit n`, {
      param: 'n',
    });
  }
  // Claude returns no token log probabilities. OpenAI allows `logprobs: null` in an answer, but a
  // client that asked for them would read that as "none were sampled"; refuse, as for n and as
  // LiteLLM does for parameters a provider cannot honour.
  if (req['logprobs'] === true) {
    throw new SwitchyardError('unsupported', 'logprobs is not supported by Anthropic models (Claude returns no token log probabilities); omit logprobs and top_logprobs', {
      param: 'logprobs',
    });
  }
  if (req['functions'] !== undefined) {
    throw new SwitchyardError('unsupported', 'functions is deprecated and not translated for Anthropic; use tools', {
      param: 'functions',
    });
  }
  const { system, messages } = systemAloneAsUser(toAnthropicMessages(req.messages), decisions);
  lengthenBreakpoints(system, messages, req['prompt_cache_options']);
  if (messages.length === 0) {
    throw new SwitchyardError('invalid_request', 'messages must contain at least one non-empty user or assistant message', {
      param: 'messages',
    });
  }
  if (messages.at(-1)?.role === 'assistant' && !takesPrefill(upstreamModel)) throw prefillRefused(req, upstreamModel);
  const clientMax = req.max_completion_tokens ?? req.max_tokens ?? undefined;
  const cappedMax = clientMax === undefined ? undefined : capOutput(clientMax, upstreamModel, decisions, limit);
  // The default fits every Claude model; a configured output_limit below it (a Claude-compatible local server) holds it too.
  const defaultMax = limit === undefined ? DEFAULT_MAX_TOKENS : Math.min(DEFAULT_MAX_TOKENS, limit);
  const out: AnthropicMessagesRequest = {
    model: upstreamModel,
    // The default is below every Claude model's output limit (4,096 on Claude 3 Haiku, the least).
    max_tokens: cappedMax ?? defaultMax,
    messages,
  };
  if (system.length === 1 && system[0]!.cache_control === undefined) out.system = system[0]!.text;
  else if (system.length > 0) out.system = system;
  // Whitespace-only sequences Claude refuses: the gateway applies them (held-stops.ts).
  const stops = splitStops(req.stop);
  if (stops.claude.length > 0) out.stop_sequences = stops.claude;
  if (stops.held.length > 0) decisions?.decide('stop_sequences', { applied_by: 'gateway', sequences: stops.held, reason: 'Claude refuses stop sequences made only of whitespace' });
  if (req.stream === true) out.stream = true;
  // Claude Opus 4.7 on take neither (400): they go, named on the trace with the reason.
  const sampling = withoutRefusedSampling({ temperature: req.temperature, top_p: req.top_p }, upstreamModel, 'anthropic', decisions);
  // OpenAI allows 0–2, Anthropic 0–1; clamping keeps "as random as allowed" rather than failing.
  if (typeof sampling.temperature === 'number') out.temperature = Math.min(1, Math.max(0, sampling.temperature));
  // Claude Opus 4.1 and the 4.5 models onwards refuse both (400), and Anthropic advises altering
  // only one on every model; OpenAI clients often send both, so temperature wins.
  else if (typeof sampling.top_p === 'number') out.top_p = sampling.top_p;
  if (typeof req.user === 'string' && req.user.length > 0) out.metadata = { user_id: req.user };
  const format = nativeOutputFormat(req, upstreamModel);
  if (format !== undefined) out.output_config = { format };
  addTools(req, out, upstreamModel);
  // Without a client cap, thinking adds its budget (24,576 at most) to the default: still under the
  // output limit of every Claude model that thinks (32,000 at least).
  const off = addThinking(req, out, cappedMax, defaultMax);
  if (off) decisions?.decide('thinking', { ...off, model: upstreamModel, applied: false });
  const dropped = untranslated(request, TO_ANTHROPIC);
  // Claude takes one of the two (see above): the other is dropped too.
  if (out.temperature !== undefined && typeof req.top_p === 'number') dropped.push('top_p');
  noteDropped(decisions, 'anthropic', dropped);
  return out;
}

/**
 * A conversation that ends on the assistant's turn, for a Claude model that takes no prefill
 * (4.6 on: `takesPrefill`). Claude would refuse it with a 400; as a thing the model cannot take
 * (`unsupported`), a route falls through to a model that answers it (OpenAI's do), and nothing is
 * sent to Claude.
 */
function prefillRefused(req: ChatCompletionRequest, upstreamModel: string): SwitchyardError {
  // The client's last assistant message: a system message after it is Claude's system prompt.
  let i = req.messages.length - 1;
  while (i > 0 && req.messages[i]?.role !== 'assistant') i--;
  return new SwitchyardError(
    'unsupported',
    `messages[${i}] is an assistant message at the end of the conversation, which Claude would continue (a prefill), and ${upstreamModel} takes no prefill (Claude 4.6 and later refuse one): end the conversation with a user message`,
    { param: `messages[${i}]` },
  );
}

/**
 * The chat fields this translation reads; any other (seed, frequency_penalty, logit_bias, store,
 * metadata, service_tier, a field of a newer API…) is dropped and named on the trace. `n`,
 * `logprobs` and `functions` are refused above when they ask for what Claude cannot do;
 * `stream_options` asks for usage, which Anthropic always sends; `include_reasoning` asks to show
 * thinking, which Claude's thinking blocks are.
 */
const TO_ANTHROPIC: ReadonlySet<string> = new Set([
  'model', 'messages', 'max_tokens', 'max_completion_tokens', 'stop', 'stream', 'stream_options', 'temperature', 'top_p', 'user',
  'response_format', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning_effort', 'gemini_thinking_budget', 'thinking', 'include_reasoning', 'n', 'logprobs', 'top_logprobs', 'functions',
  'web_search', 'web_search_options',
]);

/**
 * The name of the forced tool that carries `response_format` JSON for this request to
 * `upstreamModel`, or undefined when the request does not ask for JSON or its schema goes as
 * Claude's own structured output (`nativeOutputFormat`). `json_response`, unless a client tool
 * already has that name.
 *
 * @example jsonResponseToolName({ model: 'm', messages: [], response_format: { type: 'json_object' } }, 'claude-sonnet-4-5') // 'json_response'
 */
export function jsonResponseToolName(req: ChatCompletionRequest, upstreamModel: string): string | undefined {
  const type = req.response_format?.type;
  if (type !== 'json_object' && type !== 'json_schema') return undefined;
  if (nativeOutputFormat(req, upstreamModel) !== undefined) return undefined;
  const taken = new Set((req.tools ?? []).map((tool) => tool.function.name));
  let name = JSON_RESPONSE_TOOL;
  for (let k = 1; taken.has(name); k++) name = `${JSON_RESPONSE_TOOL}_${k}`;
  return name;
}

type OutputFormat = { type: 'json_schema'; schema: JsonObject };

// The schema as Claude takes it, per response_format object: the request converter and the
// answer's decoder both ask, and the transform walks the whole schema.
const claudeSchemas = new WeakMap<object, OutputFormat | null>();

/**
 * A `json_schema` response_format as Claude's native structured output (`output_config.format`),
 * where `upstreamModel` has it (`supportsStructuredOutputs`) and the schema can be said in its
 * subset (`toClaudeOutputSchema`); else undefined, and the JSON rides on a forced tool. Native
 * output leaves the client's own tools callable and thinking possible, which the forced tool
 * does not.
 *
 * @example nativeOutputFormat({ model: 'm', messages: [], response_format: { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object', properties: {} } } } }, 'claude-sonnet-4-5')
 * // { type: 'json_schema', schema: { type: 'object', properties: {}, additionalProperties: false } }
 */
export function nativeOutputFormat(req: ChatCompletionRequest, upstreamModel: string): OutputFormat | undefined {
  const format = req.response_format;
  if (format?.type !== 'json_schema' || !supportsStructuredOutputs(upstreamModel)) return undefined;
  let known = claudeSchemas.get(format);
  if (known === undefined) {
    const schema = format.json_schema?.['schema'];
    const claude = isJsonObject(schema) ? toClaudeOutputSchema(schema) : undefined;
    known = claude === undefined ? null : { type: 'json_schema', schema: claude };
    claudeSchemas.set(format, known);
  }
  return known ?? undefined;
}

function addTools(req: ChatCompletionRequest, out: AnthropicMessagesRequest, upstreamModel: string): void {
  const tools: AnthropicTool[] = [];
  for (const tool of req.tools ?? []) {
    const fn = tool.function;
    // `strict` is dropped: Anthropic accepts it only on models with structured outputs, and a
    // client default (the OpenAI SDKs set it) must not turn into a 400 on other models.
    const converted: AnthropicTool = { name: fn.name, input_schema: fn.parameters ?? { type: 'object', properties: {} } };
    // A null description (OpenAI takes it) is no description: Claude refuses null where it wants a string.
    if (typeof fn.description === 'string') converted.description = fn.description;
    tools.push(converted);
  }
  const jsonTool = jsonResponseToolName(req, upstreamModel);
  if (jsonTool !== undefined) tools.push(responseFormatTool(req, jsonTool));
  // Claude's own search (a server tool: no input_schema), for a client's web search tool or options.
  const search = webSearchOf(req);
  if (search) tools.push(toAnthropicWebSearch(search) as AnthropicTool);
  if (tools.length === 0) return; // tool_choice without tools means nothing to Anthropic
  out.tools = tools;
  const choice = toolChoice(req, jsonTool, tools.length, search?.forced === true);
  if (choice) out.tool_choice = choice;
}

function responseFormatTool(req: ChatCompletionRequest, name: string): AnthropicTool {
  const format = req.response_format?.json_schema;
  const schema = format?.['schema'];
  const description = format?.['description'];
  return {
    name,
    description:
      typeof description === 'string'
        ? description
        : 'Respond to the user with this tool; its input is your complete answer as JSON.',
    input_schema: isJsonObject(schema) ? schema : { type: 'object', additionalProperties: true },
  };
}

/** `searchForced`: the client's tool_choice named its web search tool (see core/web-search.ts). */
function toolChoice(req: ChatCompletionRequest, jsonTool: string | undefined, toolCount: number, searchForced: boolean): AnthropicToolChoice | undefined {
  const choice = req.tool_choice;
  let result: AnthropicToolChoice | undefined;
  if (jsonTool !== undefined) {
    const onlyJson = toolCount === 1;
    // Alone, the JSON tool is forced. With client tools the model may still call those first;
    // `any` makes it end every turn with some tool, the answer coming through the JSON tool.
    if (typeof choice === 'object') result = { type: 'tool', name: choice.function.name };
    else if (onlyJson || choice === 'none') result = { type: 'tool', name: jsonTool };
    else result = { type: 'any' };
  } else if (searchForced) result = { type: 'tool', name: WEB_SEARCH_TOOL.name };
  else if (choice === 'none') result = { type: 'none' };
  else if (choice === 'required') result = { type: 'any' };
  else if (typeof choice === 'object') result = { type: 'tool', name: choice.function.name };
  else if (choice === 'auto') result = { type: 'auto' };
  if (req.parallel_tool_calls === false) {
    if (result === undefined) result = { type: 'auto' };
    if (result.type !== 'none') result.disable_parallel_tool_use = true;
  }
  return result;
}

