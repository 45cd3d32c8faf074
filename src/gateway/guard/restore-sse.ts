import type { ClientFormat } from '../../core/formats.js';
import { createStreamRestorer, type PiiVault, type StreamRestorer } from '../../guardrails/redaction/index.js';
import { mayHoldPlaceholder, restoreDeep } from './restore-json.js';

type Json = Record<string, unknown>;

interface Open {
  restorer: StreamRestorer;
  /** Builds an extra delta event carrying text held back when the block ends. */
  carry: (text: string) => { event?: string; data: Json };
}

/** Responses events whose `delta` is text (or JSON) the restorer holds back across placeholders, and the events that end each. */
const RESPONSES_DELTAS: ReadonlySet<string> = new Set(['response.output_text.delta', 'response.refusal.delta', 'response.function_call_arguments.delta', 'response.reasoning_text.delta', 'response.reasoning_summary_text.delta']);
const RESPONSES_DONES: ReadonlySet<string> = new Set(['response.output_text.done', 'response.refusal.done', 'response.function_call_arguments.done', 'response.reasoning_text.done', 'response.reasoning_summary_text.done']);

/** What in an event's text sends it the full way even without a placeholder in it (see `passesAsIs`). */
const FULL_PATH_MARK: Record<Exclude<ClientFormat, 'responses'>, string> = { openai: '"reasoning', anthropic: 'content_block_stop', gemini: 'finishReason' };

/**
 * Restores placeholders in a stream of SSE text in a client's format. Text deltas go through a
 * streaming restorer per block (OpenAI choice content, reasoning and tool-call arguments,
 * Anthropic text, thinking and tool-input blocks, Responses output, reasoning part or function
 * call), so a placeholder split across events at any
 * position comes back whole; everything else (message starts, `.done` events, the final
 * Response) is restored as a whole. Text held back at the end of a block is sent in one more
 * delta just before the block ends (Responses sequence numbers are shifted to make room).
 *
 * @example const r = new SseRestorer('anthropic', vault); for await (const piece of events) yield r.push(piece); yield r.end();
 */
export class SseRestorer {
  /** The open event's text, in the pieces it came in. */
  private buffer: string[] = [];
  /** The last character pushed, for a blank line whose two newlines come in two pieces. */
  private last = '';
  private readonly open = new Map<string, Open>();
  private shift = 0;
  private lastOpenAIChunk: Json | undefined;

  /**
   * @param reasoning false: the model's reasoning (thinking deltas, `reasoning_content`, Responses
   *   reasoning text) keeps its placeholders, exactly as the provider signed it.
   */
  constructor(
    private readonly format: ClientFormat,
    private readonly vault: PiiVault,
    private readonly reasoning = true,
  ) {}

  private restored(event: Json): Json {
    return restoreDeep(event, this.vault, '', this.reasoning) as Json;
  }

