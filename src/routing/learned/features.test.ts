import { describe, expect, it } from 'vitest';
import { hashedNgrams, MAX_FEATURE_CHARS } from './hash-ngrams.js';
import { PROMPT_STAT_NAMES, promptStats } from './prompt-stats.js';
import { lineTooLong, MAX_LINE_BYTES } from '../../core/data-text.js';
import { createGzip } from 'node:zlib';
import { MAX_RECORDS_BYTES, parseRouterRecords } from './read-records.js';
import { RouterFeatures } from './router-features.js';
import { TfidfVocabulary } from './tfidf.js';

const stat = (prompt: string, name: (typeof PROMPT_STAT_NAMES)[number]) => promptStats(prompt)[PROMPT_STAT_NAMES.indexOf(name)];

describe('hashedNgrams', () => {
  it('counts case-folded unigrams and bigrams, punctuation as tokens', () => {
    const counts = hashedNgrams('How many apples?', 18);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(7);
    expect(hashedNgrams('HOW MANY apples?', 18)).toEqual(counts);
    expect(hashedNgrams('how many apples ?', 18)).toEqual(counts);
    expect(hashedNgrams('how many apples.', 18)).not.toEqual(counts);
    for (const id of counts.keys()) expect(id).toBeLessThan(2 ** 18);
  });

  it('reads at most the first and last 8,000 characters of a huge prompt', () => {
    const middle = 'filler '.repeat(100_000);
    const huge = hashedNgrams(`alpha ${middle}omega`, 18);
    const bounded = hashedNgrams(`alpha ${middle.slice(0, MAX_FEATURE_CHARS)}omega`, 18);
    expect([...huge.values()].reduce((a, b) => a + b, 0)).toBeLessThan(5_000);
    expect([...bounded.values()].reduce((a, b) => a + b, 0)).toBeLessThan(5_000);
  });

  it('treats letters of other scripts as words', () => {
    expect(hashedNgrams('Привет мир', 18).size).toBe(3);
  });
});

describe('promptStats', () => {
  it('measures numbers, maths, code and sentences', () => {
    expect(stat('What is 12 + 30?', 'log_numbers')).toBeCloseTo(Math.log(3), 12);
    expect(stat('Pay $1,250.50 now', 'log_numbers')).toBeCloseTo(Math.log(2), 12);
    expect(stat('x = y * 2', 'math_share')).toBeCloseTo(2 / 9, 12);
    expect(stat('def f(x): return {x}', 'code_share')).toBeGreaterThan(0.15);
    expect(stat('One. Two? Three!', 'log_sentences')).toBeCloseTo(Math.log(4), 12);
    expect(promptStats('')).toHaveLength(PROMPT_STAT_NAMES.length);
  });
});

describe('RouterFeatures', () => {
  const prompts = ['what is two plus two', 'what is the capital of france', 'two plus three is what', 'name the capital of spain'];

  it('keeps n-grams seen in enough prompts, with unit-length TF-IDF rows', () => {
    const vocab = TfidfVocabulary.fit(prompts, { bits: 16, minDf: 2 });
    // "what", "is", "two", "plus", "the", "capital", "of", "two plus", "what is", "capital of"…
    expect(vocab.size).toBeGreaterThan(5);
    const row = vocab.transform('what is two plus two');
    const norm = Math.sqrt(row.values.reduce((s, v) => s + v * v, 0));
    expect(norm).toBeCloseTo(1, 5);
    expect(vocab.transform('zebra').slots).toHaveLength(0);
  });

  it('appends standardised statistics after the vocabulary, or none at weight 0', () => {
    const features = RouterFeatures.fit(prompts, { bits: 16, minDf: 2, statsWeight: 0.1 });
    const row = features.row('what is two plus two');
    expect(Math.max(...row.slots)).toBeGreaterThanOrEqual(features.vocabulary.size);
    const plain = RouterFeatures.fit(prompts, { bits: 16, minDf: 2, statsWeight: 0 });
    expect(Math.max(...plain.row('what is two plus two').slots)).toBeLessThan(plain.vocabulary.size);
  });
});

