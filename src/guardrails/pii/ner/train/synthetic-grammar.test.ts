import { allLocales, Faker } from '@faker-js/faker';
import { describe, expect, it } from 'vitest';
import { composeTemplate } from './synthetic-grammar.js';
import { syntheticSamples } from './synthetic.js';

const FILLED_BY_SYNTHETIC = new Set(['P', 'F', 'L', 'T', 'A', 'S', 'SN', 'C', 'N', 'R', 'ORG', 'CORNER', 'JOB', 'DAY', 'MONTH', 'SONG', 'BOOK', 'NAT', 'NUM', 'VER', 'HEX', 'CODE', 'STD', 'PROD', 'ADJ']);

describe('composeTemplate', () => {
  it('leaves only slots that the sample filler knows, and varies the sentence shapes', () => {
    const pick = new Faker({ locale: [allLocales.en, allLocales.base] });
    pick.seed(3);
    const templates = Array.from({ length: 400 }, () => composeTemplate(pick));
    for (const t of templates) for (const m of t.matchAll(/\{([A-Z]+)\}/g)) expect(FILLED_BY_SYNTHETIC.has(m[1]!), t).toBe(true);
    expect(new Set(templates).size).toBeGreaterThan(390);
    expect(templates.some((t) => !/\{(P|F|L|T|A|S|SN|C|N|R|CORNER)\}/.test(t))).toBe(true); // sentences with no entity
  });
});

describe('syntheticSamples with composed sentences', () => {
  it('is deterministic, labels the filled values and keeps the template sentences unchanged', () => {
    const a = syntheticSamples(20, 5, { composed: 50 });
    expect(a).toEqual(syntheticSamples(20, 5, { composed: 50 }));
    expect(a.slice(0, 20)).toEqual(syntheticSamples(20, 5));
    for (const s of a.slice(20)) {
      for (const span of s.spans) expect(s.full_text.slice(span.start_position, span.end_position).toLowerCase()).toBe(span.entity_value.toLowerCase());
    }
  });
});
