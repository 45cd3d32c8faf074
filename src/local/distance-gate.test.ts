import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { banking77 } from './__fixtures__/banking77-sample.js';
import { parseExamples } from './data/read-examples.js';
import { atThreshold, chooseThreshold } from './calibration/threshold.js';
import { certifyByRanks, certifyByShare, certifyWithGate, type GateCertification } from './distance-gate.js';
import { classifierFromParts, classifierParts } from './model-file/model-parts.js';
import { parseModel } from './model-file/parse-model.js';
import { serializeModel } from './model-file/serialize-model.js';
import { trainClassifier } from './train/train-classifier.js';

// Real Banking77 rows: 20 labels in scope (every third of the sorted list), 6 others never trained
// on (the next of each three); 100 training rows per label is enough for the hold-out path.
const all = parseExamples(readFileSync(join(import.meta.dirname, '../../data/banking77/train.csv'), 'utf8'), { source: 'train.csv', labelColumn: 'category' });
const labels = [...new Set(all.map((e) => e.label))].sort();
const inScope = labels.filter((_, i) => i % 3 === 0).slice(0, 20);
const neverSeen = labels.filter((_, i) => i % 3 === 1).slice(0, 6);
const train = banking77('train', inScope, 100);
const outside = banking77('test', neverSeen, 40);
const inside = banking77('test', inScope, 40);
const options = { seed: 1, crossFitBelow: 0, now: () => 0 };
const plain = trainClassifier(train, { ...options, distanceGate: false });
// The default: trained with the gate.
const gated = trainClassifier(train, options);
const bytes = serializeModel(gated);
const headerOf = (b: Buffer) => JSON.parse(b.toString('utf8', 8, 8 + b.readUInt32LE(4)));
const withHeader = (b: Buffer, edit: (h: Record<string, unknown>) => void) => {
  const header = headerOf(b);
  edit(header);
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.from(b.subarray(0, 8));
  prefix.writeUInt32LE(json.length, 4);
  return Buffer.concat([prefix, json, b.subarray(8 + b.readUInt32LE(4))]);
};
const escalated = (model: typeof plain, rows: typeof outside) => rows.filter((e) => model.predict(e.text).escalate).length / rows.length;

