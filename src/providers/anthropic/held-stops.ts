/**
 * Stop sequences Claude refuses and OpenAI takes: an OpenAI client's `stop: ["\n"]` (a one-line
 * answer, common in completion-style prompts and eval harnesses) would reach Claude as
 * `stop_sequences: ["\n"]` and get its 400 ("each stop sequence must contain non-whitespace"),
 * about a field the client never sent. The gateway keeps such sequences back from Claude and
 * stops the answer itself where the first of them appears: the text before it, `finish_reason:
 * "stop"` and nothing after it (OpenAI drops the sequence and what follows, tool calls included).
 * Claude still generates to its own end, so usage (and cost) is what Claude counted.
 */
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionRequest } from '../../core/openai-wire.js';

/**
 * The client's `stop`, split into what Claude takes and what the gateway applies (whitespace-only
 * sequences); an empty string stops nothing and goes to neither.
 *
 * @example splitStops(['END', '\n', '']) // { claude: ['END'], held: ['\n'] }
 */
export function splitStops(stop: ChatCompletionRequest['stop']): { claude: string[]; held: string[] } {
  const list = typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop : [];
  const claude: string[] = [];
  const held: string[] = [];
  for (const sequence of list) {
    if (typeof sequence !== 'string' || sequence === '') continue;
    (sequence.trim() === '' ? held : claude).push(sequence);
  }
  return { claude, held };
}

/** Where the first of `stops` begins in `text`, or -1. */
function firstStop(text: string, stops: readonly string[]): number {
  let first = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  return first;
}

/**
 * A whole answer cut where the first held sequence appears (a new object; the given one when no
 * sequence appears).
 *
 * @example stopCompletion(completion, ['\n']) // content 'line one', finish_reason 'stop', no tool calls
 */
export function stopCompletion(completion: ChatCompletion, held: readonly string[]): ChatCompletion {
  const choice = completion.choices[0];
  const content = choice?.message.content;
  if (held.length === 0 || !choice || typeof content !== 'string') return completion;
  const at = firstStop(content, held);
  if (at < 0) return completion;
  const { tool_calls: _dropped, ...message } = choice.message;
  return { ...completion, choices: [{ ...choice, message: { ...message, content: content.slice(0, at) }, finish_reason: 'stop' }, ...completion.choices.slice(1)] };
}

/**
 * The same over a stream of chunks: text that could be the start of a held sequence waits for
 * the next chunk (at most the longest sequence less one character); once a sequence appears,
 * the text before it goes out, later content and tool calls are dropped, and the finish reason
 * becomes `stop`. Usage chunks pass.
 *
 * @example
 * const stops = new StreamStops(['\n']);
 * stops.push([chunk('one\ntwo')]) // [chunk('one')]
 */
export class StreamStops {
  private readonly longest: number;
  private held = '';
  private stopped = false;

  constructor(private readonly stops: readonly string[]) {
    this.longest = Math.max(...stops.map((stop) => stop.length));
  }

  /** The chunks to send for `chunks`, in order. */
  push(chunks: readonly ChatCompletionChunk[]): ChatCompletionChunk[] {
    const out: ChatCompletionChunk[] = [];
    for (const chunk of chunks) {
      const choice = chunk.choices[0];
      if (!choice) {
        out.push(chunk);
        continue;
      }
      const send = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: typeof choice.finish_reason) =>
        out.push({ ...chunk, choices: [{ ...choice, delta, finish_reason: finish }] });
      if (this.stopped) {
        if (choice.finish_reason !== null) send({}, 'stop');
        continue;
      }
      const { content, ...rest } = choice.delta;
      let text = typeof content === 'string' ? this.take(content) : '';
      if (this.stopped) {
        if (text !== '' || rest.role !== undefined) send(rest.role === undefined ? { content: text } : { role: rest.role, content: text }, null);
        if (choice.finish_reason !== null) send({}, 'stop');
        continue;
      }
      // Anything but text (a tool call, thinking, the finish) goes after the text held back so far.
      if (Object.keys(rest).length > 0 || choice.finish_reason !== null) {
        text += this.held;
        this.held = '';
      }
      if (typeof content === 'string') {
        if (text !== '' || Object.keys(rest).length > 0 || choice.finish_reason !== null) send({ ...rest, content: text }, choice.finish_reason);
        continue;
      }
      if (text !== '') send({ content: text }, null);
      out.push(chunk);
    }
    return out;
  }

  /** The part of `held + text` that can go out now; sets `stopped` when a sequence appears. */
  private take(text: string): string {
    const all = this.held + text;
    const at = firstStop(all, this.stops);
    if (at >= 0) {
      this.stopped = true;
      this.held = '';
      return all.slice(0, at);
    }
    // Only an end that could begin a sequence waits: whitespace, so never half a surrogate pair.
    const keep = this.partialStopAtEnd(all);
    this.held = all.slice(all.length - keep);
    return all.slice(0, all.length - keep);
  }

  /** The length of the longest end of `text` that is the start of a sequence (shorter than it). */
  private partialStopAtEnd(text: string): number {
    for (let length = Math.min(text.length, this.longest - 1); length > 0; length--) {
      const end = text.slice(text.length - length);
      if (this.stops.some((stop) => stop.startsWith(end))) return length;
    }
    return 0;
  }
}
