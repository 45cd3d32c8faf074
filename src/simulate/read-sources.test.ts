import { describe, expect, it } from 'vitest';
import { readFromSources } from './read-sources.js';

const SYSTEM = 'Answer from the sources.\n\nSources:\n[1] Returns › Refunds\n## Refunds\n\nRefunds go back to the card\nwithin 5 business days. Store credit is same-day.\n\n[2] Care guide\nWax the boots every month.';

describe('the simulator reading numbered sources', () => {
  it('answers with the best-matching source sentence (lines of a paragraph joined) and cites it', () => {
    expect(readFromSources(SYSTEM, 'How long until refunds reach the card?')).toBe('Refunds go back to the card within 5 business days. [1]');
    expect(readFromSources(SYSTEM, 'How often should I wax boots?')).toBe('Wax the boots every month. [2]');
  });
  it('says the sources do not say when nothing matches, and stays out of prompts without sources', () => {
    expect(readFromSources(SYSTEM, 'Quantum chromodynamics?')).toBe('The sources do not say.');
    expect(readFromSources('You are a helpful assistant.', 'How long do refunds take?')).toBeUndefined();
  });
});