describe('parseRouterRecords', () => {
  it('reads JSONL with configurable fields and boolean scores', () => {
    const text = '{"q":"2+2?","w":true,"s":1}\n\n{"q":"x","w":0.25,"s":false}\n';
    expect(parseRouterRecords(text, { prompt: 'q', weak: 'w', strong: 's' })).toEqual([
      { prompt: '2+2?', weakScore: 1, strongScore: 1 },
      { prompt: 'x', weakScore: 0.25, strongScore: 0 },
    ]);
  });

  it('names the line and field at fault', () => {
    expect(() => parseRouterRecords('{"prompt":"a","weakScore":1,"strongScore":1}\n{"prompt":"b","weakScore":"yes","strongScore":1}', {}, 'data.jsonl')).toThrow(
      'data.jsonl line 2: "weakScore" must be a number in [0, 1] or a boolean, got "yes"',
    );
    expect(() => parseRouterRecords('{"prompt":1}', {}, 'data.jsonl')).toThrow('data.jsonl line 1: "prompt" must be a string, got 1');
    expect(() => parseRouterRecords('[1]\n', {}, 'data.jsonl')).toThrow('data.jsonl line 1: expected a JSON object');
    expect(() => parseRouterRecords('{oops', {}, 'data.jsonl')).toThrow('data.jsonl line 1: not JSON');
    expect(() => parseRouterRecords(Uint8Array.from([0x1f, 0x8b, 1, 2]), {}, 'data.jsonl.gz')).toThrow('data.jsonl.gz: cannot decompress');
    // The limits of every data file: a line of at most MAX_LINE_BYTES, UTF-8 bytes.
    const long = `{"prompt":"${'x'.repeat(MAX_LINE_BYTES)}","weakScore":1,"strongScore":1}`;
    expect(() => parseRouterRecords(`{"prompt":"a","weakScore":1,"strongScore":1}\n${long}\n`, {}, 'data.jsonl')).toThrow(`data.jsonl line 2: ${lineTooLong(MAX_LINE_BYTES + 43)}`);
    expect(() => parseRouterRecords(Buffer.from('{"prompt":"caf\xe9","weakScore":1,"strongScore":1}\n', 'latin1'), {}, 'data.jsonl')).toThrow('data.jsonl:1: not valid UTF-8 at byte 14 of the file (0xE9)');
  });

  it('unpacks a gzip no further than the bound: a 1.3 MB bomb unpacked to gigabytes', async () => {
    // 257 MiB of zeros streamed through gzip (never held whole): about 1.3 MB packed.
    const gzip = createGzip({ level: 1 });
    const parts: Buffer[] = [];
    gzip.on('data', (part: Buffer) => parts.push(part));
    const ended = new Promise((done) => gzip.on('end', done));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i <= MAX_RECORDS_BYTES >> 20; i++) gzip.write(zeros);
    gzip.end();
    await ended;
    const packed = Buffer.concat(parts);
    expect(packed.length).toBeLessThan(2 << 20);
    expect(() => parseRouterRecords(packed, {}, 'bomb.jsonl.gz')).toThrow(`bomb.jsonl.gz: unpacks to more than the ${MAX_RECORDS_BYTES} bytes outcome records may hold`);
  });
});

describe('an outcome score JSON reads as infinite', () => {
  it('is named as written, not as the null JSON.stringify makes of it', () => {
    expect(() => parseRouterRecords('{"prompt":"a","weakScore":1e999,"strongScore":1}', {}, 'data.jsonl')).toThrow(
      'data.jsonl line 1: "weakScore" must be a number in [0, 1] or a boolean, got Infinity (a number past ±1.8e308: 1e999 in JSON, .inf in YAML)',
    );
  });
});
