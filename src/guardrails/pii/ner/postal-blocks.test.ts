import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';
import { postalBlocks } from './postal-blocks.js';
import { TokenSheet } from './token-sheet.js';

const model = loadTaggerModel();
const tagger = createNameTagger(model);
const addresses = (text: string): string[] => tagger.tag(text).filter((f) => f.type === 'STREET_ADDRESS').map((f) => text.slice(f.start, f.end));
const blocks = (text: string): string[] => {
  const sheet = new TokenSheet();
  sheet.read(text, model.lexicons);
  return postalBlocks(text, sheet, [], 0.7).map((f) => text.slice(f.start, f.end));
};

describe('continental address blocks found by their postal line', () => {
  it('takes a street line over a postal-code line, and the country line after it', () => {
    expect(addresses('My new flat is at Am Kreispark 68a\n24122 Noelscheid; the buzzer says Žilih.')).toEqual(['Am Kreispark 68a\n24122 Noelscheid']);
    expect(addresses('Unsere Anschrift lautet Renkgasse 85\n39508 Veronikascheid. Besuche bitte nur nach Termin.')).toEqual(['Renkgasse 85\n39508 Veronikascheid']);
    expect(addresses('Unsere Anschrift lautet Sonderburger Str. 8\n73890 Alt Thorben\nDeutschland. Besuche bitte nur nach Termin.')).toEqual(['Sonderburger Str. 8\n73890 Alt Thorben\nDeutschland']);
  });

  it('needs a distinctive street name, a house number and a postal code of four or five digits with a town', () => {
    for (const text of [
      'Release notes: Version 2\n2024 Edition',
      'Chapter 3\n2019 Results',
      'Order Total 12\n40021 Items shipped',
      'Renkgasse 85\n395 Veronikascheid',
      'Renkgasse 85\n39508 veronikascheid',
      'Renkgasse\n39508 Veronikascheid',
      'Monday 12\n10115 Berlin',
    ]) expect(blocks(text), text).toEqual([]);
  });
});
