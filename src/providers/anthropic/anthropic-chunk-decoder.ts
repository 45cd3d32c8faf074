import type { AnthropicStreamEvent } from '../../core/anthropic-wire.js';
import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { parseBlocks, SseBlocks } from '../../core/sse-blocks.js';
import type { Usage } from '../../tokens/usage.js';
import { AnthropicUsageTally } from './anthropic-usage-tally.js';
import type { ChunkDecoder } from '../http-provider.js';
import { breakAfter } from '../stream-break.js';
import { incompleteStream } from '../stream-errors.js';
import { AnthropicToOpenAIStream } from './anthropic-stream-to-openai.js';
import { StreamStops } from '../held-stops.js';

/** Anthropic SSE in, canonical chunks out; the last chunk carries usage. */
export class AnthropicChunkDecoder implements ChunkDecoder {
  private readonly converter: AnthropicToOpenAIStream;
  private readonly blocks: SseBlocks;
  private stopped = false;
  private readonly tally = new AnthropicUsageTally();
  /** Stop sequences the gateway applies itself (see held-stops.ts). */
  readonly stops: StreamStops | undefined;

  constructor(
    private readonly provider: string,
    jsonTool: string | undefined,
    namedTool = false,
    heldStops: readonly string[] = [],
  ) {
    this.blocks = new SseBlocks(`provider "${provider}"`);
    this.converter = new AnthropicToOpenAIStream({ includeUsage: true, jsonResponseTool: jsonTool, namedTool, upstream: `provider "${provider}"` });
    this.stops = heldStops.length > 0 ? new StreamStops(heldStops) : undefined;
  }

  /** Billed from Claude's own usage, as a relayed stream is (see AnthropicUsageTally), not from its OpenAI translation. */
  get usage(): Usage | undefined {
    return this.tally.usage;
  }

  push(text: string): ChatCompletionChunk[] {
    const out: ChatCompletionChunk[] = [];
    for (const { name, data } of parseBlocks(this.blocks.take(text))) {
      if (name === 'ping') continue;
      const event = JSON.parse(data) as AnthropicStreamEvent;
      if (event.type === 'message_start') this.tally.add(event.message.usage);
      else if (event.type === 'message_delta') this.tally.add(event.usage);
      if (event.type === 'message_stop') this.stopped = true;
      let chunks: ChatCompletionChunk[];
      try {
        chunks = this.converter.push(event);
      } catch (error) {
        // An error event after content of the same read: the content still goes out first.
        throw breakAfter(this.stops ? this.stops.push(out) : out, error);
      }
      for (const chunk of chunks) out.push(chunk);
    }
    return this.stops ? this.stops.push(out) : out;
  }

  end(): ChatCompletionChunk[] {
    const out = this.push(this.blocks.rest());
    if (!this.stopped) throw incompleteStream(this.provider);
    return out;
  }
}
