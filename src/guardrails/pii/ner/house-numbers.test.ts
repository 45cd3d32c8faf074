import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { leadingHouseNumbers } from './house-numbers.js';
import { namedCorners } from './street-corners.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const at = (text: string, part: string): Finding => ({ type: 'STREET_ADDRESS', start: text.indexOf(part), end: text.indexOf(part) + part.length, score: 0.9 });
const shown = (text: string, found: Finding[]): string[] => leadingHouseNumbers(text, found).map((f) => text.slice(f.start, f.end));

describe('leading house numbers', () => {
  it('takes one or two building numbers before an address that starts with a number', () => {
    const one = 'Please send it to 8800 1737 Cheriton Dr, Hibberdene before Friday.';
    expect(shown(one, [at(one, '1737 Cheriton Dr, Hibberdene')])).toEqual(['8800 1737 Cheriton Dr, Hibberdene']);
    const two = 'We met at 856 1783 49th Avenue yesterday.';
    expect(shown(two, [at(two, '49th Avenue')])).toEqual(['856 1783 49th Avenue']);
  });

  it('leaves numbers after a capitalised word or glued to a mark, and addresses that start with a word', () => {
    const order = 'Order 5512 12 Main St is late.';
    expect(shown(order, [at(order, '12 Main St')])).toEqual(['12 Main St']);
    const hash = 'ticket #5512 12 Main St';
    expect(shown(hash, [at(hash, '12 Main St')])).toEqual(['12 Main St']);
    const word = 'at 12 Hauptstraße 5';
    expect(shown(word, [at(word, 'Hauptstraße 5')])).toEqual(['Hauptstraße 5']);
  });

  it('takes the house number before a street the tagger started at a lower-case street word', () => {
    const rue = 'The committee met to review the plans for 12 rue des Coudriers.';
    expect(shown(rue, [at(rue, 'rue des Coudriers')])).toEqual(['12 rue des Coudriers']);
    const via = 'We stayed near 4 via Roma in Milan.';
    expect(shown(via, [at(via, 'via Roma')])).toEqual(['4 via Roma']);
    const word = 'a rating of 4 rue-style ideas'; // no street word with a space after it
    expect(shown(word, [at(word, 'rue-style ideas')])).toEqual(['rue-style ideas']);
  });

  it('stays linear on a text of many addresses (it and the street-corner rule)', () => {
    const unit = 'at 8800 1737 Cheriton Dr; Katrina and 12 Main St\n';
    const text = unit.repeat(50_000);
    const found: Finding[] = [];
    for (let k = 0; k < 50_000; k += 1) {
      const base = k * unit.length;
      found.push({ type: 'STREET_ADDRESS', start: base + 8, end: base + 24, score: 0.9 });
      found.push({ type: 'PERSON', start: base + 26, end: base + 33, score: 0.9 });
      found.push({ type: 'STREET_ADDRESS', start: base + 38, end: base + 48, score: 0.9 });
    }
    const started = cpuMs();
    const out = namedCorners(text, leadingHouseNumbers(text, found));
    expect(cpuMs() - started).toBeLessThan(1500);
    expect(out.map((f) => text.slice(f.start, f.end)).slice(0, 2)).toEqual(['8800 1737 Cheriton Dr', 'Katrina and 12 Main St']);
  });
});

