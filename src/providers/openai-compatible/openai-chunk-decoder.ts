import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { parseBlocks, SseBlocks } from '../../core/sse-blocks.js';
import { type Usage, usageFromOpenAI } from '../../tokens/usage.js';
import type { ChunkDecoder } from '../http-provider.js';
import { breakAfter } from '../stream-break.js';
import { incompleteStream, streamErrorEvent } from '../stream-errors.js';
import { StreamStops } from '../held-stops.js';

const IS_ERROR = /^\{\s*"error"/;

/**
 * OpenAI-compatible SSE in, canonical chunks out (they already are; this only parses and checks,
 * and applies the stop sequences the gateway held back: see held-stops.ts).
 */
export class OpenAIChunkDecoder implements ChunkDecoder {
  private readonly blocks: SseBlocks;
  private done = false;
  usage: Usage | undefined;
  readonly stops: StreamStops | undefined;

  constructor(
    private readonly provider: string,
    heldStops: readonly string[] = [],
  ) {
    this.blocks = new SseBlocks(`provider "${provider}"`);
    this.stops = heldStops.length > 0 ? new StreamStops(heldStops, true) : undefined;
  }

  push(text: string): ChatCompletionChunk[] {
    const chunks: ChatCompletionChunk[] = [];
    for (const { data } of parseBlocks(this.blocks.take(text))) {
      if (data === '[DONE]') {
        this.done = true;
        continue;
      }
      if (IS_ERROR.test(data)) throw breakAfter(this.stops ? this.stops.push(chunks) : chunks, streamErrorEvent(this.provider, data));
      const chunk = JSON.parse(data) as ChatCompletionChunk;
      if (chunk.usage) this.usage = usageFromOpenAI(chunk.usage, chunk.service_tier);
      chunks.push(chunk);
    }
    return this.stops ? this.stops.push(chunks) : chunks;
  }

  end(): ChatCompletionChunk[] {
    const out = this.push(this.blocks.rest());
    if (!this.done) throw incompleteStream(this.provider);
    return out;
  }
}
