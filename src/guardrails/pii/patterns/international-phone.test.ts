import { findPhoneNumbersInText, getCountryCallingCode, type CountryCode } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { validWholeInternational } from './international-phone.js';

/** What phone.ts did for every international window before the shortcut: the longest valid hit. */
function libraryWhole(window: string): boolean {
  let best: { from: number; to: number } | null = null;
  for (const hit of findPhoneNumbersInText(window)) {
    if (hit.number.isValid() && (!best || hit.endsAt - hit.startsAt > best.to - best.from)) best = { from: hit.startsAt, to: hit.endsAt };
  }
  return best !== null && best.from === 0 && best.to === window.length;
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** "+44 7400 123456"-style layouts of `digits` after the calling code: groups of 1–5 digits. */
function grouped(code: string, digits: string, random: () => number): string {
  const groups: string[] = [];
  for (let i = 0; i < digits.length; ) {
    const size = 1 + Math.floor(random() * 5);
    groups.push(digits.slice(i, i + size));
    i += size;
  }
  return `+${code} ${groups.join(' ')}`;
}

describe('validWholeInternational', () => {
  it('says "whole and valid" only where libphonenumber finds the whole window valid, for every country', () => {
    const random = seeded(2024);
    let claimed = 0;
    let cases = 0;
    for (const [country, example] of Object.entries(examples as Record<string, string>)) {
      const code = getCountryCallingCode(country as CountryCode);
      for (let i = 0; i < 30; i += 1) {
        // The example itself, then the example with its tail (or all of it) replaced at random, and other lengths.
        const keep = i === 0 ? example.length : Math.floor(random() * example.length);
        const length = i % 3 === 0 ? example.length : Math.max(2, example.length + Math.floor(random() * 5) - 2);
        let digits = example.slice(0, Math.min(keep, length));
        while (digits.length < length) digits += String(Math.floor(random() * 10));
        if (i % 7 === 3) digits = `0${digits}`; // a national prefix written after the code
        const window = grouped(code, digits, random);
        cases += 1;
        if (validWholeInternational(window) === true) {
          claimed += 1;
          expect(libraryWhole(window), window).toBe(true);
        }
      }
    }
    // The shortcut must take most real numbers, or it saves nothing.
    expect(cases).toBeGreaterThan(5000);
    expect(claimed).toBeGreaterThan(cases / 5);
  });

  it('takes the bench layouts and leaves other layouts to the library', () => {
    expect(validWholeInternational('+44 20 7946 0958')).toBe(true);
    expect(validWholeInternational('+1 415 555 2671')).toBe(true);
    expect(validWholeInternational('+49 30 901820')).toBe(true);
    expect(validWholeInternational('+44 20 7946 095')).toBeUndefined(); // too short: invalid, left to the library
    expect(validWholeInternational('+44-20-7946-0958')).toBeUndefined();
    expect(validWholeInternational('+44 (0)20 7946 0958')).toBeUndefined();
    expect(validWholeInternational('+44 020 7946 0958')).toBeUndefined(); // a national prefix: the library may strip it
    expect(validWholeInternational('+800 1234 5678')).toBeUndefined(); // non-geographic
    expect(validWholeInternational('0044 20 7946 0958')).toBeUndefined();
  });
});
