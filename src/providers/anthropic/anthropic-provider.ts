import type { ProviderConfig } from '../../config/schema.js';
import { SwitchyardError } from '../../core/errors.js';
import { ANTHROPIC_TOOL_NAMES, clientNamedChunks, renamedTools, withClientToolNames, withUpstreamToolNames } from '../upstream-tool-names.js';
import type { AnthropicMessageResponse } from '../../core/anthropic-wire.js';
import type { ClientFormat } from '../../core/formats.js';
import type { ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
import { usageFromAnthropic } from '../../tokens/usage.js';
import { type ChatImage, claudeChatImageTokens } from '../../tokens/image-tokens.js';
import { claudePdfTokens, type PdfSummary } from '../../tokens/pdf-tokens.js';
import { type ChunkDecoder, HttpProvider, type UpstreamCall } from '../http-provider.js';
import { nativeBody } from '../native-body.js';
import { forcesNamedTool } from '../named-tool-choice.js';
import { parseJson } from '../parse-json.js';
import type { CallOptions, GenerateResult, NativeAnswer, NativeStream } from '../spec.js';
import { AnthropicChunkDecoder } from './anthropic-chunk-decoder.js';
import { AnthropicNativeRelay } from './anthropic-native-relay.js';
import { withFoldedSystemTurns } from './folded-system-turns.js';
import { fromAnthropicResponse } from './convert-from-anthropic-response.js';
import { jsonResponseToolName, toAnthropicRequest } from './convert-to-anthropic-request.js';
import { withoutUnsignedThinking } from './unsigned-thinking.js';
import { splitStops, stopCompletion } from '../held-stops.js';

const MESSAGES = '/v1/messages';

/**
 * Anthropic's Messages API. Anthropic clients pass through byte for byte; OpenAI clients are
 * translated both ways (JSON output is Claude's structured output where the model has it, else
 * rides on a forced tool: see `nativeOutputFormat`, `jsonResponseToolName`).
 */
export class AnthropicProvider extends HttpProvider {
  readonly native: ReadonlySet<ClientFormat> = new Set(['anthropic']);

  constructor(name: string, config: ProviderConfig) {
    super(name, config, { 'anthropic-version': '2023-06-01', ...(config.api_key ? { 'x-api-key': config.api_key } : {}), ...config.headers });
  }

  protected override headersFor(options: CallOptions): Readonly<Record<string, string>> {
    return options.forward ? { ...this.headers, ...options.forward } : this.headers;
  }

  /** What Claude counts for an image, for a count made locally (Google's `countTokens`, OpenAI's `input_tokens`). */
  imageTokens(model: string, image: ChatImage): number {
    return claudeChatImageTokens(model, image);
  }

  /** What Claude counts for a PDF: each page as an image, plus its text. */
  pdfTokens(_model: string, pdf: PdfSummary): number {
    return claudePdfTokens(pdf);
  }

  /**
   * An OpenAI client that sets no output cap gets whatever room the window leaves (OpenAI refuses
   * no such request for its cap); Claude needs `max_tokens`, and the gateway's default can overrun
   * a window the prompt nearly fills, which Claude refuses in numbers ("input length and
   * `max_tokens` exceed context limit: 198000 + 4096 > 200000"). Asked again once with the room
   * those numbers leave, the call is answered as OpenAI would answer it; any other refusal, or a
   * cap the client chose, stays the client's 400.
   */
  protected override askAgain(error: SwitchyardError, call: UpstreamCall, options: CallOptions): UpstreamCall | undefined {
    if (call.request === undefined) return undefined;
    const room = roomLeft(error, call.request, options);
    if (room === undefined) return undefined;
    // Without `request`, the second call is not asked again.
    return { ...this.chatCall(call.request, { ...options, outputLimit: room }, call.stream === true), request: undefined };
  }

  protected chatCall(request: ChatCompletionRequest, options: CallOptions, stream: boolean): UpstreamCall {
    // Names Claude refuses (a Gemini client's `fs.read`, past 128 characters) go out as names it takes and come back as the client's.
    const named = withUpstreamToolNames(request, renamedTools(request, ANTHROPIC_TOOL_NAMES), ANTHROPIC_TOOL_NAMES);
    return { path: MESSAGES, body: JSON.stringify({ ...toAnthropicRequest(named, options.model, options.decisions, options.outputLimit), stream }), request, stream };
  }

  protected parseCompletion(text: string, request: ChatCompletionRequest, options: CallOptions): GenerateResult {
    const message = parseJson(this.name, text) as AnthropicMessageResponse;
    const completion = withClientToolNames(stopCompletion(fromAnthropicResponse(message, { jsonResponseTool: jsonResponseToolName(request, options.model), namedTool: forcesNamedTool(request) }), splitStops(request.stop).held), renamedTools(request, ANTHROPIC_TOOL_NAMES));
    return { completion, usage: message.usage ? usageFromAnthropic(message.usage) : undefined };
  }

  protected chunkDecoder(request: ChatCompletionRequest, options: CallOptions): ChunkDecoder {
    return clientNamedChunks(new AnthropicChunkDecoder(this.name, jsonResponseToolName(request, options.model), forcesNamedTool(request), splitStops(request.stop).held), renamedTools(request, ANTHROPIC_TOOL_NAMES));
  }

  async nativeGenerate(body: JsonObject, options: CallOptions): Promise<NativeAnswer> {
    const upstream = await this.post({ path: MESSAGES, body: claudeBody(body, options), format: 'anthropic' }, options);
    const text = await this.readAll(upstream, options);
    const json = parseJson(this.name, text) as { usage?: Parameters<typeof usageFromAnthropic>[0] };
    return { text, usage: json.usage ? usageFromAnthropic(json.usage) : undefined };
  }

  async nativeStream(body: JsonObject, options: CallOptions): Promise<NativeStream> {
    const upstream = await this.post({ path: MESSAGES, body: claudeBody(body, options), format: 'anthropic' }, options);
    return this.relay(upstream, new AnthropicNativeRelay(this.name), options);
  }

  async countTokens(body: JsonObject, options: CallOptions): Promise<string> {
    const upstream = await this.post({ path: `${MESSAGES}/count_tokens`, body: claudeBody(body, options), format: 'anthropic' }, options);
    return this.readAll(upstream, options);
  }
}

/**
 * An Anthropic client's body for Claude: as sent, unless it carries thinking blocks the gateway
 * wrote (see `unsigned-thinking.ts`) or system messages the model refuses (`folded-system-turns.ts`).
 */
function claudeBody(body: JsonObject, options: CallOptions): string {
  const claude = withFoldedSystemTurns(withoutUnsignedThinking(body, options.model, options.decisions), options.model, options.decisions);
  return claude === body ? nativeBody(body, options) : JSON.stringify({ ...claude, model: options.model });
}

/** Claude's refusal of a prompt and `max_tokens` together past the window, with its three numbers. */
const PAST_WINDOW_WITH_CAP = /input length and `max_tokens` exceed context limit: (\d+) \+ (\d+) > (\d+)/;

/**
 * The cap to ask again with after Claude refused the gateway's default `max_tokens` for a request
 * whose client set none: the window less the prompt, as Claude counted both; undefined when the
 * refusal is another, the client chose the cap, the room is under a quarter of the default, or the
 * request would still ask for more (thinking adds its budget to the default). Said on the trace as an `output_cap`.
 *
 * @example roomLeft(refusal, request, options) // 2000, after "… exceed context limit: 198000 + 4096 > 200000 …"
 */
function roomLeft(error: unknown, request: ChatCompletionRequest, options: CallOptions): number | undefined {
  if (!(error instanceof SwitchyardError) || error.status !== 400) return undefined;
  if ((request.max_completion_tokens ?? request.max_tokens ?? undefined) !== undefined) return undefined;
  const numbers = PAST_WINDOW_WITH_CAP.exec(error.vendorError?.message ?? error.message);
  if (!numbers) return undefined;
  const [prompt, cap, window] = [Number(numbers[1]), Number(numbers[2]), Number(numbers[3])];
  const room = window - prompt;
  // Under a quarter of the default the answer would be cut short where a larger window (a later
  // target of the chain) answers whole: the refusal then goes on as a prompt too long does.
  if (room * 4 < cap || room >= cap || toAnthropicRequest(request, options.model, undefined, room).max_tokens > room) return undefined;
  options.decisions?.decide('output_cap', { requested: null, sent: room, model: options.model, reason: `the request set no output cap; ${options.model} refused the default ${cap} as the ${prompt}-token prompt left ${room} of its ${window}-token window, so it was asked again with ${room}` });
  return room;
}
