import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, JsonObject } from '../../core/openai-wire.js';
import { accumulateOpenAIChunks } from '../../core/accumulate-stream.js';
import { CapturedStream } from '../../providers/captured-stream.js';
import type { ClientCodec, StreamEncoder } from './client-codec.js';
import { saysBeforeSearching, withoutWordsBeforeSearches, WordsBeforeSearches } from './chat-json-search.js';

const DONE = 'data: [DONE]\n\n';

/**
 * The OpenAI Chat Completions client API: the canonical format itself. Claude's signed thinking
 * comes as the canonical format carries it, LiteLLM's way: `thinking_blocks` beside
 * `reasoning_content` on the message, and streamed as one delta holding each whole block once it
 * is signed (its text has streamed as `reasoning_content`), so a client that sends the blocks
 * back on the assistant message keeps Claude thinking through a tool loop.
 */
export const openaiCodec: ClientCodec = {
  format: 'openai',
  toCanonical: (body: JsonObject) => body as ChatCompletionRequest,
  untranslated: () => [],
  encodeCompletion: (completion: ChatCompletion, request: JsonObject) => JSON.stringify(saysBeforeSearching(request) ? withoutWordsBeforeSearches(completion) : completion),
  streamEncoder: (includeUsage: boolean, request: JsonObject, whole = false) => new OpenAIStreamEncoder(includeUsage, whole, saysBeforeSearching(request) ? new WordsBeforeSearches() : undefined),
};

/** Canonical chunks as OpenAI SSE; the usage the gateway always receives is dropped unless asked for. */
class OpenAIStreamEncoder implements StreamEncoder {
  private readonly sent: string[] = [];
  /** The chunks as sent, kept for a whole answer: its trace rebuilds from them, not from the text. */
  private readonly chunks: ChatCompletionChunk[] | undefined;

  constructor(
    private readonly includeUsage: boolean,
    whole: boolean,
    /** A JSON answer that may search: Claude's words before searching held back and left out. */
    private readonly beforeSearches?: WordsBeforeSearches,
  ) {
    this.chunks = whole ? [] : undefined;
  }

  push(chunks: readonly ChatCompletionChunk[]): string {
    return this.send(this.beforeSearches ? chunks.flatMap((chunk) => this.beforeSearches!.push(chunk)) : chunks);
  }

  private send(chunks: readonly ChatCompletionChunk[]): string {
    let out = '';
    for (const chunk of chunks) {
      let outgoing = chunk;
      // Without the client's include_usage, neither the usage chunk nor the `usage: null` on the others.
      if (!this.includeUsage && chunk.usage !== undefined) {
        if (chunk.usage !== null && chunk.choices.length === 0) continue;
        outgoing = { ...chunk };
        delete outgoing.usage;
      }
      out += `data: ${JSON.stringify(outgoing)}\n\n`;
      this.chunks?.push(outgoing);
    }
    if (out !== '') this.sent.push(out);
    return out;
  }

  end(): string {
    const rest = this.beforeSearches ? this.send(this.beforeSearches.release()) : '';
    this.sent.push(DONE);
    return rest + DONE;
  }

  response(): unknown {
    // The same answer as parsing the text back (JSON of these plain chunks round-trips to them),
    // rebuilt now: a whole answer's few chunks are cheap to fold and need not be kept.
    return new CapturedStream('openai', this.sent, this.chunks ? (accumulateOpenAIChunks(this.chunks) ?? undefined) : undefined);
  }
}
