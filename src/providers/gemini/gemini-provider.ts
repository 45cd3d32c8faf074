import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderConfig } from '../../config/schema.js';
import type { SwitchyardError } from '../../core/errors.js';
import type { ClientFormat } from '../../core/formats.js';
import { newChatCompletionId } from '../../core/ids.js';
import { type ChatCompletionRequest, type EmbeddingsRequest, isJsonObject, type JsonObject } from '../../core/openai-wire.js';
import { tokenCounter } from '../../tokens/count-tokens.js';
import { type ChatImage, geminiChatImageTokens } from '../../tokens/image-tokens.js';
import { geminiPdfTokens, type PdfSummary } from '../../tokens/pdf-tokens.js';
import { usageFromOpenAI, withSearches } from '../../tokens/usage.js';
import { geminiSearchUsd } from '../../tokens/web-search-price.js';
import { webSearchOf } from '../../core/web-search.js';
import { type ChunkDecoder, HttpProvider, type UpstreamCall } from '../http-provider.js';
import { forcesNamedTool } from '../named-tool-choice.js';
import { parseJson } from '../parse-json.js';
import type { CallOptions, EmbeddingsAnswer, GenerateResult, NativeAnswer, NativeStream } from '../spec.js';
import { usageFromGemini } from './convert-usage.js';
import { GeminiNativeRelay } from './gemini-native-relay.js';
import { fromGeminiEmbedResponse, toGeminiEmbedRequests, untranslatedEmbeddingFields } from './convert-embeddings.js';
import { noteDropped } from '../dropped-params.js';
import { fromGeminiResponse, oneToolCall } from './convert-from-gemini-response.js';
import { toGeminiRequest } from './convert-to-gemini-request.js';
import { GeminiChunkDecoder } from './gemini-chunk-decoder.js';
import { splitGeminiStops } from './gemini-stop-limits.js';
import { stopCompletion } from '../held-stops.js';
import { clientNamedChunks, GEMINI_TOOL_NAMES, renamedTools, withClientToolNames, withUpstreamToolNames } from '../upstream-tool-names.js';
import { parseGeminiError } from './gemini-error.js';
import { geminiServedTier } from './gemini-service-tier.js';
import { geminiChatPath, geminiCountPath, geminiEmbedPath, geminiHeaders, geminiModelResource } from './gemini-paths.js';
import type { BatchEmbedContentsResponse, EmbedContentResponse, GenerateContentResponse } from './gemini-wire.js';

/**
 * Google's Gemini API (`type: gemini`, base URL `https://generativelanguage.googleapis.com`).
 * A client of the gateway's Gemini API gets the native exchange (its body sent as received, the
 * answer relayed byte for byte); every other call goes through the canonical format both ways.
 */
export class GeminiProvider extends HttpProvider {
  readonly native: ReadonlySet<ClientFormat> = new Set(['gemini']);

  constructor(name: string, config: ProviderConfig) {
    super(name, config, { ...(config.api_key ? geminiHeaders(config.api_key) : {}), ...config.headers });
  }

  imageTokens(model: string, image: ChatImage): number {
    return geminiChatImageTokens(model, image);
  }

  /** What Gemini counts for a PDF: a fixed cost a page at the default media resolution. */
  pdfTokens(model: string, pdf: PdfSummary): number {
    return geminiPdfTokens(model, pdf);
  }

  protected chatCall(request: ChatCompletionRequest, options: CallOptions, stream: boolean): UpstreamCall {
    // Names Gemini refuses (past 64 characters, or a character outside `a-zA-Z0-9_.:-`) go out as names it takes and come back as the client's.
    const named = withUpstreamToolNames(request, renamedTools(request, GEMINI_TOOL_NAMES), GEMINI_TOOL_NAMES);
    return { path: geminiChatPath(options.model, stream), body: JSON.stringify(toGeminiRequest(named, { model: options.model, decisions: options.decisions, outputLimit: options.outputLimit })) };
  }

  protected parseCompletion(text: string, request: ChatCompletionRequest, options: CallOptions, headers?: IncomingHttpHeaders): GenerateResult {
    const answer = parseJson(this.name, text) as GenerateContentResponse;
    // The tier that served (and bills) the call is said only in a response header.
    const serviceTier = geminiServedTier(headers);
    const converted = fromGeminiResponse(answer, { model: options.model, id: newChatCompletionId(), namedTool: forcesNamedTool(request), oneToolCall: oneToolCall(request), serviceTier });
    // Stop sequences past Gemini's 5 are applied here, naming the one matched (see held-stops.ts).
    const completion = withClientToolNames(stopCompletion(converted, splitGeminiStops(request.stop).held, true), renamedTools(request, GEMINI_TOOL_NAMES));
    // Grounding's searches are billed on top of tokens, per prompt or per query by model (see web-search-price.ts).
    const searches = (completion.choices[0]?.message['web_search_calls'] as unknown[] | undefined)?.length ?? 0;
    return { completion, usage: completion.usage ? withSearches(usageFromOpenAI(completion.usage, serviceTier), searches, geminiSearchUsd(options.model, searches)) : undefined };
  }

