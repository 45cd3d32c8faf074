import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPiiDetector } from './create-pii-detector.js';

// data/harmless-imperatives (issue #10): short prompts opening with a verb or word that name lists
// also hold ("Say hello", "Grant access", "Rose petals in a salad: safe?"), and labelled prompts
// where that word really is a person ("Mark called, call him back"). The retrained tagger of
// a530a071 found "Say" in "Say hello" as a person; 85 of the 358 were flagged then, 51 with the
// idle-sentence gate of 0a9be544, 4 with the rule in imperatives.ts (commandOpening) as well.
interface Row { text: string; split: 'dev' | 'test'; person?: string }
const rows = (name: string): Row[] =>
  readFileSync(new URL(`../../../data/harmless-imperatives/${name}`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);

describe('short imperative prompts (data/harmless-imperatives)', () => {
  const detector = createPiiDetector();
  const flagged = (texts: readonly string[]): string[] => texts.filter((t) => detector.detect(t).length > 0);

  it('finds nothing in the prompts that broke the Gemini wire test and its kin', () => {
    expect(flagged(['Say hello', 'Read hello', 'Read thanks to the team', 'Grant access', 'Mark complete', 'Bill shipping separately'])).toEqual([]);
  });

  it('flags under 3% of each half (dev chose the rule; test was scored once, after)', () => {
    const prompts = rows('prompts.jsonl');
    expect(prompts.length).toBeGreaterThanOrEqual(300);
    for (const split of ['dev', 'test'] as const) {
      const half = prompts.filter((r) => r.split === split).map((r) => r.text);
      expect(flagged(half).length / half.length, split).toBeLessThan(0.03);
    }
  });

  it('still finds the opening word as a person when a verb of theirs follows it', () => {
    const persons = rows('persons.jsonl');
    const found = persons.filter((r) => detector.detect(r.text).some((f) => f.type === 'PERSON' && r.text.slice(f.start, f.end) === r.person));
    // 53 of the 64 (18 of the first 22), as many as the tagger reading every sentence finds plus one:
    // the gate reads a sentence whose first word is a given name with a sign of a person after it
    // ("Drew will review it", "Bob wrote this code", "Pat and I"; 15 of 22 and 44 of 64 before).
    // The misses are the model's ("Grant is out", "Chase owes me", "Will said", "Ray broke the build").
    expect(persons.length).toBe(64);
    expect(found.length).toBeGreaterThanOrEqual(52);
    expect(found.map((r) => r.person)).toEqual(expect.arrayContaining(['Mark', 'Bill', 'Rose', 'Frank', 'Dawn', 'Gene', 'Art', 'Wade', 'Lance', 'Faith', 'Drew', 'Bob', 'Pat', 'Amber', 'Crystal', 'Melody']));
  });
});
