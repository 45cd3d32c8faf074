/**
 * Gemini stream events → OpenAI chat completion chunks (client speaks OpenAI, upstream is Gemini).
 * Each Gemini event is a whole `GenerateContentResponse` holding the next slice of every
 * candidate; function calls arrive whole, usage comes (cumulatively) with events and is final on
 * the last one. Gemini sends no end-of-stream event, so `finish()` is what closes the choices.
 */
import type { ChatChunkChoice, ChatCompletionChunk, ChatFinishReason, ChatUsage } from '../../core/openai-wire.js';
import { SwitchyardError } from '../../core/errors.js';
import { completionId, partsOf, readPart, toolCall } from './convert-from-gemini-response.js';
import { toOpenAILogprobs } from './convert-logprobs.js';
import { usageFromGemini } from './convert-usage.js';
import { streamErrorToSwitchyard } from './gemini-error.js';
import type { GeminiErrorBody, GeminiUsageMetadata, GenerateContentResponse } from './gemini-wire.js';
import { blockedPromptMessage, toOpenAIFinishReason } from './map-finish-reason.js';
import { groundingCitations, groundingSearches } from './grounding-metadata.js';

export interface GeminiToOpenAIStreamOptions {
  /** The client's `stream_options.include_usage`: end with a `choices: []` chunk carrying usage. */
  includeUsage?: boolean | undefined;
  /** Model name to show the client; defaults to Gemini's `modelVersion`. */
  model?: string | undefined;
  /** Completion id (unique per answer: tool call ids derive from it); defaults to one from `responseId`. */
  id?: string | undefined;
  /** Unix seconds for `created`; defaults to now. */
  created?: number | undefined;
  /** Provider name used in error messages. */
  upstream?: string | undefined;
  /** From `forcesNamedTool(request)`: the client forced one named function, so the turn reports `stop` as OpenAI does. */
  namedTool?: boolean | undefined;
  /** From `oneToolCall(request)`: the client takes at most one tool call a turn; later ones are left out. */
  oneToolCall?: boolean | undefined;
  /** The request asked for Google Search grounding: the text is kept, for its citations. */
  grounded?: boolean | undefined;
  /** The tier that served the call, from the `x-gemini-service-tier` header (`geminiServedTier`); default `default`. */
  serviceTier?: 'flex' | 'priority' | 'default' | undefined;
}

interface ChoiceState {
  toolCalls: number;
  /** Gemini's finishReason as last seen (old models repeat it on every event). */
  reason: string | undefined;
  blocked: boolean;
  /** The text so far, kept only once the answer is grounded: its citations index it. */
  text: string;
  /** Google Search grounding, as last sent (each event repeats the whole). */
  grounding: unknown;
}

/**
 * Stateful converter. Feed every parsed event to `push` and send the returned chunks in order;
 * when the upstream body ends, send what `finish()` returns. An error object in the stream
 * (`{ error: { code, message, status } }`) throws a `SwitchyardError` with its status.
 *
 * @example
 * const stream = new GeminiToOpenAIStream({ includeUsage: true, id: 'chatcmpl-1' });
 * for (const event of events) for (const chunk of stream.push(event)) send(chunk);
 * for (const chunk of stream.finish()) send(chunk);
 * record(stream.usage);
 */
export class GeminiToOpenAIStream {
  private readonly options: GeminiToOpenAIStreamOptions;
  private readonly created: number;
  private id: string | undefined;
  private model: string | undefined;
  private readonly choices = new Map<number, ChoiceState>();
  private lastUsage: GeminiUsageMetadata | undefined;
  private finished = false;
  private searches = 0;

  constructor(options: GeminiToOpenAIStreamOptions = {}) {
    this.options = options;
    this.created = options.created ?? Math.floor(Date.now() / 1000);
    this.id = options.id;
    this.model = options.model;
  }

  /** Usage in OpenAI terms from the latest event that carried it; undefined before any. */
  get usage(): ChatUsage | undefined {
    return this.lastUsage ? usageFromGemini(this.lastUsage) : undefined;
  }

  /** Google searches the first choice's grounding ran. */
  get webSearches(): number {
    return this.searches;
  }

  /** Gemini's own finish reason of the first choice, for traces (OpenAI's is lossy). */
  get geminiFinishReason(): string | undefined {
    return this.choices.get(0)?.reason;
  }

