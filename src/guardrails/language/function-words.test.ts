import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGLISH_FUNCTION_WORDS, FOREIGN_FUNCTION_WORDS, FOREIGN_TITLES, functionWordCounts, hasAccentedLetter, readsAsForeign } from './function-words.js';

describe('readsAsForeign', () => {
  it('reads German, French, Spanish, Italian, Portuguese and Dutch as foreign', () => {
    for (const text of [
      'Kannst du mir helfen, eine Beschwerde zu schreiben?',
      'Peux-tu raccourcir la présentation pour la réunion client ?',
      '¿Puedes acortar la presentación para la reunión con el cliente?',
      "Puoi accorciare la presentazione per l'incontro con il cliente?",
      'Podes encurtar a apresentação para a reunião com o cliente?',
      'Kun je de presentatie voor het klantgesprek inkorten?',
    ]) {
      expect(readsAsForeign(text), text).toBe(true);
    }
  });

  it('reads English as English, with foreign names, quoted phrases, ids and hashes in it', () => {
    for (const text of [
      'Please translate "gracias por todo" into English for my colleague.',
      'Janka M. Szász, network administrator, lives at 450 Præstevænget 15, København V.',
      'Kubernetes pod api-801af-28c67 restarted 9 times; memory limit 3598Mi, usage peaks at 2179Mi.',
      'Docker image sha256:a5849344ad0f9755c5428f4ce499c3706f3fc91b7ab2ab344de916e5794235f0 fails to start.',
      'Meet me at the Café de la Paix with Maria de los Santos.',
    ]) {
      expect(readsAsForeign(text), text).toBe(false);
    }
  });

  it('judges a long text by its start, in bounded time', () => {
    expect(readsAsForeign(`${'the cat sat on the mat. '.repeat(400)}${'und die Katze ist nicht da. '.repeat(10_000)}`)).toBe(false);
  });
});

/** The counts as the word pattern and the sets gave them before the scan of character codes. */
function patternCounts(text: string, maxChars = 4096): { foreign: number; english: number } {
  const foreignWords = new Set([...FOREIGN_FUNCTION_WORDS, ...FOREIGN_TITLES]);
  const englishWords = new Set(ENGLISH_FUNCTION_WORDS);
  const word = /(?<![0-9A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u017f])[A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u017f]+(?:['’][A-Za-zÀ-ÖØ-öø-ÿ\u0100-\u017f]+)?(?![0-9])/g;
  let foreign = 0;
  let english = 0;
  for (const [w] of text.slice(0, maxChars).matchAll(word)) {
    const lower = w.toLowerCase();
    if (englishWords.has(lower)) english += 1;
    else if (foreignWords.has(lower) || (/^[a-zà-öø-ÿ]/.test(w) && hasAccentedLetter(w))) foreign += 1;
  }
  return { foreign, english };
}

describe('functionWordCounts', () => {
  it('counts what the word pattern and the sets count, on every multilingual text we ship and on random text', () => {
    const texts: string[] = [];
    for (const file of ['harmless-multilingual/dev.jsonl', 'harmless-multilingual/dev-2.jsonl', 'injection-multilingual/attacks.jsonl', 'injection-multilingual/benign-lookalikes.jsonl']) {
      for (const line of readFileSync(join('data', file), 'utf8').split('\n')) if (line.trim() !== '') texts.push((JSON.parse(line) as { text: string }).text);
    }
    expect(texts.length).toBeGreaterThan(300);
    // Letters of every kind the pattern knows (and İ, whose lower case is two characters), digits
    // around words, both apostrophes, and listed words in any case.
    const pieces = ['a', 'B', 'é', 'É', 'ß', 'ł', 'Ł', 'İ', 'ſ', '×', 'ÿ', 'Ÿ', 'ñ', '0', '7', "'", '’', ' ', ' ', '-', '.', 'Ω', 'und', 'THE', 'Der', 'l’', "d'", 'señor', 'SEÑOR', 'Très', 'für', 'You', 'goedenavond', 'x9', 'ab1', "don't", 'it’s2'];
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = 1 + Math.floor(random() * 30);
      for (let k = 0; k < length; k++) text += pieces[Math.floor(random() * pieces.length)];
      texts.push(text);
    }
    let foreignSeen = 0;
    for (const text of texts) {
      expect(functionWordCounts(text), text).toEqual(patternCounts(text));
      expect(functionWordCounts(text, 17), text).toEqual(patternCounts(text, 17));
      foreignSeen += functionWordCounts(text).foreign;
    }
    expect(foreignSeen).toBeGreaterThan(1000);
  });

  it('reads the backtracking before a digit as the pattern does', () => {
    expect(functionWordCounts('und1 ist2 der3 nicht')).toEqual(patternCounts('und1 ist2 der3 nicht'));
    expect(functionWordCounts("und'x1 und'xy1 l’e3")).toEqual(patternCounts("und'x1 und'xy1 l’e3"));
    expect(functionWordCounts('the and you x')).toEqual({ foreign: 0, english: 3 });
  });
});
