import { describe, expect, it } from 'vitest';
import { hintStdinLines } from './output.js';

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
