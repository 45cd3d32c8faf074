/**
 * OpenAI chat completion chunks → Anthropic stream events (client speaks Anthropic, upstream
 * speaks OpenAI), in the order the Messages API streams them:
 * `message_start`, then per block `content_block_start` / `content_block_delta`… /
 * `content_block_stop`, then `message_delta` (stop reason, usage) and `message_stop`.
 */
import type { AnthropicContentBlock, AnthropicStopReason, AnthropicStreamEvent, AnthropicUsage } from '../../core/anthropic-wire.js';
import type { ChatChunkChoice, ChatCompletionChunk, ChatUsage, JsonObject } from '../../core/openai-wire.js';
import { anthropicMessageId, stopDetails } from './convert-to-anthropic-response.js';
import { toAnthropicDeltaUsage, toAnthropicUsage } from './convert-usage.js';
import { reportedStopSequence, toAnthropicStopReason } from './map-stop-reason.js';
import { searchCalls, type UrlCitation, urlCitationsOf, type WebSearchCall } from '../../core/web-search.js';
import { citedText, searchResult, serverToolUsage, serverToolUse } from './web-search-blocks.js';

export interface OpenAIToAnthropicStreamOptions {
  /** Model name to show the client; defaults to the upstream's. */
  model?: string | undefined;
  /**
   * Prompt tokens counted before the call, for `message_start` (OpenAI reports usage only at the
   * end; the exact count follows in `message_delta`).
   */
  inputTokens?: number | undefined;
  /** The client's `stop_sequences`, to report the one matched when the upstream says which. */
  stopSequences?: unknown;
  /**
   * The client offered Claude's web search: the text waits for the answer's end, when the
   * upstream's searches and citations are known (Gemini's grounding comes with its last event),
   * so the blocks come in Claude's order, searches first and cited text in blocks of its own.
   */
  holdText?: boolean | undefined;
}

type OpenBlock = { index: number; kind: 'text' | 'thinking' | 'tool' };

/**
 * Stateful converter. Feed every chunk to `push` and send the returned events in order; call
 * `finish()` when the upstream stream ends (at `[DONE]` or on close) to complete a stream that
 * ended without a finish_reason or without its usage chunk. Both are safe to call after the end.
 *
 * @example
 * const stream = new OpenAIToAnthropicStream();
 * for (const chunk of chunks) for (const event of stream.push(chunk)) send(event.type, event);
 * for (const event of stream.finish()) send(event.type, event);
 */
export class OpenAIToAnthropicStream {
  private readonly options: OpenAIToAnthropicStreamOptions;
  private id = '';
  private model = '';
  private started = false;
  private done = false;
  private open: OpenBlock | undefined;
  private nextIndex = 0;
  /** Content block index for each OpenAI tool call index. */
  private readonly toolBlocks: number[] = [];
  private stopReason: AnthropicStopReason | undefined;
  /** The stop sequence matched, when the upstream said which (see `reportedStopSequence`). */
  private stopSequence: string | null = null;
  private lastUsage: ChatUsage | undefined;
  /** The upstream's `service_tier` (OpenAI sends it on every chunk), for message_start's usage. */
  private serviceTier: unknown;
  /** Text held for its citations (`holdText`), and the citations and searches seen. */
  private held = '';
  private readonly citations: UrlCitation[] = [];
  private searches = 0;

  constructor(options: OpenAIToAnthropicStreamOptions = {}) {
    this.options = options;
  }

  /** The upstream's usage, once a chunk carried it (for accounting). */
  get usage(): ChatUsage | undefined {
    return this.lastUsage;
  }

  /** Converts one chunk; returns zero or more events. */
  push(chunk: ChatCompletionChunk): AnthropicStreamEvent[] {
    if (this.done) return [];
    const events: AnthropicStreamEvent[] = [];
    if (chunk.usage) this.lastUsage = chunk.usage;
    if (!this.started) {
      this.serviceTier = chunk['service_tier'];
      this.start(chunk.id, chunk.model, events);
    }
    const choice = chunk.choices[0];
    if (choice) {
      this.delta(choice.delta, events);
      if (choice.finish_reason) {
        this.release(events);
        this.closeBlock(events);
        this.stopReason = toAnthropicStopReason(choice.finish_reason, this.toolBlocks.length > 0);
        if (this.options.stopSequences !== undefined && this.toolBlocks.length === 0) {
          this.stopSequence = reportedStopSequence(choice.finish_reason, (choice as { stop_reason?: unknown }).stop_reason, this.options.stopSequences);
          if (this.stopSequence !== null) this.stopReason = 'stop_sequence';
        }
      }
    }
    // OpenAI sends usage in a chunk after the finish_reason; wait for it so message_delta is exact.
    if (this.stopReason !== undefined && this.lastUsage !== undefined) this.end(events);
    return events;
  }

  /** Completes the stream: closes the open block and sends `message_delta` and `message_stop`. */
  finish(): AnthropicStreamEvent[] {
    if (this.done) return [];
    const events: AnthropicStreamEvent[] = [];
    if (!this.started) this.start('', '', events);
    this.release(events);
    this.closeBlock(events);
    this.stopReason ??= this.toolBlocks.length > 0 ? 'tool_use' : 'end_turn';
    this.end(events);
    return events;
  }

