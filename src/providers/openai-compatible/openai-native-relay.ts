import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { parseBlocks, SseBlocks } from '../../core/sse-blocks.js';
import { type Usage, usageFromOpenAI } from '../../tokens/usage.js';
import { OpenAISseFold } from '../../core/fold-openai-sse.js';
import type { NativeRelay } from '../http-provider.js';
import { breakAfter } from '../stream-break.js';
import { incompleteStream, streamErrorEvent } from '../stream-errors.js';
import { TraceCopy } from '../trace-copy.js';

const DONE = 'data: [DONE]\n\n';
// Compact JSON (OpenAI, vLLM) and Python's spaced `json.dumps` output alike.
const HAS_USAGE = /"usage":\s*\{/;
const IS_ERROR = /^\{\s*"error"/;
// The events the relay must look into: usage, an error, the end. One pass over the text.
const NEEDS_A_LOOK = /"usage":\s*\{|^data:\s*\{\s*"error"|^data: \[DONE\]$/m;
// The `usage: null` OpenAI puts on every chunk once asked for usage, with its comma. A quote in a
// JSON string is escaped, so neither form can match generated text.
const NULL_USAGE = /"usage":\s*null\s*,|,\s*"usage":\s*null/g;

/**
 * OpenAI upstream, OpenAI client: forwards whole events byte for byte and parses only the few
 * that carry usage or an error. Unless the client asked for usage too, what the gateway's own
 * `include_usage` added is taken out again: the usage chunk, and the `usage: null` on every
 * other chunk, so the client sees the stream OpenAI would have sent for its request.
 */
export class OpenAINativeRelay implements NativeRelay {
  private readonly blocks: SseBlocks;
  /** The answer for the trace, folded as events pass (see `TraceCopy`). */
  private readonly answer = new TraceCopy(new OpenAISseFold());
  private done = false;
  usage: Usage | undefined;

  constructor(
    private readonly provider: string,
    private readonly clientWantsUsage: boolean,
  ) {
    this.blocks = new SseBlocks(`provider "${provider}"`);
  }

  push(text: string): string {
    const read = this.blocks.take(text);
    if (read === '') return '';
    this.answer.take(read);
    const whole = this.clientWantsUsage ? read : read.replace(NULL_USAGE, '');
    // Content events go out as received. JSON escapes quotes inside strings, so these patterns
    // cannot match generated text.
    if (!NEEDS_A_LOOK.test(whole)) return whole;
    // Of several events read at once, only those that need it are parsed; the rest go out as they came.
    let out = '';
    for (let start = 0; start < whole.length; ) {
      const next = whole.indexOf('\n\n', start);
      const end = next === -1 ? whole.length : next + 2;
      const block = whole.slice(start, end);
      if (NEEDS_A_LOOK.test(block)) {
        try {
          for (const event of parseBlocks(block)) out += this.event(event.data);
        } catch (error) {
          // An error event after content of the same read: the content still goes out first.
          throw breakAfter(out, error);
        }
      } else out += block;
      start = end;
    }
    return out;
  }

  private event(data: string): string {
    if (data === '[DONE]') {
      this.done = true;
      return DONE;
    }
    if (!HAS_USAGE.test(data)) {
      if (IS_ERROR.test(data)) throw streamErrorEvent(this.provider, data, 'openai');
      return `data: ${data}\n\n`;
    }
    const chunk = JSON.parse(data) as ChatCompletionChunk;
    if (chunk.usage) this.usage = usageFromOpenAI(chunk.usage, chunk.service_tier);
    if (this.clientWantsUsage) return `data: ${data}\n\n`;
    if (chunk.choices.length === 0) return '';
    delete chunk.usage;
    return `data: ${JSON.stringify(chunk)}\n\n`;
  }

  end(): string {
    const rest = this.blocks.rest();
    const out = rest === '' ? '' : this.push(rest);
    if (!this.done) throw incompleteStream(this.provider);
    return out;
  }

  /** The whole answer, or null when an event the client got could not be read back. */
  response(): unknown {
    return this.answer.result();
  }
}
