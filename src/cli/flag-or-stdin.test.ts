import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { refuseStdinBeside } from './flag-or-stdin.js';

describe('refuseStdinBeside', () => {
  it('refuses lines piped beside the flag, naming both', async () => {
    await expect(refuseStdinBeside('--text', 'JSON lines {"text": …}', Readable.from(['{"text":"hi"}\n']))).rejects.toThrow(
      '--text was given and JSON lines {"text": …} were piped on stdin: use one (--text for a single input, stdin for many)',
    );
  });

  it("shows the first line of other input and names a read loop's stdin, which every command in the loop inherits", async () => {
    await expect(refuseStdinBeside('--text', 'JSON lines {"text": …}', Readable.from(['\n  my card has not arrived\nwhere is my refund\n']))).rejects.toThrow(
      '--text was given and stdin holds lines too (the first: "my card has not arrived"), which this command would read as JSON lines {"text": …}: inside a loop that reads its own input (while read …; do …; done < file), give the command </dev/null; else use one (--text for a single input, stdin for many)',
    );
    // A long first line is cut, and a control character in it is escaped, not sent to the terminal.
    const long = `switchyard models --route support-intent --json \u001b[2J${'x'.repeat(80)}\n`;
    const error = await refuseStdinBeside('--query', 'JSON lines {"query": …}', Readable.from([long])).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^--query was given and stdin holds lines too \(the first: "switchyard models --route support-intent --json \\u001b\[2Jxxxxx…"\), which/);
  });

  it('lets the flag through for empty or blank input, a terminal, and a pipe left open but silent', async () => {
    await expect(refuseStdinBeside('--text', 'lines', Readable.from([]))).resolves.toBeUndefined();
    await expect(refuseStdinBeside('--text', 'lines', Readable.from(['\n', '  \n']))).resolves.toBeUndefined();
    await expect(refuseStdinBeside('--text', 'lines', Object.assign(new PassThrough(), { isTTY: true }))).resolves.toBeUndefined();
    const open = new PassThrough();
    const started = Date.now();
    // A pipe that never ends: waiting for it would never resolve. The 50 ms given is far below
    // the bound, which is there for a clear failure, not as a measure.
    await expect(refuseStdinBeside('--query', 'lines', open, 50)).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(30_000);
    // Let go of, so a command with --text can exit while its parent keeps stdin open.
    expect(open.destroyed).toBe(true);
  });

  it('catches lines that come after a blank start within the quiet time', async () => {
    const late = new PassThrough();
    late.write('\n');
    setTimeout(() => late.write('{"query":"late"}\n'), 10);
    await expect(refuseStdinBeside('--query', 'lines', late, 2_000)).rejects.toThrow(/^--query was given/);
  });
});
