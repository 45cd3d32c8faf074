import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import { formatCliError, hintStdinLines } from './output.js';

describe('hintStdinLines', () => {
  const run = (isTTY: boolean | undefined) => {
    let text = '';
    hintStdinLines('{"text": "…"}', '--text TEXT instead', { isTTY }, { write: (s: string) => (text += s) });
    return text;
  };

  it('tells a terminal user that the command waits for JSON lines, how to end them and what else to pass', () => {
    expect(run(true)).toBe('waiting for JSON lines such as {"text": "…"} on stdin; Ctrl-D ends them (or pipe them in; --text TEXT instead)\n');
  });

  it('says nothing when the lines are piped in, so scripts read clean output', () => {
    expect(run(undefined)).toBe('');
    expect(run(false)).toBe('');
  });
});

describe('formatCliError', () => {
  it('escapes the control characters a quoted line of a hostile file holds, so the terminal shows them instead of obeying them', () => {
    const line = 'not valid JSON (Unexpected token \u001b]0;pwned\u0007\u001b[2J\u009b31m)';
    const shown = formatCliError(new SwitchyardError('invalid_request', `2 malformed lines in a.jsonl:\n  a.jsonl:1: ${line}\tend`));
    expect(shown).toBe('switchyard: 2 malformed lines in a.jsonl:\n  a.jsonl:1: not valid JSON (Unexpected token \\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m)\tend');
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });

  it('says a file the system refused (an --out path in no folder, a full disk) in the system’s words, without a stack', () => {
    let refused: unknown;
    try {
      writeFileSync('/nonexistent-switchyard-dir/spend.csv', 'x');
    } catch (error) {
      refused = error;
    }
    // Before: "Error: ENOENT: … at writeFileSync (node:fs:…) at Module.printSpend (…)", a crash to read.
    expect(formatCliError(refused)).toBe("switchyard: ENOENT: no such file or directory, open '/nonexistent-switchyard-dir/spend.csv'");
    // A surprise is still shown with its stack.
    expect(formatCliError(new TypeError('x is not a function'))).toMatch(/^switchyard: TypeError: x is not a function\n\s+at /);
  });
});
