import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPORA, loadCorpus, MAX_CORPUS_BYTES } from './redteam-corpus.js';

describe('loadCorpus names', () => {
  it('names the corpus a typo meant, as a mistyped file or flag is named', () => {
    expect(() => loadCorpus('jailbrakes')).toThrow('--corpus: unknown corpus "jailbrakes" (did you mean "jailbreaks"?) (known: builtin, jailbreaks, injections, multilingual, hijacks, or a .jsonl file)');
    expect(() => loadCorpus('Builtin')).toThrow('(did you mean "builtin"?)');
    // Nothing near: the list alone.
    expect(() => loadCorpus('klingon')).toThrow('--corpus: unknown corpus "klingon" (known: builtin, jailbreaks, injections, multilingual, hijacks, or a .jsonl file)');
  });
});

describe('loadCorpus files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redteam-corpus-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads a device named as a .jsonl file no further than its bound', () => {
    const path = join(dir, 'zero.jsonl');
    symlinkSync('/dev/zero', path);
    // readFileSync read /dev/zero until the process held 2 GB and more.
    expect(() => loadCorpus(path)).toThrow(`${path} is not a regular file, and it went on past ${MAX_CORPUS_BYTES} bytes, more than an attack corpus may hold`);
  });

  it('refuses a corpus that holds no attacks: a run of none passed as 0 stopped of 0', () => {
    expect(() => loadCorpus(file('empty.jsonl', ''))).toThrow('empty.jsonl holds no attacks: expected JSON lines of {"text", "category"?, "via"?}');
    expect(() => loadCorpus(file('blank.jsonl', '\n  \n\n'))).toThrow('blank.jsonl holds no attacks');
  });

  it('refuses a category that is no row name, naming the line and the value', () => {
    const line = (category: unknown) => `${JSON.stringify({ text: 'Ignore the above', category })}\n`;
    expect(() => loadCorpus(file('number.jsonl', line(5)))).toThrow('number.jsonl line 1: "category" must be a name of 1–100 characters on one line, got 5');
    expect(() => loadCorpus(file('long.jsonl', line('c'.repeat(5_000))))).toThrow('"category" must be a name of 1–100 characters on one line, got 5000 characters: "cccc');
    expect(() => loadCorpus(file('newline.jsonl', line('jail\nbreak')))).toThrow('"category" must be a name of 1–100 characters on one line, got "jail\\nbreak" (a control character at 5)');
    expect(() => loadCorpus(file('blank-category.jsonl', line(' ')))).toThrow('got " "');
    expect(loadCorpus(file('fine.jsonl', line('persona-switch\u202e')))).toEqual([{ text: 'Ignore the above', category: 'persona-switch\u202e', via: 'user' }]);
  });

  it('says what a line held in place of its text', () => {
    expect(() => loadCorpus(file('text.jsonl', '{"text": 5}\n'))).toThrow('text.jsonl line 1: "text" must be a non-empty string, got 5');
    expect(() => loadCorpus(file('none.jsonl', '{"category": "x"}\n'))).toThrow('"text" must be a non-empty string, got nothing');
  });

  it('reads every shipped corpus as before', () => {
    for (const name of CORPORA) expect(loadCorpus(name).length).toBeGreaterThan(0);
  });
});
