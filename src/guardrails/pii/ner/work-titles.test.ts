import { describe, expect, it } from 'vitest';
import { createPiiDetector } from '../create-pii-detector.js';

const detector = createPiiDetector();
const shown = (text: string): string[] => detector.detect(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('a work named after a verb of making or reading', () => {
  it('finds no person in a title that is an English word', () => {
    // Before: PERSON "Dune" (0.91).
    expect(shown('Who wrote Dune?')).toEqual([]);
  });

  it('keeps names that are no English word, and persons with a surname', () => {
    expect(shown('Who wrote Dune? Frank Herbert did.')).toEqual(['PERSON:Frank Herbert']);
    expect(shown('I wrote Anna a note yesterday.')).toEqual(['PERSON:Anna']);
  });
});
