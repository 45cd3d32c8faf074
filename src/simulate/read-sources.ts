/**
 * The simulator's stand-in for a model reading a grounded prompt. When the system text carries
 * numbered sources (`[1] Title` lines, as Switchyard's knowledge routes inject them), the answer
 * is the source sentence sharing the most (idf-weighted) words with the question, cited by its
 * number. It is an extractive heuristic, not a reader: it shows what retrieval puts within
 * reach, never what a real model would make of it. Without sources nothing changes.
 */

const SOURCE_HEADER = /^\[(\d{1,3})\][ \t]/;
const STOP = new Set(
  'the a an and or of to in on at for by with from as is are was were be been being what which who whom whose when where why how did does do that this these those it its into than then there their they he she his her him i you we our your not no'.split(' '),
);

interface Sentence {
  source: number;
  text: string;
  words: Set<string>;
}

/**
 * The cited sentence that best answers `question` from the numbered sources in `systemText`,
 * "The sources do not say." when no sentence shares a word with it, or undefined when there
 * are no sources.
 *
 * @example readFromSources('Sources:\n[1] Refunds\nRefunds take 5 days. Shipping is free.', 'How long do refunds take?') // 'Refunds take 5 days. [1]'
 */
export function readFromSources(systemText: string, question: string): string | undefined {
  if (!systemText.includes('[1]')) return undefined;
  const sentences = sourceSentences(systemText);
  if (sentences.length === 0) return undefined;
  const asked = [...new Set(words(question))];
  const df = new Map<string, number>();
  for (const s of sentences) for (const w of s.words) df.set(w, (df.get(w) ?? 0) + 1);
  let best: Sentence | undefined;
  let bestScore = 0;
  for (const sentence of sentences) {
    let score = 0;
    for (const w of asked) if (sentence.words.has(w)) score += Math.log(1 + sentences.length / (df.get(w) ?? 1));
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best ? `${best.text} [${best.source}]` : 'The sources do not say.';
}

function sourceSentences(systemText: string): Sentence[] {
  const out: Sentence[] = [];
  let source = 0;
  let paragraph: string[] = [];
  const flush = () => {
    // Lines of one paragraph are one text (sources keep their line breaks); split it into sentences.
    for (const text of paragraph.join(' ').split(/(?<=[.!?])\s+(?=[A-Z0-9"'(])/)) {
      const trimmed = text.trim();
      if (trimmed) out.push({ source, text: trimmed, words: new Set(words(trimmed)) });
    }
    paragraph = [];
  };
  for (const line of systemText.split('\n')) {
    const header = SOURCE_HEADER.exec(line);
    if (header || line.trim() === '' || /^\s*#{1,6}\s/.test(line)) {
      flush();
      if (header) source = Number(header[1]);
      continue;
    }
    if (source > 0) paragraph.push(line.trim());
  }
  flush();
  return out;
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w) && (w.length > 2 || /\d/.test(w))).map(stem);
}

/** Plural and common suffixes off, so "refunds" meets "refund". */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('es')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s')) return word.slice(0, -1);
  return word;
}
