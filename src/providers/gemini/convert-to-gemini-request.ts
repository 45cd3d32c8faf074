/**
 * OpenAI Chat Completions request → Gemini `GenerateContentRequest` (client speaks OpenAI, the
 * upstream is Gemini). The model and `stream` go in the path (`geminiChatPath`), not the body.
 *
 * OpenAI fields with no Gemini meaning are dropped, not forwarded (Gemini rejects unknown
 * fields), and named on the trace (`dropped_params`): user, metadata, store, logit_bias, prediction, modalities, audio,
 * prompt_cache_key, safety_identifier, verbosity, and stream_options (read by the stream
 * converter instead). `parallel_tool_calls` has no Gemini field either, which decides on
 * parallel calls itself: `false` is kept by the answer's converters (`oneToolCall`), which pass
 * on only the first call. The legacy `functions` / `function_call` are refused with a pointer to
 * `tools`. A web search (`web_search_options`, or a translated client's search tool) becomes
 * Grounding with Google Search where Gemini can take it (see google-search-tool.ts).
 */
import { SwitchyardError } from '../../core/errors.js';
import { quoteClipped } from '../../core/clip.js';
import { EFFORT_BUDGETS, effortBudget } from '../reasoning-effort.js';
import { describeValue } from '../../core/format-issues.js';
import type { ChatCompletionRequest, ChatTool, JsonObject } from '../../core/openai-wire.js';
import { portableTools } from '../portable-tools.js';
import { toGeminiSchema } from './convert-json-schema.js';
import { toGeminiContents } from './convert-to-gemini-contents.js';
import { isGemini3OrLater } from './gemini-paths.js';
import { splitGeminiStops } from './gemini-stop-limits.js';
import { answerRoomBudget, clientBudget } from './thinking-room.js';
import { type GeminiLevel, nearestLevel, thinkingLevels } from '../../core/gemini-thinking.js';
import { capOutput } from '../output-cap.js';
import type { DecisionSink } from '../spec.js';
import { noteDropped, untranslated, withoutRefusedSampling } from '../dropped-params.js';
import { webSearchOf } from '../../core/web-search.js';
import { googleSearchTool } from './google-search-tool.js';
import { geminiRequestTier } from './gemini-service-tier.js';
import type {
  GeminiFunctionDeclaration,
  GeminiGenerationConfig,
  GeminiSafetySetting,
  GeminiThinkingConfig,
  GeminiThinkingLevel,
  GeminiToolConfig,
  GenerateContentRequest,
} from './gemini-wire.js';
import { isJsonObject } from '../../core/openai-wire.js';
import { refuseChatThinking } from '../chat-thinking-field.js';
import { systemAloneAsUser } from './system-alone-as-user.js';

export interface ToGeminiOptions {
  /** The upstream model; decides how thinking is set (level or budget). Defaults to `req.model`. */
  model?: string | undefined;
  /**
   * Send JSON Schemas as given (`responseJsonSchema`, `parametersJsonSchema`), for Gemini 2.5 and
   * later, instead of converting them to the OpenAPI subset every model accepts.
   */
  jsonSchema?: boolean | undefined;
  /** Collects `path: keyword` for every schema keyword the conversion had to drop. */
  dropped?: string[] | undefined;
  /** The call's trace, told when the output cap or the thinking budget was lowered. */
  decisions?: DecisionSink | undefined;
  /** The model's output limit when the config sets it (`output_limit`); the built-in table's otherwise. */
  outputLimit?: number | undefined;
}

/** Google's documented sentinel for function calls whose signature was lost (Gemini 3). */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

