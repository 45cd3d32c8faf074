import { describe, expect, it } from 'vitest';
import { createPiiDetector } from './create-pii-detector.js';
import { resolveOverlaps } from './resolve-overlaps.js';

describe('createPiiDetector with the name tagger', () => {
  const detector = createPiiDetector();
  const values = (text: string): string[] => detector.detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

  it('finds people and addresses next to pattern entities', () => {
    const text = 'Hi, my name is Maria Rossi and I moved to 12 Baker Street, London. Mail maria@example.com';
    const found = values(text);
    expect(found).toContain('PERSON:Maria Rossi');
    expect(found.some((v) => v.startsWith('STREET_ADDRESS:12 Baker Street'))).toBe(true);
    expect(found).toContain('EMAIL:maria@example.com');
  });

  it('ends a tagged address that runs onto a phone line before the phone number, and drops other overlapping names', () => {
    const text = 'Ann Lee\n72 Acheron Road BUNDALAGUAH VIC\n+44 20 7946 0958 office';
    const address = text.indexOf('72');
    const tagger = {
      tag: () => [
        { type: 'STREET_ADDRESS' as const, start: address, end: text.indexOf(' office'), score: 0.9 },
        { type: 'PERSON' as const, start: text.indexOf('7946'), end: text.indexOf(' office'), score: 0.9 },
      ],
    };
    const found = createPiiDetector({ nameTagger: tagger }).detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
    expect(found).toEqual(['STREET_ADDRESS:72 Acheron Road BUNDALAGUAH VIC', 'PHONE:+44 20 7946 0958']);
  });

  it('does not call ordinary capitalised words names', () => {
    expect(values('Please review the Quarterly Report before Monday.')).toEqual([]);
  });

  it('keeps SSN-shaped part numbers, parcel ids and product codes out of the findings', () => {
    for (const text of [
      'Part number 052-08-0426 replaced 630-68-5173 in the 2026 catalogue.',
      'Track parcel 6356 0510 4121 3638 5222 66 for me.',
      'Compare SKU 146-1846-XU and SKU JA737861 by price and weight.',
      'Sudoku row 7: 0 7 5 9 0 0 1 0 1. What is missing?',
    ]) {
      expect(values(text), text).toEqual([]);
    }
  });

  it('lets an address the tagger finds win over a bare local phone reading of its numbers', () => {
    const text = 'The restaurant is at 704 1436 Redbud Drive, Springfield.';
    expect(values(text).some((v) => v.startsWith('STREET_ADDRESS:'))).toBe(true);
    expect(values(text).some((v) => v.startsWith('PHONE:'))).toBe(false);
  });

  it('reads phone-shaped digits opening a tagged address line as its house numbers, even after a phone context word', () => {
    const text = 'Contact person: Ms. Oline Lyberth\nAddress: 97945 19 Unsworth Drive\nAlbany\n, nan\n 22091';
    const found = values(text);
    expect(found.some((v) => v.startsWith('STREET_ADDRESS:97945 19 Unsworth Drive'))).toBe(true);
    expect(found.some((v) => v.startsWith('PHONE:'))).toBe(false);
    const tagger = (address: string) => ({ tag: (t: string) => [{ type: 'STREET_ADDRESS' as const, start: t.indexOf(address), end: t.indexOf(address) + address.length, score: 0.9 }] });
    const withTagger = (t: string, address: string): string[] => createPiiDetector({ nameTagger: tagger(address) }).detect(t).map((f) => `${f.type}:${t.slice(f.start, f.end)}`);
    expect(withTagger('Marco Kappel\n19055 29 Hornsey Road\nMelrose', '19055 29 Hornsey Road\nMelrose')).toEqual(['STREET_ADDRESS:19055 29 Hornsey Road\nMelrose']);
    // Three groups, a trunk "0", a phone label or a weekday after the digits: the phone stays.
    expect(withTagger('Ring me on 020 7946 0958 Office\nLondon', '020 7946 0958 Office\nLondon')).toEqual(['PHONE:020 7946 0958']);
    expect(withTagger('Contact: 55512 34 Monday to Friday', '55512 34 Monday')).toEqual(['PHONE:55512 34']);
  });

  it('rejects unknown entity types with the known ones listed', () => {
    expect(() => createPiiDetector({ entities: ['EMAIL', 'PASSPORT' as never] })).toThrow(/unknown PII entity type "PASSPORT" \(known: EMAIL,/);
  });
});

describe('resolveOverlaps', () => {
  it('keeps the higher score, then the stronger validation, then the longer span', () => {
    const kept = resolveOverlaps([
      { type: 'PHONE', start: 0, end: 16, score: 0.6 },
      { type: 'CREDIT_CARD', start: 0, end: 16, score: 0.85 },
      { type: 'PERSON', start: 20, end: 25, score: 0.9 },
      { type: 'LOCATION', start: 22, end: 30, score: 0.9 },
      { type: 'EMAIL', start: 40, end: 50, score: 0.95 },
    ]);
    expect(kept.map((f) => f.type)).toEqual(['CREDIT_CARD', 'LOCATION', 'EMAIL']);
  });
});
