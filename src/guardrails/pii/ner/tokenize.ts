/** A word, number or punctuation mark with its offsets in the text. */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** A line break stands between the previous token and this one (or this is the first token). */
  lineStart: boolean;
}

// Words (letters, marks, inner apostrophes and hyphens), digit runs, or one other character.
// Every alternative consumes at least one character and has one way to match: linear.
const TOKEN = /\p{L}[\p{L}\p{M}'’\-]*|\d+|[^\s\p{L}\d]/gu;

/**
 * Splits text into tokens for the name and address tagger.
 *
 * @example tokenize('Hi Ann\nX').map((t) => t.text) // ['Hi', 'Ann', 'X']
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index;
    const gap = text.slice(previousEnd, start);
    tokens.push({ text: m[0], start, end: start + m[0].length, lineStart: tokens.length === 0 || gap.includes('\n') });
    previousEnd = start + m[0].length;
  }
  return tokens;
}
