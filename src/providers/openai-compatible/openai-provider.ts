import type { ProviderConfig } from '../../config/schema.js';
import type { ClientFormat } from '../../core/formats.js';
import type { ChatCompletionRequest, ChatMessage, JsonObject } from '../../core/openai-wire.js';
import { isJsonObject } from '../../core/openai-wire.js';
import { type ChatImage, openAIChatImageTokens } from '../../tokens/image-tokens.js';
import { openAIPdfTokens, type PdfSummary } from '../../tokens/pdf-tokens.js';
import { usageFromOpenAI, usageOfResponse, withChatSearch } from '../../tokens/usage.js';
import { openAIChatSearchUsd } from '../../tokens/web-search-price.js';
import { type ChunkDecoder, HttpProvider, type UpstreamCall } from '../http-provider.js';
import { nativeBody } from '../native-body.js';
import { parseJson } from '../parse-json.js';
import type { CallOptions, CanonicalStream, EmbeddingsAnswer, GenerateResult, NativeAnswer, NativeStream } from '../spec.js';
import { OpenAIChunkDecoder } from './openai-chunk-decoder.js';
import { clientNamedChunks, renamedTools, withClientToolNames, withUpstreamToolNames } from '../upstream-tool-names.js';
import { capBody } from '../output-cap.js';
import { outputLimit } from '../../tokens/output-limits.js';
import { checkStopLimits, splitOpenAIStops } from './openai-stop-limits.js';
import { stopCompletion } from '../held-stops.js';
import { shortToolCallIds } from './short-tool-call-ids.js';
import { errorsAsText } from '../tool-result-error.js';
import { noteDropped, withoutRefusedSampling } from '../dropped-params.js';
import { WEB_SEARCH, webSearchOf } from '../../core/web-search.js';
import { OpenAINativeRelay } from './openai-native-relay.js';
import { withoutForeignFields } from './foreign-message-fields.js';
import { ResponsesNativeRelay } from './responses-native-relay.js';
import { messagesMentionJson } from '../../core/json-mode-word.js';
import { withoutRefusedEffort } from './effort-on-non-reasoning.js';
import { leastEffortWhenOff } from './effort-when-off.js';
import { effortTheModelTakes } from './effort-not-taken.js';
import { toolsNeedResponses, toolsRefusedOnChat } from './tools-without-reasoning.js';
import { OPENAI_REASONING_FAMILY } from '../../core/openai-reasoning-family.js';
import { responsesOnly } from '../../core/openai-responses-only.js';
import { portableTools } from '../portable-tools.js';
import { toResponsesRequest } from './responses-upstream/to-responses-request.js';
import { fromResponse, responseOf } from './responses-upstream/from-response.js';
import { chatCompletionOf } from './chat-completion-of.js';
import { ResponsesChunkDecoder } from './responses-upstream/responses-chunk-decoder.js';
import type { ResponseObject } from '../../core/responses-wire.js';

/**
 * Where a chat client can have a custom tool called by a model only the Responses API serves: the
 * Responses API itself, which takes it as OpenAI defines it (the bridge from chat gives the model
 * function tools only), or the tool's function form.
 */
const RESPONSES_ONLY_CUSTOM_FIX = 'send the request to /v1/responses through a provider with responses: native, where OpenAI takes the custom tool and answers its call as a custom_tool_call, or declare it as a function tool (one string parameter for its text)';

/** The system message that gives OpenAI's JSON mode the word it requires. */
const JSON_MODE_NOTE = 'Answer in JSON.';

/**
 * Any OpenAI-compatible endpoint: OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp, Groq, Together,
 * Mistral, DeepSeek… OpenAI clients pass through byte for byte (only `model` is replaced);
 * streams always ask for usage, and the relay strips it again when the client did not. With
 * `responses: native` (OpenAI itself), Responses API clients pass through to `/responses` too.
 */
export class OpenAICompatibleProvider extends HttpProvider {
  readonly native: ReadonlySet<ClientFormat>;

  constructor(name: string, config: ProviderConfig) {
    super(name, config, { ...(config.api_key ? { authorization: `Bearer ${config.api_key}` } : {}), ...config.headers });
    this.native = new Set<ClientFormat>(config.responses === 'native' ? ['openai', 'responses'] : ['openai']);
  }

  /**
   * A chat client's call to a model only OpenAI's Responses API serves goes through the
   * translation to `/responses`; so does one with function tools to a gpt-6 model, which chat
   * completions would refuse beside reasoning (tools-without-reasoning.ts), whether the client
   * named the model or another name for it. Every other body goes byte for byte: this reads the
   * body the parse stage already made, and only a gpt-6 model's call looks past its model.
   */
  speaksNatively(format: ClientFormat, model: string, body: JsonObject): boolean {
    if (format !== 'openai') return true;
    return !responsesOnly(model) && !toolsRefusedOnChat(model, body);
  }

