import { describe, expect, it } from 'vitest';
import type { Finding } from '../entity-types.js';
import { loadTaggerModel } from './name-tagger.js';
import { officePlaces } from './office-places.js';
import { TokenSheet } from './token-sheet.js';
import { cpuMs } from '../../../test-support/cpu-clock.js';

const { lexicons } = loadTaggerModel();

function added(text: string, given: [Finding['type'], string][] = []): string[] {
  const sheet = new TokenSheet();
  sheet.read(text, lexicons);
  const found = given.map(([type, value]) => ({ type, start: text.indexOf(value), end: text.indexOf(value) + value.length, score: 0.9 }));
  return officePlaces(sheet, found, 0.7).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);
}

describe('a known town as the attribute of a site (officePlaces)', () => {
  it('finds the town between a determiner and a site noun', () => {
    expect(added('The Kolding office handles refunds.')).toEqual(['LOCATION:Kolding']);
    expect(added('Our Lisbon branch opens on Monday.')).toEqual(['LOCATION:Lisbon']);
    expect(added('Ship it to the Kuala Lumpur warehouse.')).toEqual(['LOCATION:Kuala Lumpur']);
  });

  it('leaves everyday words, software, unknown words, other nouns and what was found alone', () => {
    for (const text of ['The Sales office is closed.', 'The Apple store is busy.', 'the Google office', 'the Jira site', 'The Kolding team won.', 'The Kolding Office', 'the\nKolding office']) {
      expect(added(text), text).toEqual([]);
    }
    expect(added('The Kolding office handles refunds.', [['LOCATION', 'Kolding']])).toEqual([]);
  });

  it('stays linear on hostile input', () => {
    const text = 'the Kolding Kolding Kolding Kolding '.repeat(20_000);
    const sheet = new TokenSheet();
    sheet.read(text, lexicons);
    const started = cpuMs();
    officePlaces(sheet, [], 0.7);
    expect(cpuMs() - started).toBeLessThan(1000);
  });
});
