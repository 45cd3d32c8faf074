import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { quoteClipped } from '../core/clip.js';
import { SwitchyardError } from '../core/errors.js';
import { processAlive } from '../core/process-alive.js';
import type { TraceRecord } from '../core/trace.js';
import type { TraceSink, TraceStore } from '../core/trace-store.js';
import { makeDirs } from '../core/make-dirs.js';

/** Lines per segment file before the journal starts a new one (old ones go once all their traces are stored). */
const SEGMENT_ENTRIES = 2_048;
const SEGMENT = /^segment-(\d{12})\.jsonl$/;
/** The file naming the process that writes the journal, so a second one is refused rather than sharing it. */
const OWNER = 'owner.json';

interface Owner {
  pid: number;
  host: string;
  since: string;
  token: string;
}

interface Segment {
  seq: number;
  path: string;
  handle: Promise<FileHandle> | undefined;
  /** Journaled traces of this segment the store does not have yet. */
  outstanding: number;
  /** Lines assigned to this segment and not yet written to it. */
  unwritten: number;
  entries: number;
}

interface Pending {
  segment: Segment;
  line: string;
}

/**
 * The opt-in zero-loss path for traces (`traces: { durability: sync }`): each trace is appended
 * to a local journal and fdatasync'ed before its answer's last byte goes out, so a trace of any
 * answered request survives a SIGKILL or a power cut; at the next start `replay` hands the store
 * whatever it did not get. Appends are group-committed: traces that arrive while one fsync runs
 * share the next one, on libuv's thread pool, so the event loop never waits on the disk. Files
 * are segments; one is deleted once every trace in it is in the store.
 *
 * @example
 * const journal = TraceJournal.open('.switchyard/trace-journal');
 * await journal.replay((traces) => writer.write…);
 * await journal.append(trace); // durable from here
 * journal.stored(batch);       // the store has these
 */
export class TraceJournal {
  private current: Segment;
  private readonly segments = new Map<number, Segment>();
  private readonly segmentOf = new Map<string, Segment>();
  private pending: Pending[] = [];
  private waiters: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private committing: Promise<void> | undefined;
  private nextSeq: number;
  /** Segments found at open, from an earlier process: `replay` reads them. */
  private readonly leftover: string[];
  private commits = 0;

