import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { namedCorners, streetCorners } from './street-corners.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const shown = (text: string, found: Finding[]): string[] => streetCorners(text, found).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
const at = (text: string, part: string, type: Finding['type']): Finding => ({ type, start: text.indexOf(part), end: text.indexOf(part) + part.length, score: 0.9 });

describe('street corners', () => {
  it('extends a corner address that stops at "and" over the second street, absorbing what was found there', () => {
    const text = 'Address: the corner of Bygget 64 and Komel Club\nPhone: 555';
    expect(shown(text, [at(text, 'the corner of Bygget 64', 'LOCATION'), at(text, 'Komel Club', 'PERSON')])).toEqual(['STREET_ADDRESS:the corner of Bygget 64 and Komel Club']);
    const particle = 'at the corner of 74 Sikelianou Street and ten Pas Pass.';
    expect(shown(particle, [at(particle, 'the corner of 74 Sikelianou Street', 'STREET_ADDRESS')])).toEqual(['STREET_ADDRESS:the corner of 74 Sikelianou Street and ten Pas Pass']);
  });

  it('drops "the corner of" alone, and leaves spans without a corner or without a second street', () => {
    const unfilled = 'The corner of {street_name} and {street_name}';
    expect(shown(unfilled, [at(unfilled, 'The corner of', 'LOCATION')])).toEqual([]);
    const plain = 'I live at Bygget 64 and Komel Club is near';
    expect(shown(plain, [at(plain, 'Bygget 64', 'STREET_ADDRESS')])).toEqual(['STREET_ADDRESS:Bygget 64']);
    const lower = 'the corner of Bygget 64 and some shop';
    expect(shown(lower, [at(lower, 'the corner of Bygget 64', 'STREET_ADDRESS')])).toEqual(['STREET_ADDRESS:the corner of Bygget 64']);
  });

  it('stays linear on hostile input', () => {
    const text = `corner of X${' and Aaaa'.repeat(200_000)}`;
    const started = cpuMs();
    streetCorners(text, [{ type: 'LOCATION', start: 0, end: 11, score: 0.9 }]);
    expect(cpuMs() - started).toBeLessThan(500);
  });

  it('takes in a lone capitalised word and "and" before a street address, tagged or not, but not a full name', () => {
    const show = (text: string, found: Finding[]): string[] => namedCorners(text, found).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
    const tagged = 'How do I change the address to Katrina and Rúa do Paseo 46?';
    expect(show(tagged, [at(tagged, 'Katrina', 'PERSON'), at(tagged, 'Rúa do Paseo 46', 'STREET_ADDRESS')])).toEqual(['STREET_ADDRESS:Katrina and Rúa do Paseo 46']);
    const untagged = 'Layla Gairbekov\nNolan and P.O. Box 63';
    expect(show(untagged, [at(untagged, 'Layla Gairbekov', 'PERSON'), at(untagged, 'P.O. Box 63', 'STREET_ADDRESS')])).toEqual(['PERSON:Layla Gairbekov', 'STREET_ADDRESS:Nolan and P.O. Box 63']);
    const fullName = 'Send it to Anna Smith and 12 Baker Street please.';
    expect(show(fullName, [at(fullName, 'Anna Smith', 'PERSON'), at(fullName, '12 Baker Street', 'STREET_ADDRESS')])).toEqual(['PERSON:Anna Smith', 'STREET_ADDRESS:12 Baker Street']);
  });
});
