import { describe, expect, it } from 'vitest';
import { CENTRAL_EUROPEAN, WESTERN, encodeSingleByte } from './__fixtures__/legacy-samples.js';
import { fromLegacyEncoding } from './legacy-encoding.js';
import { letterFit } from './legacy-letters.js';

const read = (bytes: Uint8Array, forced?: Parameters<typeof fromLegacyEncoding>[1]) => {
  const result = fromLegacyEncoding(bytes, forced);
  if ('reason' in result) throw new Error(result.reason);
  return { encoding: result.encoding, text: new TextDecoder().decode(result.utf8) };
};

describe('reading text that is not UTF-8', () => {
  it.each(Object.entries(CENTRAL_EUROPEAN))('reads %s written in Windows-1250 as Windows-1250, every letter right', (_, text) => {
    expect(read(encodeSingleByte(text, 'windows-1250'))).toEqual({ encoding: 'windows-1250', text });
  });

  it.each(Object.entries(CENTRAL_EUROPEAN))('reads %s written in ISO-8859-2 with every letter right', (_, text) => {
    expect(read(encodeSingleByte(text, 'iso-8859-2')).text).toBe(text);
  });

  it.each(Object.entries(WESTERN))('reads %s written in Windows-1252 as Windows-1252', (_, text) => {
    expect(read(encodeSingleByte(text, 'windows-1252'))).toEqual({ encoding: 'windows-1252', text });
  });

  it('chooses Windows-1250 where its letters differ, as in Polish (was "potê¿ny")', () => {
    expect(read(encodeSingleByte('Potężny wiatr wiał nad Łodzią.', 'windows-1250'))).toEqual({ encoding: 'windows-1250', text: 'Potężny wiatr wiał nad Łodzią.' });
    // Czech holds bytes Windows-1252 has no character for (ť is 0x9D): it was refused outright.
    expect(read(encodeSingleByte('Příliš žluťoučký kůň úpěl ďábelské ódy.', 'windows-1250'))).toEqual({ encoding: 'windows-1250', text: 'Příliš žluťoučký kůň úpěl ďábelské ódy.' });
    expect(read(encodeSingleByte('Árvíztűrő tükörfúrógép.', 'windows-1250')).text).toBe('Árvíztűrő tükörfúrógép.');
  });

  it('reads in the encoding it is told, without judging', () => {
    const polish = encodeSingleByte('Potężny wiatr.', 'windows-1250');
    expect(read(polish, 'windows-1252')).toEqual({ encoding: 'windows-1252', text: 'Potê¿ny wiatr.' });
    expect(read(encodeSingleByte('Café crème.', 'windows-1252'), 'windows-1250')).toEqual({ encoding: 'windows-1250', text: 'Café crčme.' });
  });

  it('still refuses what none of them reads: Cyrillic words, a stray byte in UTF-8', () => {
    const cyrillic = Buffer.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x20, 0xec, 0xe8, 0xf0, 0x2e]); // "Привет мир." in Windows-1251
    expect(fromLegacyEncoding(cyrillic)).toEqual({ reason: expect.stringMatching(/come in runs .* iconv -f windows-1251/) });
    const mixed = Buffer.concat([Buffer.from('Zażółć gęślą jaźń '), Buffer.from([0xb3])]);
    expect(fromLegacyEncoding(mixed)).toEqual({ reason: expect.stringMatching(/though the rest is UTF-8/) });
  });

  it('scores a reading by how its letters fit one language', () => {
    expect(letterFit('potężny łódź')).toBe(1);
    expect(letterFit('potê¿ny ³ódŸ')).toBeLessThan(0.5);
    expect(letterFit('plain ASCII')).toBe(1);
  });
});