  private readonly owner: Owner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), token: randomUUID() };

  private constructor(readonly dir: string) {
    makeDirs(dir);
    this.claim();
    const seqs = readdirSync(dir)
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((s): s is string => s !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    this.leftover = seqs.map((seq) => this.pathOf(seq));
    this.nextSeq = (seqs.at(-1) ?? 0) + 1;
    this.current = this.newSegment();
  }

  /** Opens (creating) the journal directory; one directory per gateway process. */
  static open(dir: string): TraceJournal {
    return new TraceJournal(dir);
  }

  /** fsyncs so far (each covering every trace appended while the one before it ran). */
  get commitCount(): number {
    return this.commits;
  }

  /** Traces journaled that the store does not have yet. */
  get outstanding(): number {
    return this.segmentOf.size;
  }

  /**
   * Reads what an earlier process journaled, gives the traces the store lacks to `restore`
   * (which must resolve once they are stored), then deletes those segments. A torn last line
   * (the process died mid-write, before that trace's answer went out) is skipped.
   */
  async replay(restore: (traces: TraceRecord[]) => Promise<void>): Promise<number> {
    const traces = new Map<string, TraceRecord>();
    for (const path of this.leftover) {
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        if (!line) continue;
        try {
          const trace = JSON.parse(line) as TraceRecord;
          if (typeof trace.id === 'string') traces.set(trace.id, trace);
        } catch {
          // A line cut by the crash: its fsync never finished, so its answer never went out.
        }
      }
    }
    if (traces.size > 0) await restore([...traces.values()]);
    for (const path of this.leftover.splice(0)) unlinkSync(path);
    return traces.size;
  }

  /** Journals `trace`; resolves once it is on disk. */
  append(trace: TraceRecord): Promise<void> {
    if (this.current.entries >= SEGMENT_ENTRIES) this.current = this.newSegment();
    const segment = this.current;
    segment.entries++;
    segment.unwritten++;
    if (!this.segmentOf.has(trace.id)) segment.outstanding++;
    this.segmentOf.set(trace.id, segment);
    this.pending.push({ segment, line: `${JSON.stringify(trace)}\n` });
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.committing ??= this.commitLoop();
    return done;
  }

  /** The store has these traces: their journal lines are no longer needed. */
  stored(batch: readonly TraceRecord[]): void {
    const touched = new Set<Segment>();
    for (const trace of batch) {
      const segment = this.segmentOf.get(trace.id);
      if (!segment) continue;
      this.segmentOf.delete(trace.id);
      segment.outstanding--;
      touched.add(segment);
    }
    for (const segment of touched) void this.dropIfDone(segment);
  }

  /** Waits for pending appends and closes the files; segments with unstored traces stay for the next replay. */
  async close(): Promise<void> {
    await this.committing;
    for (const segment of [...this.segments.values()]) {
      const handle = await segment.handle;
      await handle?.close();
      if (segment.outstanding === 0 && segment.handle) unlinkSync(segment.path);
      this.segments.delete(segment.seq);
    }
    if (readOwner(join(this.dir, OWNER))?.token === this.owner.token) rmSync(join(this.dir, OWNER), { force: true });
  }

  /**
   * Makes this process the journal's only writer. Two gateways on one journal (two replicas
   * started from one folder take the default `.switchyard/trace-journal`) would each replay,
   * and delete, the segments the other is still writing, and number new ones alike: the traces
   * the journal is there to keep would go. A claim whose process is gone (killed: the case the
   * journal exists for) is taken over; so is one naming this process's own id, which a
   * container's restart (pid 1 again) leaves, and one from another host, whose process this one
   * cannot see (a journal belongs on a disk of the replica's own).
   */
  private claim(): void {
    const path = join(this.dir, OWNER);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        writeFileSync(path, JSON.stringify(this.owner), { flag: 'wx' });
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readOwner(path);
      if (holder && holder.host === this.owner.host && holder.pid !== process.pid && processAlive(holder.pid)) {
        throw new SwitchyardError(
          'config_invalid',
          `traces.journal_dir: ${this.dir} is the trace journal of another gateway process (pid ${holder.pid}, since ${sinceText(holder.since)}); ` +
            `two processes on one journal would replay and delete each other's unstored traces. Give each replica a journal_dir of its own, ` +
            `one it finds again when it restarts, on a disk that stays with it: with one config file for all, ` +
            `traces: { durability: sync, journal_dir: "${join(this.dir, '..', 'trace-journal-${SWITCHYARD_REPLICA}')}" } and SWITCHYARD_REPLICA=eu-2 (say) in each one's environment, the name its traces carry too`,
        );
      }
      rmSync(path, { force: true }); // a dead process's claim
    }
    throw new SwitchyardError('unavailable', `traces.journal_dir: ${this.dir}: another process kept claiming the journal while this one started; give each gateway process a journal_dir of its own`);
  }

  private pathOf(seq: number): string {
    return join(this.dir, `segment-${String(seq).padStart(12, '0')}.jsonl`);
  }

  private newSegment(): Segment {
    const seq = this.nextSeq++;
    const segment: Segment = { seq, path: this.pathOf(seq), handle: undefined, outstanding: 0, unwritten: 0, entries: 0 };
    this.segments.set(seq, segment);
    return segment;
  }

  /** Writes and fsyncs everything pending, again and again while appends keep coming. */
  private async commitLoop(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      const waiters = this.waiters;
      this.pending = [];
      this.waiters = [];
      try {
        const bySegment = new Map<Segment, string[]>();
        for (const { segment, line } of batch) {
          const lines = bySegment.get(segment);
          if (lines) lines.push(line);
          else bySegment.set(segment, [line]);
        }
        for (const [segment, lines] of bySegment) {
          segment.handle ??= open(segment.path, 'a');
          const handle = await segment.handle;
          await handle.write(lines.join(''));
          await handle.datasync();
          segment.unwritten -= lines.length;
        }
        this.commits++;
        for (const waiter of waiters) waiter.resolve();
        for (const segment of bySegment.keys()) await this.dropIfDone(segment);
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error);
      }
    }
    this.committing = undefined;
  }

  /** Deletes a segment that is neither being written nor holds a trace the store lacks. */
  private async dropIfDone(segment: Segment): Promise<void> {
    if (segment === this.current || segment.outstanding > 0 || segment.unwritten > 0 || !this.segments.has(segment.seq)) return;
    this.segments.delete(segment.seq);
    const handle = await segment.handle;
    await handle?.close();
    if (handle) unlinkSync(segment.path);
  }
}

/** When a claim was made, as the file says: a date as it is, anything else (the file is only text on a disk) quoted and cut. */
function sinceText(since: unknown): string {
  return typeof since === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/.test(since) ? since : quoteClipped(since, 40);
}

function readOwner(path: string): Owner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    // A process's id is a positive integer: 0 and -1 name no process (signal 0 to them reaches the
    // process group, or every process, and read as alive), so a file holding them claims nothing.
    const pid = owner.pid;
    return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 && typeof owner.host === 'string' ? (owner as Owner) : undefined;
  } catch {
    return undefined; // gone meanwhile, or cut by a crash while it was written: nobody's claim
  }
}

/**
 * The store sink, telling the journal which traces it now holds (so their segments can go).
 *
 * @example new TraceWriter({ ...sinks, store: journaledStore(sinks.store, journal) }, options)
 */
export function journaledStore(store: TraceSink, journal: TraceJournal): TraceSink {
  return {
    ...store,
    async write(batch) {
      await store.write(batch);
      journal.stored(batch);
    },
  };
}

/**
 * Of `traces`, those `store` does not have (replay after a crash: most were stored already).
 *
 * @example const lost = await missingFrom(stores.traces, journaled);
 */
export async function missingFrom(store: Pick<TraceStore, 'getTraces'>, traces: readonly TraceRecord[]): Promise<TraceRecord[]> {
  const missing: TraceRecord[] = [];
  for (let i = 0; i < traces.length; i += 500) {
    const chunk = traces.slice(i, i + 500);
    const have = new Set((await store.getTraces(chunk.map((t) => t.id))).map((t) => t.id));
    for (const trace of chunk) if (!have.has(trace.id)) missing.push(trace);
  }
  return missing;
}
