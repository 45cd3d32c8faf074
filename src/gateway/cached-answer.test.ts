import { describe, expect, it } from 'vitest';
import type { ClientFormat } from '../core/formats.js';
import type { ChatCompletion, JsonObject } from '../core/openai-wire.js';
import { answerWith } from './answer-with.js';
import { Call } from './call.js';
import { CachedAnswers, citesAnyDocument, decodeCacheEntry, encodeCacheEntry } from './cached-answer.js';
import type { Outcome } from './outcome.js';
import { WholeEvents } from './outcome.js';

const completion: ChatCompletion = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'standin-small',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Rivers: Nile,\nAmazon, Yangtze.', refusal: null }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
};
const meta = { costUsd: 0.0012, provider: 'sim', upstreamModel: 'standin-small', storedAt: 1_000, traceId: 'tr_origin' };

const bodies: Record<ClientFormat, JsonObject> = {
  openai: { model: 'small', temperature: 0, messages: [{ role: 'user', content: 'Name three rivers' }] },
  anthropic: { model: 'small', temperature: 0, max_tokens: 50, messages: [{ role: 'user', content: 'Name three rivers' }] },
  gemini: { contents: [{ role: 'user', parts: [{ text: 'Name three rivers' }] }], generationConfig: { temperature: 0 } },
  responses: { model: 'small', temperature: 0, input: 'Name three rivers' },
};

function callFor(format: ClientFormat, stream: boolean, extra: JsonObject = {}): Call {
  const body = { ...bodies[format], ...(format === 'gemini' ? {} : { stream }), ...extra };
  const call = new Call({ endpoint: format === 'openai' ? 'chat' : format === 'anthropic' ? 'messages' : format, format, bodyText: JSON.stringify(body), body, signal: new AbortController().signal });
  call.stream = stream;
  return call;
}

const sent = (outcome: Outcome): string => (outcome.kind === 'json' ? outcome.body : outcome.kind === 'stream' && outcome.events instanceof WholeEvents ? outcome.events.text : '');

describe('cache entries', () => {
  it('read back what was stored, newlines in the answer included', () => {
    const decoded = decodeCacheEntry(encodeCacheEntry(meta, completion));
    expect(decoded?.meta).toEqual({ v: 2, ...meta });
    expect(decoded?.completion).toEqual(completion);
  });

  it('read entries of the first version, and refuse text that is no entry', () => {
    const v1 = JSON.stringify({ v: 1, completion, costUsd: 0.5, provider: 'sim', upstreamModel: null, storedAt: 9 });
    expect(decodeCacheEntry(v1)).toMatchObject({ meta: { costUsd: 0.5, provider: 'sim', upstreamModel: null, storedAt: 9 }, completion });
    for (const junk of ['', 'not json', '{"v":3}', '{"v":2,"storedAt":1}\n{"choices":"no"}', '{"v":2,"storedAt":1}\n{', JSON.stringify({ v: 1, completion: {} })]) {
      expect(decodeCacheEntry(junk)).toBeUndefined();
    }
  });
});