  imageTokens(model: string, image: ChatImage): number {
    return openAIChatImageTokens(model, image);
  }

  /** What OpenAI counts for a PDF: each page as an image at the model's default detail, plus its text. */
  pdfTokens(model: string, pdf: PdfSummary): number {
    return openAIPdfTokens(model, pdf);
  }

  protected chatCall(request: ChatCompletionRequest, options: CallOptions, stream: boolean): UpstreamCall {
    checkStopLimits(request, options.model, options.clientFormat);
    const stops = splitOpenAIStops(request.stop, options.model);
    // A failed tool result (an Anthropic client's is_error) says so in its text: OpenAI has no flag.
    const body: JsonObject = { ...request, messages: withoutForeignFields(errorsAsText(request.messages), options.model), model: options.model, stream };
    // A GPT-4-era model refuses an effort: an Anthropic or Gemini client's thinking goes, an
    // OpenAI-format client meets OpenAI's 400 (effort-on-non-reasoning.ts).
    withoutRefusedEffort(body, options);
    // Another format's "no thinking" as the least effort the model takes (effort-when-off.ts).
    leastEffortWhenOff(body, options);
    // An effort the model does not take ("minimal" on gpt-5.1 on): another format's thinking as
    // the nearest it takes, an OpenAI-format client's own meets OpenAI's 400 (effort-not-taken.ts).
    effortTheModelTakes(body, options);
    // gpt-6 on refuse function tools beside reasoning on chat completions (tools-without-reasoning.ts);
    // a model only the Responses API serves (core/openai-responses-only.ts).
    const viaResponses = toolsNeedResponses(body, options, request.model) || responsesOnly(options.model);
    // The gateway's own marker for "show the reasoning" (Gemini's thoughts); OpenAI refuses
    // unknown arguments, and servers that send reasoning send it without being asked.
    delete body.include_reasoning;
    // An Anthropic client's exact thinking budget (see `fromAnthropicRequest`), for Gemini 2.5:
    // here `reasoning_effort` carries the nearest effort.
    delete body.anthropic_thinking_budget;
    // A Gemini client's exact thinkingBudget (see the Gemini API's to-chat-request), for Claude: likewise.
    delete body.gemini_thinking_budget;
    // An Anthropic client's top_k (see `fromAnthropicRequest`): OpenAI has no such sampling knob.
    if (body.anthropic_top_k !== undefined) {
      delete body.anthropic_top_k;
      noteDropped(options.decisions, 'openai', ['top_k']);
    }
    // Gemini's safety thresholds (a Gemini API client's safetySettings, a Gemini-aware chat
    // client's safety_settings): OpenAI refuses the unknown argument, so a Gemini client's call
    // routed here failed on a setting that only means something to Gemini.
    if (body.safety_settings !== undefined) {
      delete body.safety_settings;
      noteDropped(options.decisions, 'openai', ['safety_settings']);
    }
    // A translated client's web search tool (a Responses or Anthropic client's; see
    // core/web-search.ts): a chat model has no such tool and OpenAI's refuse the field, so the
    // request goes without it and says so, rather than a coding agent failing on every turn.
    // A model the Responses API serves has a search tool of its own: the search goes there.
    const search = webSearchOf(body);
    if (body[WEB_SEARCH] !== undefined) {
      delete body[WEB_SEARCH];
      // A tool_choice that forced the search goes with it.
      if (!viaResponses) noteDropped(options.decisions, 'openai', search?.forced ? [WEB_SEARCH, 'tool_choice'] : [WEB_SEARCH]);
    }
    // A translated client's JSON mode (a Gemini client's responseMimeType "application/json")
    // never had to say "json", which OpenAI's requires of the messages (core/json-mode-word.ts).
    if (isJsonObject(body.response_format) && body.response_format.type === 'json_object' && !messagesMentionJson(request.messages)) {
      body.messages = [{ role: 'system', content: JSON_MODE_NOTE }, ...(body.messages as ChatMessage[])];
    }
    // The Responses API takes parallel_tool_calls (and tool_choice "auto"/"none") without tools,
    // and a web search tool dropped above leaves none; OpenAI's chat refuses both then (400
    // "'parallel_tool_calls' is only allowed when 'tools' are specified"), though they say
    // nothing without a tool to call.
    if (!Array.isArray(body.tools) || body.tools.length === 0) {
      delete body.parallel_tool_calls;
      if (body.tool_choice === 'auto' || body.tool_choice === 'none') delete body.tool_choice;
    }
    if (stops.held.length > 0) body.stop = stops.sent;
    if (stream) body.stream_options = { ...request.stream_options, include_usage: true };
    else delete body.stream_options;
    // A translated client's cap (an Anthropic client's required max_tokens, sized for Claude).
    // Sampling parameters the model refuses at this effort (a reasoning model: temperature other
    // than 1, top_p, penalties…) go, named on the trace: the client chose them for another API.
    const sampled = withoutRefusedSampling(body, options.model, 'openai', options.decisions);
    // Chat's custom tools map onto the Responses API's one for one (the grammar unnested, the call
    // a custom_tool_call), but the gateway's chat answer carries function calls only, so a custom
    // call could not come back: function tools only, the allowed set as the tool list itself, as
    // for Claude and Gemini (portable-tools.ts), and the refusal says where the tool can be had.
    const tooled = viaResponses ? (portableTools(sampled as unknown as ChatCompletionRequest, `${options.model} (served by OpenAI's Responses API)`, RESPONSES_ONLY_CUSTOM_FIX) as unknown as JsonObject) : sampled;
    // Tool names OpenAI refuses (an Anthropic client's MCP tools: up to 128 characters) go as names it takes.
    const named = withUpstreamToolNames(capBody(tooled, options.model, options.outputLimit ?? outputLimit(options.model), options.decisions), renamedTools(request));
    // The same body, said in the Responses API's terms; its answer is read back in them (`sentViaResponses`).
    if (viaResponses) {
      markSentViaResponses(request, options.model);
      return { path: '/responses', body: JSON.stringify(toResponsesRequest(forModel(named, options.model), { summaries: request.include_reasoning === true, search, decisions: options.decisions, clientFormat: options.clientFormat })) };
    }
    return { path: '/chat/completions', body: JSON.stringify(forModel(named, options.model)) };
  }

