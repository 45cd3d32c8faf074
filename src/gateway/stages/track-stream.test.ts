import { describe, expect, it, vi } from 'vitest';
import { SwitchyardError } from '../../core/errors.js';
import type { ChatProvider } from '../../providers/spec.js';
import type { Usage } from '../../tokens/usage.js';
import { Call } from '../call.js';
import { trackStream } from './track-stream.js';

function streamedCall(): Call {
  const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true };
  const call = new Call({ endpoint: 'chat', format: 'openai', body, bodyText: JSON.stringify(body), signal: new AbortController().signal });
  call.attempts.push({ provider: 'p', model: 'm', status: 200, latencyMs: 5 });
  return call;
}

const provider = { networkError: (error: unknown) => new SwitchyardError('upstream_unreachable', `network: ${String(error)}`) } as unknown as ChatProvider;
const usage: Usage = { inputTokens: 3, outputTokens: 2, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, estimated: false };

function state() {
  return { usage: vi.fn(() => usage), response: vi.fn(() => ({ answer: 'Hello' })), cancel: vi.fn() };
}

describe('trackStream', () => {
  it('passes every piece through and records time to first token, usage, answer and the whole attempt', async () => {
    const call = streamedCall();
    const s = state();
    async function* source() {
      yield 'a';
      await new Promise((r) => setTimeout(r, 20));
      yield 'b';
    }
    const events = trackStream(call, provider, source(), s);
    expect(call.ttftMs).toBeNull();
    const out: string[] = [];
    for await (const piece of events) out.push(piece);
    expect(out).toEqual(['a', 'b']);
    expect(call.ttftMs).not.toBeNull();
    expect(call.usage).toBe(usage);
    expect(call.response).toEqual({ answer: 'Hello' });
    // Stretched from the 5 ms the attempt took to its first byte over the whole stream.
    expect(call.attempts[0]?.latencyMs).toBeGreaterThanOrEqual(20);
    expect(s.cancel).not.toHaveBeenCalled();
  });

  it('releases the upstream and records what came when the consumer stops early', async () => {
    const call = streamedCall();
    const s = state();
    const closed = vi.fn();
    async function* source() {
      try {
        yield 'a';
        yield 'b';
      } finally {
        closed();
      }
    }
    const events = trackStream(call, provider, source(), s);
    expect((await events.next()).value).toBe('a');
    await events.return?.();
    expect(closed).toHaveBeenCalled();
    expect(s.cancel).toHaveBeenCalledOnce();
    expect(call.usage).toBe(usage);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('records a failure as the call’s error, as the project’s error, and releases the upstream', async () => {
    const call = streamedCall();
    const s = state();
    async function* source() {
      yield 'a';
      throw new Error('reset');
    }
    const events = trackStream(call, provider, source(), s);
    await expect((async () => {
      for await (const _ of events);
    })()).rejects.toThrow('network: Error: reset');
    expect(call.error?.message).toBe('network: Error: reset');
    expect(s.cancel).toHaveBeenCalledOnce();
    expect(s.response).toHaveBeenCalledOnce();
  });

  it('does nothing for a stream never pulled', async () => {
    const call = streamedCall();
    const s = state();
    async function* source() {
      yield 'a';
    }
    await trackStream(call, provider, source(), s).return?.();
    expect(s.cancel).not.toHaveBeenCalled();
    expect(call.usage).toBeUndefined();
  });
});