  /** Accepts a piece of the stream; returns the restored whole events in it. */
  push(piece: string): string {
    // An event still open is kept in its pieces and joined once, when a piece ends it: joined and
    // searched whole on every piece, a long event (a response.completed repeating a long answer)
    // was quadratic, 20 MB in 64 kB pieces 8 s of the event loop.
    const ends = piece.includes('\n\n') || (this.last === '\n' && piece.startsWith('\n'));
    if (piece !== '') this.last = piece.charAt(piece.length - 1);
    if (!ends) {
      if (piece !== '') this.buffer.push(piece);
      return '';
    }
    const text = this.buffer.join('') + piece;
    let out = '';
    // One pass with a moving start: a piece holding a whole answer's events (a cascade or a
    // local model answers in one piece) costs linear time, not a copy of the rest per event.
    let start = 0;
    for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n', start)) {
      out += this.event(text.slice(start, end));
      start = end + 2;
    }
    const rest = text.slice(start);
    this.buffer = rest === '' ? [] : [rest];
    this.last = rest.charAt(rest.length - 1);
    return out;
  }

  /** The stream ended: whatever is still held back, then any unterminated rest. */
  end(): string {
    const rest = this.buffer.join('');
    this.buffer = [];
    this.last = '';
    return this.closeAll() + rest;
  }

  private event(raw: string): string {
    let name: string | undefined;
    let data: string | undefined;
    // Most events are one `data:` line: read without splitting.
    if (raw.startsWith('data:') && !raw.includes('\n')) {
      data = raw.slice(5).trimStart();
    } else {
      for (const line of raw.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data = (data === undefined ? '' : `${data}\n`) + line.slice(5).trimStart();
      }
    }
    if (data === undefined) return `${raw}\n\n`;
    if (data === '[DONE]') return this.closeAll() + `${raw}\n\n`;
    if (this.passesAsIs(data)) return `${raw}\n\n`;
    let parsed: Json;
    try {
      parsed = JSON.parse(data) as Json;
    } catch {
      return `${raw}\n\n`;
    }
    if (this.format === 'openai') return this.openai(parsed);
    if (this.format === 'anthropic') return this.anthropic(name, parsed);
    if (this.format === 'gemini') return this.gemini(parsed);
    return this.responses(name, parsed);
  }

  /**
   * An event that cannot change goes out as it came, unparsed (most of a stream): it holds no
   * "<" (nor its JSON escape), so no placeholder, and no block holds back text it would have to
   * carry. Skipping it skips no state that matters: a block's restorer is made by its first
   * delta that holds a "<", with the same carry as its first delta would have made (OpenAI and
   * Anthropic carries depend on the block only); a block that held nothing closes to nothing.
   * Events that fix a carry by their own fields take the full path: OpenAI reasoning (the field's
   * name), Anthropic block ends (a later block may reuse the index), Gemini's finishing event (it
   * takes the held-back text), and every Responses event (a carry is numbered from the block's first delta).
   */
  private passesAsIs(data: string): boolean {
    if (this.format === 'responses' || mayHoldPlaceholder(data)) return false;
    if (data.includes(FULL_PATH_MARK[this.format])) return false;
    for (const open of this.open.values()) if (open.restorer.holding) return false;
    return true;
  }

  private write(name: string | undefined, data: Json): string {
    if (this.format === 'responses' && typeof data.sequence_number === 'number') data.sequence_number += this.shift;
    return `${name === undefined ? '' : `event: ${name}\n`}data: ${JSON.stringify(data)}\n\n`;
  }

  private restorer(key: string, json: boolean, carry: Open['carry']): StreamRestorer {
    let open = this.open.get(key);
    if (!open) {
      open = { restorer: createStreamRestorer(this.vault, json ? { json: true } : {}), carry };
      this.open.set(key, open);
    }
    return open.restorer;
  }

  /** Ends one block: its held-back text, if any, as one more delta event. */
  private close(key: string): string {
    const extra = this.endBlock(key);
    if (!extra) return '';
    const out = this.write(extra.event, extra.data);
    if (this.format === 'responses') this.shift += 1;
    return out;
  }

  /** Forgets a block and returns the delta event carrying its held-back text; undefined when it held none. */
  private endBlock(key: string): ReturnType<Open['carry']> | undefined {
    const open = this.open.get(key);
    if (!open) return undefined;
    this.open.delete(key);
    const text = open.restorer.flush();
    return text === '' ? undefined : open.carry(text);
  }

  private closeAll(): string {
    let out = '';
    for (const key of [...this.open.keys()]) out += this.close(key);
    return out;
  }

  private openai(chunk: Json): string {
    const choices = Array.isArray(chunk.choices) ? (chunk.choices as Json[]) : [];
    if (choices.length > 0) this.lastOpenAIChunk = chunk;
    // Held-back text of blocks that end here goes out in extra chunks just before this one.
    let before = '';
    for (const choice of choices) {
      const index = choice.index as number;
      const delta = (choice.delta ?? {}) as Json;
      const carry = (field: string) => (text: string) => ({ data: { ...this.lastOpenAIChunk, choices: [{ index, delta: { [field]: text }, finish_reason: null }] } });
      before += this.openaiReasoning(index, delta, carry);
      if (typeof delta.content === 'string') delta.content = this.restorer(`c${index}`, false, carry('content')).push(delta.content);
      if (typeof delta.refusal === 'string') delta.refusal = this.restorer(`r${index}`, false, carry('refusal')).push(delta.refusal);
      for (const call of Array.isArray(delta.tool_calls) ? (delta.tool_calls as Json[]) : []) {
        const fn = call.function as Json | undefined;
        if (typeof fn?.arguments !== 'string') continue;
        const callIndex = call.index as number;
        fn.arguments = this.restorer(`t${index}.${callIndex}`, true, (text) => ({
          data: { ...this.lastOpenAIChunk, choices: [{ index, delta: { tool_calls: [{ index: callIndex, function: { arguments: text } }] }, finish_reason: null }] },
        })).push(fn.arguments);
      }
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        for (const key of [...this.open.keys()]) if (key === `c${index}` || key === `r${index}` || key === `th${index}` || key.startsWith(`t${index}.`)) before += this.close(key);
      }
    }
    return before + this.write(undefined, chunk);
  }

  /**
   * OpenAI-compatible reasoning (`reasoning_content`; `reasoning` on OpenRouter and newer vLLM),
   * which comes before the answer: once the answer begins (or the choice ends), what it held back
   * is added to this chunk's reasoning, or sent in a chunk of its own just before this one.
   */
  private openaiReasoning(index: number, delta: Json, carry: (field: string) => Open['carry']): string {
    if (!this.reasoning) return '';
    const key = `th${index}`;
    let field: string | undefined;
    for (const name of ['reasoning_content', 'reasoning']) {
      if (typeof delta[name] !== 'string') continue;
      field = name;
      delta[name] = this.restorer(key, false, carry(name)).push(delta[name] as string);
    }
    const ends = typeof delta.content === 'string' || Array.isArray(delta.tool_calls) || typeof delta.refusal === 'string';
    if (!ends || !this.open.has(key)) return '';
    if (field === undefined) return this.close(key);
    const open = this.open.get(key);
    this.open.delete(key);
    delta[field] = (delta[field] as string) + (open?.restorer.flush() ?? '');
    return '';
  }

  private anthropic(name: string | undefined, event: Json): string {
    const index = event.index as number;
    if (event.type === 'content_block_delta') {
      const delta = event.delta as Json;
      // The signature covers the thinking as the provider wrote it; it passes as it is, after the held-back thinking.
      if (delta.type === 'signature_delta') return this.close(`b${index}`) + this.write(name, event);
      const field = delta.type === 'text_delta' ? 'text' : delta.type === 'input_json_delta' ? 'partial_json' : delta.type === 'thinking_delta' && this.reasoning ? 'thinking' : undefined;
      if (field !== undefined && typeof delta[field] === 'string') {
        const kind = delta.type as string;
        delta[field] = this.restorer(`b${index}`, field === 'partial_json', (text) => ({
          event: 'content_block_delta',
          data: { type: 'content_block_delta', index, delta: { type: kind, [field]: text } },
        })).push(delta[field] as string);
      }
      return this.write(name, event);
    }
    if (event.type === 'content_block_stop') return this.close(`b${index}`) + this.write(name, event);
    if (event.type === 'message_stop') return this.closeAll() + this.write(name, event);
    return this.write(name, this.restored(event));
  }

  /**
   * Gemini events: each candidate's answer text and thought text are blocks (thoughts come first,
   * and end when the answer begins); a function call comes whole, restored whole. On the event
   * that finishes a candidate, held-back text joins that event's own text of the same kind, so it
   * stays in order.
   */
  private gemini(event: Json): string {
    let before = '';
    for (const candidate of Array.isArray(event.candidates) ? (event.candidates as Json[]) : []) {
      const index = typeof candidate.index === 'number' ? candidate.index : 0;
      const content = candidate.content as Json | undefined;
      const parts = content && Array.isArray(content.parts) ? (content.parts as Json[]) : [];
      const last: Record<string, Json> = {};
      parts.forEach((part, i) => {
        if (typeof part.text !== 'string') {
          parts[i] = this.restored(part);
          return;
        }
        const thought = part.thought === true;
        if (thought && !this.reasoning) return;
        const key = `${thought ? 'gt' : 'g'}${index}`;
        if (!thought && this.open.has(`gt${index}`)) before += this.close(`gt${index}`);
        part.text = this.restorer(key, false, (text) => ({ data: { candidates: [{ content: { role: 'model', parts: [{ text, ...(thought ? { thought } : {}) }] }, index }] } })).push(part.text);
        last[key] = part;
      });
      if (candidate.finishReason === undefined) continue;
      for (const key of [`gt${index}`, `g${index}`]) {
        const open = this.open.get(key);
        const part = last[key];
        if (!open) continue;
        if (!part) before += this.close(key);
        else {
          this.open.delete(key);
          part.text = (part.text as string) + open.restorer.flush();
        }
      }
    }
    return before + this.write(undefined, event);
  }

  private responses(name: string | undefined, event: Json): string {
    const type = String(event.type);
    // Summary parts are numbered apart from content parts, so the two never share a key.
    const part = event.summary_index === undefined ? String(event.content_index ?? '') : `s${String(event.summary_index)}`;
    const key = `${String(event.item_id)}:${part}`;
    const json = type.startsWith('response.function_call_arguments.');
    const reasoningText = type.startsWith('response.reasoning_text.') || type.startsWith('response.reasoning_summary');
    if (reasoningText && !this.reasoning) return this.write(name, event);
    if (RESPONSES_DELTAS.has(type)) {
      const template = { ...event };
      event.delta = this.restorer(key, json, (text) => ({ event: type, data: { ...template, delta: text, sequence_number: (template.sequence_number as number) + 1 } })).push(
        String(event.delta),
      );
      return this.write(name, event);
    }
    if (RESPONSES_DONES.has(type)) {
      // The carried delta takes this event's number; this event and all after move up by one.
      const before = this.closeCarry(key, event.sequence_number as number);
      return before + this.write(name, this.restored(event));
    }
    if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') return this.closeAll() + this.write(name, this.restored(event));
    return this.write(name, this.restored(event));
  }

  /** Responses: the held-back delta is numbered where the `.done` event was. */
  private closeCarry(key: string, sequence: number): string {
    const extra = this.endBlock(key);
    if (!extra) return '';
    extra.data.sequence_number = sequence + this.shift;
    this.shift += 1;
    return `event: ${extra.event ?? ''}\ndata: ${JSON.stringify(extra.data)}\n\n`;
  }
}
