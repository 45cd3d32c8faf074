import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { TAG_COUNT, TAG_O } from './linear-chain.js';
import { loadTaggerModel } from './name-tagger.js';
import { capitalTowns, spansOf } from './tag-spans.js';
import { TokenSheet } from './token-sheet.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const { lexicons } = loadTaggerModel();
const PLACE = 2;

/** Spans from hand-set tags: every token from `first` to `last` (token indexes) tagged `tag`, sure. */
function spans(text: string, first: number, last: number, tag = PLACE): string[] {
  const sheet = new TokenSheet();
  const n = sheet.read(text, lexicons);
  const labels = new Uint8Array(n).fill(TAG_O);
  const probabilities = new Float32Array(n * TAG_COUNT);
  for (let t = 0; t < n; t += 1) {
    if (t >= first && t <= last) labels[t] = tag;
    probabilities[t * TAG_COUNT + labels[t]!] = 1;
  }
  return spansOf(text, sheet, labels, probabilities).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}

describe('spans from tags', () => {
  it('ends a place span before a field label on the next line', () => {
    const text = '50668 Kiannonkatu 98, ISHAM\nMobile: 03.93.92.16.85';
    // Tokens: 50668 Kiannonkatu 98 , ISHAM Mobile : …; the tagger ran over "Mobile" (a town too).
    expect(spans(text, 0, 5)).toEqual(['STREET_ADDRESS:50668 Kiannonkatu 98, ISHAM']);
  });

  it('keeps a place line that is followed by a colon on its own line when it has more words', () => {
    const text = 'We met in Bremen\nNew York City: a note';
    expect(spans(text, 3, 6)).toEqual(['LOCATION:Bremen\nNew York City']);
  });

  it('reads a command-line option and its argument as no person, but keeps hyphenated and listed names', () => {
    // Tokens: Run curl - X POST …; the tagger ran over "X POST".
    expect(spans('Run curl -X POST https://api.example.com', 3, 4, 1)).toEqual([]);
    expect(spans('Try grep --Ignore Case here', 4, 5, 1)).toEqual([]);
    expect(spans('Ask Mary-Jane Watson today', 1, 4, 1)).toEqual(['PERSON:Mary-Jane Watson']);
    expect(spans('- Maria Lopez called', 1, 2, 1)).toEqual(['PERSON:Maria Lopez']);
  });

  it('reads a word whose capitals run into lower case as an acronym or product, not a lone person', () => {
    expect(spans('How do I disable an ESLint rule?', 5, 5, 1)).toEqual([]);
    expect(spans('The script SSHs into each host', 2, 2, 1)).toEqual([]);
    expect(spans('Ask McDonald about it', 1, 1, 1)).toEqual(['PERSON:McDonald']);
    expect(spans('Ask DeShawn about it', 1, 1, 1)).toEqual(['PERSON:DeShawn']);
  });

  it('reads a lone contact-field label or identifier name as no person or place', () => {
    expect(spans('Call 208 815-Fax', 4, 4, 1)).toEqual([]);
    expect(spans('wire it using this IBAN GB49AHER72277635787006', 4, 4, 1)).toEqual([]);
    expect(spans('Mobile: 0490 39 07 81', 0, 0)).toEqual([]);
    expect(spans('Ask Fax Miller', 1, 2, 1)).toEqual(['PERSON:Fax Miller']);
  });

  it('closes a bracket a place span opened', () => {
    // Tokens: She lives in Cyprus ( Greek ) now .
    expect(spans('She lives in Cyprus (Greek) now.', 3, 6)).toEqual(['LOCATION:Cyprus (Greek)']);
    expect(spans('She lives in Cyprus (Greek) now.', 3, 5)).toEqual(['LOCATION:Cyprus (Greek)']);
    expect(spans('He went to Oslo (twice).', 3, 3)).toEqual(['LOCATION:Oslo']);
  });

  it('takes a lower-case region code and postal code after the town in a text typed in lower case', () => {
    // Tokens: send to 0605 pentelis 210 apt . 999 delmas , mp 35739
    const text = 'send to 0605 pentelis 210 apt. 999\ndelmas, mp 35739';
    expect(spans(text, 2, 8)).toEqual(['STREET_ADDRESS:0605 pentelis 210 apt. 999\ndelmas, mp 35739']);
    expect(spans('Send to 0605 Pentelis 210 apt. 999\nDelmas, mp 35739', 2, 8)).toEqual(['STREET_ADDRESS:0605 Pentelis 210 apt. 999\nDelmas']);
  });

  it('takes the capitalised word the tagger left out before a place in mid-sentence as the head of its name', () => {
    // Tokens: I am relocating from Cite El Ayachi . — the tagger tagged "El Ayachi" only.
    expect(spans('I am relocating from Cite El Ayachi.', 5, 6)).toEqual(['STREET_ADDRESS:Cite El Ayachi']); // 'cite' is a street word too (cité)
    expect(spans('She lives near Residence El Ouns now.', 4, 5)).toEqual(['STREET_ADDRESS:Residence El Ouns']);
    expect(spans('She lives near the Region Sjælland border.', 5, 5)).toEqual(['LOCATION:Region Sjælland']);
    // Not a word that says which part of a region, a sentence's first word, a word after a capital, a cue or one in capitals.
    expect(spans('It is an orchestra serving Southern Italy', 6, 6)).toEqual(['LOCATION:Italy']);
    expect(spans('Welcome. Region Sjælland is green', 3, 3)).toEqual(['LOCATION:Sjælland']);
    expect(spans('Jana told Michael Berlin is nice', 3, 3)).toEqual(['LOCATION:Berlin']);
    expect(spans('I went to the ATM Berlin', 5, 5)).toEqual(['LOCATION:Berlin']);
    expect(spans('we met on Monday Berlin time', 4, 4)).toEqual(['LOCATION:Berlin']);
  });

  it('keeps a town, region code and zip code as a place, which has no street word to vouch for it', () => {
    // Tokens: I live in Milnerton , WC 7446 with my kids
    expect(spans('I live in Milnerton, WC 7446 with my kids', 3, 6)).toEqual(['LOCATION:Milnerton, WC 7446']);
    expect(spans('I live in Kooigem, VWV 8510 with my kids', 3, 6)).toEqual(['LOCATION:Kooigem, VWV 8510']);
    // Not without the comma and region code, nor with a lower-case word or a second number before them.
    expect(spans('I live in Milnerton WC 7446 with my kids', 3, 5)).toEqual([]);
    expect(spans('I live in Milnerton, 12 WC 7446 with my kids', 3, 7)).toEqual([]);
    expect(spans('Buy the widget, XL 5000 today', 2, 5)).toEqual([]);
  });

  it('reads a nationality after a lower-case everyday word as no place, though town names hold that word', () => {
    // "new" is a word of town names (New York); lower case in a text with capitals it is no part of one.
    expect(spans('There is this nice new Croatian place downtown.', 4, 5)).toEqual([]);
    expect(spans('They moved to New Mexico in May.', 3, 4)).toEqual(['LOCATION:New Mexico']);
  });

  it('keeps a short town in capitals before a function or time word, not an acronym qualifying a noun', () => {
    // Tokens: I am flying to OSLO tomorrow .
    expect(spans('I am flying to OSLO tomorrow.', 4, 4)).toEqual(['LOCATION:OSLO']);
    expect(spans('I am in OSLO for a business trip.', 3, 3)).toEqual(['LOCATION:OSLO']);
    expect(spans('Try the OSLO style pizza', 2, 2)).toEqual([]);
  });
});

describe('rules that add a finding where there is none', () => {
  it('ask whether a candidate overlaps a finding in linear time overall', () => {
    const unit = 'flying to OSLO tomorrow with Ann ';
    const text = unit.repeat(40_000);
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const found: Finding[] = Array.from({ length: 40_000 }, (_, k) => ({ type: 'PERSON' as const, start: k * unit.length + 29, end: k * unit.length + 32, score: 0.9 }));
    // Every other town is already covered by a finding, and must not be found twice.
    for (let k = 0; k < 40_000; k += 2) found.push({ type: 'LOCATION', start: k * unit.length + 10, end: k * unit.length + 14, score: 0.9 });
    const started = cpuMs();
    const towns = capitalTowns(text, sheet, found, 0.7);
    expect(cpuMs() - started).toBeLessThan(1000);
    expect(towns).toHaveLength(20_000);
    expect(towns.every((f) => text.slice(f.start, f.end) === 'OSLO' && (f.start - 10) % (2 * unit.length) === unit.length)).toBe(true);
  });
});