  /** Converts one event; returns zero or more chunks. */
  push(event: GenerateContentResponse | GeminiErrorBody): ChatCompletionChunk[] {
    if (typeof event !== 'object' || event === null) throw new SwitchyardError('upstream_error', 'Gemini sent a stream event that is not an object', { retryable: true });
    if (isErrorBody(event)) throw streamErrorToSwitchyard(event, this.options.upstream);
    this.id ??= completionId(event);
    this.model ??= event.modelVersion ?? '';
    if (event.usageMetadata) this.lastUsage = event.usageMetadata;
    const chunks: ChatCompletionChunk[] = [];
    const candidates = Array.isArray(event.candidates) ? event.candidates.filter((c) => typeof c === 'object' && c !== null) : [];
    for (let position = 0; position < candidates.length; position++) {
      const candidate = candidates[position]!;
      const index = typeof candidate.index === 'number' ? candidate.index : position;
      const state = this.open(index, chunks);
      if (candidate.finishReason !== undefined) state.reason = candidate.finishReason;
      if (candidate.groundingMetadata) state.grounding = candidate.groundingMetadata;
      // Each event's logprobs cover the tokens of that event's text; they ride on its first text chunk.
      let logprobs = toOpenAILogprobs(candidate.logprobsResult);
      for (const part of partsOf(candidate)) {
        const read = readPart(part);
        if (read.kind === 'text' && read.text.length > 0) {
          if (this.options.grounded === true) state.text += read.text;
          const chunk = this.chunk(index, { content: read.text });
          if (logprobs) chunk.choices[0]!.logprobs = logprobs;
          logprobs = null;
          chunks.push(chunk);
        }
        else if (read.kind === 'thought' && read.text.length > 0) chunks.push(this.chunk(index, { reasoning_content: read.text }));
        else if (read.kind === 'call' && !(this.options.oneToolCall === true && state.toolCalls > 0)) {
          const call = toolCall(part, this.id, index, state.toolCalls);
          chunks.push(this.chunk(index, { tool_calls: [{ index: state.toolCalls++, ...call }] }));
        }
      }
    }
    const blockReason = event.promptFeedback?.blockReason;
    if (candidates.length === 0 && blockReason !== undefined) {
      const state = this.open(0, chunks);
      if (!state.blocked) {
        state.blocked = true;
        chunks.push(this.chunk(0, { refusal: blockedPromptMessage(blockReason, event.promptFeedback?.blockReasonMessage) }));
      }
    }
    return chunks;
  }

  /**
   * Closes every choice with its finish reason, then sends the usage chunk if the client asked
   * for one. Call once, when the upstream body has ended; later calls return nothing.
   */
  finish(): ChatCompletionChunk[] {
    if (this.finished) return [];
    this.finished = true;
    const chunks: ChatCompletionChunk[] = [];
    if (this.choices.size === 0) this.open(0, chunks);
    for (const [index, state] of [...this.choices].sort((a, b) => a[0] - b[0])) {
      if (state.grounding) chunks.push(...this.grounded(index, state));
      const reason: ChatFinishReason = state.blocked ? 'content_filter' : (toOpenAIFinishReason(state.reason, state.toolCalls > 0 && this.options.namedTool !== true) ?? 'stop');
      chunks.push(this.chunk(index, {}, reason));
    }
    if (this.options.includeUsage) {
      const chunk = this.chunk(0, null);
      chunk.usage = usageFromGemini(this.lastUsage);
      chunks.push(chunk);
    }
    return chunks;
  }

  /**
   * The grounding of a choice, known whole only at the end: its citations while the text is
   * still the open part, then the searches that found them.
   */
  private grounded(index: number, state: ChoiceState): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    const annotations = groundingCitations(state.grounding, state.text);
    if (annotations.length > 0) chunks.push(this.chunk(index, { annotations }));
    const searches = groundingSearches(state.grounding, this.id ?? '');
    if (index === 0) this.searches = searches.length;
    if (searches.length > 0) chunks.push(this.chunk(index, { web_search_calls: searches }));
    return chunks;
  }

  /** The state of choice `index`, announcing the choice with a role chunk the first time. */
  private open(index: number, chunks: ChatCompletionChunk[]): ChoiceState {
    let state = this.choices.get(index);
    if (!state) {
      state = { toolCalls: 0, reason: undefined, blocked: false, text: '', grounding: undefined };
      this.choices.set(index, state);
      chunks.push(this.chunk(index, { role: 'assistant', content: '', refusal: null }));
    }
    return state;
  }

  /** A chunk with the fields every OpenAI chunk carries: Gemini names no tier, and there is no backend fingerprint. */
  private chunk(index: number, delta: ChatChunkChoice['delta'] | null, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
    const chunk: ChatCompletionChunk = {
      id: this.id ?? '',
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model ?? '',
      service_tier: this.options.serviceTier ?? 'default',
      system_fingerprint: null,
      choices: delta === null ? [] : [{ index, delta, logprobs: null, finish_reason: finishReason }],
    };
    // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
    if (this.options.includeUsage) chunk.usage = null;
    return chunk;
  }
}

function isErrorBody(event: GenerateContentResponse | GeminiErrorBody): event is GeminiErrorBody {
  const error = (event as { error?: unknown }).error;
  return typeof error === 'object' && error !== null;
}
