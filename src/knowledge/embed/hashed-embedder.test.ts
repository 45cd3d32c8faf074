import { describe, expect, it } from 'vitest';
import { unitVector } from '../../cache/semantic-index.js';
import { hashedEmbedder, meaningHashedEmbedder } from './hashed-embedder.js';

async function cosine(embedder: ReturnType<typeof hashedEmbedder>, a: string, b: string): Promise<number> {
  const [x, y] = (await embedder.embed([a, b])).map(unitVector);
  let dot = 0;
  for (let i = 0; i < (x?.length ?? 0); i++) dot += (x?.[i] as number) * (y?.[i] as number);
  return dot;
}

describe('lexical embedders', () => {
  it('hashed gives the vectors it always gave: knowledge bases store them under its model name', async () => {
    // Pinned from the embedder as it was before hashed-v2 shared its code; a change here needs a new model name.
    expect(await hashedEmbedder(16).embed(['Refunds for my card, please!', 'the of'])).toEqual([
      [0, 0, 0, 0, 0, 1, 0, 0, -2, 0, 0, 0, 0, 0, -1, 0],
      [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, -1],
    ]);
  });

  it('hashed (the first one) reads a negated question and its opposite as the same text: why the cache has another', async () => {
    expect(await cosine(hashedEmbedder(256), 'I have not received my card', 'Where can I receive my card?')).toBeCloseTo(1);
  });

  it('hashed-v2 keeps negations, the words they govern and question words apart', async () => {
    const v2 = meaningHashedEmbedder(256);
    expect(v2.model).toBe('hashed-v2-256');
    expect(await cosine(v2, 'I have not received my card', 'Where can I receive my card?')).toBeLessThan(0.5);
    expect(await cosine(v2, 'Where can I use my card?', 'When can I use my card?')).toBeLessThan(0.8);
    expect(await cosine(v2, 'How do I log in?', 'How do I log out?')).toBeLessThan(0.8);
    expect(await cosine(v2, 'Can I withdraw 500 euros?', 'Can I withdraw 5000 euros?')).toBeLessThan(0.8);
  });

  it('hashed-v2 still matches rewordings: contractions, case, punctuation, number words, inflections', async () => {
    const v2 = meaningHashedEmbedder(256);
    expect(await cosine(v2, "My card hasn't arrived yet!", 'my card has not arrived yet')).toBeCloseTo(1);
    expect(await cosine(v2, "What's the exchange rate for euros?", 'what is the exchange rate for euros')).toBeCloseTo(1);
    expect(await cosine(v2, 'Can I have two cards?', 'can i have 2 cards')).toBeCloseTo(1);
    expect(await cosine(v2, 'How long do transfers to Germany take?', 'How long does a transfer to Germany take')).toBeCloseTo(1);
  });

  it('gives a text with no words a direction, as hashed does', async () => {
    const [vector] = await meaningHashedEmbedder(16).embed(['']);
    expect(vector?.some((x) => x !== 0)).toBe(true);
  });
});
