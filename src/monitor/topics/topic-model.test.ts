import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { banking77 } from '../../local/__fixtures__/banking77-sample.js';
import { fitTopicModel, fitTopicModelYielding, TopicAssigner, UNASSIGNED } from './topic-model.js';
import { turnsDuring } from '../../test-support/event-loop-turns.js';

const LABELS = ['card_arrival', 'exchange_rate', 'pin_blocked', 'top_up_failed'];

describe('topics', () => {
  const examples = banking77('train', LABELS, 40);
  const model = fitTopicModel(
    examples.map((e) => e.text),
    { route: 'support', k: 4, random: seededRandom(1), now: 0 },
  );

  it('clusters real support requests into topics that follow their intents, named by their words', () => {
    const assigner = new TopicAssigner(model);
    // Purity: each intent's requests mostly land in one topic.
    let pure = 0;
    for (const label of LABELS) {
      const counts = new Map<number, number>();
      for (const e of examples.filter((x) => x.label === label)) counts.set(assigner.assign(e.text).topic, (counts.get(assigner.assign(e.text).topic) ?? 0) + 1);
      pure += Math.max(...counts.values());
    }
    expect(pure / examples.length).toBeGreaterThan(0.7);
    const labels = model.topics.map((t) => t.label).join(' | ');
    expect(labels).toMatch(/pin/);
    expect(labels).toMatch(/exchange|rate/);
    expect(model.topics.reduce((n, t) => n + t.size, 0)).toBe(examples.length);
  });

  it('assigns unseen requests of the test split to the topic of their intent, and gibberish to none', () => {
    const assigner = new TopicAssigner(model);
    const pinTopic = assigner.assign('my pin is blocked, how do I unblock it').topic;
    const held = banking77('test', ['pin_blocked'], 20);
    const same = held.filter((e) => assigner.assign(e.text).topic === pinTopic).length;
    expect(same / held.length).toBeGreaterThan(0.7);
    expect(assigner.assign('zzqx wub florp').topic).toBe(UNASSIGNED);
    expect(assigner.label(UNASSIGNED)).toBe('(unassigned)');
  });

  it('survives a JSON round trip, as it is stored', () => {
    const again = new TopicAssigner(JSON.parse(JSON.stringify(model)));
    expect(again.assign('what exchange rate do you use?')).toEqual(new TopicAssigner(model).assign('what exchange rate do you use?'));
  });

  it('fits the same model with turns of the event loop in between, so requests are served during a fit', async () => {
    const texts = banking77('train', LABELS, 40).map((e) => e.text);
    const prompts = [...texts, ...texts, ...texts, ...texts];
    const { result: yielded, turns } = await turnsDuring(() => fitTopicModelYielding(prompts, { route: 'support', k: 4, random: seededRandom(1), now: 0 }));
    expect(turns).toBeGreaterThanOrEqual(3);
    expect(yielded).toEqual(fitTopicModel(prompts, { route: 'support', k: 4, random: seededRandom(1), now: 0 }));
  });
});
