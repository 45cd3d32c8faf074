/**
 * Stop sequences the gateway applies itself, because the upstream refuses them:
 * - Claude refuses whitespace-only ones, which OpenAI takes: an OpenAI client's `stop: ["\n"]` (a
 *   one-line answer, common in completion-style prompts and eval harnesses) would get Claude's
 *   400 ("each stop sequence must contain non-whitespace") about a field the client never sent
 *   (`splitStops`);
 * - OpenAI takes at most 4, Claude many: an Anthropic client's fifth and later reach OpenAI
 *   models here (`splitOpenAIStops` in openai-stop-limits.ts);
 * - Gemini takes at most 5: the sixth and later are held (`splitGeminiStops` in gemini-stop-limits.ts).
 * The gateway keeps such sequences back and stops the answer itself where the first of them
 * appears: the text before it, `finish_reason: "stop"` and nothing after it (OpenAI drops the
 * sequence and what follows, tool calls included). A streamed upstream call is ended there
 * (held-stop-end.ts), so generation and billing stop with it; a whole answer is cut once it has
 * arrived, and its usage is what the upstream counted to its own end.
 */
import type { ChatChunkChoice, ChatCompletion, ChatCompletionChunk, ChatCompletionRequest, ChatUsage } from '../core/openai-wire.js';

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

/** The first of `stops` to appear in `text`, and where; undefined when none does. */
function firstStop(text: string, stops: readonly string[]): { at: number; stop: string } | undefined {
  let first: { at: number; stop: string } | undefined;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && (first === undefined || at < first.at)) first = { at, stop };
  }
  return first;
}

/**
 * A whole answer cut where the first held sequence appears (a new object; the given one when no
 * sequence appears). With `report`, the choice names the sequence in `stop_reason`, as vLLM
 * does, so an Anthropic client learns it (`reportedStopSequence`).
 *
 * @example stopCompletion(completion, ['\n']) // content 'line one', finish_reason 'stop', no tool calls
 */
export function stopCompletion(completion: ChatCompletion, held: readonly string[], report = false): ChatCompletion {
  const choice = completion.choices[0];
  const content = choice?.message.content;
  if (held.length === 0 || !choice || typeof content !== 'string') return completion;
  const found = firstStop(content, held);
  if (!found) return completion;
  const { tool_calls: _dropped, ...message } = choice.message;
  const stopped = { ...choice, message: { ...message, content: content.slice(0, found.at) }, finish_reason: 'stop' as const, ...(report ? { stop_reason: found.stop } : {}) };
  return { ...completion, choices: [stopped, ...completion.choices.slice(1)] };
}

/**
 * The same over a stream of chunks: text that could be the start of a held sequence waits for
 * the next chunk (at most the longest sequence less one character); once a sequence appears,
 * the text before it goes out, later content and tool calls are dropped, and the finish reason
 * becomes `stop` (naming the sequence in `stop_reason` with `report`, as `stopCompletion`). Usage chunks pass.
 *
 * @example
 * const stops = new StreamStops(['\n']);
 * stops.push([chunk('one\ntwo')]) // [chunk('one')]
 */
export class StreamStops {
  private readonly longest: number;
  private held = '';
  private stopped = false;
  /** The sequence the answer stopped on, once it has. */
  private matched: string | undefined;
  /** The finish went out (the upstream's, made `stop`). */
  private finished = false;
  /** The last chunk with a choice, for the ids of a closing chunk (`close`). */
  private last: ChatCompletionChunk | undefined;
  /** Every piece of text the upstream generated, the part past the sequence included: what it bills. */
  generated = '';

  constructor(
    private readonly stops: readonly string[],
    private readonly report = false,
  ) {
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
      this.last = chunk;
      if (typeof choice.delta.content === 'string') this.generated += choice.delta.content;
      const send = (delta: ChatChunkChoice['delta'], finish: typeof choice.finish_reason) => {
        const sent: ChatChunkChoice & { stop_reason?: string } = { ...choice, delta, finish_reason: finish };
        if (finish === 'stop' && this.report && this.matched !== undefined) sent.stop_reason = this.matched;
        if (finish !== null) this.finished = true;
        out.push({ ...chunk, choices: [sent] });
      };
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

  /**
   * The sequence the answer stopped on while the upstream was still generating (its finish not
   * yet read): the moment to end the upstream call. Undefined otherwise.
   */
  get endsEarly(): string | undefined {
    return this.finished ? undefined : this.matched;
  }

  /**
   * The chunks that close an answer stopped before the upstream's own finish: the finish (`stop`,
   * naming the sequence with `report`) and a usage chunk with `usage`.
   *
   * @example stops.close({ prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 }) // [finish 'stop', usage]
   */
  close(usage: ChatUsage): ChatCompletionChunk[] {
    const last = this.last;
    if (!last || this.finished) return [];
    const choice = last.choices[0] as ChatChunkChoice;
    const finish: ChatChunkChoice & { stop_reason?: string } = { index: choice.index, delta: {}, finish_reason: 'stop' };
    if (this.report && this.matched !== undefined) finish.stop_reason = this.matched;
    this.finished = true;
    const { id, object, created, model } = last;
    return [
      { id, object, created, model, choices: [finish] },
      { id, object, created, model, choices: [], usage },
    ];
  }

  /** The part of `held + text` that can go out now; sets `stopped` when a sequence appears. */
  private take(text: string): string {
    const all = this.held + text;
    const found = firstStop(all, this.stops);
    if (found) {
      this.stopped = true;
      this.matched = found.stop;
      this.held = '';
      return all.slice(0, found.at);
    }
    // Only an end that could begin a sequence waits: it ends where a whole character of the
    // sequence does, so never in half a surrogate pair of well-formed text.
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
