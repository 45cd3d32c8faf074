/**
 * A Responses API stream (`/responses` with `stream: true`) read as canonical chat chunks, for a
 * model only that API serves: text, refusal and reasoning-summary deltas become the delta's
 * `content`, `refusal` and `reasoning_content`; a finished web search its `web_search_calls`, a
 * cited page its `url_citation` annotation (indexes counted over the whole answer's text); each
 * function call gets the next tool call index
 * when its item is added (its call id and name then, its arguments as they stream); the closing
 * `response.completed` or `response.incomplete` gives the finish reason and usage (as chat's last
 * chunk with `include_usage`). An `error` event or `response.failed` fails the stream after what
 * came before it, as does an item the client would have to act on that chat cannot carry (a
 * `computer_call`, `unreadable-items.ts`); an end without a closing event is a stream cut short.
 */
import { quoteClipped } from '../../../core/clip.js';
import { SwitchyardError } from '../../../core/errors.js';
import { describeValue } from '../../../core/format-issues.js';
import { type ChatChunkChoice, type ChatCompletionChunk, isJsonObject } from '../../../core/openai-wire.js';
import type { ResponseObject } from '../../../core/responses-wire.js';
import { parseBlocks, SseBlocks } from '../../../core/sse-blocks.js';
import { type Usage, usageOfResponse } from '../../../tokens/usage.js';
import type { ChunkDecoder } from '../../http-provider.js';
import { breakAfter } from '../../stream-break.js';
import { incompleteStream, streamErrorEvent } from '../../stream-errors.js';
import { chatUsage, finishOf, pushCitation, responseFailure } from './from-response.js';
import { unreadableItem } from './unreadable-items.js';
import type { UrlCitation } from '../../../core/web-search.js';

interface ResponsesEvent {
  type?: string;
  response?: ResponseObject;
  item?: { type?: string; id?: unknown; call_id?: unknown; name?: unknown; action?: { query?: unknown } };
  output_index?: number;
  content_index?: number;
  annotation?: unknown;
  delta?: unknown;
  message?: unknown;
  code?: unknown;
  param?: unknown;
  error?: { message?: unknown; code?: unknown; type?: unknown; param?: unknown };
}

export class ResponsesChunkDecoder implements ChunkDecoder {
  private readonly blocks: SseBlocks;
  private id = '';
  private model = '';
  private created = 0;
  private ended = false;
  /** Tool call index by the output index of the function call item it came from. */
  private readonly toolIndex = new Map<number, number>();
  private toolCalls = 0;
  /** The answer's text so far, in UTF-16 units, and where each text part (`output:content`) began in it. */
  private textLength = 0;
  private readonly partStart = new Map<string, number>();
  usage: Usage | undefined;

  constructor(private readonly provider: string) {
    this.blocks = new SseBlocks(`provider "${provider}"`);
  }