describe('cached answers', () => {
  const text = encodeCacheEntry(meta, completion);

  for (const format of ['openai', 'anthropic', 'gemini'] as const) {
    for (const stream of [false, true]) {
      it(`send the same bytes as encoding the answer afresh, ${format} ${stream ? 'streamed' : 'whole'}, and reuse them on the next hit`, () => {
        const answers = new CachedAnswers({ maxEntries: 10, maxChars: 1_000_000 });
        const fresh = callFor(format, stream);
        const expected = sent(answerWith(fresh, structuredClone(completion)));
        const first = callFor(format, stream);
        const firstOut = answers.read('k', text)?.answer(first);
        const second = callFor(format, stream);
        const secondOut = answers.read('k', text)?.answer(second);
        expect(firstOut?.kind).toBe(stream ? 'stream' : 'json');
        expect(sent(firstOut as Outcome)).toBe(expected);
        expect(sent(secondOut as Outcome)).toBe(expected);
        // The trace keeps the answer the client got, as a fresh encoding would have.
        expect(JSON.parse(JSON.stringify(second.response))).toEqual(JSON.parse(JSON.stringify(fresh.response)));
        expect(second.ttftMs).not.toBeNull();
      });
    }
  }

  it('stream OpenAI usage only to a client that asked for it, whichever asked first', () => {
    const answers = new CachedAnswers({ maxEntries: 10, maxChars: 1_000_000 });
    const withUsage = sent(answers.read('k', text)?.answer(callFor('openai', true, { stream_options: { include_usage: true } })) as Outcome);
    const without = sent(answers.read('k', text)?.answer(callFor('openai', true)) as Outcome);
    expect(withUsage).toContain('"completion_tokens":7');
    expect(without).not.toContain('completion_tokens');
  });

  it('give each Responses API hit its own response id', () => {
    const answers = new CachedAnswers({ maxEntries: 10, maxChars: 1_000_000 });
    const ids = [0, 1].map(() => (JSON.parse(sent(answers.read('k', text)?.answer(callFor('responses', false)) as Outcome)) as { id: string }).id);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('follow the store: another entry under the same key is another answer', () => {
    const answers = new CachedAnswers({ maxEntries: 10, maxChars: 1_000_000 });
    expect(sent(answers.read('k', text)?.answer(callFor('openai', false)) as Outcome)).toContain('Nile');
    const refreshed = structuredClone(completion);
    refreshed.choices[0]!.message.content = 'Danube.';
    expect(sent(answers.read('k', encodeCacheEntry({ ...meta, storedAt: 2_000 }, refreshed))?.answer(callFor('openai', false)) as Outcome)).toContain('Danube');
    expect(answers.read('k', 'garbage')).toBeUndefined();
  });

  it('stay within their bounds, least recently used out first, and still answer an entry too large to keep', () => {
    const answers = new CachedAnswers({ maxEntries: 2, maxChars: text.length * 3 });
    for (const key of ['a', 'b']) answers.read(key, text)?.answer(callFor('openai', false));
    answers.read('a', text);
    answers.read('c', text);
    expect(answers.size).toBeLessThanOrEqual(2);
    const kept = answers.read('a', text);
    expect(answers.read('a', text)).toBe(kept);
    const tiny = new CachedAnswers({ maxEntries: 2, maxChars: 10 });
    expect(sent(tiny.read('big', text)?.answer(callFor('openai', false)) as Outcome)).toContain('Nile');
    expect(tiny.size).toBe(0);
  });
});

describe('which entries a knowledge purge deletes', () => {
  const meta = { costUsd: 0, provider: 'sim', upstreamModel: 'm', storedAt: 0 };
  it('an entry whose kept citations name one of the documents, by doc_id; none without citations or unreadable', () => {
    const grounded = encodeCacheEntry({ ...meta, citations: '[{"index":1,"doc_id":"docs/leaked.md","chunk_id":"docs/leaked.md#0"},{"more":3}]' }, completion);
    expect(citesAnyDocument(grounded, new Set(['docs/leaked.md']))).toBe(true);
    expect(citesAnyDocument(grounded, new Set(['docs/other.md', 'docs/leaked']))).toBe(false);
    // The answer's own text naming the id is not a citation.
    const plain = encodeCacheEntry(meta, { ...completion, choices: [{ index: 0, message: { role: 'assistant', content: 'see "doc_id":"docs/leaked.md"' }, finish_reason: 'stop' }] } as ChatCompletion);
    expect(citesAnyDocument(plain, new Set(['docs/leaked.md']))).toBe(false);
    expect(citesAnyDocument('{"v":2,"citations":"doc_id: not json"}\n{}', new Set(['docs/leaked.md']))).toBe(false);
  });
});
