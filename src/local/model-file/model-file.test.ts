import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../__fixtures__/banking77-sample.js';
import { trainClassifier } from '../train/train-classifier.js';
import { READABLE_VERSIONS } from './header.js';
import { loadModel } from './load-model.js';
import { parseModel } from './parse-model.js';
import { serializeModel } from './serialize-model.js';

const model = trainClassifier(banking77('train', EIGHT_LABELS, 60), { seed: 1, validationShare: 0.2 });
const bytes = serializeModel(model);
const test = banking77('test', EIGHT_LABELS, 20);
const dir = mkdtempSync(join(tmpdir(), 'sy-local-model-'));
const headerOf = (b: Buffer) => JSON.parse(b.toString('utf8', 8, 8 + b.readUInt32LE(4)));
const withHeader = (edit: (h: Record<string, unknown>) => void) => {
  const header = headerOf(bytes);
  edit(header);
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.from(bytes.subarray(0, 8));
  prefix.writeUInt32LE(json.length, 4);
  return Buffer.concat([prefix, json, bytes.subarray(8 + bytes.readUInt32LE(4))]);
};

describe('model file', () => {
  it('round-trips: the loaded model gives the same labels and escalations, confidences within int8 rounding', async () => {
    const path = join(dir, 'intent.sylm');
    writeFileSync(path, bytes);
    const loaded = await loadModel(path);
    expect(loaded.labels).toEqual(model.labels);
    expect(loaded.info).toEqual(model.info);
    let same = 0;
    for (const { text } of test) {
      const a = model.predict(text);
      const b = loaded.predict(text);
      if (a.label === b.label && a.escalate === b.escalate) same++;
      expect(Math.abs(a.confidence - b.confidence)).toBeLessThan(0.02);
    }
    expect(same).toBeGreaterThanOrEqual(test.length - 2);
    expect(loaded.thresholdFor(0.99)).toBe(model.thresholdFor(0.99));
  });

  it('keeps the unfamiliarity cut-off; a file written before it existed loads and serves without it', () => {
    const trivia = 'Which NFL team represented the AFC at Super Bowl 50?';
    expect(model.info.maxUnseenWordShare).toBeGreaterThan(0);
    expect(parseModel(bytes).predict(trivia)).toMatchObject({ escalate: true, unfamiliar: true });
    const older = parseModel(withHeader((h) => delete h.maxUnseenWordShare));
    expect(older.info.maxUnseenWordShare).toBeNull();
    expect(older.predict(trivia).unfamiliar).toBe(false);
    expect(older.predict(trivia).unseenWordShare).toBeGreaterThan(model.info.maxUnseenWordShare as number);
  });

  it('keeps the shortest training text\'s length; a file written before it loads and answers one word as it did', () => {
    expect(model.info.fewestWordNgrams).toBeGreaterThan(1);
    expect(parseModel(bytes).info.fewestWordNgrams).toBe(model.info.fewestWordNgrams);
    expect(parseModel(bytes).predict('a')).toMatchObject({ escalate: true, short: true });
    const older = parseModel(withHeader((h) => delete h.fewestWordNgrams));
    expect(older.info.fewestWordNgrams).toBeNull();
    expect(older.predict('a').short).toBeUndefined();
  });

  it("keeps the labels whose held-out answers fell short; a file written before them loads without", () => {
    const shortfalls = [{ label: 'card_arrival', answered: 12, right: 5 }];
    const withShortfalls = parseModel(withHeader((h) => Object.assign(h.metrics as object, { labelShortfalls: shortfalls })));
    expect(withShortfalls.info.metrics.labelShortfalls).toEqual(shortfalls);
    const older = parseModel(withHeader((h) => delete (h.metrics as { labelShortfalls?: unknown }).labelShortfalls));
    expect(older.info.metrics.labelShortfalls).toBeUndefined();
  });

  it('keeps the labels that always escalate; a file written before them answers every label; an unknown one is refused', () => {
    const text = test.find((e) => e.label === 'card_arrival')?.text as string;
    const label = model.predict(text).label;
    expect(model.info.escalatedLabels).toEqual([]);
    const escalating = parseModel(withHeader((h) => Object.assign(h, { escalatedLabels: [label] })));
    expect(escalating.info.escalatedLabels).toEqual([label]);
    expect(escalating.predict(text)).toMatchObject({ label, escalate: true });
    const older = parseModel(withHeader((h) => delete h.escalatedLabels));
    expect(older.info.escalatedLabels).toEqual([]);
    expect(older.predict(text).escalate).toBe(model.predict(text).escalate);
    expect(() => parseModel(withHeader((h) => Object.assign(h, { escalatedLabels: ['no_such_label'] })), 'm.sylm')).toThrow('escalatedLabels names "no_such_label", which is not one of the labels');
  });

  it('keeps the training examples of each label, to name the labels too thin to answer; a count per label or none', () => {
    expect(model.info.labelExamples).toHaveLength(model.labels.length);
    expect(parseModel(serializeModel(model)).info.labelExamples).toEqual(model.info.labelExamples);
    expect(parseModel(withHeader((h) => delete h.labelExamples)).info.labelExamples).toBeUndefined();
    expect(() => parseModel(withHeader((h) => Object.assign(h, { labelExamples: [1, 2] })), 'm.sylm')).toThrow(`labelExamples holds 2 counts for ${model.labels.length} labels`);
  });

  it('keeps the weights of held-out examples that stand for several requests, and only then', () => {
    // Every fourth example is a shadow sample standing for 10 local answers: held out, it counts as 2 (10 × the 0.2 share).
    // (The hold-out's weighting; a cross-fitted file keeps weights of 10 the same way.)
    const weighted = banking77('train', EIGHT_LABELS, 60).map((e, i) => (i % 4 === 0 ? { ...e, weight: 10 } : e));
    const trained = trainClassifier(weighted, { seed: 1, validationShare: 0.2, crossFitBelow: 0 });
    expect(trained.validation.some((o) => o.weight === 2)).toBe(true);
    const round = parseModel(serializeModel(trained));
    expect(round.validation.map((o) => o.weight ?? 1)).toEqual(trained.validation.map((o) => o.weight ?? 1));
    expect(round.thresholdFor(0.9)).toBe(trained.thresholdFor(0.9));
    expect(headerOf(serializeModel(trained)).payload.sections.map((s: { name: string }) => s.name)).toContain('validationWeight');
    expect(headerOf(bytes).payload.sections.map((s: { name: string }) => s.name)).not.toContain('validationWeight');
  });

  it('is self-describing and compact', () => {
    const header = headerOf(bytes);
    // Version 1: a model without the distance gate is written as older Switchyards read it.
    expect(header).toMatchObject({ format: 'switchyard-local-model', formatVersion: 1, model: 'softmax-regression', labels: model.labels });
    expect(Object.keys(header)).toEqual(expect.arrayContaining(['featurizer', 'temperature', 'threshold', 'metrics', 'trainingDataHash', 'createdAt', 'payload']));
    // int8 weights: about one byte per (feature, label) before compression.
    expect(bytes.length).toBeLessThan(model.featurizer.dimension * model.labels.length * 1.2 + 100_000);
  });

  it('refuses a corrupt file, naming the path and the problem', async () => {
    const path = join(dir, 'corrupt.sylm');
    const corrupt = Buffer.from(bytes);
    corrupt[corrupt.length - 10] = (corrupt[corrupt.length - 10] as number) ^ 0xff;
    writeFileSync(path, corrupt);
    await expect(loadModel(path)).rejects.toThrow(`${path}: corrupt: payload checksum (sha256) does not match the header`);
  });

  it('refuses truncation, a foreign file, an unknown format version and a bad header field', async () => {
    await expect(loadModel(bytes.subarray(0, bytes.length - 100))).rejects.toThrow('model bytes: truncated or padded: payload is');
    await expect(loadModel(bytes.subarray(0, 20))).rejects.toThrow('model bytes: truncated: the header claims');
    await expect(loadModel(Buffer.from('{"text": "hello"}'))).rejects.toThrow('model bytes: not a Switchyard local model (expected the file to start with "SYLM")');
    await expect(loadModel(withHeader((h) => (h.formatVersion = 99)))).rejects.toThrow(`model bytes: incompatible format version 99: this Switchyard reads versions ${READABLE_VERSIONS.join(' and ')}`);
    await expect(loadModel(withHeader((h) => (h.temperature = -1)))).rejects.toThrow('model bytes: invalid header: temperature: must be > 0');
    await expect(loadModel(withHeader((h) => (h.dimension = 5)))).rejects.toThrow('model bytes: section "buckets" is missing or has the wrong type or length (expected 5)');
  });

  it('names a missing path', async () => {
    await expect(loadModel(join(dir, 'nope.sylm'))).rejects.toThrow(`${join(dir, 'nope.sylm')}: cannot read the model file (no such file`);
    // One typo away from a model file beside it: named (was "no such file" alone).
    writeFileSync(join(dir, 'support-intent.sylm'), bytes);
    await expect(loadModel(join(dir, 'support-intnt.sylm'))).rejects.toThrow(`cannot read the model file (no such file (did you mean ${join(dir, 'support-intent.sylm')}?))`);
    await expect(loadModel(join(dir, 'elsewhere', 'm.sylm'))).rejects.toThrow(`cannot read the model file (no such file (nor folder ${join(dir, 'elsewhere')}))`);
    await expect(loadModel(dir)).rejects.toThrow(`${dir}: cannot read the model file (a folder, not a file: name a file in it)`);
  });
});
