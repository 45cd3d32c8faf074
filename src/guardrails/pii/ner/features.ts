import type { Lexicons } from './lexicons.js';
import type { Token } from './tokenize.js';

/** Per-token facts computed once per text, shared by all feature templates. */
interface TokenFacts {
  lower: string;
  shape: string;
  lex: string; // compact lexicon signature, e.g. "F L" = first name and surname
}

/**
 * Feature strings for each token: the word, its shape ("Xx", "d", "X."), prefixes and
 * suffixes, lexicon membership (name lists, places, street words, ordinary English words), and
 * the same facts for two tokens either side. Labels of earlier tokens are added by the tagger.
 *
 * @example tokenFeatures(tokenize('Meet Ann'), lexicons)[1] // includes 'w=ann', 'lex=F', 'p1w=meet'
 */
export function tokenFeatures(tokens: readonly Token[], lexicons: Lexicons): string[][] {
  const facts = tokens.map((t) => factsOf(t, lexicons));
  return tokens.map((token, i) => {
    const f = facts[i]!;
    const feats = ['b', `w=${f.lower}`, `s=${f.shape}`, `lex=${f.lex}`, `suf=${f.lower.slice(-3)}`, `pre=${f.lower.slice(0, 3)}`];
    feats.push(`sl=${f.shape}|${f.lex}`);
    if (token.lineStart) feats.push('line', `line|s=${f.shape}`);
    if (i === 0) feats.push('first');
    for (const offset of [-2, -1, 1, 2]) {
      const other = facts[i + offset];
      const tag = offset < 0 ? `p${-offset}` : `n${offset}`;
      if (!other) {
        feats.push(`${tag}=none`);
        continue;
      }
      feats.push(`${tag}w=${other.lower}`, `${tag}s=${other.shape}`, `${tag}lex=${other.lex}`);
    }
    const prev = facts[i - 1];
    const next = facts[i + 1];
    feats.push(`p1w|s=${prev?.lower ?? ''}|${f.shape}`, `s|n1w=${f.shape}|${next?.lower ?? ''}`);
    feats.push(`p1s|s|n1s=${prev?.shape ?? ''}|${f.shape}|${next?.shape ?? ''}`);
    if (tokens[i + 1]?.lineStart) feats.push('lineEnd');
    return feats;
  });
}

function factsOf(token: Token, lexicons: Lexicons): TokenFacts {
  const lower = token.text.toLowerCase();
  return { lower, shape: shapeOf(token.text), lex: lexiconSignature(lower, lexicons) };
}

/** "Ann" → "Xx", "ANN" → "X", "12" → "d", "O'Neil" → "X'Xx", "e-mail" → "x-x". */
export function shapeOf(word: string): string {
  let out = '';
  for (const ch of word) {
    const c = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\d/.test(ch) ? 'd' : ch;
    if (!out.endsWith(c)) out += c;
  }
  return out.length > 6 ? out.slice(0, 6) : out;
}

function lexiconSignature(lower: string, lex: Lexicons): string {
  let sig = '';
  if (lex.firstNames.has(lower)) sig += 'F';
  if (lex.lastNames.has(lower)) sig += 'L';
  if (lex.places.has(lower)) sig += 'P';
  if (lex.streetWords.has(lower)) sig += 'S';
  const english = lex.english.get(lower);
  if (english) sig += `E:${english.split(',')[0]}`;
  return sig || '-';
}