  protected chunkDecoder(request: ChatCompletionRequest, options: CallOptions, headers?: IncomingHttpHeaders): ChunkDecoder {
    const serviceTier = geminiServedTier(headers);
    const decoder = new GeminiChunkDecoder(this.name, { id: newChatCompletionId(), model: options.model, namedTool: forcesNamedTool(request), oneToolCall: oneToolCall(request), grounded: webSearchOf(request) !== undefined, serviceTier }, splitGeminiStops(request.stop).held);
    return clientNamedChunks(decoder, renamedTools(request, GEMINI_TOOL_NAMES));
  }

  protected override parseError(status: number, headers: IncomingHttpHeaders, text: string, format?: ClientFormat): SwitchyardError {
    return parseGeminiError(status, headers, text, this.name, format);
  }

  async nativeGenerate(body: JsonObject, options: CallOptions): Promise<NativeAnswer> {
    const upstream = await this.post({ path: geminiChatPath(options.model, false), body: geminiNativeBody(body, options), format: 'gemini' }, options);
    const text = await this.readAll(upstream, options);
    const { usageMetadata } = parseJson(this.name, text) as GenerateContentResponse;
    // Billed at the tier that served the call, said only in a response header, as on translated calls.
    return { text, usage: usageMetadata ? usageFromOpenAI(usageFromGemini(usageMetadata), geminiServedTier(upstream.headers)) : undefined };
  }

  async nativeStream(body: JsonObject, options: CallOptions): Promise<NativeStream> {
    const upstream = await this.post({ path: geminiChatPath(options.model, true), body: geminiNativeBody(body, options), format: 'gemini' }, options);
    return this.relay(upstream, new GeminiNativeRelay(this.name, geminiServedTier(upstream.headers)), options);
  }

  /**
   * Google's `countTokens`, asked of Google: its exact count (a `cachedContent` included), which
   * no local count can give. A `generateContentRequest` names its model, the upstream one here.
   */
  async countGeminiTokens(body: JsonObject, options: CallOptions): Promise<string> {
    const inner = body.generateContentRequest;
    const sent = isJsonObject(inner) ? JSON.stringify({ ...body, generateContentRequest: { ...inner, model: geminiModelResource(options.model) } }) : JSON.stringify(body);
    const upstream = await this.post({ path: geminiCountPath(options.model), body: sent, format: 'gemini' }, options);
    return this.readAll(upstream, options);
  }

  async embed(body: JsonObject, options: CallOptions): Promise<EmbeddingsAnswer> {
    const request = body as EmbeddingsRequest;
    noteDropped(options.decisions, 'gemini', untranslatedEmbeddingFields(request));
    // More than 100 inputs take several calls, one after another: a batch of 2,048 is 21 calls,
    // which sent at once would spend a rate limit in a burst.
    const json: (EmbedContentResponse | BatchEmbedContentsResponse)[] = [];
    for (const { method, body: geminiBody } of toGeminiEmbedRequests(request, options.model)) {
      const upstream = await this.post({ path: geminiEmbedPath(options.model, method), body: JSON.stringify(geminiBody) }, options);
      json.push(parseJson(this.name, await this.readAll(upstream, options)) as EmbedContentResponse | BatchEmbedContentsResponse);
    }
    // Gemini reports no usage for embeddings: count the input locally.
    const count = tokenCounter();
    const inputs = typeof request.input === 'string' ? [request.input] : Array.isArray(request.input) ? request.input.filter((i): i is string => typeof i === 'string') : [];
    const promptTokens = (await Promise.all(inputs.map((text) => count.text(text)))).reduce((sum, n) => sum + n, 0);
    // The model that made the vectors, as for chat answers and OpenAI's own embeddings (not the gateway alias).
    const response = fromGeminiEmbedResponse(json, { model: options.model, encodingFormat: request.encoding_format, promptTokens });
    return { text: JSON.stringify(response), usage: { ...usageFromOpenAI(response.usage), estimated: true }, count: response.data.length };
  }
}

/**
 * A Gemini API client's body for the upstream: its text as received while no stage changed it (the
 * model is in the path, so nothing needs replacing), else the body without the `model` and
 * `stream` the gateway put on it (Google refuses fields it does not know).
 */
function geminiNativeBody(body: JsonObject, options: CallOptions): string {
  if (options.bodyText !== undefined) return options.bodyText;
  const { model: _model, stream: _stream, ...rest } = body;
  return JSON.stringify(rest);
}
