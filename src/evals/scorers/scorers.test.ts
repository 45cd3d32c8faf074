import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelCaller } from '../client/model-caller.js';
import { scorerSchema } from '../suite/suite-schema.js';
import { itemVariables, renderTemplate, templateVariables } from '../suite/template.js';
import type { DatasetItem } from '../types.js';
import { buildScorers } from './build-scorers.js';
import { firstNumber, lastNumber } from './numeric.js';
import type { ScoreInput } from './scorer.js';
import { cosine } from './similarity.js';

const embedder: ModelCaller = {
  chat: async () => {
    throw new Error('not used');
  },
  // Two fixed directions: texts mentioning "card" point one way, others the other.
  embed: async (_model, inputs) => ({ vectors: inputs.map((t) => (/card/i.test(t) ? [1, 0.1] : [0.1, 1])), costUsd: 0.00001, cached: false }),
};

function input(item: DatasetItem, output: string, extra: Partial<ScoreInput> = {}): ScoreInput {
  return { item, output, variant: 'v', outputs: new Map([['v', output]]), vars: itemVariables(item, output), caller: embedder, tags: { eval_run: 'r', case: item.id, variant: 'v' }, repeat: 0, ...extra };
}

async function score(spec: Record<string, unknown>, item: DatasetItem, output: string, extra: Partial<ScoreInput> = {}) {
  const [scorer] = await buildScorers([scorerSchema.parse(spec)], { baseDir: '.' });
  return scorer?.score(input(item, output, extra));
}

const item: DatasetItem = { id: 'a', input: { question: 'Total?', lang: 'en' }, expected: '1,234.50', metadata: { tier: 'gold' } };

describe('templates', () => {
  it('offers input, object fields, expected, output and metadata', () => {
    expect(templateVariables('{{ question }} / {{metadata.tier}} / {{question}}')).toEqual(['question', 'metadata.tier']);
    const vars = itemVariables(item, 'out');
    expect(renderTemplate('{{question}} {{lang}} {{expected}} {{output}} {{metadata.tier}} {{input}}', vars)).toBe('Total? en 1,234.50 out gold {"question":"Total?","lang":"en"}');
    expect(renderTemplate('{{nope}}', vars)).toBe('{{nope}}');
  });
});

describe('deterministic scorers', () => {
  it('exact: trims, optionally ignores case', async () => {
    expect(await score({ type: 'exact' }, item, ' 1,234.50 \n')).toMatchObject({ pass: true, score: 1 });
    expect(await score({ type: 'exact', value: 'Yes' }, item, 'yes')).toMatchObject({ pass: false, reason: 'expected exactly "Yes", got "yes"' });
    expect(await score({ type: 'exact', value: 'Yes', ignore_case: true }, item, 'yes')).toMatchObject({ pass: true });
  });

  it('contains and regex', async () => {
    expect(await score({ type: 'contains', value: 'GOLD' }, item, 'Your gold card')).toMatchObject({ pass: true });
    expect(await score({ type: 'contains', value: '{{metadata.tier}}' }, item, 'silver')).toMatchObject({ pass: false, reason: 'does not contain "gold"' });
    expect(await score({ type: 'regex', pattern: '^\\d+$' }, item, '42')).toMatchObject({ pass: true });
    expect(await score({ type: 'regex', pattern: '^\\d+$' }, item, '42 apples')).toMatchObject({ pass: false });
  });

  it('regex: a variable stands for its literal text, never for pattern syntax', async () => {
    const cpp: DatasetItem = { id: 'c', input: '(a+)+$', expected: 'C++' };
    // Unescaped, "C++" is an invalid pattern and would throw; escaped it matches the text itself.
    expect(await score({ type: 'regex', pattern: '^{{expected}}$' }, cpp, 'C++')).toMatchObject({ pass: true });
    expect(await score({ type: 'regex', pattern: '^{{expected}}$' }, cpp, 'CC')).toMatchObject({ pass: false });
    // A prompt that is a catastrophic pattern is matched as text (as a pattern, 40 a's would
    // backtrack for hours and the test would time out), and only where it occurs.
    expect(await score({ type: 'regex', pattern: '{{input}}' }, cpp, `${'a'.repeat(40)}!`)).toMatchObject({ pass: false });
    expect(await score({ type: 'regex', pattern: 'says {{input}}', flags: 'i' }, cpp, 'It SAYS (a+)+$ here')).toMatchObject({ pass: true });
  });

  it('numeric: first number, absolute or relative tolerance', async () => {
    expect(firstNumber('about 1,234.5 USD')).toBe(1234.5);
    expect(firstNumber('none')).toBeUndefined();
    expect(await score({ type: 'numeric', tolerance: 0.01 }, item, 'It is 1234.5.')).toMatchObject({ pass: true });
    expect(await score({ type: 'numeric', tolerance: 0.001, relative: true }, item, '1236')).toMatchObject({ pass: false, reason: '1236 vs 1234.5 (outside ±1.2345)' });
    expect(await score({ type: 'numeric', tolerance: 0.002, relative: true }, item, '1236')).toMatchObject({ pass: true });
    expect(await score({ type: 'numeric' }, item, 'no idea')).toMatchObject({ pass: false, reason: 'the output has no number' });
  });

  it('numeric with pick: last compares the results of worked answers (GSM8K), which the first number misreads', async () => {
    // GSM8K's reference answer and a model's reasoning, as published (test item 1).
    const gsm8k = { id: 'ducks', input: 'How much does she make every day?', expected: 'Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day at the farmer’s market.\n#### 18' };
    const reasoning = 'She uses 3 + 4 = 7 eggs, so she sells 16 - 7 = 9 eggs.\nShe makes 9 * $2 = $18 every day.';
    expect(lastNumber(gsm8k.expected)).toBe(18);
    expect(lastNumber('It costs $1,234.50.')).toBe(1234.5);
    expect(lastNumber('no number')).toBeUndefined();
    expect(await score({ type: 'numeric' }, gsm8k, reasoning)).toMatchObject({ pass: false, reason: '3 vs 16 (outside ±0)' });
    expect(await score({ type: 'numeric', pick: 'last' }, gsm8k, reasoning)).toMatchObject({ pass: true, reason: '18 vs 18 (within ±0)' });
    expect(await score({ type: 'numeric', pick: 'last' }, gsm8k, `${reasoning} That is 7 fewer than 25.`)).toMatchObject({ pass: false, reason: '25 vs 18 (outside ±0)' });
  });

  it('json_schema: validates (fenced) JSON and lists violations', async () => {
    const spec = { type: 'json_schema', schema: { type: 'object', properties: { intent: { type: 'string', enum: ['refund', 'card'] } }, required: ['intent'], additionalProperties: false } };
    expect(await score(spec, item, '```json\n{"intent":"card"}\n```')).toMatchObject({ pass: true });
    expect(await score(spec, item, '{"intent":"pizza"}')).toMatchObject({ pass: false, reason: expect.stringMatching(/^schema violations: intent: /) });
    expect(await score(spec, item, 'card')).toMatchObject({ pass: false, reason: expect.stringMatching(/^not JSON/) });
  });
});

