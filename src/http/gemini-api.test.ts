import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import { type Outcome, WholeEvents } from '../gateway/outcome.js';
import { asJsonArray, geminiCallOf, geminiListOf, geminiModelPage, geminiModels } from './gemini-api.js';

describe('Gemini API paths', () => {
  it('reads the model and method, a model name with a slash or an escape whole', () => {
    expect(geminiCallOf('/v1beta/models/gemini-2.5-flash:streamGenerateContent')).toEqual({ model: 'gemini-2.5-flash', method: 'streamGenerateContent' });
    expect(geminiCallOf('/v1/models/openai/gpt-5.4-mini:generateContent')).toEqual({ model: 'openai/gpt-5.4-mini', method: 'generateContent' });
    expect(geminiCallOf('/v1beta/models/my%20route:countTokens')).toEqual({ model: 'my route', method: 'countTokens' });
    expect(geminiCallOf('/v1beta/models/flash:batchGenerateContent')).toBeUndefined();
    expect(geminiCallOf('/v1/models/ft:gpt-4o-mini:acme::abc123')).toBeUndefined();
    expect(geminiListOf('/v1beta/models')).toEqual({ model: undefined });
    expect(geminiListOf('/v1beta/models/flash')).toEqual({ model: 'flash' });
    expect(geminiListOf('/v1beta/models/flash:generateContent')).toBeNull();
  });

  it("lists and gets models in Google's shape, an unknown one a 404 with the did-you-mean", () => {
    expect(geminiModels('/v1beta/models', ['flash'], () => ({ input: 1_048_576, output: 8192 }))).toEqual({ models: [expect.objectContaining({ name: 'models/flash', inputTokenLimit: 1_048_576, outputTokenLimit: 8192 })] });
    const unknown = geminiModels('/v1/models/models/flash', ['flash'], () => ({ input: null, output: null }));
    expect(unknown).toEqual(expect.objectContaining({ name: 'models/flash', displayName: 'flash' }));
    // A limit the gateway does not know is left out, not given as a number it might not be.
    expect(unknown).not.toHaveProperty('inputTokenLimit');
    expect(unknown).not.toHaveProperty('outputTokenLimit');
    expect(() => geminiModels('/v1beta/models/flsh', ['flash'], () => ({ input: null, output: null }))).toThrow(/did you mean "flash"/);
    // Google's methods by kind: a client files a model listing embedContent under embeddings.
    expect(unknown).toHaveProperty('supportedGenerationMethods', ['generateContent', 'countTokens']);
    expect(geminiModels('/v1beta/models/embed', ['embed'], () => ({ input: null, output: null, embedding: true }))).toHaveProperty('supportedGenerationMethods', ['embedContent', 'countTokens']);
    expect(geminiModelPage(['a', 'b', 'c'], '2', null)).toEqual({ names: ['a', 'b'], next: 'b' });
    expect(geminiModelPage(['a', 'b', 'c'], '2', 'b')).toEqual({ names: ['c'] });
    expect(geminiModelPage(Array.from({ length: 60 }, (_, i) => `m${i}`), null, null).names).toHaveLength(50);
    expect(geminiModelPage(['a'], '0', null)).toEqual({ names: ['a'] });
    expect(() => geminiModelPage(['a'], '0x10', null)).toThrow(/pageSize/);
  });
});

describe('a stream as one JSON array (no ?alt=sse)', () => {
  const sse = 'data: {"n":1}\n\ndata: {"n":2}\n\n';
  const pull = async (outcome: Outcome): Promise<string> => {
    if (outcome.kind !== 'stream') throw new Error('not a stream');
    let out = '';
    for await (const piece of outcome.events) out += piece;
    return out;
  };

  it('frames the events as array items, pulled or whole', async () => {
    async function* events() {
      yield sse;
      yield 'data: {"n":3}\r\n\r\n';
    }
    const pulled = asJsonArray({ kind: 'stream', headers: { 'content-type': 'text/event-stream' }, events: events() }, 'req_1');
    expect(pulled.kind === 'stream' && pulled.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(await pull(pulled))).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    const whole = asJsonArray({ kind: 'stream', headers: {}, events: new WholeEvents(sse) }, 'req_1');
    expect(whole.kind === 'stream' && whole.events instanceof WholeEvents && JSON.parse(whole.events.text)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('ends a failed stream with the error as the last item, still a valid array', async () => {
    async function* events() {
      yield sse;
      throw new SwitchyardError('upstream_error', 'the model went away', { status: 503 });
    }
    const outcome = asJsonArray({ kind: 'stream', headers: {}, events: events() }, 'req_1');
    if (outcome.kind !== 'stream' || !outcome.failure) throw new Error('no failure framing');
    let sent = '';
    try {
      await pull({ ...outcome, events: { [Symbol.asyncIterator]: () => (async function* () { for await (const piece of outcome.events) { sent += piece; yield piece; } })() } });
    } catch (error) {
      sent += outcome.failure(error as SwitchyardError);
    }
    expect(JSON.parse(sent)).toEqual([{ n: 1 }, { n: 2 }, { error: { code: 503, message: 'the model went away', status: 'UNAVAILABLE' } }]);
  });
});
