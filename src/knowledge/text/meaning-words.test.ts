import { describe, expect, it } from 'vitest';
import { meaningTokens, meaningWords, numberValue } from './meaning-words.js';

describe('meaning words', () => {
  it('expands contractions before splitting, so "hasn\'t" is "has not" and "what\'s" is "what"', () => {
    expect(meaningTokens("My card hasn't arrived, what's up? I can't, won't, cannot")).toEqual(['my', 'card', 'has', 'not', 'arrived', ',', 'what', 'up', '?', 'i', 'can', 'not', ',', 'will', 'not', ',', 'can', 'not']);
  });

  it('marks the words a negation governs up to the end of its clause, and keeps question words unmarked', () => {
    expect(meaningWords('My card has not arrived, where is it?')).toEqual(['card', 'not', '!arriv', 'where']);
    expect(meaningWords('I did not get my card but it was sent')).toEqual(['not', '!get', '!card', 'sent']);
    expect(meaningWords('Why was it not sent?')).toEqual(['why', 'not', '!sent']);
  });

  it('keeps the stopwords that decide a question', () => {
    expect(meaningWords('log in')).toEqual(['log', 'in']);
    expect(meaningWords('log out')).toEqual(['log', 'out']);
    expect(meaningWords('Why am I being charged again?')).toEqual(['why', 'charg', 'again']);
  });

  it('spells each number one way', () => {
    expect(['1,000', '1000', '1000.00', 'thousand'].map(numberValue)).toEqual(['1000', '1000', '1000', '1000']);
    expect(['12,5', '0.50', '007', 'twice', 'card'].map(numberValue)).toEqual(['12.5', '0.5', '007', '2×', undefined]);
  });

  it('reads the names of Object.prototype\'s members as words, not numbers ("constructor" was Object itself)', () => {
    expect(numberValue('constructor')).toBeUndefined();
    expect(meaningWords('What does the constructor of a class return?')).toEqual(['what', 'constructor', 'class', 'return']);
  });
});
