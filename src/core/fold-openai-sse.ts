import { OpenAIChunkFold } from './accumulate-stream.js';
import type { ChatCompletion, ChatCompletionChunk } from './openai-wire.js';
import { parseBlocks } from './sse-blocks.js';

// Where a text delta's string starts in a compact chunk (OpenAI, vLLM, the simulator).
const TEXT_START = '"delta":{"content":"';
const NEEDS_PARSE = /[\\\u0000-\u001f]/;

/**
 * A chunk that only added text, cut around that text: any later chunk made of the same bytes
 * with another string in between parses to the same object but for that string, so it only
 * adds its text to the same choice.
 */
interface TextChunkShape {
  before: string;
  after: string;
  index: number;
}

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
  private shape: TextChunkShape | undefined;

  /** Takes whole events: text that ends in a blank line, as `SseBlocks.take` returns it. */
  takeEvents(whole: string): void {
    let start = 0;
    for (let end = whole.indexOf('\n\n'); end !== -1; start = end + 2, end = whole.indexOf('\n\n', start)) {
      // A lone `data: ` line is the whole event; anything else (names, comments, split data) is read in full.
      const lone = whole.startsWith('data: ', start) && whole.indexOf('\n', start) === end;
      if (lone) this.take(whole.slice(start + 6, end));
      else for (const event of parseBlocks(whole.slice(start, end + 2))) this.take(event.data);
    }
    if (start < whole.length) for (const event of parseBlocks(whole.slice(start))) this.take(event.data);
  }

  result(): ChatCompletion | null {
    return this.fold.result();
  }

  private take(data: string): void {
    if (data === '[DONE]') return;
    const shape = this.shape;
    if (shape !== undefined) {
      const text = textIn(data, shape);
      if (text !== undefined) return this.fold.appendContent(shape.index, text);
    }
    const chunk = JSON.parse(data) as ChatCompletionChunk;
    this.fold.add(chunk);
    this.shape = textChunkShape(data, chunk) ?? shape;
  }
}

/** The chunk's shape when adding it only appends `delta.content` to one choice. */
function textChunkShape(data: string, chunk: ChatCompletionChunk): TextChunkShape | undefined {
  if (chunk.usage || chunk.choices?.length !== 1) return undefined;
  const piece = chunk.choices[0];
  if (!piece || piece.finish_reason || typeof piece.delta?.content !== 'string') return undefined;
  for (const key in piece.delta) if (key !== 'content' && key !== 'role' && piece.delta[key] !== null) return undefined;
  const at = data.indexOf(TEXT_START);
  // Exactly one such place, and it holds this chunk's text (not some other object's).
  if (at === -1 || data.indexOf(TEXT_START, at + 1) !== -1) return undefined;
  const open = at + TEXT_START.length;
  const close = closingQuote(data, open);
  if (close === -1 || JSON.parse(data.slice(open - 1, close + 1)) !== piece.delta.content) return undefined;
  return { before: data.slice(0, open), after: data.slice(close), index: piece.index };
}

/** The text of a chunk of `shape`'s bytes around another string; undefined for any other chunk. */
function textIn(data: string, shape: TextChunkShape): string | undefined {
  // Sliced and compared whole: `startsWith` walks long strings a character at a time (~10x slower here).
  const open = shape.before.length;
  if (data.slice(0, open) !== shape.before) return undefined;
  const close = closingQuote(data, open);
  if (close === -1 || data.length - close !== shape.after.length || data.slice(close) !== shape.after) return undefined;
  const literal = data.slice(open, close);
  // Escapes need decoding; JSON.parse also rejects what the whole chunk's parse would have (raw control characters).
  return NEEDS_PARSE.test(literal) ? (JSON.parse(`"${literal}"`) as string) : literal;
}

/** The index of the quote closing a JSON string whose text starts at `from`; -1 if none. */
function closingQuote(data: string, from: number): number {
  for (let quote = data.indexOf('"', from); quote !== -1; quote = data.indexOf('"', quote + 1)) {
    let slashes = 0;
    while (data.charCodeAt(quote - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return quote;
  }
  return -1;
}
