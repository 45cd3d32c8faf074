import { describe, expect, it } from 'vitest';
import { createNameTagger, loadTaggerModel } from './name-tagger.js';

const tagger = createNameTagger(loadTaggerModel());
const tagged = (text: string): string[] => tagger.tag(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('places in the possessive', () => {
  it('finds a country or large city opening a sentence in the possessive, without its "\'s"', () => {
    expect(tagged("Australia's new prime minister visited WEENGALLON yesterday.")).toContain('LOCATION:Australia');
    expect(tagged("Norway's new prime minister visited JESSHEIM yesterday.")).toContain('LOCATION:Norway');
    expect(tagged("Melbourne's inner regions vote early.")).toContain('LOCATION:Melbourne');
    expect(tagged("UK's largest bank reported.")).toContain('LOCATION:UK');
  });

  it('takes the compass or "New" word before the stem', () => {
    expect(tagged("New Zealand's new prime minister visited Parau yesterday.")).toContain('LOCATION:New Zealand');
    expect(tagged("South Africa's team won.")).toContain('LOCATION:South Africa');
  });

  it('leaves acronyms, everyday words and names in the possessive alone', () => {
    for (const text of ["AI's future is bright.", "The Open AI's policy changed.", "the Dutch Republic's army", "North American's problems"]) {
      expect(tagged(text).filter((f) => f.startsWith('LOCATION:')), text).toEqual([]);
    }
    expect(tagged("Jordan's car is outside.")).not.toContain('LOCATION:Jordan');
  });
});
