import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { createPiiDetector } from './create-pii-detector.js';
import { finding, type Finding } from './entity-types.js';

// V8's own test for "same hidden class". The flag only lets functions compiled after it use `%`
// calls; the function is built with `new Function` so that this file still parses without it.
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;
// The guard bench's prompts (plain JavaScript, so imported by URL with its type stated here).
const { variedPrompts } = (await import(new URL('../../../bench/guard-prompts.mjs', import.meta.url).href)) as {
  variedPrompts: (count: number, seed: number) => { text: string }[];
};

describe('findings share one hidden class', () => {
  it('every finding of the PII detector, warmed up, has the shape finding() builds', () => {
    const detector = createPiiDetector();
    const reference = finding('PERSON', 0, 1, 0.5);
    // A spread copy's site gets a hidden class of its own after a few calls, so run the texts
    // several times over before looking (the bench prompts reach the tagger's spread-copy passes).
    const texts = variedPrompts(60, 3).map((p) => p.text);
    let found: Finding[] = [];
    for (let round = 0; round < 4; round++) found = texts.flatMap((t) => detector.detect(t));
    expect(found.length).toBeGreaterThan(300);
    const odd = found.filter((f) => !haveSameMap(f, reference));
    expect(odd).toEqual([]);
  });
});
