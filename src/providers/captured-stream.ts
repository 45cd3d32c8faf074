import type { ClientFormat } from '../core/formats.js';
import { foldAnthropicSse } from '../core/fold-anthropic-sse.js';
import { foldGeminiSse } from '../core/fold-gemini-sse.js';
import { foldOpenAISse } from '../core/fold-openai-sse.js';

/** What a same-format relay kept of a stream: the SSE text exactly as it went to the client. */
export interface CapturedSse {
  format: ClientFormat;
  blocks: string[];
}

/** Rebuilds the whole answer from captured SSE text. */
export function rebuildCaptured({ format, blocks }: CapturedSse): unknown {
  if (format === 'gemini') return foldGeminiSse(blocks);
  return format === 'openai' ? foldOpenAISse(blocks) : foldAnthropicSse(blocks);
}

/**
 * A streamed answer kept as its SSE text until the trace is written. Rebuilding it parses every
 * chunk, which the request path should not pay for: it happens when the batched trace writer
 * serialises the trace (`toJSON`), after the client has its answer. (A worker thread for this
 * was tried: it cut main-thread CPU by ~5% on streams but cost ~16 MB of resident memory.)
 */
export class CapturedStream implements CapturedSse {
  // A `#` field: walkers of the trace (the search words, for one) see only format and blocks.
  #rebuilt: unknown;

  constructor(
    readonly format: ClientFormat,
    readonly blocks: string[],
    /**
     * The answer already rebuilt from the objects the text was serialised from, when the encoder
     * kept them (a whole answer sent at once): then the text is never parsed back.
     */
    rebuilt?: unknown,
  ) {
    this.#rebuilt = rebuilt;
  }

  /** The rebuilt answer, built once: the trace store and the monitoring signal both read it. */
  toJSON(): unknown {
    if (this.#rebuilt === undefined) this.#rebuilt = rebuildCaptured(this);
    return this.#rebuilt;
  }
}
