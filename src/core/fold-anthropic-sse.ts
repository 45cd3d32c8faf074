import { AnthropicEventFold } from './accumulate-stream.js';
import type { AnthropicMessageResponse, AnthropicStreamEvent } from './anthropic-wire.js';
import { eachEvent } from './sse-blocks.js';
import { shapeAround, type TextEventShape, textIn } from './text-event-shape.js';

// Where a text delta's string starts in Anthropic's compact JSON.
const TEXT_START = '"delta":{"type":"text_delta","text":"';

/**
 * Rebuilds an Anthropic message from its SSE text (whole events), for the trace: as
 * `foldOpenAISse` does for OpenAI, a text delta made of the same bytes as an earlier one around
 * another string only has its text read; every other event is parsed and folded, so the message
 * is the one `accumulateAnthropicEvents` builds from every event parsed (`ping`s skipped).
 *
 * @example foldAnthropicSse(['event: message_start\ndata: {…}\n\n', …])
 */
export function foldAnthropicSse(blocks: readonly string[]): AnthropicMessageResponse | null {
  const fold = new AnthropicSseFold();
  for (const whole of blocks) fold.takeEvents(whole);
  return fold.result();
}

/** `foldAnthropicSse` one read at a time, for a relay that folds the answer as it goes. `result` ends it. */
export class AnthropicSseFold {
  private readonly fold = new AnthropicEventFold();
  private shape: TextEventShape | undefined;
  private readonly take = (name: string | undefined, data: string): void => {
    if (name === 'ping') return;
    const shape = this.shape;
    if (shape !== undefined) {
      const text = textIn(data, shape);
      if (text !== undefined) return this.fold.appendText(shape.index, text);
    }
    const event = JSON.parse(data) as AnthropicStreamEvent;
    this.fold.add(event);
    this.shape = textDeltaShape(data, event) ?? shape;
  };

  /** Takes whole events: text that ends in a blank line, as `SseBlocks.take` returns it. */
  takeEvents(whole: string): void {
    eachEvent(whole, this.take);
  }

  result(): AnthropicMessageResponse | null {
    return this.fold.result();
  }
}

/** The event's shape when it is a bare text delta (nothing else in it that folding would read). */
function textDeltaShape(data: string, event: AnthropicStreamEvent): TextEventShape | undefined {
  if (event.type !== 'content_block_delta' || event.delta.type !== 'text_delta' || typeof event.delta.text !== 'string') return undefined;
  for (const key in event) if (key !== 'type' && key !== 'index' && key !== 'delta') return undefined;
  for (const key in event.delta) if (key !== 'type' && key !== 'text') return undefined;
  return shapeAround(data, TEXT_START, event.delta.text, event.index);
}
