import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import type { ChatCall, ChatResult, ModelCaller } from '../client/model-caller.js';
import { generateItems } from './generate-items.js';
import { LimitedCaller } from '../runner/limited-caller.js';

/** Four documents of one passage each, long enough to be asked about. */
const DOCUMENTS = ['fees', 'cards', 'refunds', 'pins'].map((topic) => ({
  path: `${topic}.md`,
  text: `# ${topic}\n\nThis passage about ${topic} is long enough to be asked about: it says what a customer needs to know about ${topic}.`,
}));

/** A model that writes one question per passage, whatever it is asked for (as the README's scripted simulator does). */
function onePairPerReply(pairs: (call: ChatCall) => { question: string; answer: string }[]): ModelCaller & { calls: ChatCall[] } {
  const calls: ChatCall[] = [];
  return {
    calls,
    async chat(call): Promise<ChatResult> {
      calls.push(call);
      return { text: JSON.stringify({ items: pairs(call) }), inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, traceId: null, upstreamModel: null, cached: false };
    },
    embed: () => Promise.reject(new Error('not used')),
  };
}

const passageOf = (call: ChatCall) => String(call.messages.at(-1)?.content).match(/from (\w+)\.md/)?.[1] ?? '?';
const options = { model: 'claude', random: seededRandom(1), generationId: 'gen_test' };

describe('generateItems', () => {
  // `eval generate --count N` asks N/2 passages in a round; `--concurrency` (8 by default) bounds
  // the calls in flight, as `generateFromFolder` wraps its caller in a LimitedCaller.
  it('keeps the calls in flight to the caller\'s bound, however many passages a round asks', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ path: `doc${i}.md`, text: `# Doc ${i}\n\nThis passage number ${i} is long enough to be asked about: it says what a customer needs to know.` }));
    let inFlight = 0;
    let peak = 0;
    const slow: ModelCaller = {
      async chat(call): Promise<ChatResult> {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        const source = String(call.messages.at(-1)?.content).match(/from (doc\d+)\.md/)?.[1];
        return { text: JSON.stringify({ items: [{ question: `What about ${source}?`, answer: 'a' }, { question: `And ${source}?`, answer: 'b' }] }), inputTokens: 1, outputTokens: 1, costUsd: 0, latencyMs: 1, traceId: null, upstreamModel: null, cached: false };
      },
      embed: () => Promise.reject(new Error('not used')),
    };
    const result = await generateItems(new LimitedCaller(slow, 3), many, { ...options, count: 80 });
    expect(result.items).toHaveLength(80);
    expect(peak).toBe(3);
  });

  // `eval generate --count 3` in the README's walkthrough added 2: two passages were asked for 2
  // and 1 questions, each reply held one, and the command stopped there.
  it('asks further passages when replies hold fewer pairs than asked, until --count is reached', async () => {
    const model = onePairPerReply((call) => [{ question: `What about ${passageOf(call)}?`, answer: 'It is in the passage.' }]);
    const result = await generateItems(model, DOCUMENTS, { ...options, count: 3 });
    expect(result.items).toHaveLength(3);
    expect(new Set(result.items.map((item) => item.metadata?.source)).size).toBe(3);
    // Two passages first (2 and 1 questions), then one more for the one missing.
    expect(model.calls.map((call) => String(call.messages.at(-1)?.content).split('\n')[0])).toEqual(['Write 2 question(s).', 'Write 1 question(s).', 'Write 1 question(s).']);
  });

  it('stops when the passages run out, or when further passages add nothing', async () => {
    const repeats = onePairPerReply(() => [{ question: 'The same question?', answer: 'The same answer.' }]);
    // Each passage's question is its own item (an id per source), so four passages make four at most.
    expect((await generateItems(repeats, DOCUMENTS, { ...options, count: 10 })).items).toHaveLength(4);
    const silent = onePairPerReply(() => []);
    expect((await generateItems(silent, DOCUMENTS, { ...options, count: 3 })).items).toEqual([]);
    // A model that answers nothing usable is not asked about every passage of a large folder.
    expect(silent.calls).toHaveLength(2);
  });
});
