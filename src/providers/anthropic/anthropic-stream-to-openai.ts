/**
 * Anthropic stream events → OpenAI chat completion chunks, one event at a time (client speaks
 * OpenAI, upstream is Anthropic). Allocates only the chunks it returns: this runs for every event.
 */
import type { AnthropicContentBlock, AnthropicStreamEvent } from '../../core/anthropic-wire.js';
import type { ChatChunkChoice, ChatCompletionChunk, ChatFinishReason, ChatUsage } from '../../core/openai-wire.js';
import { streamErrorToSwitchyard } from './anthropic-error.js';
import { chatCompletionId } from './convert-from-anthropic-response.js';
import { openAIServiceTier } from '../openai-usage-details.js';
import { type AnthropicUsageCounts, toOpenAIUsage } from './convert-usage.js';
import { toOpenAIFinishReason } from './map-stop-reason.js';
import { searchCallOf, urlCitations } from './web-search-answer.js';

export interface AnthropicToOpenAIStreamOptions {
  /** The client's `stream_options.include_usage`: end with a `choices: []` chunk carrying usage. */
  includeUsage?: boolean | undefined;
  /** From `jsonResponseToolName(request)`: stream that tool's input as `content` text. */
  jsonResponseTool?: string | undefined;
  /** From `forcesNamedTool(request)`: the client forced one named function, so the turn reports `stop` as OpenAI does. */
  namedTool?: boolean | undefined;
  /** Model name to show the client; defaults to the upstream's. */
  model?: string | undefined;
  /** Unix seconds for `created`; defaults to now. */
  created?: number | undefined;
  /** Upstream name used in error messages. */
  upstream?: string | undefined;
}

/** What a content block index stands for on the OpenAI side. */
type BlockKind =
  | { kind: 'text'; start: number; citations: unknown[] }
  | { kind: 'reasoning'; thinking: string; signature: string }
  | { kind: 'json' }
  | { kind: 'tool'; toolIndex: number }
  | { kind: 'search'; id: string; input: string }
  | { kind: 'other' };

/**
 * Stateful converter. Feed every parsed event to `push`; send the returned chunks in order.
 * An `error` event throws a `SwitchyardError` with the status its type stands for.
 *
 * @example
 * const stream = new AnthropicToOpenAIStream({ includeUsage: true });
 * for (const event of events) for (const chunk of stream.push(event)) send(chunk);
 * record(stream.usage); // { prompt_tokens, completion_tokens, … } even without includeUsage
 */
export class AnthropicToOpenAIStream {
  private readonly options: AnthropicToOpenAIStreamOptions;
  private id = '';
  private model = '';
  private readonly created: number;
  private readonly blocks: BlockKind[] = [];
  private toolCount = 0;
  private jsonSeen = false;
  private counts: AnthropicUsageCounts = {};
  private sawUsage = false;
  /** Whether a thinking block came: without Claude's own count, reasoning_tokens is then unknown rather than 0. */
  private thought = false;
  private finished = false;
  private usageSent = false;
  private stopReason: string | null = null;
  private serviceTier: 'default' | 'priority' = 'default';
  /** Content sent so far, in UTF-16 units: where a cited text block starts and ends. */
  private contentLength = 0;
  private searches = 0;

  constructor(options: AnthropicToOpenAIStreamOptions = {}) {
    this.options = options;
    this.created = options.created ?? Math.floor(Date.now() / 1000);
  }

  /** Usage so far in OpenAI terms (complete after `message_delta`); undefined before any usage. */
  get usage(): ChatUsage | undefined {
    return this.sawUsage ? toOpenAIUsage(this.counts, this.thought) : undefined;
  }

  /** Web searches Claude ran, as its usage counts them (billed per search). */
  get webSearches(): number {
    return this.searches;
  }

  /** The upstream's `stop_reason`, once known. */
  get anthropicStopReason(): string | null {
    return this.stopReason;
  }

