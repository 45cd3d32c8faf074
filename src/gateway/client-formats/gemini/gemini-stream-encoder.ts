import type { ChatCompletionChunk, ChatToolCall, ChatUsage } from '../../../core/openai-wire.js';
import type { GeminiCandidate, GeminiPart, GenerateContentResponse } from '../../../providers/gemini/index.js';
import { CapturedStream } from '../../../providers/captured-stream.js';
import type { StreamEncoder } from '../client-codec.js';
import { finishReasonOf, functionCallPart, usageMetadataOf } from './to-gemini-response.js';

interface ChoiceState {
  calls: ChatToolCall[];
  finish: string | undefined;
}

/**
 * Canonical chunks as Gemini's `streamGenerateContent?alt=sse` events: each a whole
 * `GenerateContentResponse`. Text and thought summaries go out as they come; function calls go out
 * whole (Gemini never streams a call's arguments), in the last event with the finish reason and
 * the usage, which the canonical stream reports only at its end.
 *
 * Every event carries `usageMetadata`, as Google's do (the counts so far; a client reads the last
 * event's): BAML's Gemini client (0.226) types the field as required and read nothing from a
 * stream whose events lacked it, so a Claude or OpenAI model behind the Gemini API streamed an
 * empty answer to it. Before the upstream's usage is known the object is empty, which is how
 * Google's JSON writes counts that are all zero.
 */
export class GeminiStreamEncoder implements StreamEncoder {
  private readonly sent: string[] = [];
  private readonly choices = new Map<number, ChoiceState>();
  private usage: ChatUsage | undefined;
  private model = '';
  private id = '';

  push(chunks: readonly ChatCompletionChunk[]): string {
    let out = '';
    for (const chunk of chunks) {
      this.model = chunk.model;
      this.id = chunk.id;
      if (chunk.usage) this.usage = chunk.usage;
      const candidates: GeminiCandidate[] = [];
      for (const choice of chunk.choices) {
        const state = this.stateOf(choice.index);
        const delta = choice.delta;
        const parts: GeminiPart[] = [];
        const reasoning = delta['reasoning_content'];
        if (typeof reasoning === 'string' && reasoning !== '') parts.push({ text: reasoning, thought: true });
        if (typeof delta.content === 'string' && delta.content !== '') parts.push({ text: delta.content });
        for (const call of delta.tool_calls ?? []) addCallDelta(state.calls, call);
        if (choice.finish_reason) state.finish = finishReasonOf(choice.finish_reason);
        if (parts.length > 0) candidates.push({ content: { role: 'model', parts }, index: choice.index });
      }
      if (candidates.length > 0) out += this.event({ candidates, usageMetadata: this.usage ? usageMetadataOf(this.usage) : {} });
    }
    return out;
  }

  end(): string {
    const candidates: GeminiCandidate[] = [];
    for (const [index, state] of this.choices) {
      const parts = state.calls.length > 0 ? state.calls.map(functionCallPart) : [{ text: '' }];
      candidates.push({ content: { role: 'model', parts }, finishReason: state.finish ?? 'STOP', index });
    }
    if (candidates.length === 0) candidates.push({ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 });
    const last: GenerateContentResponse = { candidates };
    if (this.usage) last.usageMetadata = usageMetadataOf(this.usage);
    return this.event(last);
  }

  response(): unknown {
    return new CapturedStream('gemini', this.sent);
  }

  private stateOf(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (!state) this.choices.set(index, (state = { calls: [], finish: undefined }));
    return state;
  }

  private event(response: GenerateContentResponse): string {
    response.modelVersion = this.model;
    response.responseId = this.id;
    const text = `data: ${JSON.stringify(response)}\n\n`;
    this.sent.push(text);
    return text;
  }
}

/** One streamed piece of a tool call: a new call (it has an id), or more of a call's arguments. */
function addCallDelta(calls: ChatToolCall[], delta: { index?: number; id?: string; function?: { name?: string; arguments?: string } }): void {
  const at = delta.index ?? calls.length - 1;
  let call = calls[at];
  if (!call) {
    call = { id: delta.id ?? `call_${at}`, type: 'function', function: { name: '', arguments: '' } };
    calls[at] = call;
  }
  if (delta.function?.name) call.function.name += delta.function.name;
  if (delta.function?.arguments) call.function.arguments += delta.function.arguments;
}
