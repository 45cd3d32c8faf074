import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
import { CapturedStream } from '../../providers/captured-stream.js';
import type { ClientCodec, StreamEncoder } from './client-codec.js';

const DONE = 'data: [DONE]\n\n';

/** The OpenAI Chat Completions client API: the canonical format itself. */
export const openaiCodec: ClientCodec = {
  format: 'openai',
  toCanonical: (body: JsonObject) => body as ChatCompletionRequest,
  encodeCompletion: (completion: ChatCompletion) => JSON.stringify(completion),
  streamEncoder: (includeUsage: boolean) => new OpenAIStreamEncoder(includeUsage),
};

/** Canonical chunks as OpenAI SSE; the usage the gateway always receives is dropped unless asked for. */
class OpenAIStreamEncoder implements StreamEncoder {
  private readonly sent: string[] = [];

  constructor(private readonly includeUsage: boolean) {}

  push(chunks: readonly ChatCompletionChunk[]): string {
    let out = '';
    for (const chunk of chunks) {
      let outgoing = chunk;
      if (!this.includeUsage && chunk.usage) {
        if (chunk.choices.length === 0) continue;
        outgoing = { ...chunk };
        delete outgoing.usage;
      }
      out += `data: ${JSON.stringify(outgoing)}\n\n`;
    }
    if (out !== '') this.sent.push(out);
    return out;
  }

  end(): string {
    this.sent.push(DONE);
    return DONE;
  }

  response(): unknown {
    return new CapturedStream('openai', this.sent);
  }
}
