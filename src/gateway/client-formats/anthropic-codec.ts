import type { AnthropicMessagesRequest, AnthropicStreamEvent } from '../../core/anthropic-wire.js';
import type { ChatCompletion, ChatCompletionChunk, JsonObject } from '../../core/openai-wire.js';
import { fromAnthropicRequest, OpenAIToAnthropicStream, toAnthropicResponse } from '../../providers/anthropic/index.js';
import { CapturedStream } from '../../providers/captured-stream.js';
import type { ClientCodec, StreamEncoder } from './client-codec.js';

/** The Anthropic Messages client API. */
export const anthropicCodec: ClientCodec = {
  format: 'anthropic',
  toCanonical: (body: JsonObject) => fromAnthropicRequest(body as unknown as AnthropicMessagesRequest),
  encodeCompletion: (completion: ChatCompletion) => JSON.stringify(toAnthropicResponse(completion)),
  streamEncoder: () => new AnthropicStreamEncoder(),
};

/** Canonical chunks as Anthropic's typed SSE events. */
class AnthropicStreamEncoder implements StreamEncoder {
  private readonly converter = new OpenAIToAnthropicStream();
  private readonly sent: string[] = [];

  push(chunks: readonly ChatCompletionChunk[]): string {
    let out = '';
    for (const chunk of chunks) out += this.write(this.converter.push(chunk));
    return out;
  }

  end(): string {
    return this.write(this.converter.finish());
  }

  response(): unknown {
    return new CapturedStream('anthropic', this.sent);
  }

  private write(events: AnthropicStreamEvent[]): string {
    let out = '';
    for (const event of events) out += `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    if (out !== '') this.sent.push(out);
    return out;
  }
}