// Gemini 2.5 budgets in tokens, as Google's own OpenAI-compatible endpoint maps reasoning_effort.
const BUDGETS = EFFORT_BUDGETS;
// Gemini 3 levels, before each model's own (levelTaken: 3 Pro takes LOW and HIGH, most models
// no XHIGH, which goes as their HIGH).
const LEVELS: Record<string, GeminiThinkingLevel> = { none: 'MINIMAL', minimal: 'MINIMAL', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', xhigh: 'XHIGH', max: 'XHIGH' };
// "Must start with a letter or an underscore; a-z, A-Z, 0-9, underscores, dots, colons and dashes; at most 64."
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Converts a chat completion request.
 *
 * @example
 * toGeminiRequest({ model: 'gemini-2.5-flash', max_tokens: 100, messages: [
 *   { role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] })
 * // { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
 * //   systemInstruction: { parts: [{ text: 'Be brief.' }] },
 * //   generationConfig: { maxOutputTokens: 100 } }
 */
export function toGeminiRequest(request: ChatCompletionRequest, options: ToGeminiOptions = {}): GenerateContentRequest {
  const req = portableTools(request, 'Gemini');
  if (req['functions'] !== undefined || req['function_call'] !== undefined) {
    throw new SwitchyardError('unsupported', 'functions and function_call are deprecated and not translated for Gemini; use tools', {
      param: req['functions'] !== undefined ? 'functions' : 'function_call',
    });
  }
  refuseChatThinking(req, 'Gemini');
  const model = options.model ?? req.model;
  const { systemInstruction, contents } = systemAloneAsUser(toGeminiContents(req.messages, {
    signatureFallback: isGemini3OrLater(model) ? SKIP_SIGNATURE : undefined,
  }), options.decisions);
  if (contents.length === 0) {
    throw new SwitchyardError('invalid_request', 'messages must contain at least one non-empty user or assistant message', { param: 'messages' });
  }
  const out: GenerateContentRequest = { contents };
  if (systemInstruction) out.systemInstruction = systemInstruction;
  const tools: unknown = req.tools ?? [];
  if (!Array.isArray(tools)) throw new SwitchyardError('invalid_request', 'tools must be an array', { param: 'tools' });
  const declarations = (tools as ChatTool[]).map((tool, i) => functionDeclaration(tool, i, options));
  if (declarations.length > 0) {
    out.tools = [{ functionDeclarations: declarations }];
    const toolConfig = toToolConfig(req);
    if (toolConfig) out.toolConfig = toolConfig;
  }
  const search = webSearchOf(req);
  const grounding = search ? googleSearchTool(search, declarations.length, options.decisions) : undefined;
  if (grounding) out.tools = [grounding];
  const config = generationConfig(req, model, options);
  if (Object.keys(config).length > 0) out.generationConfig = config;
  const safety = safetySettings(req);
  if (safety) out.safetySettings = safety;
  const tier = geminiRequestTier(req['service_tier']);
  if (tier) out.service_tier = tier;
  // A tier Gemini has no counterpart for (OpenAI's `ultrafast`, `scale`) is served at standard: said.
  else if (typeof req['service_tier'] === 'string' && req['service_tier'] !== 'auto' && req['service_tier'] !== 'default') noteDropped(options.decisions, 'gemini', ['service_tier']);
  noteDropped(options.decisions, 'gemini', untranslated(request, TO_GEMINI));
  return out;
}

/**
 * The chat fields this translation reads (`stream` and `model` go in the path, `stream_options`
 * to the stream converter); any other is dropped and named on the trace (see the list above).
 */
const TO_GEMINI: ReadonlySet<string> = new Set([
  'model', 'messages', 'stream', 'stream_options', 'tools', 'tool_choice', 'functions', 'function_call', 'max_tokens', 'max_completion_tokens',
  'temperature', 'top_p', 'anthropic_top_k', 'stop', 'n', 'seed', 'presence_penalty', 'frequency_penalty', 'logprobs', 'top_logprobs',
  'response_format', 'reasoning_effort', 'anthropic_thinking_budget', 'include_reasoning', 'safety_settings', 'parallel_tool_calls', 'web_search', 'web_search_options',
  // flex and priority (fast) are asked for; default and auto are Gemini's standard tier, which it serves without asking.
  'service_tier',
]);

function generationConfig(req: ChatCompletionRequest, model: string, options: ToGeminiOptions): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  const maxTokens = req.max_completion_tokens ?? req.max_tokens;
  if (typeof maxTokens === 'number') config.maxOutputTokens = capOutput(maxTokens, model, options.decisions, options.outputLimit);
  if (typeof req.temperature === 'number') config.temperature = req.temperature;
  if (typeof req.top_p === 'number') config.topP = req.top_p;
  // An Anthropic client's top_k, carried by `fromAnthropicRequest`.
  if (typeof req['anthropic_top_k'] === 'number') config.topK = req['anthropic_top_k'];
  if (Array.isArray(req.stop) && !req.stop.every((s) => typeof s === 'string')) throw new SwitchyardError('invalid_request', 'stop must be a string or an array of strings', { param: 'stop' });
  // Past Gemini's 5, the rest are applied by the gateway (gemini-stop-limits.ts).
  const stop = splitGeminiStops(req.stop).sent;
  if (typeof stop === 'string') config.stopSequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) config.stopSequences = stop;
  if (typeof req.n === 'number' && req.n !== 1) config.candidateCount = req.n;
  if (typeof req.seed === 'number') config.seed = req.seed;
  // Gemini 2.5 on refuse a penalty other than 0 (400): it goes, named on the trace with the reason.
  const penalties = withoutRefusedSampling({ presence_penalty: req['presence_penalty'], frequency_penalty: req['frequency_penalty'] }, model, 'gemini', options.decisions);
  if (typeof penalties.presence_penalty === 'number') config.presencePenalty = penalties.presence_penalty;
  if (typeof penalties.frequency_penalty === 'number') config.frequencyPenalty = penalties.frequency_penalty;
  if (req['logprobs'] === true) {
    config.responseLogprobs = true;
    if (typeof req['top_logprobs'] === 'number') config.logprobs = req['top_logprobs'];
  }
  addResponseFormat(req, config, options);
  // An Anthropic client's budget already fits its max_tokens (which Claude counts thinking
  // within, as Gemini does): it needs no room kept for the answer.
  const thinking = budgetAsSent(req, model, options.decisions) ?? withAnswerRoom(thinkingConfig(askedEffort(req, model), model, options.decisions), model, config.maxOutputTokens, options.decisions);
  // A client that shows reasoning (`include_reasoning`, set for Anthropic thinking) gets Gemini's
  // thought summaries, as `reasoning_content`.
  if (req['include_reasoning'] === true) config.thinkingConfig = { ...thinking, includeThoughts: true };
  else if (thinking) config.thinkingConfig = thinking;
  return config;
}