describe('distance gate', () => {
  it('escalates more requests of labels never trained on than max-probability alone, at the same precision target', () => {
    expect(labels).toHaveLength(77);
    expect(gated.info.maxDistanceRatio).toBeGreaterThan(0);
    expect(plain.info.maxDistanceRatio).toBeNull();
    const withGate = escalated(gated, outside);
    const without = escalated(plain, outside);
    // Seed 1 measured 0.621 → 0.654 of the 240 never-seen requests (8 more); in scope 0.888 → 0.879
    // answered (7 fewer of 800): the gate's 2.5% share of held-out answers costs under a point.
    expect(withGate).toBeGreaterThan(without + 0.025);
    expect(1 - escalated(gated, inside)).toBeGreaterThan(1 - escalated(plain, inside) - 0.015);
    expect(outside.some((e) => gated.predict(e.text).distant === true)).toBe(true);
    // The served confidence is still the calibrated probability: the same as the plain model's.
    expect(gated.predict(inside[0]?.text as string).confidence).toBe(plain.predict(inside[0]?.text as string).confidence);
    expect(gated.info.metrics.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('is trained the same for the same seed', () => {
    const again = trainClassifier(train, options);
    expect(serializeModel(again).equals(bytes)).toBe(true);
  });

  // 200 held-out answers: 160 sure and right, then 40 unsure, every other one wrong.
  const sure = Array.from({ length: 160 }, () => ({ confidence: 0.95, correct: true }));
  const unsure = Array.from({ length: 40 }, (_, i) => ({ confidence: 0.6 - i / 1000, correct: i % 2 === 1 }));
  const outcomes = [...sure, ...unsure];

  it('cuts the gate where the given share of held-out answers lie beyond it, then certifies the threshold with it', () => {
    // Max-probability alone: 88% answered at the 95% target (z 0), threshold 0.585.
    expect(atThreshold(outcomes, chooseThreshold(outcomes, 0.95, 0).threshold).coverage).toBe(0.88);
    // The 20 wrong answers lie furthest from their labels' centres: a 10% share gates exactly them.
    const wrongFar = outcomes.map((o) => (o.correct ? 1 : 5));
    const joint = certifyByShare(outcomes, wrongFar, 0.95, 0, 0.1) as GateCertification;
    expect(joint).toMatchObject({ maxRatio: 1, share: 0.1 });
    expect(joint.outcomes.filter((o) => o.confidence === -1)).toHaveLength(20);
    // Every answer left is right, so the threshold falls to the lowest confidence: more answered, not fewer.
    expect(joint.threshold).toBeCloseTo(0.561, 9);
    expect(atThreshold(joint.outcomes, joint.threshold)).toMatchObject({ coverage: 0.9, precision: 1 });
    // A share smaller than the tie of far answers cannot split it: the cut-off stays above them all.
    expect(certifyByShare(outcomes, wrongFar, 0.95, 0, 0.05)?.maxRatio).toBe(5);
  });

  it('halves the share while the gate costs more held-out coverage than its share, and does without it when that fails', () => {
    // Now the sure right answers lie furthest (distinct ratios, the first furthest): the gate only
    // takes right answers, and the threshold must rise for what is left.
    const sureFar = outcomes.map((_, i) => (i < 160 ? 10 - i / 100 : 0));
    // 20% (40 answers) and 10% cost more than their share; 5% costs 0.88 → 0.83, within it.
    const halved = certifyByShare(outcomes, sureFar, 0.95, 0, 0.2) as GateCertification;
    expect(halved.share).toBe(0.05);
    expect(halved.maxRatio).toBe(9.9);
    expect(atThreshold(halved.outcomes, halved.threshold).coverage).toBe(0.83);
    // From 40%, two halvings reach 10%, which still costs too much: no gate.
    expect(certifyByShare(outcomes, sureFar, 0.95, 0, 0.4)).toBeNull();
  });

  it('is left out when no threshold is certified with it', () => {
    const ratios = outcomes.map((o) => (o.correct ? 1 : 5));
    expect(certifyWithGate(outcomes.map((o) => ({ ...o, correct: false })), ratios, 0.9, 0, 0.05)).toBeNull();
    expect(certifyWithGate(outcomes.map((o) => ({ ...o, confidence: -1 })), ratios, 0.9, 0, 0.05)).toBeNull();
  });

  it('keeps the gate by share unless the joint certification certifies ten points more held-out coverage', () => {
    // Where max-probability ranks answers well, the share's gate is kept (the joint one adds less).
    const wrongFar = outcomes.map((o) => (o.correct ? 1 : 5));
    expect(certifyWithGate(outcomes, wrongFar, 0.95, 0, 0.1)).toEqual(certifyByShare(outcomes, wrongFar, 0.95, 0, 0.1));
    // Where it does not (right and wrong answers alternate down the confidences) but the distance
    // tells them apart, max-probability certifies nothing, nor does a 2.5% gate; the joint one 24%.
    const mixed = Array.from({ length: 200 }, (_, i) => ({ confidence: 0.99 - i / 400, correct: i % 2 === 0 }));
    const apart = mixed.map((o) => (o.correct ? 1 : 5));
    expect(chooseThreshold(mixed, 0.95, 0).threshold).toBe(Infinity);
    expect(certifyByShare(mixed, apart, 0.95, 0, 0.025)).toBeNull();
    const joint = certifyWithGate(mixed, apart, 0.95, 0, 0.025) as GateCertification;
    expect(joint).toEqual(certifyByRanks(mixed, apart, 0.95, 0));
    expect(joint).toMatchObject({ maxRatio: 1, share: 0.5, threshold: 0.755 });
    expect(atThreshold(joint.outcomes, joint.threshold)).toMatchObject({ coverage: 0.24, precision: 1 });
  });

  it('refuses a maxDistantShare outside 0.001–0.5, naming it', () => {
    expect(() => trainClassifier(train, { maxDistantShare: 0.9 })).toThrow('training option maxDistantShare must be a number from 0.001 to 0.5, got 0.9');
  });

  it('round-trips through the model file (format version 2) with the same escalations', () => {
    const loaded = parseModel(bytes, 'gated.sylm');
    expect(headerOf(bytes).formatVersion).toBe(2);
    expect(headerOf(bytes).payload.sections.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['gateWeights', 'gateRowScales', 'gateBias', 'gateCentres', 'gateRadii']));
    expect(loaded.info).toEqual(gated.info);
    let same = 0;
    for (const { text } of [...outside, ...inside]) {
      const a = gated.predict(text);
      const b = loaded.predict(text);
      if (a.escalate === b.escalate && a.distant === b.distant && a.label === b.label) same++;
    }
    expect(same).toBeGreaterThanOrEqual(outside.length + inside.length - 3);
    expect(loaded.forPrecision(0.9).distanceGate?.maxRatio).toBe(gated.info.maxDistanceRatio);
    // As a training worker posts it: the gate crosses with the other parts.
    const posted = classifierFromParts(classifierParts(parseModel(bytes)).parts);
    expect(outside.map((e) => posted.predict(e.text).distant)).toEqual(outside.map((e) => loaded.predict(e.text).distant));
  });

  it('writes a model without the gate as version 1, which loads without it', () => {
    const old = serializeModel(plain);
    expect(headerOf(old).formatVersion).toBe(1);
    expect(headerOf(old).distanceGate).toBeUndefined();
    const loaded = parseModel(old);
    expect(loaded.distanceGate).toBeNull();
    expect(loaded.predict(outside[0]?.text as string).distant).toBeUndefined();
  });

  it('refuses a gate in a version 1 header and a gate part of the wrong size, naming the file', () => {
    expect(() => parseModel(withHeader(bytes, (h) => (h.formatVersion = 1)), 'gated.sylm')).toThrow('gated.sylm: distanceGate needs format version 2, the header says 1');
    expect(() => parseModel(withHeader(bytes, (h) => ((h.distanceGate as { dimensions: number }).dimensions = 16)), 'gated.sylm')).toThrow('gated.sylm: section "gateWeights" is missing or has the wrong type or length');
    expect(() => parseModel(withHeader(bytes, (h) => ((h.distanceGate as { maxRatio: number }).maxRatio = -1)), 'gated.sylm')).toThrow('gated.sylm: invalid header: distanceGate.maxRatio: must be > 0');
  });

  it('refuses a distanceGate option that is not true or false', () => {
    expect(() => trainClassifier(train, { distanceGate: 'yes' as unknown as boolean })).toThrow('training option distanceGate must be true or false, got "yes"');
  });
});
