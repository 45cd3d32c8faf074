import { describe, expect, it } from 'vitest';
import { loadTaggerModel } from './name-tagger.js';
import { foreignTokens } from './sentence-languages.js';
import { TF, TokenSheet } from './token-sheet.js';

const { lexicons } = loadTaggerModel();

/** The words `foreignTokens` marks as in a foreign sentence, or null when it marks none. */
function foreignWords(text: string): string[] | null {
  const sheet = new TokenSheet();
  sheet.read(text, lexicons);
  const marked = foreignTokens(text, sheet);
  if (marked === null) return null;
  const out: string[] = [];
  for (let t = 0; t < sheet.count; t += 1) if (marked[t] && sheet.flags[t]! & TF.WORD) out.push(text.slice(sheet.start[t]!, sheet.end[t]!));
  return out;
}

describe('foreignTokens', () => {
  it('marks a sentence whose only foreign evidence is accented lower-case words, Latin Extended-A included', () => {
    // No listed function word: "proběhlo", "včera", "večer" count for their ě and č (U+0100–U+017F).
    expect(foreignWords('Thanks for the notes. Glasovanje proběhlo včera večer.')).toEqual(['Glasovanje', 'proběhlo', 'včera', 'večer']);
  });

  it('marks a sentence of listed function words without any accent', () => {
    expect(foreignWords('Kannst du mir bitte helfen? Ich habe eine Frage.')).not.toBeNull();
  });

  it('marks nothing in English, however many words are off the English lists', () => {
    expect(foreignWords('Ask Hashimoto about thyroiditis, autoimmunity and hypothyroidism in the clinic.')).toBeNull();
  });

  it('does not count a name particle between capitalised words, nor a word English shares', () => {
    // "de", "los" are foreign function words, here inside a name; "a", "in" are English ones too.
    expect(foreignWords('I met Maria de los Santos in a cafe in Boston yesterday.')).toBeNull();
  });
});