function addResponseFormat(req: ChatCompletionRequest, config: GeminiGenerationConfig, options: ToGeminiOptions): void {
  const format = req.response_format;
  if (format === undefined || format === null) return;
  if (!isJsonObject(format)) throw new SwitchyardError('invalid_request', 'response_format must be an object', { param: 'response_format' });
  if (format.type === 'text') return;
  if (format.type !== 'json_object' && format.type !== 'json_schema') {
    throw new SwitchyardError('invalid_request', `response_format.type ${quoteClipped(format.type)} is not one of text, json_object, json_schema`, {
      param: 'response_format.type',
    });
  }
  config.responseMimeType = 'application/json';
  if (format.type === 'json_object') return;
  const schema = format.json_schema?.['schema'];
  if (!isJsonObject(schema)) return; // a json_schema without a schema asks for JSON and nothing more
  if (options.jsonSchema) config.responseJsonSchema = schema;
  else config.responseSchema = toGeminiSchema(schema, 'response_format.json_schema.schema', { ordered: true, dropped: options.dropped });
}

/**
 * The effort a request asks for: its `reasoning_effort`, or "none" for an Anthropic client's
 * `thinking: {type: "disabled"}` (carried as `anthropic_thinking_budget: 0`) on Gemini 3, which
 * takes it as its least level: without it, Gemini 3 thought at its default level. (Gemini 2.5
 * takes the budget itself, `budgetAsSent`.)
 */
function askedEffort(req: ChatCompletionRequest, model: string): unknown {
  const effort = req['reasoning_effort'];
  if ((effort === undefined || effort === null) && req['anthropic_thinking_budget'] === 0 && isGemini3OrLater(model)) return 'none';
  return effort;
}

function thinkingConfig(effort: unknown, model: string, decisions: DecisionSink | undefined): GeminiThinkingConfig | undefined {
  if (effort === undefined || effort === null) return undefined;
  const budget = effortBudget(effort);
  if (budget === undefined) {
    throw new SwitchyardError('invalid_request', `reasoning_effort must be one of ${Object.keys(BUDGETS).join(', ')}, got ${describeValue(effort)}`, {
      param: 'reasoning_effort',
    });
  }
  if (isGemini3OrLater(model)) return { thinkingLevel: levelTaken(effort as string, model, decisions) };
  // "none" is budget 0, which 2.5 Pro refuses ("This model only works in thinking mode"): its least.
  const bounded = clientBudget(model, budget) ?? budget;
  if (bounded !== budget) decisions?.decide('thinking_budget', { requested: effort, sent: bounded, model, reason: `${model} cannot turn thinking off; its smallest budget` });
  return { thinkingBudget: bounded };
}

/**
 * The Gemini 3 level for an effort, as one `model` takes (`core/gemini-thinking.ts`: Gemini 3 Pro
 * has no MINIMAL or MEDIUM, no Gemini 3 model turns thinking off); said on the trace
 * (`decisions.thinking_level`) where it is not what the effort asked.
 */
