import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPiiDetector } from './create-pii-detector.js';

// data/harmless-imperatives (issue #10): short prompts opening with a verb or word that name lists
// also hold ("Say hello", "Grant access", "Rose petals in a salad: safe?", "Ivy, moss or ferns?"),
// and labelled prompts where that word really is a person ("Mark called, call him back", "Mark,
// call me when you're free", "Thanks, Grant"). The retrained tagger of a530a071 found "Say" in "Say
// hello" as a person; 85 of the first 358 were flagged then, 51 with the idle-sentence gate of
// 0a9be544, 4 with the rule in imperatives.ts (commandOpening) as well, 2 with its comma, holiday
// and work-title rules (helper piiwords; the 44 comma openers after line 358: 14 → 0).
interface Row { text: string; split: 'dev' | 'test'; person?: string }
const rows = (name: string): Row[] =>
  readFileSync(new URL(`../../../data/harmless-imperatives/${name}`, import.meta.url), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Row);

describe('short imperative prompts (data/harmless-imperatives)', () => {
  const detector = createPiiDetector();
  const flagged = (texts: readonly string[]): string[] => texts.filter((t) => detector.detect(t).length > 0);

  it('finds nothing in the prompts that broke the Gemini wire test and its kin', () => {
    expect(flagged(['Say hello', 'Read hello', 'Read thanks to the team', 'Grant access', 'Mark complete', 'Bill shipping separately'])).toEqual([]);
  });

  it('flags under 1% of each half (dev chose the rules; test was scored once, after)', () => {
    const prompts = rows('prompts.jsonl');
    expect(prompts.length).toBe(402);
    for (const split of ['dev', 'test'] as const) {
      const half = prompts.filter((r) => r.split === split).map((r) => r.text);
      // 1 of 201 in each half (2026-12-04, helper piiwords): "Parker pens or Lamy?" (dev), "Taylor series of sin x" (test).
      expect(flagged(half).length / half.length, split).toBeLessThan(0.01);
    }
  });

  it('finds no person in a list or heading that opens with such a word, nor in an interjection', () => {
    expect(flagged(['Ivy, moss or ferns for a shady wall?', 'Sandy, crumbly cookies: what went wrong?', 'Wait, why is it null?', 'Who wrote Dune?'])).toEqual([]);
  });

  it('still finds the opening word as a person when a verb of theirs follows it or it is addressed', () => {
    const persons = rows('persons.jsonl');
    const found = persons.filter((r) => detector.detect(r.text).some((f) => f.type === 'PERSON' && r.text.slice(f.start, f.end) === r.person));
    // 91 of the 102 (56 of the first 64, 35 of the 38 vocatives and greetings after line 64), helper
    // piiwords; 85 before its rules (53 and 32). A given name before a verb only a person does or a
    // request is found where the tagger read the word ("Chase owes me", "Will, you forgot"). The
    // misses are mostly "is" or "-ed" after the name, which nouns take too ("Grant is out", "Norm
    // approved"), and "June from finance" (a month).
    expect(persons.length).toBe(102);
    expect(found.length).toBeGreaterThanOrEqual(90);
    expect(found.map((r) => r.person)).toEqual(expect.arrayContaining(['Mark', 'Bill', 'Rose', 'Frank', 'Dawn', 'Gene', 'Art', 'Wade', 'Lance', 'Faith', 'Drew', 'Bob', 'Pat', 'Amber', 'Crystal', 'Melody', 'Chase', 'Sterling', 'Will', 'Hope']));
  });
});
