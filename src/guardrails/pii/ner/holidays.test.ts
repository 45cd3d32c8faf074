import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';

const detector = createPiiDetector();
const shown = (text: string): string[] => detector.detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('holidays that name lists hold', () => {
  it('finds no person or place in a feast, a fast or its greeting', () => {
    // Before: PERSON "Ramadan" (1.00), "Diwali", "Hanukkah", "Easter", "Happy Diwali", "Ramadan Kareem"; LOCATION "Christmas".
    for (const text of [
      'Tips for fasting during Ramadan',
      'When does Ramadan end?',
      'Diwali recipes',
      'Hanukkah traditions',
      'Easter egg hunt ideas',
      'Christmas gift ideas',
      'Happy Diwali to you',
      'Ramadan Kareem',
      'if i replaced my tires on christmas eve, when will i need to replace them again',
    ]) expect(shown(text), text).toEqual([]);
  });

  it('keeps a person whose name holds a holiday word', () => {
    expect(shown('Tariq Ramadan wrote a book')).toEqual(['PERSON:Tariq Ramadan']);
    expect(shown('As a Muslim, Leo fasts during Ramadan.')).toEqual(['PERSON:Leo']);
  });
});