function levelTaken(effort: string, model: string, decisions: DecisionSink | undefined): GeminiThinkingLevel {
  const asked = LEVELS[effort]!;
  const sent = nearestLevel(model, asked as GeminiLevel) ?? asked;
  if (sent !== asked || effort === 'none') {
    const reason = effort === 'none' ? `${model} cannot turn thinking off; ${sent} is the least level it takes` : `${model} takes thinkingLevel ${thinkingLevels(model)!.join(', ')}; ${sent} is the nearest to ${asked}`;
    decisions?.decide('thinking_level', { requested: effort, sent, model, reason });
  }
  return sent;
}

/**
 * An Anthropic client's budget (`anthropic_thinking_budget`, set by `fromAnthropicRequest`) as
 * Gemini 2.5's `thinkingBudget`, exact rather than its nearest effort's; a budget the model cannot
 * take as asked (thinking off on 2.5 Pro, past its largest) is noted on the trace.
 */
function budgetAsSent(req: ChatCompletionRequest, model: string, decisions: DecisionSink | undefined): GeminiThinkingConfig | undefined {
  const asked = req['anthropic_thinking_budget'];
  if (typeof asked !== 'number') return undefined;
  const budget = clientBudget(model, asked);
  if (budget === undefined) return undefined;
  if (budget !== asked) decisions?.decide('thinking_budget', { requested: asked, sent: budget, model, reason: asked === 0 ? `${model} cannot turn thinking off; its smallest budget` : `${model} takes budgets within its bounds` });
  return { thinkingBudget: budget };
}

/** `thinking` with the budget `answerRoomBudget` gives, where thinking could crowd the answer out. */
function withAnswerRoom(thinking: GeminiThinkingConfig | undefined, model: string, maxOutputTokens: number | undefined, decisions: DecisionSink | undefined): GeminiThinkingConfig | undefined {
  const requested = thinking?.thinkingBudget;
  const budget = answerRoomBudget(model, maxOutputTokens, requested);
  if (budget === undefined) return thinking;
  decisions?.decide('thinking_budget', { requested: requested ?? 'dynamic', sent: budget, model, reason: `Gemini counts thinking within maxOutputTokens (${maxOutputTokens}); half is kept for the answer` });
  return { ...thinking, thinkingBudget: budget };
}

function functionDeclaration(tool: ChatTool, i: number, options: ToGeminiOptions): GeminiFunctionDeclaration {
  const fn = tool.function;
  if (typeof fn.name !== 'string' || !FUNCTION_NAME.test(fn.name)) {
    throw new SwitchyardError(
      'invalid_request',
      `tools[${i}].function.name ${JSON.stringify(String(fn.name).slice(0, 80))} is not a valid Gemini function name (start with a letter or _, then letters, digits, _ . : -, at most 64)`,
      { param: `tools[${i}].function.name` },
    );
  }
  const declaration: GeminiFunctionDeclaration = { name: fn.name };
  if (typeof fn.description === 'string' && fn.description.length > 0) declaration.description = fn.description;
  const parameters = fn.parameters;
  // Gemini rejects an OBJECT without properties; a function without parameters simply has none.
  if (isJsonObject(parameters) && isJsonObject(parameters['properties']) && Object.keys(parameters['properties']).length > 0) {
    if (options.jsonSchema) declaration.parametersJsonSchema = parameters;
    else declaration.parameters = toGeminiSchema(parameters, `tools[${i}].function.parameters`, { dropped: options.dropped });
  }
  return declaration;
}

function toToolConfig(req: ChatCompletionRequest): GeminiToolConfig | undefined {
  const choice = req.tool_choice;
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (isJsonObject(choice) && isJsonObject(choice['function']) && typeof choice['function']['name'] === 'string') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice['function']['name']] } };
  }
  throw new SwitchyardError('invalid_request', 'tool_choice must be "none", "auto", "required" or { type: "function", function: { name } }', {
    param: 'tool_choice',
  });
}

/** `safety_settings` is not OpenAI's, but Gemini-aware clients send it; it passes through when well-formed. */
function safetySettings(req: ChatCompletionRequest): GeminiSafetySetting[] | undefined {
  const value = req['safety_settings'];
  if (value === undefined) return undefined;
  const valid = Array.isArray(value) && value.every((s) => isJsonObject(s) && typeof s['category'] === 'string' && typeof s['threshold'] === 'string');
  if (!valid) {
    throw new SwitchyardError('invalid_request', 'safety_settings must be an array of { category, threshold } strings', { param: 'safety_settings' });
  }
  return (value as JsonObject[]).map((s) => ({ category: s['category'] as string, threshold: s['threshold'] as string }));
}