  protected parseCompletion(text: string, request: ChatCompletionRequest, options: CallOptions): GenerateResult {
    if (sentViaResponses(request, options.model)) {
      const response = responseOf(this.name, parseJson(this.name, text));
      const usage = response.usage ? usageOfResponse(response as ResponseObject & { usage: NonNullable<ResponseObject['usage']> }) : undefined;
      return { completion: withClientToolNames(fromResponse(this.name, response), renamedTools(request)), usage };
    }
    const parsed = chatCompletionOf(this.name, parseJson(this.name, text));
    // Stop sequences past OpenAI's 4 are applied here, naming the one matched (see held-stops.ts).
    const completion = withClientToolNames(stopCompletion(parsed, splitOpenAIStops(request.stop, options.model).held, true), renamedTools(request));
    return { completion, usage: withChatSearch(parsed.usage ? usageFromOpenAI(parsed.usage, parsed.service_tier) : undefined, options.model) };
  }

  /** A search model's stream counts the search its call ran (`withChatSearch`); any other's is as decoded. */
  override async stream(request: ChatCompletionRequest, options: CallOptions): Promise<CanonicalStream> {
    return withSearchUsage(await super.stream(request, options), options.model);
  }

  protected chunkDecoder(request: ChatCompletionRequest, options: CallOptions): ChunkDecoder {
    if (sentViaResponses(request, options.model)) return clientNamedChunks(new ResponsesChunkDecoder(this.name), renamedTools(request));
    return clientNamedChunks(new OpenAIChunkDecoder(this.name, splitOpenAIStops(request.stop, options.model).held), renamedTools(request));
  }

  async nativeGenerate(body: JsonObject, options: CallOptions, format: ClientFormat = 'openai'): Promise<NativeAnswer> {
    if (format === 'responses') return this.createResponse(body, options);
    const upstream = await this.post({ path: '/chat/completions', body: chatBody(body, options), format: 'openai' }, options);
    const text = await this.readAll(upstream, options);
    const json = parseJson(this.name, text) as { usage?: Parameters<typeof usageFromOpenAI>[0]; service_tier?: unknown };
    return { text, usage: withChatSearch(json.usage ? usageFromOpenAI(json.usage, json.service_tier) : undefined, options.model) };
  }

  async nativeStream(body: JsonObject, options: CallOptions, clientWantsUsage: boolean, format: ClientFormat = 'openai'): Promise<NativeStream> {
    if (format === 'responses') {
      const upstream = await this.post({ path: '/responses', body: nativeBody(body, options), format: 'responses' }, options);
      return this.relay(upstream, new ResponsesNativeRelay(this.name), options);
    }
    // Usage is always asked for (the relay strips it again for a client that did not ask).
    const asksUsage = (body.stream_options as JsonObject | undefined)?.include_usage === true;
    const request = asksUsage ? chatBody(body, options) : JSON.stringify({ ...forModel(body, options.model), model: options.model, stream_options: { ...(body.stream_options as JsonObject | undefined), include_usage: true } });
    const upstream = await this.post({ path: '/chat/completions', body: request, format: 'openai' }, options);
    return withSearchUsage(this.relay(upstream, new OpenAINativeRelay(this.name, clientWantsUsage), options), options.model);
  }

