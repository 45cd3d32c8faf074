import { OpenAIChunkFold } from './accumulate-stream.js';
import type { ChatCompletion, ChatCompletionChunk } from './openai-wire.js';
import { eachEvent } from './sse-blocks.js';
import { shapeAround, type TextEventShape, textIn } from './text-event-shape.js';

// Where a text delta's string starts in a compact chunk (OpenAI, vLLM, the simulator).
const TEXT_START = '"delta":{"content":"';

/**
 * Rebuilds an OpenAI answer from its SSE text (whole events, as a relay captured them), for the
 * trace. Parsing every chunk was ~7% of the gateway's CPU on a streamed request; a stream is
 * mostly chunks that differ from the one before only in their text, so those are recognised by
 * their bytes and only their text is read. Any other chunk is parsed and folded as before, so
 * the answer is the one `accumulateOpenAIChunks` builds from every chunk parsed.
 *
 * @example foldOpenAISse(['data: {"id":"c1",…,"choices":[{"index":0,"delta":{"content":"Hi"},…}]}\n\n', 'data: [DONE]\n\n'])
 */
export function foldOpenAISse(blocks: readonly string[]): ChatCompletion | null {
  const fold = new OpenAISseFold();
  for (const whole of blocks) fold.takeEvents(whole);
  return fold.result();
}

/**
 * `foldOpenAISse` one read at a time, so a relay can fold the answer as it goes instead of
 * keeping every event's text until the trace is written.
 *
 * @example const fold = new OpenAISseFold(); fold.takeEvents(sse); fold.result()
 */
export class OpenAISseFold {
  private readonly fold = new OpenAIChunkFold();
  private shape: TextEventShape | undefined;
  private readonly take = (_name: string | undefined, data: string): void => {
    if (data === '[DONE]') return;
    const shape = this.shape;
    if (shape !== undefined) {
      const text = textIn(data, shape);
      if (text !== undefined) return this.fold.appendContent(shape.index, text);
    }
    const chunk = JSON.parse(data) as ChatCompletionChunk;
    this.fold.add(chunk);
    this.shape = textChunkShape(data, chunk) ?? shape;
  };

  /** Takes whole events: text that ends in a blank line, as `SseBlocks.take` returns it. */
  takeEvents(whole: string): void {
    eachEvent(whole, this.take);
  }

  result(): ChatCompletion | null {
    return this.fold.result();
  }
}

/** The chunk's shape when adding it only appends `delta.content` to one choice. */
function textChunkShape(data: string, chunk: ChatCompletionChunk): TextEventShape | undefined {
  if (chunk.usage || chunk.choices?.length !== 1) return undefined;
  const piece = chunk.choices[0];
  if (!piece || piece.finish_reason || typeof piece.delta?.content !== 'string') return undefined;
  for (const key in piece.delta) if (key !== 'content' && key !== 'role' && piece.delta[key] !== null) return undefined;
  return shapeAround(data, TEXT_START, piece.delta.content, piece.index);
}
