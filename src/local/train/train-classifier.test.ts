import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../__fixtures__/banking77-sample.js';
import { evaluateClassifier } from '../evaluate-classifier.js';
import { parseModel } from '../model-file/parse-model.js';
import { serializeModel } from '../model-file/serialize-model.js';
import type { Example, Prediction } from '../types.js';
import { trainClassifier } from './train-classifier.js';
import type { TrainProgress } from './train-options.js';

const train = banking77('train', EIGHT_LABELS, 80);
const test = banking77('test', EIGHT_LABELS, 40);
// 640 examples would be cross-fitted by default (below `crossFitBelow`): these tests are about the
// hold-out path; cross-fitting has its own below.
const options = { seed: 3, validationShare: 0.2, crossFitBelow: 0, now: () => Date.UTC(2026, 0, 1) };

describe('trainClassifier on real Banking77 intents', () => {
  const model = trainClassifier(train, options);

  it('classifies held-out test requests well and meets its precision target where it answers', () => {
    const result = evaluateClassifier(model, test);
    expect(result.examples).toBe(320);
    expect(result.accuracy).toBeGreaterThan(0.85);
    expect(result.coverage).toBeGreaterThan(0.5);
    expect(result.precision).toBeGreaterThan(0.93);
    expect(model.labels).toEqual([...EIGHT_LABELS].sort());
  });

  it('records held-out metrics, calibration and the data version', () => {
    const { info } = model;
    expect(info.metrics.examples).toBe(128);
    expect(info.metrics.precision).toBeGreaterThanOrEqual(0.95);
    expect(info.metrics.ece).toBeLessThan(0.15);
    expect(info.temperature).toBeGreaterThan(0);
    expect(info.threshold).toBeGreaterThan(0);
    expect(info.threshold).toBeLessThan(1);
    expect(info.trainingDataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(info.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });

  it('is deterministic for a seed and differs for another', () => {
    expect(serializeModel(trainClassifier(train, options)).equals(serializeModel(model))).toBe(true);
    expect(serializeModel(trainClassifier(train, { ...options, seed: 4 })).equals(serializeModel(model))).toBe(false);
  });

  it('escalates text it has no features for, and confident answers are above the threshold', () => {
    expect(model.predict('').escalate).toBe(true);
    expect(model.predict('§§§ ¶¶').escalate).toBe(true);
    const p = model.predict('I lost my card, someone may have stolen it');
    expect(p).toMatchObject({ label: 'lost_or_stolen_card', escalate: false });
    expect(p.confidence).toBeGreaterThanOrEqual(model.info.threshold);
  });

  it('answers less at a stricter precision target, with the threshold from its own validation split', () => {
    const strict = model.forPrecision(0.99);
    expect(strict.info.threshold).toBeGreaterThanOrEqual(model.info.threshold);
    expect(evaluateClassifier(strict, test).coverage).toBeLessThanOrEqual(evaluateClassifier(model, test).coverage);
  });

  it('reports progress epoch by epoch', () => {
    const seen: TrainProgress[] = [];
    trainClassifier(train, { ...options, epochs: 2, refitEpochs: 1, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => `${p.stage}:${p.done}/${p.total}`)).toEqual(['features:0/3', 'train:1/3', 'train:2/3', 'calibrate:2/3', 'refit:3/3', 'done:3/3']);
  });
});

describe('a small file, cross-fitted', () => {
  // 40 examples of each of 8 intents: a 10% hold-out is 32 answers, too few to certify 95%.
  const small = banking77('train', EIGHT_LABELS, 40);
  const model = trainClassifier(small, { seed: 3 });
  const heldOut = trainClassifier(small, { seed: 3, crossFitBelow: 0 });

  it('scores every example with a model that never saw it, so it can answer where a hold-out escalates everything', () => {
    expect(heldOut.info.threshold).toBe(Infinity);
    expect(model.info.metrics.examples).toBe(320);
    expect(model.info.training.crossFitFolds).toBe(5);
    expect(model.info.metrics.precision).toBeGreaterThanOrEqual(0.95);
    const result = evaluateClassifier(model, test);
    expect(result.coverage).toBeGreaterThan(0.3);
    expect(result.precision).toBeGreaterThan(0.93);
  });

  it('reports progress over every fold and the final model', () => {
    const seen: TrainProgress[] = [];
    trainClassifier(small, { seed: 3, epochs: 1, onProgress: (p) => seen.push(p) });
    expect(seen.map((p) => `${p.stage}:${p.done}/${p.total}`)).toEqual(['features:0/6', 'train:1/6', 'train:2/6', 'train:3/6', 'train:4/6', 'train:5/6', 'calibrate:5/6', 'refit:6/6', 'done:6/6']);
  });
});

describe('labels with too few examples to certify (minExamplesToAnswer)', () => {
  // One intent cut to 30 examples: its held-out rows are too few, and too like its training
  // rows, to vouch for its precision on new phrasings, so it is learnt but never answered.
  let kept = 0;
  const thin = train.filter((e) => e.label !== 'lost_or_stolen_card' || kept++ < 30);
  const model = trainClassifier(thin, options);
  const text = 'I lost my card, someone may have stolen it';

  it('learns the label but escalates every request given it, however confident', () => {
    expect(model.info.escalatedLabels).toEqual(['lost_or_stolen_card']);
    expect(model.labels).toContain('lost_or_stolen_card');
    const p = model.predict(text);
    expect(p).toMatchObject({ label: 'lost_or_stolen_card', escalate: true });
    expect(p.confidence).toBeGreaterThanOrEqual(model.info.threshold);
    const answered = test.map((e) => model.predict(e.text)).filter((q) => !q.escalate);
    expect(answered.length).toBeGreaterThan(0);
    expect(answered.some((q) => q.label === 'lost_or_stolen_card')).toBe(false);
    expect(parseModel(serializeModel(model)).predict(text).escalate).toBe(true);
  });

  it('answers it when the minimum is lowered (0: every label may answer)', () => {
    const all = trainClassifier(thin, { ...options, minExamplesToAnswer: 0 });
    expect(all.info.escalatedLabels).toEqual([]);
    expect(all.predict(text)).toMatchObject({ label: 'lost_or_stolen_card', escalate: false });
    expect(trainClassifier(thin, { ...options, minExamplesToAnswer: 30 }).info.escalatedLabels).toEqual([]);
  });

  it('certifies nothing when every label is under the minimum, where it would otherwise answer', () => {
    const few = banking77('train', EIGHT_LABELS, 30);
    const refused = trainClassifier(few, { seed: 3 });
    expect(refused.info.escalatedLabels).toHaveLength(8);
    expect(refused.info.threshold).toBe(Infinity);
    expect(refused.info.metrics.coverage).toBe(0);
    expect(evaluateClassifier(refused, test).coverage).toBe(0);
    // The same file with the minimum off answers a share of it: the refusal is the rule's.
    expect(trainClassifier(few, { seed: 3, minExamplesToAnswer: 0 }).info.metrics.coverage).toBeGreaterThan(0.2);
  });
});

describe('an out-of-scope label', () => {
  // Seven intents in scope; the eighth stands in for traffic that matches none of them.
  const relabel = (examples: Example[]) => examples.map((e) => (e.label === 'exchange_rate' ? { ...e, label: 'out_of_scope' } : e));
  // 112 in-scope validation answers are too few for the default 95%-confidence margin on a 95%
  // target (it would escalate everything): judge the plain held-out precision here.
  const model = trainClassifier(relabel(train), { ...options, precisionZ: 0, outOfScopeLabel: 'out_of_scope' });

  it('is learned as a class, and requests predicted as it always escalate', () => {
    const outside = test.filter((e) => e.label === 'exchange_rate');
    const predictions = outside.map((e) => model.predict(e.text));
    expect(predictions.filter((p) => p.escalate).length / predictions.length).toBeGreaterThan(0.8);
    for (const p of predictions) if (p.label === 'out_of_scope') expect(p.escalate).toBe(true);
    expect(model.info.outOfScopeLabel).toBe('out_of_scope');
    expect(parseModel(serializeModel(model)).info.outOfScopeLabel).toBe('out_of_scope');
  });

  it('keeps answering in-scope requests', () => {
    const inside = evaluateClassifier(model, test.filter((e) => e.label !== 'exchange_rate'));
    expect(inside.coverage).toBeGreaterThan(0.5);
    expect(inside.precision).toBeGreaterThan(0.93);
  });

  it('must label some example', () => {
    expect(() => trainClassifier(train, { outOfScopeLabel: 'none_of_these' })).toThrow('outOfScopeLabel "none_of_these" labels no example (labels: card_arrival,');
  });
});

describe('requests from outside the domain', () => {
  // Trivia and chat requests a banking route will see; used here only to check the behaviour.
  const data = join(import.meta.dirname, '../../../data');
  const lines = (file: string) => readFileSync(join(data, file), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const outside = [...lines('squad-retrieval/queries.jsonl').slice(0, 200).map((q) => q.question as string), ...lines('routellm/mt-bench-questions.jsonl').map((q) => q.turns[0] as string)];
  const model = trainClassifier(train, options);
  const unchecked = trainClassifier(train, { ...options, maxUnfamiliarShare: 0, distanceGate: false });
  const share = (m: typeof model, pick: (p: Prediction) => boolean, texts: string[]) => texts.filter((t) => pick(m.predict(t))).length / texts.length;

  it('escalate when too many of their words are new to the training data, whatever the confidence', () => {
    expect(model.info.maxUnseenWordShare).toBeGreaterThan(0);
    expect(model.info.maxUnseenWordShare).toBeLessThan(1);
    expect(share(model, (p) => p.escalate, outside)).toBeGreaterThan(0.98);
    expect(share(model, (p) => p.unfamiliar, outside)).toBeGreaterThan(0.9);
    // Trivia the classifier alone is sure about: a banking word among unknown ones.
    for (const text of ['What does the W and Z boson exchange create?', 'Where was French withdrawal to?']) {
      const alone = unchecked.predict(text);
      expect(alone.escalate).toBe(false);
      expect(alone.confidence).toBeGreaterThan(0.99);
      expect(model.predict(text)).toMatchObject({ label: alone.label, escalate: true, unfamiliar: true });
    }
    for (const text of outside) {
      const p = model.predict(text);
      if (p.unfamiliar) expect(p).toMatchObject({ escalate: true, unseenWordShare: expect.any(Number) });
      if (p.unfamiliar) expect(p.unseenWordShare).toBeGreaterThan(model.info.maxUnseenWordShare as number);
    }
  });

  it('escalate when shorter than every training text: one word is too little to judge, unless the data had one-word texts', () => {
    // One-word requests escalate, several of which every other check would have answered.
    const oneWord = ['a', '1234', 'lost', 'stolen', 'pin', 'atm', 'exchange', 'blocked', 'fee', 'withdrawal'];
    const passedTheRest = oneWord.filter((t) => {
      const p = model.predict(t);
      return !p.unfamiliar && !p.distant && p.confidence >= model.info.threshold;
    });
    expect(passedTheRest.length).toBeGreaterThanOrEqual(4);
    for (const text of oneWord) expect(model.predict(text)).toMatchObject({ escalate: true, short: true });
    // As long as the shortest sampled requests (three words): not short.
    expect(model.info.fewestWordNgrams).toBe(5);
    expect(model.predict('card not arrived').short).toBeUndefined();
    expect(model.predict('card arrived').short).toBe(true);
    // A label whose examples are single words teaches the model that length: it answers them.
    const words = ['visa', 'mastercard', 'amex', 'maestro', 'discover'].flatMap((w) => Array.from({ length: 12 }, (_, i) => ({ text: `${w}${i % 2 === 0 ? '' : '!'}`, label: 'brand' })));
    const withWords = trainClassifier([...train, ...words], { ...options, distanceGate: false });
    expect(withWords.info.fewestWordNgrams).toBe(1);
    expect(withWords.predict('visa').short).toBeUndefined();
  });

  it('costs about the chosen share of in-scope requests, measured on held-out data only', () => {
    const texts = test.map((e) => e.text);
    expect(share(model, (p) => p.unfamiliar, texts)).toBeLessThan(0.03);
    expect(evaluateClassifier(model, test).coverage).toBeGreaterThan(evaluateClassifier(unchecked, test).coverage - 0.03);
    expect(unchecked.info.maxUnseenWordShare).toBeNull();
    expect(share(unchecked, (p) => p.unfamiliar, outside)).toBe(0);
  });

  it('counts the held-out requests it escalates as unanswered in the held-out figures', () => {
    // Without the distance gate, whose escalations are counted the same way (distance-gate.test.ts).
    const strict = trainClassifier(train, { ...options, maxUnfamiliarShare: 0.3, distanceGate: false });
    const escalated = strict.validation.filter((o) => o.confidence === -1).length / strict.validation.length;
    expect(escalated).toBeGreaterThan(0.2);
    expect(escalated).toBeLessThanOrEqual(0.3);
    expect(strict.info.metrics.coverage).toBeLessThanOrEqual(1 - escalated);
    expect(unchecked.validation.some((o) => o.confidence === -1)).toBe(false);
  });
});

describe('trainClassifier refuses bad training data precisely', () => {
  const two = (n: number, label = 'b'): Example[] => [...train.slice(0, 20), ...Array.from({ length: n }, (_, i) => ({ text: `example ${i}`, label }))];

  it('names a label with too few examples, its count and the minimum', () => {
    expect(() => trainClassifier(two(3, 'rare_intent'))).toThrow('too few examples: label "rare_intent" has 3; each label needs at least 5');
  });

  it('refuses a single label', () => {
    expect(() => trainClassifier(train.slice(0, 20))).toThrow('training data has a single label "card_arrival" (20 examples); a classifier needs at least 2 labels');
  });

  it('names the example with an empty text or a non-string label', () => {
    expect(() => trainClassifier([...two(10), { text: '  ', label: 'b' }])).toThrow('example 30: "text" must be a non-empty string, got only whitespace');
    expect(() => trainClassifier([...two(10), { text: 'hi', label: 7 as unknown as string }])).toThrow('example 30: "label" must be a non-empty string, got number');
  });

  it('refuses a label longer than a class name, naming the example and the length', () => {
    const examples = [...train.slice(0, 40), { text: 'where is my card', label: `${'x'.repeat(5_000)}` }];
    expect(() => trainClassifier(examples)).toThrow(/^example 40: "label" is 5000 characters, longer than 128 \(a label names a class; is the label column the text\?\): "x{40}"…$/);
    expect(() => trainClassifier([...train.slice(0, 40), ...train.slice(0, 40).map((e) => ({ ...e, label: 'y'.repeat(128) }))])).not.toThrow(/characters/);
  });

  it('refuses a model too large to train, saying what to change', () => {
    const many = Array.from({ length: 12_000 }, (_, i) => ({ text: `request ${i.toString(36)} about thing ${(i * 7919).toString(36)}`, label: `label_${i % 2_400}` }));
    expect(() => trainClassifier(many, { featurizer: { minDf: 1 } })).toThrow(/the model would need \d+ weights \(\d+ features × 2400 labels\), over the limit of 50000000; raise featurizer\.minDf/);
  });

  it('names an option out of range', () => {
    expect(() => trainClassifier(two(10), { minPrecision: 1.5 })).toThrow('training option minPrecision must be a number from 0.5 to 1, got 1.5');
    expect(() => trainClassifier(two(10), { validationOrder: 'latest' as 'newest' })).toThrow('training option validationOrder must be "random" or "newest", got "latest"');
    expect(() => trainClassifier(two(10), { featurizer: { charNgramMin: 4, charNgramMax: 3 } })).toThrow('charNgramMax (3) must be ≥ charNgramMin (4)');
    expect(() => trainClassifier(two(10), { featurizer: { bogus: 1 } as never })).toThrow('unknown featurizer option "bogus"');
  });
});
