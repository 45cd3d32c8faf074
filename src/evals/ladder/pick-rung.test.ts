import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../core/seeded-random.js';
import { pickRung, type RungFigures } from './pick-rung.js';
import { rungsFor } from './rungs.js';
import { scoreAnswer } from './score-answer.js';
import { routeSchema } from '../../config/route-schema.js';

const cases = (scores: number[]) => new Map(scores.map((q, i) => [`c${i}`, q]));
const rung = (name: string, scores: number[], cost: number, p50 = 10): RungFigures => ({ name, quality: cases(scores), costPerRequestUsd: cost, latencyP50Ms: p50 });
const ones = (n: number) => Array.from({ length: n }, () => 1);

describe('which rung pays', () => {
  it('the cheapest rung whose paired difference to the best stays above −tolerance', () => {
    const best = rung('rag:kb', ones(200), 0.0002);
    const local = rung('local', ones(200).map((q, i) => (i < 2 ? 0 : q)), 0.00001);
    const prompt = rung('prompt', ones(200).map((q, i) => (i < 100 ? 0 : q)), 0.0001);
    const choice = pickRung([prompt, best, local], 0.05, seededRandom(1));
    expect(choice).toMatchObject({ best: 'rag:kb', pays: 'local' });
    expect(choice.verdicts.find((v) => v.name === 'prompt')?.nonInferior).toBe(false);
    expect(choice.reason).toMatch(/^local pays: within 5\.0 points of the best \(rag:kb\)/);
    // A tighter tolerance than the local model's 1-point loss can rule out: the best pays.
    expect(pickRung([prompt, best, local], 0.001, seededRandom(1)).pays).toBe('rag:kb');
  });

  it('breaks a cost tie by latency, and says so when nothing ran', () => {
    expect(pickRung([rung('a', ones(200), 0.001, 30), rung('b', ones(200), 0.001, 10)], 0.02, seededRandom(1)).pays).toBe('b');
    // 50 agreeing cases cannot rule out a 6-point drop (rule of three): b is not shown as good.
    expect(pickRung([rung('a', ones(50), 0.001, 30), rung('b', ones(50), 0.001, 10)], 0.02, seededRandom(1)).pays).toBe('a');
    expect(pickRung([rung('a', [], 0.001)], 0.02, seededRandom(1))).toMatchObject({ pays: null, reason: 'no rung has results' });
  });
});

describe('the rungs of a route', () => {
  it('prompt, each knowledge base, the local model; names what is missing', () => {
    const route = routeSchema.parse({ policy: 'static', target: 'small', options: { knowledge: 'handbook', task: { type: 'classify' } } });
    const { rungs, missing } = rungsFor('support', route, ['faq', 'handbook']);
    expect(rungs.map((r) => [r.name, r.overrides])).toEqual([
      ['prompt', { knowledge: null, local: false }],
      ['rag:handbook', { knowledge: { base: 'handbook' }, local: false }],
      ['rag:faq', { knowledge: { base: 'faq' }, local: false }],
      ['local', { knowledge: 'handbook', local: true }],
    ]);
    expect(missing).toEqual([]);
    expect(rungsFor('plain', routeSchema.parse({ policy: 'static', target: 'small' })).missing.map((m) => m.name)).toEqual(['rag', 'local']);
    expect(() => rungsFor('nope', undefined)).toThrow(/route "nope" is not in the config/);
  });
});

describe('scoring an answer', () => {
  it('contains any expected answer after SQuAD normalisation; exact needs the whole answer', () => {
    expect(scoreAnswer('It was the Denver Broncos [1].', ['Denver Broncos', 'Broncos'], 'contains')).toBe(1);
    expect(scoreAnswer('Santa Clara, California!', 'santa clara california', 'exact')).toBe(1);
    expect(scoreAnswer('The Broncosaurus won', 'Broncos', 'contains')).toBe(0);
    expect(scoreAnswer('card_arrival', 'card_arrival', 'exact')).toBe(1);
    expect(scoreAnswer('anything', undefined, 'contains')).toBe(0);
  });
});