  push(text: string): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    for (const { data } of parseBlocks(this.blocks.take(text))) {
      // Past the closing event the answer is whole: anything after it (a second close, late
      // text) reached the client after its finish and usage.
      if (data === '' || data === '[DONE]' || this.ended) continue;
      try {
        this.read(this.eventOf(data), chunks);
      } catch (error) {
        throw breakAfter(chunks, error);
      }
    }
    return chunks;
  }

  end(): ChatCompletionChunk[] {
    const out = this.push(this.blocks.rest());
    if (!this.ended) throw breakAfter(out, incompleteStream(this.provider));
    return out;
  }

  /**
   * An event's data as an object, or the upstream's error naming what came: a line that is no JSON
   * (`{oops`) or JSON that is no event (`null`, `5`) was a TypeError said as "broke the connection".
   */
  private eventOf(data: string): ResponsesEvent {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      throw new SwitchyardError('upstream_error', `provider "${this.provider}" sent a stream event that is not JSON: ${quoteClipped(data, 200)}`, { status: 502 });
    }
    if (!isJsonObject(event)) throw new SwitchyardError('upstream_error', `provider "${this.provider}" sent a stream event that is not an object: ${describeValue(event)}`, { status: 502 });
    return event as ResponsesEvent;
  }

  private read(event: ResponsesEvent, chunks: ChatCompletionChunk[]): void {
    switch (event.type) {
      case 'response.created':
        // Each typed as read: the Anthropic and Gemini translations build their ids from this one
        // (a number was "id.startsWith is not a function").
        if (isJsonObject(event.response)) {
          const { id, model, created_at: created } = event.response as Partial<ResponseObject>;
          if (typeof id === 'string') this.id = id;
          if (typeof model === 'string') this.model = model;
          if (typeof created === 'number') this.created = created;
        }
        chunks.push(this.chunk({ role: 'assistant', content: '' }));
        return;
      case 'response.output_text.delta':
        if (typeof event.delta === 'string' && event.delta !== '') {
          this.startOfPart(event);
          this.textLength += event.delta.length;
          chunks.push(this.chunk({ content: event.delta }));
        }
        return;
      case 'response.output_text.annotation.added': {
        const citations: UrlCitation[] = [];
        pushCitation(citations, event.annotation, this.startOfPart(event));
        if (citations.length > 0) chunks.push(this.chunk({ annotations: citations }));
        return;
      }
      case 'response.refusal.delta':
        if (typeof event.delta === 'string' && event.delta !== '') chunks.push(this.chunk({ refusal: event.delta }));
        return;
      case 'response.reasoning_summary_text.delta':
        if (typeof event.delta === 'string' && event.delta !== '') chunks.push(this.chunk({ reasoning_content: event.delta }));
        return;
      case 'response.output_item.added': {
        // An item the client would have to act on (a computer action) ends the stream naming it:
        // chat has no place for it, and the stream would have ended as though nothing was asked.
        const unreadable = unreadableItem(this.provider, this.model, event.item?.type);
        if (unreadable) throw unreadable;
        if (event.item?.type === 'function_call' && typeof event.output_index === 'number') {
          // Counted, not the map's size: an output index added twice gave the next call the index
          // of the one before it, and a chat client merged the two.
          const index = this.toolCalls++;
          this.toolIndex.set(event.output_index, index);
          chunks.push(this.chunk({ tool_calls: [{ index, id: String(event.item.call_id ?? ''), type: 'function', function: { name: String(event.item.name ?? ''), arguments: '' } }] }));
        }
        return;
      }
      case 'response.output_item.done':
        if (event.item?.type === 'web_search_call') {
          const query = event.item.action?.query;
          chunks.push(this.chunk({ web_search_calls: [{ id: String(event.item.id ?? ''), query: typeof query === 'string' ? query : '' }] }));
        }
        return;
      case 'response.function_call_arguments.delta': {
        const index = typeof event.output_index === 'number' ? this.toolIndex.get(event.output_index) : undefined;
        if (index !== undefined && typeof event.delta === 'string' && event.delta !== '') chunks.push(this.chunk({ tool_calls: [{ index, function: { arguments: event.delta } }] }));
        return;
      }
      case 'response.completed':
      case 'response.incomplete': {
        const response = event.response;
        if (!isJsonObject(response)) throw incompleteStream(this.provider);
        this.ended = true;
        chunks.push(this.chunk({}, finishOf(response, this.toolCalls > 0)));
        if (response.usage) {
          this.usage = usageOfResponse(response as ResponseObject & { usage: NonNullable<ResponseObject['usage']> });
          chunks.push({ ...this.chunk({}), choices: [], usage: chatUsage(response.usage) });
        }
        return;
      }
      case 'response.failed':
        throw responseFailure(this.provider, event.response ?? { status: 'failed', error: null });
      case 'error': {
        const error = { message: event.error?.message ?? event.message, code: event.error?.code ?? event.code, type: event.error?.type, param: event.error?.param ?? event.param };
        throw streamErrorEvent(this.provider, JSON.stringify({ error: { ...error, message: typeof error.message === 'string' ? error.message : 'no message' } }));
      }
      default:
      // The rest (in_progress, content parts, items done, text done…) repeat what the deltas said.
    }
  }

  /** Where the text part an event belongs to began in the whole answer (the text so far, for a part not seen before). */
  private startOfPart(event: ResponsesEvent): number {
    const key = `${event.output_index ?? 0}:${event.content_index ?? 0}`;
    let start = this.partStart.get(key);
    if (start === undefined) this.partStart.set(key, (start = this.textLength));
    return start;
  }

  private chunk(delta: ChatChunkChoice['delta'], finish: ChatChunkChoice['finish_reason'] = null): ChatCompletionChunk {
    return { id: this.id, object: 'chat.completion.chunk', created: this.created, model: this.model, choices: [{ index: 0, delta, finish_reason: finish }] };
  }
}
