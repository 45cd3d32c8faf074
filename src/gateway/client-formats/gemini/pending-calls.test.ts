import { describe, expect, it } from 'vitest';
import { cpuMs } from '../../../test-support/cpu-clock.js';
import { PendingCalls } from './pending-calls.js';
import { fromGeminiRequest } from './to-chat-request.js';

const call = (id: string, name: string, geminiId?: string) => ({ id, name, geminiId });

describe('the function calls a Gemini user turn answers', () => {
  it('takes the first unanswered call by id (Gemini\'s or the gateway\'s), else by name, each once', () => {
    const pending = new PendingCalls([call('call_a', 'f', 'g1'), call('call_b', 'f'), call('call_c', 'g')], 1);
    expect(pending.take(undefined, 'g')?.id).toBe('call_c');
    expect(pending.take('g1', 'f')?.id).toBe('call_a');
    // call_a is answered: a response by name takes the next f.
    expect(pending.take(undefined, 'f')?.id).toBe('call_b');
    expect(pending.take(undefined, 'f')).toBeUndefined();
    expect(pending.take('call_a', 'f')).toBeUndefined();
    expect(pending.unanswered(3)).toEqual({ names: [], count: 0 });
  });

  it('answers by the gateway\'s own id too, and names what is left', () => {
    const pending = new PendingCalls([call('call_a', 'f'), call('call_b', 'g'), call('call_c', 'h'), call('call_d', 'i')], 3);
    expect(pending.take('call_b', 'anything')?.name).toBe('g');
    expect(pending.take('nope', 'f')).toBeUndefined();
    expect(pending.take(5, 'f')).toBeUndefined();
    expect(pending.unanswered(2)).toEqual({ names: ['f', 'h'], count: 3 });
  });

  it('matches 60,000 calls answered in reverse order in linear time: a scan per response took 20 s', () => {
    const n = 60_000;
    const calls = Array.from({ length: n }, (_, i) => ({ functionCall: { name: `f${i}` } }));
    const responses = Array.from({ length: n }, (_, i) => ({ functionResponse: { name: `f${n - 1 - i}`, response: {} } }));
    const started = cpuMs();
    const request = fromGeminiRequest({ model: 'm', contents: [{ role: 'user', parts: [{ text: 'q' }] }, { role: 'model', parts: calls }, { role: 'user', parts: responses }] });
    const ms = cpuMs() - started;
    expect(request.messages).toHaveLength(2 + n);
    // The last call's result comes first, and names that call's id.
    expect(request.messages[2]).toMatchObject({ role: 'tool', tool_call_id: request.messages[1]?.tool_calls?.[n - 1]?.id });
    // About 1 s of CPU (22 s before): CPU, which a loaded machine does not stretch as it does the wall clock.
    expect(ms).toBeLessThan(8_000);
  }, 60_000);
});
