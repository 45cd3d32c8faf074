import { describe, expect, it } from 'vitest';
import { hasInvisibleChar, showInvisible } from './invisible-text.js';

describe('invisible characters in names', () => {
  it('finds the ones that draw nothing, and leaves the joiners scripts and emoji need', () => {
    for (const name of ['ana\u200b', '\ufeffana', 'an\u00ada', 'ana\u2060', 'a\u180ena']) expect(hasInvisibleChar(name)).toBe(true);
    for (const name of ['ana', 'می\u200cخواهم', '👩\u200d💻', 'José Müller']) expect(hasInvisibleChar(name)).toBe(false);
  });

  it('writes each as its escape, so a message shows what was sent', () => {
    expect(showInvisible('"ana\u200b\ufeff"')).toBe('"ana\\u200b\\ufeff"');
  });
});
