import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeSink } from '../core/trace-store.js';
import { sampleTrace } from '../test-support/sample-trace.js';
import { openSqliteStores } from './sqlite/open-sqlite-stores.js';
import { journaledStore, missingFrom, TraceJournal } from './trace-journal.js';
import { TraceWriter } from './trace-writer.js';

const root = mkdtempSync(join(tmpdir(), 'switchyard-journal-'));
let dirs = 0;
const freshDir = () => join(root, `j${dirs++}`);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const segments = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort();
const journaledIds = (dir: string) =>
  segments(dir).flatMap((name) =>
    readFileSync(join(dir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { id: string }).id),
  );

describe('TraceJournal', () => {
  it('has a trace on disk when its append resolves', async () => {
    const dir = freshDir();
    const journal = TraceJournal.open(dir);
    const trace = sampleTrace({ id: 'tr_on_disk' });
    await journal.append(trace);
    expect(journaledIds(dir)).toEqual(['tr_on_disk']);
    expect(journal.outstanding).toBe(1);
    await journal.close();
  });

  it('group-commits: traces appended together share fsyncs', async () => {
    const journal = TraceJournal.open(freshDir());
    await Promise.all(Array.from({ length: 500 }, (_, i) => journal.append(sampleTrace({ id: `tr_${i}` }))));
    expect(journal.commitCount).toBeGreaterThanOrEqual(1);
    expect(journal.commitCount).toBeLessThanOrEqual(3);
    await journal.close();
  });

  it('deletes a full segment once the store has every trace in it, and keeps the one with a trace it lacks', async () => {
    const dir = freshDir();
    const journal = TraceJournal.open(dir);
    const traces = Array.from({ length: 2_048 * 2 + 10 }, (_, i) => sampleTrace({ id: `tr_${i}` }));
    await Promise.all(traces.map((t) => journal.append(t)));
    expect(segments(dir)).toEqual(['segment-000000000001.jsonl', 'segment-000000000002.jsonl', 'segment-000000000003.jsonl']);
    journal.stored(traces.slice(0, 2_048));
    // The segment is closed, then deleted, in the background: on a loaded machine after more than a fixed 50 ms.
    await expect.poll(() => segments(dir)).toEqual(['segment-000000000002.jsonl', 'segment-000000000003.jsonl']);
    journal.stored(traces.slice(2_048, 2_048 * 2 - 1));
    await new Promise((r) => setTimeout(r, 50));
    // The first segment is gone; the second still holds one unstored trace; the third is current.
    expect(segments(dir)).toHaveLength(2);
    expect(journal.outstanding).toBe(11);
    await journal.close();
    expect(segments(dir)).toHaveLength(2);
  });

  it('replays only what the store lacks, skips a line torn by the crash, and then starts clean', async () => {
    const dir = freshDir();
    const stores = openSqliteStores(':memory:');
    const first = TraceJournal.open(dir);
    const traces = Array.from({ length: 5 }, (_, i) => sampleTrace({ id: `tr_${i}` }));
    await Promise.all(traces.map((t) => first.append(t)));
    await stores.traces.insertTraces(traces.slice(0, 2));
    // The process dies here (no close); the last write was cut in half.
    appendFileSync(join(dir, segments(dir)[0] as string), '{"id":"tr_torn","ts":17');

    const second = TraceJournal.open(dir);
    const writer = new TraceWriter({ store: journaledStore(storeSink(stores.traces), second) }, { batchSize: 128, flushIntervalMs: 10_000 });
    let restored: string[] = [];
    const replayed = await second.replay(async (journaled) => {
      const missing = await missingFrom(stores.traces, journaled);
      restored = missing.map((t) => t.id);
      for (const t of missing) writer.write(t);
      await writer.flush();
    });
    expect(replayed).toBe(5);
    expect(restored).toEqual(['tr_2', 'tr_3', 'tr_4']);
    expect((await stores.traces.getTraces(traces.map((t) => t.id))).map((t) => t.id).sort()).toEqual(traces.map((t) => t.id));
    expect(await stores.traces.getTrace('tr_torn')).toBeUndefined();
    expect(segments(dir)).toEqual([]);
    await second.close();
    await stores.close();
    // The dead process's file, closed only so that this test leaves no FileHandle for the garbage
    // collector (Node's DEP0137 warning in CI's log came from here); its traces stay unstored, so
    // close() deletes nothing.
    await first.close();
  });

  it('numbers new segments after the ones an earlier process left, and reads those in order', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'segment-000000000010.jsonl'), `${JSON.stringify(sampleTrace({ id: 'tr_b', costUsd: 2 }))}\n`);
    writeFileSync(join(dir, 'segment-000000000009.jsonl'), `${JSON.stringify(sampleTrace({ id: 'tr_b', costUsd: 1 }))}\n${JSON.stringify({ no: 'id' })}\n\n`);
    writeFileSync(join(dir, 'segment-000000000002.jsonl'), '');
    writeFileSync(join(dir, 'notes.txt'), 'not a segment');
    const journal = TraceJournal.open(dir);
    await journal.append(sampleTrace({ id: 'tr_new' }));
    expect(segments(dir)).toEqual(['segment-000000000002.jsonl', 'segment-000000000009.jsonl', 'segment-000000000010.jsonl', 'segment-000000000011.jsonl']);
    const seen: { id: string; costUsd: number }[] = [];
    expect(await journal.replay(async (traces) => void seen.push(...traces))).toBe(1);
    // The later segment wins for a trace journaled twice; a line without an id is not a trace.
    expect(seen.map((t) => [t.id, t.costUsd])).toEqual([['tr_b', 2]]);
    expect(segments(dir)).toEqual(['segment-000000000011.jsonl']);
    expect(readdirSync(dir)).toContain('notes.txt');
    await journal.close();
  });

  it('finds what the store lacks among many traces, each once', async () => {
    const stores = openSqliteStores(':memory:');
    const traces = Array.from({ length: 1_201 }, (_, i) => sampleTrace({ id: `tr_${i}` }));
    await stores.traces.insertTraces(traces.slice(0, 600));
    const missing = await missingFrom(stores.traces, traces);
    expect(missing.map((t) => t.id)).toEqual(traces.slice(600).map((t) => t.id));
    await stores.close();
  });

  it('replays nothing when nothing was left, without calling the store', async () => {
    const journal = TraceJournal.open(freshDir());
    let called = false;
    expect(await journal.replay(async () => void (called = true))).toBe(0);
    expect(called).toBe(false);
    await journal.close();
  });

  it('counts a trace journaled twice once, and deletes its file on close once it is stored', async () => {
    const dir = freshDir();
    const journal = TraceJournal.open(dir);
    const trace = sampleTrace({ id: 'tr_twice' });
    await journal.append(trace);
    await journal.append(trace);
    expect(journal.outstanding).toBe(1);
    journal.stored([trace, sampleTrace({ id: 'tr_never_journaled' })]);
    expect(journal.outstanding).toBe(0);
    expect(segments(dir)).toHaveLength(1);
    await journal.close();
    expect(segments(dir)).toEqual([]);
  });

  it('rejects an append whose write fails, so the caller can say so', async () => {
    const dir = freshDir();
    const journal = TraceJournal.open(dir);
    rmSync(dir, { recursive: true, force: true });
    await expect(journal.append(sampleTrace())).rejects.toThrow(/ENOENT/);
  });

  describe('one writer per journal', () => {
    const claimBy = (dir: string, pid: number) => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'owner.json'), JSON.stringify({ pid, host: hostname(), since: '2026-12-07T20:00:00.000Z', token: 'other' }));
    };

    it('refuses a journal a live process of this host writes, naming it and the journal_dir that keeps replicas apart, and leaves its segments alone', async () => {
      // Two replicas started from one folder both take .switchyard/trace-journal by default.
      const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      try {
        const dir = freshDir();
        claimBy(dir, other.pid as number);
        writeFileSync(join(dir, 'segment-000000000001.jsonl'), `${JSON.stringify(sampleTrace({ id: 'tr_theirs' }))}\n`);
        expect(() => TraceJournal.open(dir)).toThrow(
          `traces.journal_dir: ${dir} is the trace journal of another gateway process (pid ${other.pid}, since 2026-12-07T20:00:00.000Z)`,
        );
        expect(() => TraceJournal.open(dir)).toThrow(`journal_dir: "${join(root, 'trace-journal-${SWITCHYARD_REPLICA}')}" } and SWITCHYARD_REPLICA=eu-2 (say) in each one's environment, the name its traces carry too`);
        expect(journaledIds(dir)).toEqual(['tr_theirs']);
        expect(JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8'))).toMatchObject({ pid: other.pid });
      } finally {
        other.kill();
      }
    });

    it("takes over the claim of a process that is gone (a SIGKILL: what the journal is for) and replays its traces", async () => {
      const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      const dir = freshDir();
      claimBy(dir, Number(gone.stdout));
      writeFileSync(join(dir, 'segment-000000000001.jsonl'), `${JSON.stringify(sampleTrace({ id: 'tr_dead' }))}\n`);
      const journal = TraceJournal.open(dir);
      const replayed: string[] = [];
      await journal.replay(async (traces) => void replayed.push(...traces.map((t) => t.id)));
      expect(replayed).toEqual(['tr_dead']);
      expect(JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8'))).toMatchObject({ pid: process.pid });
      await journal.close();
    });

    it('takes over a claim naming no process (pid 0 or -1, which signal 0 reads as alive), and quotes a claim\'s odd date short', async () => {
      for (const pid of [0, -1]) {
        const dir = freshDir();
        claimBy(dir, pid);
        const journal = TraceJournal.open(dir);
        expect(JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8'))).toMatchObject({ pid: process.pid });
        await journal.close();
      }
      const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
      try {
        const dir = freshDir();
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'owner.json'), JSON.stringify({ pid: other.pid, host: hostname(), since: `${'x'.repeat(100_000)}\u001b[2J`, token: 'other' }));
        let message = '';
        try {
          TraceJournal.open(dir);
        } catch (error) {
          message = (error as Error).message;
        }
        expect(message).toContain(`(pid ${other.pid}, since "${'x'.repeat(40)}…");`);
        expect(message.length).toBeLessThan(1_000);
      } finally {
        other.kill();
      }
    });

    it('gives the journal up on close, so the next process claims it without a takeover', async () => {
      const dir = freshDir();
      const journal = TraceJournal.open(dir);
      expect(readdirSync(dir)).toContain('owner.json');
      await journal.close();
      expect(readdirSync(dir)).not.toContain('owner.json');
    });
  });
});
