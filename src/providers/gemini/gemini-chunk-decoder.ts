import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { type Usage, usageFromOpenAI, withSearches } from '../../tokens/usage.js';
import { geminiSearchUsd } from '../../tokens/web-search-price.js';
import type { ChunkDecoder } from '../http-provider.js';
import { StreamStops } from '../held-stops.js';
import { breakAfter } from '../stream-break.js';
import { streamErrorToSwitchyard } from './gemini-error.js';
import { GeminiSseDecoder } from './gemini-sse-decoder.js';
import { GeminiToOpenAIStream } from './gemini-stream-to-openai.js';

/**
 * Gemini's `streamGenerateContent?alt=sse` in, canonical chunks out. Gemini sends no end event:
 * the body ending is the end, and that is when the finish reason and usage chunks come out.
 * Stop sequences past Gemini's 5 are applied here (gemini-stop-limits.ts, held-stops.ts).
 */
export class GeminiChunkDecoder implements ChunkDecoder {
  private readonly sse: GeminiSseDecoder;
  private readonly converter: GeminiToOpenAIStream;
  readonly stops: StreamStops | undefined;
  private readonly model: string;
  private readonly serviceTier: string | undefined;

  constructor(
    private readonly provider: string,
    options: { id: string; model: string; namedTool?: boolean; oneToolCall?: boolean; grounded?: boolean; serviceTier?: 'flex' | 'priority' | 'default' },
    heldStops: readonly string[] = [],
  ) {
    this.sse = new GeminiSseDecoder(`provider "${provider}"`);
    this.model = options.model;
    this.serviceTier = options.serviceTier;
    this.converter = new GeminiToOpenAIStream({ includeUsage: true, ...options, upstream: `provider "${provider}"` });
    this.stops = heldStops.length > 0 ? new StreamStops(heldStops, true) : undefined;
  }

  get usage(): Usage | undefined {
    const usage = this.converter.usage;
    // Grounding's searches are billed on top of tokens, per prompt or per query by model (see web-search-price.ts).
    const searches = this.converter.webSearches;
    return usage ? withSearches(usageFromOpenAI(usage, this.serviceTier), searches, geminiSearchUsd(this.model, searches)) : undefined;
  }

  push(text: string): ChatCompletionChunk[] {
    return this.convert(this.sse.feed(text));
  }

  end(): ChatCompletionChunk[] {
    const out = this.convert(this.sse.end());
    const last = this.converter.finish();
    return out.concat(this.stops ? this.stops.push(last) : last);
  }

  private convert(items: ReturnType<GeminiSseDecoder['feed']>): ChatCompletionChunk[] {
    const out: ChatCompletionChunk[] = [];
    for (const item of items) {
      let chunks: ChatCompletionChunk[];
      try {
        if ('error' in item && item.error) throw streamErrorToSwitchyard(item as Parameters<typeof streamErrorToSwitchyard>[0], this.provider);
        chunks = this.converter.push(item as Parameters<GeminiToOpenAIStream['push']>[0]);
      } catch (error) {
        // An error after content of the same read: the content still goes out first.
        throw breakAfter(out, error);
      }
      for (const chunk of this.stops ? this.stops.push(chunks) : chunks) out.push(chunk);
    }
    return out;
  }
}
