import { describe, expect, it } from 'vitest';
import { readingBar, trainingBar } from './progress.js';
import { ttyStream } from '../../test-support/tty-stream.js';

function run(bar: ReturnType<typeof trainingBar>): void {
  bar.update({ stage: 'features', done: 0, total: 8 });
  bar.update({ stage: 'train', done: 3, total: 8 });
  bar.stop();
}

describe('trainingBar', () => {
  it('draws epochs and stage on a terminal', async () => {
    const tty = ttyStream(true);
    run(trainingBar({ stream: tty.stream }));
    await new Promise((r) => setImmediate(r));
    expect(tty.written()).toContain('0/8 epochs · features');
  });

  it('stays silent in a pipe and with --json on a terminal', async () => {
    const pipe = ttyStream(false);
    const json = ttyStream(true);
    run(trainingBar({ stream: pipe.stream }));
    run(trainingBar({ stream: json.stream, json: true }));
    await new Promise((r) => setImmediate(r));
    expect(pipe.written()).toBe('');
    expect(json.written()).toBe('');
  });
});

describe('readingBar', () => {
  it('draws how much of a large file is read on a terminal, and nothing for a small file, in a pipe or with --json', async () => {
    const tty = ttyStream(true);
    const bar = readingBar('train.json', { stream: tty.stream });
    bar.update(5_000_000, 20_000_000);
    bar.update(10_000_000, 20_000_000);
    bar.stop();
    const small = ttyStream(true);
    const pipe = ttyStream(false);
    const json = ttyStream(true);
    const smallBar = readingBar('s.json', { stream: small.stream });
    smallBar.update(1_000, 2_000);
    smallBar.stop();
    for (const quiet of [readingBar('p.json', { stream: pipe.stream }), readingBar('j.json', { stream: json.stream, json: true })]) {
      quiet.update(5_000_000, 20_000_000);
      quiet.stop();
    }
    await new Promise((r) => setImmediate(r));
    expect(tty.written()).toContain('reading train.json');
    expect(tty.written()).toContain('of 20 MB');
    expect(small.written() + pipe.written() + json.written()).toBe('');
  });
});
