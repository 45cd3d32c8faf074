import type { AnthropicMessagesRequest, AnthropicStreamEvent, AnthropicTool } from '../../core/anthropic-wire.js';
import type { ChatCompletion, ChatCompletionChunk, JsonObject } from '../../core/openai-wire.js';
import { fromAnthropicRequest, isWebSearchServerTool, OpenAIToAnthropicStream, toAnthropicResponse, untranslatedAnthropicFields } from '../../providers/anthropic/index.js';
import { CapturedStream } from '../../providers/captured-stream.js';
import { estimateAnthropicPromptTokens } from './anthropic-prompt-estimate.js';
import type { ClientCodec, StreamEncoder } from './client-codec.js';

/** The Anthropic Messages client API. */
export const anthropicCodec: ClientCodec = {
  format: 'anthropic',
  toCanonical: (body: JsonObject) => fromAnthropicRequest(body as unknown as AnthropicMessagesRequest),
  untranslated: untranslatedAnthropicFields,
  // The client's stop sequences let an upstream that names the one matched (vLLM) be reported as such.
  encodeCompletion: (completion: ChatCompletion, request: JsonObject) =>
    JSON.stringify(request.stop_sequences === undefined ? toAnthropicResponse(completion) : toAnthropicResponse(completion, { stopSequences: request.stop_sequences })),
  streamEncoder: (_includeUsage: boolean, request: JsonObject) => new AnthropicStreamEncoder(request),
};

/** Canonical chunks as Anthropic's typed SSE events. */
class AnthropicStreamEncoder implements StreamEncoder {
  private readonly converter: OpenAIToAnthropicStream;
  private readonly sent: string[] = [];

  constructor(request: JsonObject) {
    // message_start needs input tokens before an OpenAI or Gemini upstream reports any.
    const inputTokens = estimateAnthropicPromptTokens(request);
    // With Claude's web search offered, the text waits for its citations (see OpenAIToAnthropicStream).
    const holdText = Array.isArray(request.tools) && (request.tools as AnthropicTool[]).some((tool) => typeof tool === 'object' && tool !== null && isWebSearchServerTool(tool));
    this.converter = new OpenAIToAnthropicStream({ inputTokens, holdText, ...(request.stop_sequences === undefined ? {} : { stopSequences: request.stop_sequences }) });
  }

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
