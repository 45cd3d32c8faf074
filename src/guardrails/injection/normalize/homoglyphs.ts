/**
 * Cyrillic and Greek letters that look like Latin ones, folded to Latin so that "іgnоrе" (with
 * Cyrillic і, о, е) reads as "ignore". Only words that mix scripts are folded, or words made only
 * of look-alikes in a mostly Latin text: a Russian or Greek sentence is left as it is.
 */
const LOOKALIKES: Record<string, string> = {
  // Cyrillic lower case
  а: 'a', в: 'b', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't',
  у: 'y', х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ɡ: 'g',
  // Cyrillic upper case
  А: 'A', В: 'B', Е: 'E', Ё: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y',
  Х: 'X', Ѕ: 'S', І: 'I', Ї: 'I', Ј: 'J', Ԛ: 'Q', Ԝ: 'W', Һ: 'H', Ӏ: 'I',
  // Greek
  α: 'a', β: 'b', γ: 'y', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  ω: 'w', Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P',
  Τ: 'T', Υ: 'Y', Χ: 'X',
  // Latin letters from other blocks that pass NFKC unchanged
  ɑ: 'a', ı: 'i', ȷ: 'j', ʏ: 'y', ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g', ʜ: 'h', ɪ: 'i',
  ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w',
  ᴢ: 'z',
};

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isOtherLetter(ch: string, code: number): boolean {
  return code > 127 && ch.toLowerCase() !== ch.toUpperCase();
}

const NON_ASCII = /[^\u0000-\u007f]/;

export interface HomoglyphFold {
  text: string;
  /** Words that were rewritten. */
  folded: number;
  /**
   * Rewritten words that read as a disguise (see `readsAsDisguise`): what the detector's
   * `homoglyphs` signal counts. A Greek letter used as a symbol ("β-blockers", "α decay") or a
   * Turkish name ("Yıldız") is folded for the classifier but is no sign of an attack.
   */
  disguised: number;
}

/** Turkish and Azerbaijani dotless i: a letter of those alphabets, not only a look-alike. */
const DOTLESS_I = 'ı';

/**
 * Whether a folded word looks disguised: it mixes Latin letters with look-alikes other than the
 * dotless i ("sуstem", not "Aydın"), or it is two or more look-alikes standing for a Latin word.
 * A one-letter word is a symbol (ε, β) or an initial. Before this, a user turn naming β-blockers
 * or Elif Yıldız was flagged on this signal alone (its weight, 0.3, is over the user threshold).
 */
function readsAsDisguise(word: string): boolean {
  let latin = false;
  let lookalikes = 0;
  let other = false;
  for (const ch of word) {
    const code = ch.charCodeAt(0);
    if (isAsciiLetter(code)) latin = true;
    else if (LOOKALIKES[ch] !== undefined) {
      lookalikes++;
      if (ch !== DOTLESS_I) other = true;
    }
  }
  return latin ? other : lookalikes >= 2;
}

/**
 * Folds look-alike letters to Latin in mixed-script words, in linear time.
 *
 * @example foldHomoglyphs('ignоre all previous').text // 'ignore all previous' (the о was Cyrillic)
 */
export function foldHomoglyphs(text: string): HomoglyphFold {
  // Every look-alike is outside ASCII: an ASCII text (most prompts) has none, found by one native scan.
  if (!NON_ASCII.test(text)) return { text, folded: 0, disguised: 0 };
  let latin = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isAsciiLetter(code)) latin++;
    else if (code > 127 && LOOKALIKES[text[i] as string] !== undefined) other++;
  }
  if (other === 0) return { text, folded: 0, disguised: 0 };
  const mostlyLatin = latin >= 2 * other;
  let out = '';
  let folded = 0;
  let disguised = 0;
  let start = 0;
  let i = 0;
  while (i <= text.length) {
    const ch = text[i] ?? '';
    const code = text.charCodeAt(i);
    const inWord = i < text.length && (isAsciiLetter(code) || isOtherLetter(ch, code));
    if (inWord) {
      i++;
      continue;
    }
    if (i > start) {
      const word = text.slice(start, i);
      const rewritten = foldWord(word, mostlyLatin);
      if (rewritten !== word) {
        folded++;
        if (readsAsDisguise(word)) disguised++;
      }
      out += rewritten;
    }
    if (i < text.length) out += ch;
    i++;
    start = i;
  }
  return { text: out, folded, disguised };
}

function foldWord(word: string, mostlyLatin: boolean): string {
  let hasLatin = false;
  let allLookalike = true;
  let hasLookalike = false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (isAsciiLetter(code)) hasLatin = true;
    else if (LOOKALIKES[word[i] as string] !== undefined) hasLookalike = true;
    else allLookalike = false;
  }
  if (!hasLookalike) return word;
  if (!hasLatin && !(mostlyLatin && allLookalike)) return word;
  let out = '';
  for (const ch of word) out += LOOKALIKES[ch] ?? ch;
  return out;
}
