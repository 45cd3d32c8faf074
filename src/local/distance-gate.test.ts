import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { banking77 } from './__fixtures__/banking77-sample.js';
import { parseExamples } from './data/read-examples.js';
import { certifyWithGate } from './distance-gate.js';
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
const plain = trainClassifier(train, options);
const gated = trainClassifier(train, { ...options, distanceGate: true });
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
    // Seed 1 measured 0.62 → 0.78 of the 240 never-seen requests; in scope 0.89 → 0.87 answered.
    expect(withGate).toBeGreaterThan(without + 0.05);
    expect(outside.some((e) => gated.predict(e.text).distant === true)).toBe(true);
    expect(1 - escalated(gated, inside)).toBeGreaterThan(0.75);
    // The served confidence is still the calibrated probability: the same as the plain model's.
    expect(gated.predict(inside[0]?.text as string).confidence).toBe(plain.predict(inside[0]?.text as string).confidence);
    expect(gated.info.metrics.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('is trained the same for the same seed', () => {
    const again = trainClassifier(train, { ...options, distanceGate: true });
    expect(serializeModel(again).equals(bytes)).toBe(true);
  });

  it('certifies the gate and the threshold together: every validation answer passes both cut-offs', () => {
    const outcomes = [0.99, 0.98, 0.97, 0.5, 0.4, -1].flatMap((confidence, k) => Array.from({ length: 30 }, (_, i) => ({ confidence, correct: k < 3 || i % 2 === 0 })));
    const ratios = outcomes.map((_, i) => (i % 10 === 0 ? 5 : 1));
    const joint = certifyWithGate(outcomes, ratios, 0.9, 0) as NonNullable<ReturnType<typeof certifyWithGate>>;
    expect(joint.threshold).toBe(0.97);
    expect(joint.maxRatio).toBe(1);
    expect(joint.outcomes.filter((o, i) => ratios[i] === 5 && outcomes[i]?.confidence !== -1).every((o) => o.confidence === -1)).toBe(true);
    expect(certifyWithGate(outcomes.map((o) => ({ ...o, correct: false })), ratios, 0.9, 0)).toBeNull();
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
