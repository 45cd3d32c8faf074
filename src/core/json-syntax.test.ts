import { describe, expect, it } from 'vitest';
import { explainJsonError } from './json-syntax.js';

/** JSON.parse's own message for `text`, explained. */
function explained(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return explainJsonError(text, (error as Error).message);
  }
  throw new Error(`${text} parsed`);
}

describe('explainJsonError', () => {
  it('says where a hand-written body broke: line, column and the text before', () => {
    const body = '{"model":"gpt-5.4-mini","messages":[{"role":"user","content":"Hi"}],}';
    expect(explained(body)).toBe(
      'Expected double-quoted property name in JSON at position 68 (line 1, column 69, after "…\\"user\\",\\"content\\":\\"Hi\\"}],"): a comma before "}" or "]" ends nothing: remove it (JSON allows no trailing comma)',
    );
    expect(explained('{\n  "model": "x",\n  "n": 1 "m"\n}')).toContain('(line 3, column 10, after');
  });

  it('shows the text before the spot with its bidi and C1 controls escaped, and never half an emoji (an RLO reordered the message, a 0x9B is a terminal CSI)', () => {
    const reordered = explained('{"x":"\u202egnp.exe\u2066 y",}');
    expect(reordered).toContain('after "{\\"x\\":\\"\\u202egnp.exe\\u2066 y\\","');
    expect(reordered).not.toMatch(/[\u202e\u2066]/);
    expect(explained('{"x":"\u0085\u009b31m",}')).toContain('\\u0085\\u009b31m');
    const family = '👩‍👩‍👧‍👦';
    const cut = explained(`{"x":"${family.repeat(5)}"x}`);
    expect(cut).not.toMatch(/\\ud[89a-f][0-9a-f]{2}/);
    expect(cut).toContain(`after "…`);
  });

  it('finds a trailing comma in an array, which JSON.parse reports without a position, and not one inside a string', () => {
    expect(explained('{"a":"x,]", "b":[1,\n  ]}')).toMatch(/\(line 2, column 3, after .*\): a comma before "\}" or "\]" ends nothing/);
    // A "]" with no comma before it is another mistake: no trailing-comma advice.
    expect(explained('{"a":]}')).not.toContain('trailing comma');
  });

  it('names the usual cause: single quotes, unquoted names, raw line breaks, Python words, a cut-off body, two objects', () => {
    expect(explained("{'model':'x'}")).toContain('JSON puts names and strings in double quotes, not single ones');
    expect(explained('{model:gpt-5.4-mini}')).toContain('names take double quotes ({"model": …}); a shell that drops double quotes (Windows cmd, PowerShell) does this: send the body from a file with curl -d @body.json');
    expect(explained('{"a":"line\nbreak"}')).toContain('a line break or tab inside a string is written \\n or \\t');
    expect(explained('{"path":"C:\\Users"}')).toContain('write a backslash itself as \\\\');
    expect(explained('{"stream": True}')).toContain("JSON's words are true, false and null, in lowercase");
    expect(explained('{"model":')).toBe('Unexpected end of JSON input: the JSON ends before it is complete: a closing quote, "]" or "}" is missing, or the text was cut short');
    // V8 says "Expected ',' or '}'" for an object that stops after a value: cut short, not a missing comma.
    expect(explained('{"model":"x"')).toContain('): the JSON ends before it is complete');
    expect(explained('{"a":1,')).toContain('): the JSON ends before it is complete');
    expect(explained('{"a":"x')).toContain('a string has no closing double quote');
    expect(explained('{"a":1 "b":2}')).toContain('a comma is missing between two items');
    expect(explained('{"a":1}\n{"b":2}')).toContain('(line 2, column 1, after "{\\"a\\":1}\\n"): a second JSON object follows the first');
    expect(explained('{"a":1}}')).toContain('more text follows the JSON object');
  });
});
