import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClientFormat } from '../../core/formats.js';
import type { ChatCompletionChunk } from '../../core/openai-wire.js';
import { createVault } from '../../guardrails/redaction/index.js';
import { codecFor } from '../client-formats/index.js';
import { SseRestorer } from './restore-sse.js';
import { fuzzRuns } from '../../test-support/fuzz-runs.js';

const vault = createVault();
vault.placeholderFor('PERSON', 'Ann "Jo" O\\Neil');
vault.placeholderFor('EMAIL', 'ann@example.com');

const TEXT = 'Hi <PERSON_1>, mail <EMAIL_1> < soon <EMAIL_1';
const RESTORED = 'Hi Ann "Jo" O\\Neil, mail ann@example.com < soon <EMAIL_1';
const ARGS = '{"to":"<PERSON_1>","cc":"<EMAIL_1>"}';
const THOUGHT = 'The user <PERSON_1> wants mail at <EMAIL_1>';
const THOUGHT_RESTORED = 'The user Ann "Jo" O\\Neil wants mail at ann@example.com';

function chunk(delta: Record<string, unknown>, finish: string | null = null): ChatCompletionChunk {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }] } as ChatCompletionChunk;
}

/** The answer as a provider streams it: one character per delta, text then a tool call. */
function sse(format: ClientFormat): string {
  const encoder = codecFor(format).streamEncoder(false, { model: 'm', input: 'x', messages: [] });
  let out = encoder.push([chunk({ role: 'assistant' })]);
  // Reasoning first, as OpenAI-compatible reasoning models send it (`reasoning_content`).
  for (const ch of THOUGHT) out += encoder.push([chunk({ reasoning_content: ch })]);
  for (const ch of TEXT) out += encoder.push([chunk({ content: ch })]);
  out += encoder.push([chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'send', arguments: '' } }] })]);
  for (const ch of ARGS) out += encoder.push([chunk({ tool_calls: [{ index: 0, function: { arguments: ch } }] })]);
  out += encoder.push([chunk({}, 'tool_calls')]);
  return out + encoder.end();
}

/** What a client assembles from the deltas: text, reasoning, arguments, and the Responses sequence numbers. */
function assemble(format: ClientFormat, stream: string): { text: string; thought: string; args: string; sequence: number[]; signatures: number } {
  let text = '';
  let thought = '';
  let args = '';
  let signatures = 0;
  const sequence: number[] = [];
  for (const raw of stream.split('\n\n')) {
    const data = raw.split('\n').find((l) => l.startsWith('data: '))?.slice(6);
    if (!data || data === '[DONE]') continue;
    const e = JSON.parse(data);
    if (format === 'openai') {
      text += e.choices[0]?.delta?.content ?? '';
      thought += e.choices[0]?.delta?.reasoning_content ?? '';
      args += e.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
    } else if (format === 'anthropic') {
      if (e.type === 'content_block_delta') {
        text += e.delta.text ?? '';
        thought += e.delta.thinking ?? '';
        args += e.delta.partial_json ?? '';
        if (e.delta.type === 'signature_delta') signatures += 1;
      }
    } else if (format === 'gemini') {
      for (const part of e.candidates?.[0]?.content?.parts ?? []) {
        if (part.thought) thought += part.text;
        else if (typeof part.text === 'string') text += part.text;
        if (part.functionCall) args += JSON.stringify(part.functionCall.args);
      }
    } else {
      sequence.push(e.sequence_number);
      if (e.type === 'response.output_text.delta') text += e.delta;
      if (e.type === 'response.reasoning_text.delta') thought += e.delta;
      if (e.type === 'response.function_call_arguments.delta') args += e.delta;
    }
  }
  return { text, thought, args, sequence, signatures };
}

