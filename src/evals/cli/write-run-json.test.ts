import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../runner/summarize-run.js';
import type { RunStore } from '../store/run-store.js';
import type { ResultRecord, RunRecord } from '../types.js';
import { writeRunJson } from './write-run-json.js';

const run = { id: 'run_1' } as RunRecord;
const summary = { variants: [] } as unknown as RunSummary;
const runs = {
  async *results() {
    for (let i = 0; i < 50; i++) yield { runId: 'run_1', caseId: `c${i}`, output: 'x'.repeat(200) } as unknown as ResultRecord;
  },
} as unknown as RunStore;

/** A pipe whose reader leaves after `keep` writes, as `| head -c 100` does: later writes fail with EPIPE. */
function pipeClosedAfter(keep: number): { stream: Writable; received: string[] } {
  const received: string[] = [];
  const stream = new Writable({
    highWaterMark: 16,
    write(chunk: Buffer, _encoding, done) {
      if (received.length >= keep) return done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' }));
      received.push(chunk.toString());
      done();
    },
  });
  return { stream, received };
}

describe('writeRunJson to a stream', () => {
  it('stops without an error when the reader closes the pipe (eval show --json | head)', async () => {
    // Before: the EPIPE was thrown out of `eval show`, which printed its stack trace and exited 1.
    const { stream, received } = pipeClosedAfter(3);
    await expect(writeRunJson(stream, run, summary, runs)).resolves.toBeUndefined();
    expect(received).toHaveLength(3);
    expect(received[0]).toMatch(/^\{"run":\{"id":"run_1"\}/);
  });

  it('writes the whole result when the reader stays', async () => {
    const { stream, received } = pipeClosedAfter(Number.POSITIVE_INFINITY);
    await writeRunJson(stream, run, summary, runs);
    expect(JSON.parse(received.join('')).results).toHaveLength(50);
  });

  it('still fails on any other write error', async () => {
    const failing = new Writable({ highWaterMark: 16, write: (_chunk, _encoding, done) => done(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' })) });
    await expect(writeRunJson(failing, run, summary, runs)).rejects.toThrow('no space left on device');
  });
});
