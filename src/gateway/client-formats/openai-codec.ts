import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
import { accumulateOpenAIChunks } from '../../core/accumulate-stream.js';
import { CapturedStream } from '../../providers/captured-stream.js';
import type { ClientCodec, StreamEncoder } from './client-codec.js';

const DONE = 'data: [DONE]\n\n';

/** The OpenAI Chat Completions client API: the canonical format itself. */
export const openaiCodec: ClientCodec = {
  format: 'openai',
  toCanonical: (body: JsonObject) => body as ChatCompletionRequest,
  untranslated: () => [],
  encodeCompletion: (completion: ChatCompletion) => JSON.stringify(withoutThinkingBlocks(completion)),
  streamEncoder: (includeUsage: boolean, _request: JsonObject, whole = false) => new OpenAIStreamEncoder(includeUsage, whole),
};

/**
 * Claude's signed thinking (`thinking_blocks`) is the canonical format's, not OpenAI's: a chat
 * client has nowhere to send it back, so its answer goes without it.
 */
function withoutThinkingBlocks(completion: ChatCompletion): ChatCompletion {
  if (!completion.choices.some((choice) => choice.message.thinking_blocks !== undefined)) return completion;
  return {
    ...completion,
    choices: completion.choices.map(({ message: { thinking_blocks: _, ...message }, ...choice }) => ({ ...choice, message })),
  };
}

/** Canonical chunks as OpenAI SSE; the usage the gateway always receives is dropped unless asked for. */
class OpenAIStreamEncoder implements StreamEncoder {
  private readonly sent: string[] = [];
  /** The chunks as sent, kept for a whole answer: its trace rebuilds from them, not from the text. */
  private readonly chunks: ChatCompletionChunk[] | undefined;

  constructor(
    private readonly includeUsage: boolean,
    whole: boolean,
  ) {
    this.chunks = whole ? [] : undefined;
  }

  push(chunks: readonly ChatCompletionChunk[]): string {
    let out = '';
    for (const chunk of chunks) {
      let outgoing = chunk;
      if (!this.includeUsage && chunk.usage) {
        if (chunk.choices.length === 0) continue;
        outgoing = { ...chunk };
        delete outgoing.usage;
      }
      // A chunk of Claude's signed thinking alone (see withoutThinkingBlocks) is not sent.
      if (chunk.choices[0]?.delta.thinking_blocks !== undefined && chunk.choices.length === 1) continue;
      out += `data: ${JSON.stringify(outgoing)}\n\n`;
      this.chunks?.push(outgoing);
    }
    if (out !== '') this.sent.push(out);
    return out;
  }

  end(): string {
    this.sent.push(DONE);
    return DONE;
  }

  response(): unknown {
    // The same answer as parsing the text back (JSON of these plain chunks round-trips to them),
    // rebuilt now: a whole answer's few chunks are cheap to fold and need not be kept.
    return new CapturedStream('openai', this.sent, this.chunks ? (accumulateOpenAIChunks(this.chunks) ?? undefined) : undefined);
  }
}
