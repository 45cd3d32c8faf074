import { describe, expect, it } from 'vitest';
import { loadCorpus } from './redteam-corpus.js';

describe('loadCorpus names', () => {
  it('names the corpus a typo meant, as a mistyped file or flag is named', () => {
    expect(() => loadCorpus('jailbrakes')).toThrow('--corpus: unknown corpus "jailbrakes" (did you mean "jailbreaks"?) (known: builtin, jailbreaks, injections, multilingual, hijacks, or a .jsonl file)');
    expect(() => loadCorpus('Builtin')).toThrow('(did you mean "builtin"?)');
    // Nothing near: the list alone.
    expect(() => loadCorpus('klingon')).toThrow('--corpus: unknown corpus "klingon" (known: builtin, jailbreaks, injections, multilingual, hijacks, or a .jsonl file)');
  });
});