  /** Converts one event; returns zero or more chunks. */
  push(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case 'message_start': {
        const message = event.message;
        this.id = chatCompletionId(message.id);
        this.model = this.options.model ?? message.model;
        this.addUsage(message.usage);
        this.serviceTier = openAIServiceTier(message.usage?.service_tier);
        return [this.chunk({ role: 'assistant', content: '', refusal: null })];
      }
      case 'content_block_start':
        return this.startBlock(event.index, event.content_block);
      case 'content_block_delta':
        return this.delta(event.index, event.delta);
      case 'content_block_stop':
        return this.stopBlock(event.index);
      case 'message_delta': {
        this.addUsage(event.usage);
        const reason = event.delta.stop_reason;
        // Several message_delta events may come; only the first with a reason ends the choice.
        if (reason === null || reason === undefined || this.finished) return [];
        this.finished = true;
        this.stopReason = reason;
        const forced = this.options.namedTool === true || (this.jsonSeen && this.toolCount === 0);
        return [this.chunk({}, toOpenAIFinishReason(reason, forced))];
      }
      case 'message_stop':
        return this.finish();
      case 'error':
        throw streamErrorToSwitchyard(event.error, { upstream: this.options.upstream });
      default:
        // content_block_stop, ping and event types added later carry nothing for OpenAI.
        return [];
    }
  }

  /**
   * Emits the final usage chunk if the client asked for one and it has not been sent. Called by
   * `message_stop`; call it yourself if the upstream ends without one.
   */
  finish(): ChatCompletionChunk[] {
    if (!this.options.includeUsage || this.usageSent) return [];
    this.usageSent = true;
    const chunk = this.chunk(null);
    chunk.usage = toOpenAIUsage(this.counts, this.thought);
    return [chunk];
  }

  private startBlock(index: number, content: AnthropicContentBlock): ChatCompletionChunk[] {
    const block = content as { type: string; [key: string]: unknown };
    if (block.type === 'tool_use') {
      const name = block['name'] as string;
      if (name === this.options.jsonResponseTool) {
        this.blocks[index] = { kind: 'json' };
        this.jsonSeen = true;
        return [];
      }
      const toolIndex = this.toolCount++;
      this.blocks[index] = { kind: 'tool', toolIndex };
      const call = { index: toolIndex, id: block['id'] as string, type: 'function' as const, function: { name, arguments: '' } };
      return [this.chunk({ tool_calls: [call] })];
    }
    if (block.type === 'text') {
      this.blocks[index] = { kind: 'text', start: this.contentLength, citations: Array.isArray(block['citations']) ? [...block['citations']] : [] };
      const text = block['text'];
      return typeof text === 'string' && text.length > 0 ? [this.content(text)] : [];
    }
    if (block.type === 'server_tool_use' && block['name'] === 'web_search') {
      // The query streams as input_json_delta; the search is whole when the block closes.
      const input = block['input'];
      const whole = input && typeof input === 'object' && Object.keys(input).length > 0 ? JSON.stringify(input) : '';
      this.blocks[index] = { kind: 'search', id: String(block['id'] ?? ''), input: whole };
      return [];
    }
    if (block.type === 'thinking' || block.type === 'redacted_thinking') this.thought = true;
    if (block.type === 'thinking') {
      const thinking = typeof block['thinking'] === 'string' ? block['thinking'] : '';
      this.blocks[index] = { kind: 'reasoning', thinking, signature: typeof block['signature'] === 'string' ? block['signature'] : '' };
      return thinking.length > 0 ? [this.chunk({ reasoning_content: thinking })] : [];
    }
    if (block.type === 'redacted_thinking') {
      this.blocks[index] = { kind: 'other' };
      return [this.chunk({ thinking_blocks: [{ type: 'redacted_thinking', data: String(block['data'] ?? '') }] })];
    }
    this.blocks[index] = { kind: 'other' };
    return [];
  }

  /** A signed thinking block, whole, once it closes (see `ThinkingBlock`): its text streamed already as reasoning_content. */
  private stopBlock(index: number): ChatCompletionChunk[] {
    const block = this.blocks[index];
    if (block?.kind === 'search') return [this.chunk({ web_search_calls: [searchCallOf({ id: block.id, name: 'web_search', input: parseInput(block.input) })] })];
    if (block?.kind === 'text') {
      const annotations = urlCitations(block.citations, block.start, this.contentLength);
      return annotations.length > 0 ? [this.chunk({ annotations })] : [];
    }
    if (block?.kind !== 'reasoning' || block.signature === '') return [];
    return [this.chunk({ thinking_blocks: [{ type: 'thinking', thinking: block.thinking, signature: block.signature }] })];
  }

  private delta(index: number, delta: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>['delta']): ChatCompletionChunk[] {
    const block = this.blocks[index];
    switch (delta.type) {
      case 'text_delta':
        return delta.text.length > 0 ? [this.content(delta.text)] : [];
      case 'thinking_delta':
        if (block?.kind === 'reasoning') block.thinking += delta.thinking;
        return delta.thinking.length > 0 ? [this.chunk({ reasoning_content: delta.thinking })] : [];
      case 'signature_delta':
        if (block?.kind === 'reasoning') block.signature = delta.signature;
        return [];
      case 'input_json_delta':
        // Anthropic opens each tool input with an empty partial_json; nothing to send for it.
        if (delta.partial_json.length === 0 || block === undefined) return [];
        if (block.kind === 'search') {
          block.input += delta.partial_json;
          return [];
        }
        if (block.kind === 'json') return [this.chunk({ content: delta.partial_json })];
        if (block.kind !== 'tool') return [];
        return [this.chunk({ tool_calls: [{ index: block.toolIndex, function: { arguments: delta.partial_json } }] })];
      case 'citations_delta':
        // Its web pages become annotations over the block's text when it closes (see stopBlock).
        if (block?.kind === 'text') block.citations.push(delta.citation);
        return [];
      default:
        return [];
    }
  }

  private addUsage(usage: AnthropicUsageCounts | undefined): void {
    if (!usage) return;
    this.sawUsage = true;
    // message_delta counts are cumulative, and may be null for fields it does not repeat.
    const counts = this.counts;
    if (typeof usage.input_tokens === 'number') counts.input_tokens = usage.input_tokens;
    if (typeof usage.output_tokens === 'number') counts.output_tokens = usage.output_tokens;
    if (typeof usage.cache_read_input_tokens === 'number') counts.cache_read_input_tokens = usage.cache_read_input_tokens;
    if (typeof usage.cache_creation_input_tokens === 'number') {
      counts.cache_creation_input_tokens = usage.cache_creation_input_tokens;
    }
    if (usage.output_tokens_details) counts.output_tokens_details = usage.output_tokens_details;
    const searches = (usage as { server_tool_use?: { web_search_requests?: unknown } | null }).server_tool_use?.web_search_requests;
    if (typeof searches === 'number') this.searches = searches;
  }

  /** Answer text, counted so citations can say where in it they apply. */
  private content(text: string): ChatCompletionChunk {
    this.contentLength += text.length;
    return this.chunk({ content: text });
  }

  /** A chunk with the fields every OpenAI chunk carries, `service_tier` and (null) `system_fingerprint` among them. */
  private chunk(delta: ChatChunkChoice['delta'] | null, finishReason: ChatFinishReason | null = null): ChatCompletionChunk {
    const chunk: ChatCompletionChunk = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      service_tier: this.serviceTier,
      // OpenAI's fingerprint names its backend configuration; there is none to name here.
      system_fingerprint: null,
      choices: delta === null ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    };
    // With include_usage, OpenAI sends `usage: null` on every chunk but the last.
    if (this.options.includeUsage) chunk.usage = null;
    return chunk;
  }
}

function parseInput(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return {};
  }
}