describe('model-backed and custom scorers', () => {
  it('similarity: cosine of gateway embeddings against a threshold, costed', async () => {
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    const near = await score({ type: 'similarity', model: 'embed', value: 'card arrives' }, item, 'your card ships');
    expect(near).toMatchObject({ pass: true, costUsd: 0.00001 });
    expect(near?.raw).toBeCloseTo(1, 10);
    const far = await score({ type: 'similarity', model: 'embed', value: 'card arrives', threshold: 0.9 }, item, 'hello');
    expect(far?.pass).toBe(false);
    expect(far?.raw).toBeCloseTo(0.2 / 1.01, 10);
  });

  it('custom: a module exporting (case, output) => { pass, score, reason }, checked when built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sy-custom-'));
    writeFileSync(join(dir, 'short.mjs'), 'export const short = (item, output) => ({ pass: output.length <= 10, score: output.length <= 10 ? 1 : 0.2, reason: `${item.id}: ${output.length} chars` });\n');
    const [scorer] = await buildScorers([scorerSchema.parse({ type: 'custom', module: 'short.mjs', export: 'short' })], { baseDir: dir });
    expect(await scorer?.score(input(item, 'tiny'))).toEqual({ pass: true, score: 1, reason: 'a: 4 chars' });
    await expect(buildScorers([scorerSchema.parse({ type: 'custom', module: 'short.mjs' })], { baseDir: dir, where: () => 'suite.yaml:9' })).rejects.toThrow(
      /suite\.yaml:9: custom scorer short\.mjs has no function export "default" \(exports: short\)/,
    );
    const inCode = await buildScorers([scorerSchema.parse({ type: 'custom', module: 'polite' })], { baseDir: dir, customScorers: { polite: (_c, o) => ({ pass: /please/i.test(o), score: 1, reason: 'checked' }) } });
    expect(await inCode[0]?.score(input(item, 'Please wait'))).toMatchObject({ pass: true });
  });

  it('names repeated scorer types apart and rejects a bad regex before running', async () => {
    const scorers = await buildScorers([scorerSchema.parse({ type: 'contains', value: 'a' }), scorerSchema.parse({ type: 'contains', value: 'b' })], { baseDir: '.' });
    expect(scorers.map((s) => s.name)).toEqual(['contains#1', 'contains#2']);
    await expect(buildScorers([scorerSchema.parse({ type: 'regex', pattern: '(' })], { baseDir: '.' })).rejects.toThrow(/regex scorer: Invalid regular expression/);
  });
});
