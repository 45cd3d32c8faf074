export interface Sentence {
  text: string;
  start: number;
  end: number;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * Sentences of a text (Unicode sentence boundaries, via `Intl.Segmenter`), trimmed, with their
 * offsets; line breaks also end a sentence, so list items are judged one by one.
 *
 * @example splitSentences('Refunds take 5 days. Shipping is free.').map((s) => s.text) // ['Refunds take 5 days.', 'Shipping is free.']
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  for (const { segment, index } of segmenter.segment(text)) {
    let offset = index;
    for (const line of segment.split('\n')) {
      const lead = line.length - line.trimStart().length;
      const body = line.trim();
      if (body) out.push({ text: body, start: offset + lead, end: offset + lead + body.length });
      offset += line.length + 1;
    }
  }
  return out;
}
