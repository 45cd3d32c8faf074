import { describe, expect, it } from 'vitest';
import { formatCliError } from '../cli/output.js';
import { SwitchyardError } from './errors.js';
import { TerminalTable } from './terminal-table.js';
import { terminalText } from './terminal-text.js';

// What a hostile file or server can put in a value: an OSC retitle, BEL, a clear screen, a one-byte
// CSI, and a right-to-left override that shows "exe.txt" for "txt.exe".
const hostile = 'a\u001b]0;pwned\u0007\u001b[2J\u009b31m \u202eexe.txt\u2066x\u2069\u200f';
const escaped = 'a\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m \\u202eexe.txt\\u2066x\\u2069\\u200f';
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('terminalText: the one escaping of text for a terminal', () => {
  it('escapes C0, DEL, C1 and bidirectional controls, keeping newlines, and tabs unless asked', () => {
    expect(terminalText(`${hostile}\n\tend`)).toBe(`${escaped}\n\tend`);
    expect(terminalText('a\tb', { tab: 'space' })).toBe('a b');
    expect(terminalText('plain, العربية, 中文 ✓')).toBe('plain, العربية, 中文 ✓');
  });

  it('is what an error message and a table cell show', () => {
    expect(formatCliError(new SwitchyardError('invalid_request', hostile))).toBe(`switchyard: ${escaped}`);
    const table = new TerminalTable({ head: ['key'] });
    table.push([hostile]);
    expect(table.toString()).not.toMatch(RAW);
    expect(table.toString()).toContain('\\u202eexe.txt');
  });
});

describe('terminal writers of text from outside', () => {
  it('escape it in wrapped prose and in joined parts, as a table does', async () => {
    const { fitToTerminal, joinToTerminal } = await import('./terminal-table.js');
    expect(fitToTerminal(`reason: ${hostile}`)).toBe(`reason: ${escaped}`);
    expect(joinToTerminal(['a', hostile])).toBe(`a · ${escaped}`);
  });
});
