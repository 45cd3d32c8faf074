import { describe, expect, it } from 'vitest';
import { terminalBar } from './terminal-bar.js';
import { ttyStream } from '../test-support/tty-stream.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('terminalBar', () => {
  it('draws on a terminal from its first update, with the payload in the format', async () => {
    const tty = ttyStream(true);
    const bar = terminalBar('kb [{bar}] {value}/{total} documents · {stage}', { stream: tty.stream });
    bar.update(3, 10, { stage: 'embed' });
    bar.stop();
    await settle();
    expect(tty.written()).toContain('3/10 documents · embed');
  });

  it('is silent in a pipe, with --json, and when stopped before any update', async () => {
    const pipe = ttyStream(false);
    const json = ttyStream(true);
    const unused = ttyStream(true);
    for (const bar of [terminalBar('{value}/{total}', { stream: pipe.stream }), terminalBar('{value}/{total}', { stream: json.stream, json: true })]) {
      bar.update(1, 2);
      bar.stop();
    }
    terminalBar('{value}/{total}', { stream: unused.stream }).stop();
    await settle();
    expect(pipe.written() + json.written() + unused.written()).toBe('');
  });
});