describe('SseRestorer', () => {
  for (const format of ['openai', 'anthropic', 'responses', 'gemini'] as const) {
    it(`${format}: restores placeholders split across deltas and across pieces at every position`, () => {
      const original = sse(format);
      // Cut the SSE text into two pieces at every position (an event split mid-line included).
      for (let cut = 0; cut <= original.length; cut += 17) {
        const r = new SseRestorer(format, vault);
        const out = r.push(original.slice(0, cut)) + r.push(original.slice(cut)) + r.end();
        const got = assemble(format, out);
        expect(got.text, `cut at ${cut}`).toBe(RESTORED);
        expect(got.thought, `cut at ${cut}`).toBe(THOUGHT_RESTORED);
        expect(JSON.parse(got.args), `cut at ${cut}`).toEqual({ to: 'Ann "Jo" O\\Neil', cc: 'ann@example.com' });
        if (format === 'responses') expect(got.sequence).toEqual(got.sequence.map((_, i) => i));
      }
      // Hundreds of cuts, each a whole stream restored and parsed: 1–4 s on a quiet machine, more
      // than the default 20 s once under load.
    }, 60_000);
  }

  it('gives the same stream pushed a character at a time as pushed whole', () => {
    for (const format of ['openai', 'anthropic', 'responses', 'gemini'] as const) {
      const original = sse(format);
      const whole = new SseRestorer(format, vault);
      const expected = whole.push(original) + whole.end();
      const r = new SseRestorer(format, vault);
      let out = '';
      for (const char of original) out += r.push(char);
      expect(out + r.end(), format).toBe(expected);
    }
  });

  for (const format of ['openai', 'anthropic', 'responses', 'gemini'] as const) {
    it(`${format}: with reasoning restore off, reasoning keeps its placeholders and the answer is still restored`, () => {
      const r = new SseRestorer(format, vault, false);
      const got = assemble(format, r.push(sse(format)) + r.end());
      expect(got.thought).toBe(THOUGHT);
      expect(got.text).toBe(RESTORED);
    });
  }

  it('anthropic: a thinking block split anywhere is restored before its signature, which passes unchanged', () => {
    const events = [
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}\n\n',
      ...['Mail <EMA', 'IL_1> now <PERS', 'ON_'].map((t) => `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: t } })}\n\n`),
      'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"c2lnPEVNQUlMXzE+"}}\n\n',
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
    ].join('');
    for (let cut = 0; cut <= events.length; cut += 7) {
      const r = new SseRestorer('anthropic', vault);
      const out = r.push(events.slice(0, cut)) + r.push(events.slice(cut)) + r.end();
      const deltas = out.split('\n\n').filter((e) => e.includes('content_block_delta')).map((e) => JSON.parse(e.split('data: ')[1] ?? '{}').delta);
      expect(deltas.filter((d) => d.type === 'thinking_delta').map((d) => d.thinking).join('')).toBe('Mail ann@example.com now <PERSON_');
      // Everything held back went out before the signature, and the signature is as the provider sent it.
      expect(deltas.at(-1)).toEqual({ type: 'signature_delta', signature: 'c2lnPEVNQUlMXzE+' });
    }
  });

  it('gemini: text held back at the end joins the finishing event\'s own text, in order', () => {
    const event = (text: string, finish?: string) => `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...(finish ? { finishReason: finish } : {}) }] })}\n\n`;
    const r = new SseRestorer('gemini', vault);
    const out = r.push(event('Mail <EMA') + event('IL_1> or <') + event('PERSON_1> now <', 'STOP')) + r.end();
    expect(assemble('gemini', out).text).toBe('Mail ann@example.com or Ann "Jo" O\\Neil now <');
    expect(out.split('\n\n').filter(Boolean)).toHaveLength(3);
  });

  it('responses: the final Response and the .done events carry restored text', () => {
    const r = new SseRestorer('responses', vault);
    const out = r.push(sse('responses')) + r.end();
    const completed = out.split('\n\n').find((e) => e.startsWith('event: response.completed'));
    expect(completed).toContain('mail ann@example.com');
    const done = out.split('\n\n').find((e) => e.startsWith('event: response.output_text.done'));
    expect(JSON.parse(done?.split('data: ')[1] ?? '{}').text).toBe(RESTORED);
  });

  it('any text with placeholders, cut into any pieces, comes back restored (property)', () => {
    const piece = fc.oneof(fc.constantFrom('<PERSON_1>', '<EMAIL_1>', '<EMAIL_9>', '<', '<EMAIL', '_1>', '>', ' '), fc.string({ maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }), (parts, cuts) => {
        const text = parts.join('');
        const encoder = codecFor('openai').streamEncoder(false, {});
        let stream = encoder.push([chunk({ role: 'assistant', content: '' })]);
        for (const ch of parts) stream += encoder.push([chunk({ content: ch })]);
        stream += encoder.push([chunk({}, 'stop')]) + encoder.end();
        const r = new SseRestorer('openai', vault);
        let out = '';
        let at = 0;
        for (let i = 0; at < stream.length; i++) {
          const size = cuts[i % cuts.length] as number;
          out += r.push(stream.slice(at, at + size));
          at += size;
        }
        out += r.end();
        const expected = text.replaceAll('<PERSON_1>', 'Ann "Jo" O\\Neil').replaceAll('<EMAIL_1>', 'ann@example.com');
        expect(assemble('openai', out).text).toBe(expected);
      }),
      { numRuns: fuzzRuns(150) },
    );
  });

  it('passes events with nothing to restore as they came, and still carries held text into the last chunk', () => {
    const r = new SseRestorer('openai', vault);
    // Spacing and escapes as a provider wrote them: an event with no "<" is not re-serialised.
    const plain = 'data:{"id":"c1", "choices":[{"index":0,"delta":{"content":"Mail \\u00e9 "},"finish_reason":null}]}\n\n';
    expect(r.push(plain)).toBe(plain);
    let out = '';
    for (const content of ['to <EMA', 'IL_1>', ' and <']) out += r.push(`data: ${JSON.stringify(chunk({ content }))}\n\n`);
    // The last "<" is held: the finishing chunk (no "<" of its own) carries it out before it ends.
    const finish = r.push(`data: ${JSON.stringify(chunk({}, 'stop'))}\n\n`);
    expect(assemble('openai', finish).text).toBe('<');
    out += finish + r.push('data: [DONE]\n\n') + r.end();
    expect(assemble('openai', out).text).toBe('to ann@example.com and <');
    // An escaped "<" is a possible placeholder too.
    const escaped = `data: ${JSON.stringify(chunk({ content: 'x' })).replace('"x"', '"\\u003cEMAIL_1>"')}\n\n`;
    expect(assemble('openai', new SseRestorer('openai', vault).push(escaped)).text).toBe('ann@example.com');
  });

  it('leaves events it cannot read as they are', () => {
    const r = new SseRestorer('openai', vault);
    expect(r.push(': keep-alive\n\ndata: {not json <EMAIL_1>}\n\n') + r.end()).toBe(': keep-alive\n\ndata: {not json <EMAIL_1>}\n\n');
  });
});