  /** A whole Response from `/responses`; usage is in the Responses API's names. */
  private async createResponse(body: JsonObject, options: CallOptions): Promise<NativeAnswer> {
    const upstream = await this.post({ path: '/responses', body: nativeBody(body, options), format: 'responses' }, options);
    const text = await this.readAll(upstream, options);
    const json = parseJson(this.name, text) as Omit<Parameters<typeof usageOfResponse>[0], 'usage'> & { usage?: Parameters<typeof usageOfResponse>[0]['usage'] | null };
    return { text, usage: json.usage ? usageOfResponse({ ...json, usage: json.usage }) : undefined };
  }

  async embed(body: JsonObject, options: CallOptions): Promise<EmbeddingsAnswer> {
    // Embeddings clients speak OpenAI's API, so this is a same-format exchange too.
    const upstream = await this.post({ path: '/embeddings', body: nativeBody(body, options), format: 'openai' }, options);
    const text = await this.readAll(upstream, options);
    const json = parseJson(this.name, text) as { usage?: Parameters<typeof usageFromOpenAI>[0]; data?: unknown[] };
    return { text, usage: json.usage ? usageFromOpenAI(json.usage) : undefined, count: json.data?.length ?? 0 };
  }
}

/**
 * The models each request went to by the Responses API, so its answer is read in that API's terms.
 * Decided once, in `chatCall`, where the request's effort and tools are final.
 */
const viaResponsesByRequest = new WeakMap<ChatCompletionRequest, Set<string>>();

function markSentViaResponses(request: ChatCompletionRequest, model: string): void {
  let models = viaResponsesByRequest.get(request);
  if (!models) viaResponsesByRequest.set(request, (models = new Set()));
  models.add(model);
}

function sentViaResponses(request: ChatCompletionRequest, model: string): boolean {
  return viaResponsesByRequest.get(request)?.has(model) ?? false;
}

/** A same-format chat body for the upstream: `nativeBody` of `forModel`'s body, whose renaming counts as a change. */
function chatBody(body: JsonObject, options: CallOptions): string {
  const chat = forModel(body, options.model);
  return nativeBody(chat, chat === body ? options : { model: options.model });
}

/**
 * A chat body as the model takes it: OpenAI's o-series and gpt-5 refuse `max_tokens` (400
 * "Use 'max_completion_tokens' instead"), and a client calling a gateway alias cannot know what
 * model is behind it (the Vercel AI SDK and LangChain send `max_tokens` for names they do not
 * recognise as reasoning models), so it goes as `max_completion_tokens`; tool call ids over
 * OpenAI's 40 characters (those made for Gemini) are shortened (`shortToolCallIds`). Other
 * servers get `max_tokens` as it is (older OpenAI-compatible ones only know it). Message fields
 * the model's server does not take are left out (`withoutForeignFields`). The same
 * object when nothing changes, so the client's text can still be sent as received.
 *
 * @example forModel({ model: 'fast', max_tokens: 50 }, 'gpt-5.4-mini') // { model: 'fast', max_completion_tokens: 50 }
 */
function forModel(body: JsonObject, model: string): JsonObject {
  return shortToolCallIds(withoutForeignMessageFields(withCompletionTokens(body, model), model));
}

/** A chat client's body without the message fields the model's server does not take (see withoutForeignFields); the same object when it has none. */
function withoutForeignMessageFields(body: JsonObject, model: string): JsonObject {
  if (!Array.isArray(body.messages)) return body;
  const messages = withoutForeignFields(body.messages as ChatMessage[], model);
  return messages === body.messages ? body : { ...body, messages };
}

function withCompletionTokens(body: JsonObject, model: string): JsonObject {
  if (body.max_tokens === undefined || body.max_tokens === null || !OPENAI_REASONING_FAMILY.test(model)) return body;
  const { max_tokens: legacy, ...rest } = body;
  return { ...rest, max_completion_tokens: rest.max_completion_tokens ?? legacy };
}

/** A search model's stream, whole or relayed, with the search its call ran counted in its usage (`withChatSearch`); any other's as it is. */
function withSearchUsage<T extends { usage: () => ReturnType<typeof withChatSearch> }>(stream: T, model: string): T {
  return openAIChatSearchUsd(model) === undefined ? stream : { ...stream, usage: () => withChatSearch(stream.usage(), model) };
}