  private start(upstreamId: string, upstreamModel: string, events: AnthropicStreamEvent[]): void {
    this.started = true;
    this.id = anthropicMessageId(upstreamId);
    this.model = this.options.model ?? upstreamModel;
    // The whole Usage, as Claude's message_start carries it; output so far is counted at the end
    // (message_delta), thinking included.
    const usage: AnthropicUsage = { ...toAnthropicUsage(this.lastUsage, this.serviceTier), output_tokens: 0, output_tokens_details: null };
    if (!this.lastUsage) usage.input_tokens = this.options.inputTokens ?? 0;
    events.push({
      type: 'message_start',
      message: { id: this.id, type: 'message', role: 'assistant', model: this.model, content: [], stop_reason: null, stop_sequence: null, stop_details: null, container: null, diagnostics: null, usage },
    });
  }

  private delta(delta: ChatChunkChoice['delta'], events: AnthropicStreamEvent[]): void {
    // `reasoning_content` (DeepSeek, vLLM) or `reasoning` (OpenRouter, newer vLLM).
    const reasoning = delta['reasoning_content'] ?? delta['reasoning'];
    if (typeof reasoning === 'string' && reasoning.length > 0) {
      const index = this.ensureBlock('thinking', events);
      events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: reasoning } });
    }
    const holder = delta as JsonObject;
    this.citations.push(...urlCitationsOf(holder));
    for (const call of searchCalls(holder)) this.search(call, events);
    const text = typeof delta.content === 'string' && delta.content.length > 0 ? delta.content : delta.refusal;
    if (typeof text === 'string' && text.length > 0) {
      if (this.options.holdText) this.held += text;
      else {
        const index = this.ensureBlock('text', events);
        events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
      }
    }
    const calls = delta.tool_calls;
    if (!calls) return;
    this.release(events);
    for (const call of calls) {
      const toolIndex = call.index ?? 0;
      let index = this.toolBlocks[toolIndex];
      if (index === undefined) {
        this.closeBlock(events);
        index = this.nextIndex++;
        this.toolBlocks[toolIndex] = index;
        this.open = { index, kind: 'tool' };
        // OpenAI always sends the id first; a server that does not still needs a stable one.
        const id = call.id ?? `toolu_${this.id.slice(4)}_${toolIndex}`;
        const name = call.function?.name ?? '';
        events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id, name, input: {} } });
      }
      const args = call.function?.arguments;
      // Arguments for an already closed call (interleaved parallel calls) still go to its index:
      // block indices let clients place them, and dropping them would corrupt the input.
      if (typeof args === 'string' && args.length > 0) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: args } });
      }
    }
  }

  /** A search as Claude streams it: its use (the query as an input_json_delta), then its result whole. */
  private search(call: WebSearchCall, events: AnthropicStreamEvent[]): void {
    this.closeBlock(events);
    const use = serverToolUse(call) as JsonObject;
    const index = this.nextIndex++;
    events.push({ type: 'content_block_start', index, content_block: { ...use, input: {} } as AnthropicContentBlock });
    events.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(use['input']) } });
    events.push({ type: 'content_block_stop', index });
    // Gemini's grounding comes after its text: by then the citations are known.
    const result = this.nextIndex++;
    events.push({ type: 'content_block_start', index: result, content_block: searchResult(call, this.citations, this.searches === 0) });
    events.push({ type: 'content_block_stop', index: result });
    this.searches++;
  }

  /** The held text (see `holdText`), in blocks cut by its citations, each cited one's citations before its text. */
  private release(events: AnthropicStreamEvent[]): void {
    if (this.held === '') return;
    const text = this.held;
    this.held = '';
    this.closeBlock(events);
    for (const block of citedText(text, this.citations)) {
      const index = this.nextIndex++;
      events.push({ type: 'content_block_start', index, content_block: block.citations ? { type: 'text', text: '', citations: [] } : { type: 'text', text: '' } });
      for (const citation of block.citations ?? []) events.push({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } });
      events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
      events.push({ type: 'content_block_stop', index });
    }
  }

  /** The open block of this kind, opening one (and closing the previous) if needed. */
  private ensureBlock(kind: 'text' | 'thinking', events: AnthropicStreamEvent[]): number {
    if (this.open?.kind === kind) return this.open.index;
    this.closeBlock(events);
    const index = this.nextIndex++;
    this.open = { index, kind };
    events.push({
      type: 'content_block_start',
      index,
      content_block: kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' },
    });
    return index;
  }

  /**
   * Closes the open block. A thinking block first gets its `signature_delta`, as Claude sends one
   * before every thinking block ends: empty, as the whole answer's is (no provider signed the
   * reasoning; `unsigned-thinking.ts` leaves it out on its way back to Claude). Clients that keep
   * the signature only from that event (the AI SDK's `streamText`) then send the block back on the
   * next turn as they do from a whole answer, instead of dropping it with an "unsupported reasoning
   * metadata" warning.
   */
  private closeBlock(events: AnthropicStreamEvent[]): void {
    if (!this.open) return;
    if (this.open.kind === 'thinking') events.push({ type: 'content_block_delta', index: this.open.index, delta: { type: 'signature_delta', signature: '' } });
    events.push({ type: 'content_block_stop', index: this.open.index });
    this.open = undefined;
  }

  private end(events: AnthropicStreamEvent[]): void {
    this.done = true;
    events.push(
      {
        type: 'message_delta',
        delta: { stop_reason: this.stopReason ?? 'end_turn', stop_sequence: this.stopSequence, stop_details: stopDetails(this.stopReason ?? 'end_turn'), container: null },
        usage: { ...toAnthropicDeltaUsage(this.lastUsage), server_tool_use: serverToolUsage(this.searches) },
      },
      { type: 'message_stop' },
    );
  }
}
