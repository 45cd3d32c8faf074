import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isHeldOutTemplate, readPresidioSynth, type SynthSample } from '../presidio-synth.js';

const PATH = fileURLToPath(new URL('../../../../../data/pii-tagger/extra-training.jsonl.gz', import.meta.url));
const extra = gunzipSync(readFileSync(PATH)).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as SynthSample);
const NAMED = new Set(['PERSON', 'STREET_ADDRESS', 'GPE']);
const valueWords = (samples: SynthSample[]): Set<string> =>
  new Set(samples.flatMap((s) => s.spans.filter((g) => NAMED.has(g.entity_type)).flatMap((g) => (g.entity_value.match(/\p{L}{3,}/gu) ?? []).map((w) => w.toLowerCase()))));

describe('the tagger\'s extra training texts (data/pii-tagger/extra-training.jsonl.gz)', () => {
  it('label spans that point at their values', () => {
    expect(extra.length).toBeGreaterThan(2000);
    for (const s of extra) for (const g of s.spans) expect(s.full_text.slice(g.start_position, g.end_position)).toBe(g.entity_value);
  });

  it('share no text and no held-out-only name or place word with the benchmark\'s held-out templates', () => {
    const synth = readPresidioSynth();
    const heldOut = synth.filter((s) => isHeldOutTemplate(s.template_id));
    const seen = valueWords(synth.filter((s) => !isHeldOutTemplate(s.template_id)));
    const heldOutOnly = [...valueWords(heldOut)].filter((w) => !seen.has(w));
    expect(heldOutOnly.length).toBeGreaterThan(100);
    const texts = new Set(heldOut.map((s) => s.full_text));
    const words = valueWords(extra);
    expect(extra.filter((s) => texts.has(s.full_text))).toEqual([]);
    expect(heldOutOnly.filter((w) => words.has(w))).toEqual([]);
  });
});
