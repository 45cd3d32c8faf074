import { describe, expect, it } from 'vitest';
import { fileNameAt } from './file-name.js';

describe('fileNameAt', () => {
  it('takes a short printable name, and reads absent, null and empty as none given', () => {
    expect(fileNameAt('Terms (final) – ünïcode.pdf', 'a.title')).toBe('Terms (final) – ünïcode.pdf');
    expect(fileNameAt('n'.repeat(255), 'a.title')).toHaveLength(255);
    for (const none of [undefined, null, '']) expect(fileNameAt(none, 'a.title')).toBeUndefined();
  });

  it('refuses a name over 255 characters, with a control character, or not a string, naming the field and the value', () => {
    const rule = 'must be a file name (at most 255 characters, no control characters)';
    expect(() => fileNameAt('n'.repeat(256), 'messages[0].content[1].title')).toThrow(`messages[0].content[1].title ${rule}, got "nnn`);
    expect(() => fileNameAt('a\u0000\u001b[31m.pdf', 'input[0].content[0].filename')).toThrow(`input[0].content[0].filename ${rule}, got "a\\u0000\\u001b[31m.pdf"`);
    expect(() => fileNameAt('a\u0085b', 'x')).toThrow(rule);
    expect(() => fileNameAt(5, 'x')).toThrow(`x ${rule}, got 5`);
    try {
      fileNameAt({}, 'input[0].content[0].filename');
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_request', status: 400, param: 'input[0].content[0].filename' });
    }
    expect.assertions(5);
  });
});
