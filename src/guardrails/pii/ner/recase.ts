import { hashLower } from './char-table.js';
import { LEX, type LexiconTable } from './lexicon-table.js';

// A word of letters not glued to a digit ("MI46 8SM" and "WBT-FM2" are codes, not words).
const WORD = /(?<![\p{L}\p{M}\p{N}])\p{L}[\p{L}\p{M}'’-]*(?![\p{L}\p{M}\p{N}])/gu;
// Four consonants in a row: a code or an acronym ("WUBQDEWCXXX", "PSPACE"), left in capitals.
const CODE_LIKE = /[BCDFGHJKLMNPQRSTVWXZ]{4}/;
const EVERYDAY = LEX.FUNCTION | LEX.COMMON;
const NAME = LEX.FIRST_NAME | LEX.LAST_NAME;

/**
 * The text the tagger reads when capitals say nothing: every line written all in capitals
 * ("PASSENGER: KISUKE SUGITA", a form or ticket typed with caps lock) is recased as prose would
 * be, each everyday word (a function or common word on no name list) in lower case and every
 * other word capitalised ("passenger: Kisuke Sugita"). The tagger learnt from capitals: on
 * presidio-synth's training texts written in capitals, cross-validated F2 0.821 as they are and
 * 0.905 recased (PERSON 0.704 → 0.878). Words keep their length, so findings' offsets hold for the
 * original text; a word whose case mapping changes its length (German "ß", Turkish "İ") is left as
 * it is. Returns `text` itself when no line is shouted (most texts: one pass over the characters).
 *
 * @example recaseShouting('PASSENGER: KISUKE SUGITA', lexicons) // 'passenger: Kisuke Sugita'
 */
export function recaseShouting(text: string, lexicons: LexiconTable): string {
  let out: string[] | null = null;
  let lineStart = 0;
  let upper = 0;
  let lower = false;
  for (let i = 0; i <= text.length; i += 1) {
    const c = i < text.length ? text.charCodeAt(i) : 10;
    if (c === 10) {
      if (!lower && upper >= MIN_CAPITALS) {
        out ??= [text.slice(0, lineStart)];
        out.push(recaseLine(text.slice(lineStart, i), lexicons));
      } else out?.push(text.slice(lineStart, i));
      if (i < text.length) out?.push('\n');
      lineStart = i + 1;
      upper = 0;
      lower = false;
    } else if (c >= 65 && c <= 90) upper += 1;
    else if ((c >= 97 && c <= 122) || (c > 127 && isLower(text[i]!))) {
      // A lower-case letter settles the line: jump to its end (most lines have one early on).
      lower = true;
      const next = text.indexOf('\n', i);
      i = (next < 0 ? text.length : next) - 1;
    } else if (c > 127 && isUpper(text[i]!)) upper += 1;
  }
  return out ? out.join('') : text;
}

// A line of a single short acronym ("OK", "USA") is no shouted prose.
const MIN_CAPITALS = 4;
// Prose has three words or more; an address block's town line ("BASHALL TOWN", "SOUTHERN RIVER
// 6110", presidio-research writes a fifth of its towns in capitals) is left to the address rules,
// and so is any line with a digit.
const MIN_WORDS = 3;

/**
 * The line recased, or as it is unless it reads as prose: three words or more, one of them an
 * everyday word, and no digit ("PASSENGER: KISUKE SUGITA"; not "P ⊆ NP ⊆ PSPACE", "EP8 4BX").
 */
function recaseLine(line: string, lexicons: LexiconTable): string {
  let words = 0;
  let everyday = false;
  const cased = line.replace(WORD, (w) => {
    words += 1;
    if (CODE_LIKE.test(w)) return w;
    const bits = lexicons.get(hashLower(w, 0, w.length));
    const plain = (bits & EVERYDAY) !== 0 && !(bits & NAME);
    if (plain) everyday = true;
    const next = plain ? w.toLowerCase() : w[0]! + w.slice(1).toLowerCase();
    return next.length === w.length ? next : w;
  });
  return words >= MIN_WORDS && everyday ? cased : line;
}

function isLower(ch: string): boolean {
  return ch !== ch.toUpperCase() && ch === ch.toLowerCase();
}

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}
