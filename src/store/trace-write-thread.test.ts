import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoreConfig } from '../config/schema.js';
import { mayLowerNiceTo } from '../core/backlog-priority.js';
import { JsonText } from '../core/json-text.js';
import { computeOverview } from '../monitor/overview.js';
import { makeTrace } from '../monitor/test-traces.js';
import { TEST_POSTGRES_URL, uniqueSchema } from './contract/backends.js';
import { dropSchemas } from './contract/drop-schemas.js';
import { openStores } from './open-stores.js';
import { openSqliteStores, type SqliteStores } from './sqlite/open-sqlite-stores.js';
import type { Stores } from './stores.js';
import { TraceWriter } from './trace-writer.js';
import { TraceRetentionJob } from '../monitor/trace-retention.js';
import { TRACE_THREAD_YOUNG_GENERATION_MB, TraceWriteThread } from './trace-write-thread.js';
import { threadNice, threadStatFields } from '../test-support/thread-stat.js';

const t0 = Date.UTC(2026, 0, 1, 12);
const dirs: string[] = [];
const schemas: string[] = [];
const opened: { close(): Promise<void> }[] = [];

afterEach(async () => {
  // The thread closes first: it indexes and writes what it holds before the file's last connection goes.
  for (const o of opened.splice(0).reverse()) await o.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (schemas.length > 0) await dropSchemas(TEST_POSTGRES_URL, schemas.splice(0));
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sy-thread-'));
  dirs.push(dir);
  return dir;
}

/** The gateway's stores and a trace-write thread on the same SQLite file or PostgreSQL schema. */
async function openBackend(backend: 'sqlite' | 'postgres'): Promise<{ stores: Stores; thread: TraceWriteThread }> {
  const store: StoreConfig = backend === 'sqlite' ? { sqlite: join(tempDir(), 'sy.db') } : { postgres: `${TEST_POSTGRES_URL}?schema=${schemas[schemas.push(uniqueSchema()) - 1]}` };
  const stores = await openStores(store);
  const thread = await TraceWriteThread.open({ store, batchSize: 4, flushIntervalMs: 10 }, () => undefined);
  opened.push(stores, thread);
  return { stores, thread };
}

async function openFile(): Promise<{ stores: SqliteStores; thread: TraceWriteThread }> {
  const path = join(tempDir(), 'sy.db');
  const stores = openSqliteStores(path);
  const thread = await TraceWriteThread.open({ store: { sqlite: path }, batchSize: 4, flushIntervalMs: 10 }, () => undefined);
  opened.push(stores, thread);
  return { stores, thread };
}

const trace = (i: number) =>
  makeTrace({
    id: `tr_${i}`,
    ts: t0 + i,
    requestedModel: i % 2 === 0 ? 'support-intent' : 'gpt-4o-mini',
    request: new JsonText(`{"model":"m","messages":[{"role":"user","content":"refund number ${i} for the parcel"}]}`),
    response: { choices: [{ message: { role: 'assistant', content: `answer ${i}` } }] },
  });

describe.each(['sqlite', 'postgres'] as const)('TraceWriteThread on %s', (backend) => {
  it('stores batches on its own thread and derives rollups, review items and signals from them before a flush resolves', async () => {
    const { stores, thread } = await openBackend(backend);
    // Saved through the gateway's connection after the thread opened the file: the thread's sampler must see it.
    await stores.reviews.saveRule({ id: 'rule_all', name: 'all intents', rate: 1, match: { model: 'support-intent' }, reviewsWanted: 1, enabled: true, createdAt: t0 });
    const writer = new TraceWriter({ store: thread.sink() }, { batchSize: 4, flushIntervalMs: 10 });
    for (let i = 0; i < 10; i++) writer.write(trace(i));
    await writer.flush();
    expect(writer.totalWritten).toBe(10);
    const stored = await stores.traces.getTrace('tr_3');
    expect(stored?.request).toEqual({ model: 'm', messages: [{ role: 'user', content: 'refund number 3 for the parcel' }] });
    expect(stored?.response).toEqual({ choices: [{ message: { role: 'assistant', content: 'answer 3' } }] });
    const overview = await computeOverview(stores.rollups, { since: t0, until: t0 + 60_000, by: 'model' });
    expect(overview.totals.requests).toBe(10);
    const queued = await stores.reviews.queue({ reviewer: 'ana', limit: 50 });
    expect(queued.map((item) => item.traceId).sort()).toEqual(['tr_0', 'tr_2', 'tr_4', 'tr_6', 'tr_8']);
    const signals = await stores.monitor.listSignals({ since: t0, until: t0 + 60_000 });
    expect(signals).toHaveLength(10);
    expect(writer.lagging).toEqual({ rollups: 0, 'review sampler': 0, signals: 0 });
  });

});

describe('TraceWriteThread: retention on its connection', () => {
  it('runs retention\'s statements on the thread on SQLite, deleting traces and signals, dropping bodies and compacting', async () => {
    const { stores, thread } = await openFile();
    const writer = new TraceWriter({ store: thread.sink() }, { batchSize: 4, flushIntervalMs: 10 });
    for (let i = 0; i < 10; i++) writer.write(trace(i));
    await writer.flush();
    const retention = thread.retentionStores();
    expect(retention).toBeDefined();
    // Traces before t0 + 4 go (tr_0…tr_3, with their signals); then the bodies before t0 + 7 (tr_4…tr_6).
    const DAY = 86_400_000;
    const job = new TraceRetentionJob({ ...retention!, policy: { days: 1, every_minutes: 60 }, budgets: [], clock: { now: () => t0 + 4 + DAY, sleep: async () => undefined }, batchSize: 2 });
    const pass = await job.runOnce();
    expect(pass).toMatchObject({ deleted: 4, stripped: 0 });
    expect((await stores.traces.listTraces({ limit: 50 })).traces.map((t) => t.id).sort()).toEqual(['tr_4', 'tr_5', 'tr_6', 'tr_7', 'tr_8', 'tr_9']);
    expect((await stores.monitor.listSignals({ since: 0, until: t0 + 60_000 })).map((s) => s.traceId).sort()).toEqual(['tr_4', 'tr_5', 'tr_6', 'tr_7', 'tr_8', 'tr_9']);
    const bodies = new TraceRetentionJob({ ...retention!, policy: { bodies_days: 1, every_minutes: 60 }, budgets: [], clock: { now: () => t0 + 7 + DAY, sleep: async () => undefined }, batchSize: 2 });
    expect((await bodies.runOnce()).stripped).toBe(3);
    expect(await stores.traces.getTrace('tr_5')).toMatchObject({ request: null, response: null });
    expect((await stores.traces.getTrace('tr_7'))?.request).not.toBeNull();
    expect(await retention!.compact!(10)).toMatchObject({ released: expect.any(Number) });
  });

  it('leaves PostgreSQL\'s retention to the gateway\'s own stores (its statements hold no event loop)', async () => {
    const { thread } = await openBackend('postgres');
    expect(thread.retentionStores()).toBeUndefined();
  });
});

describe('TraceWriteThread on postgres, rollups gathered over batches', () => {
  /** The gateway's writer as openTraceWriter opens it on PostgreSQL: two store lanes, views fanned out, rollups gathered. */
  async function openGathering(gatherRollups: { traces: number; intervalMs: number }) {
    const store: StoreConfig = { postgres: `${TEST_POSTGRES_URL}?schema=${schemas[schemas.push(uniqueSchema()) - 1]}` };
    const stores = await openStores(store);
    const thread = await TraceWriteThread.open({ store, batchSize: 4, flushIntervalMs: 10, fanOut: { traces: 8, intervalMs: 5 }, gatherRollups }, () => undefined);
    opened.push(stores, thread);
    const writer = new TraceWriter({ store: thread.sink() }, { batchSize: 4, flushIntervalMs: 10, storeLanes: 2 });
    return { stores, thread, writer };
  }
  const requests = async (stores: Stores) => (await computeOverview(stores.rollups, { since: t0, until: t0 + 60_000, by: 'model' })).totals.requests;

  it('writes the rollups once enough traces are gathered, and the rest on a flush, each trace counted once', async () => {
    const { stores, writer } = await openGathering({ traces: 20, intervalMs: 60_000 });
    for (let i = 0; i < 20; i++) writer.write(trace(i));
    await vi.waitFor(async () => expect(await requests(stores)).toBe(20), { timeout: 30_000, interval: 20 });
    for (let i = 20; i < 27; i++) writer.write(trace(i));
    // Waited for, not slept on: on a busy machine storing the seven took longer than a fixed 100 ms (a CI failure).
    const stored = async () => (await stores.traces.listTraces({ limit: 50 })).traces.length;
    await vi.waitFor(async () => expect(await stored()).toBe(27), { timeout: 30_000, interval: 20 });
    // Seven traces stored, fewer than the rollups gather, an interval of a minute: not written yet.
    expect(await requests(stores)).toBe(20);
    // Stored, but the rollups the thread holds are not written: the writer's backlog says so. The
    // thread's other views (signals, search words) drain on their own 5 ms fan-out at the idle
    // priority (nice 19), which a busy machine starves for seconds (CI runs read 10 after 500 polls
    // of 10 ms): wait for them by the clock, never for the rollups, whose minute is far off.
    expect(writer.pending).toBe(0);
    await vi.waitFor(async () => expect({ backlog: await writer.backlog(), lagging: writer.lagging }).toMatchObject({ backlog: 7 }), { timeout: 30_000, interval: 20 });
    await writer.flush();
    expect(await requests(stores)).toBe(27);
    expect(await writer.backlog()).toBe(0);
  });

  it('writes the rollups it holds when it closes, with batches still in flight', async () => {
    const { stores, thread, writer } = await openGathering({ traces: 1_000, intervalMs: 60_000 });
    for (let i = 0; i < 30; i++) writer.write(trace(i));
    // As openTraceWriter's close: the writer's queue, then the thread (which flushes its views).
    await writer.flush();
    await thread.close();
    expect(await requests(stores)).toBe(30);
    expect(await stores.monitor.listSignals({ since: t0, until: t0 + 60_000 })).toHaveLength(30);
  });
});

/** The ids of this process's threads whose stat fields (from field 3, the state, on) match. */
function threadsOf(match: (fields: string[]) => boolean): Set<number> {
  const tids = new Set<number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (match(threadStatFields(Number(tid)))) tids.add(Number(tid));
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return tids;
}

/** This process's trace-write threads (by the name the thread gives itself). */
function traceThreads(): Set<number> {
  const tids = new Set<number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      if (readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim() === 'sy-trace-write') tids.add(Number(tid));
    } catch {
      // A thread that ended between the listing and the read.
    }
  }
  return tids;
}


describe('TraceWriteThread', () => {
  it('runs its thread below the event loop: at 19 while it keeps up, back at +3 once the gateway holds batches for it', async () => {
    const processNice = getPriority();
    const usual = Math.min(19, processNice + 3);
    // Where the thread could not come back from 19 (no CAP_SYS_NICE, RLIMIT_NICE 0), it stays at +3.
    const switches = usual < 19 && mayLowerNiceTo(usual, readFileSync('/proc/self/status', 'utf8'), readFileSync('/proc/self/limits', 'utf8'));
    const before = traceThreads();
    const { thread } = await openFile();
    const [tid] = [...traceThreads()].filter((t) => !before.has(t));
    expect(tid).toBeDefined();
    const niceNow = () => threadNice(tid as number);
    expect(niceNow()).toBe(switches ? 19 : usual);
    let waiting = 0;
    const writer = new TraceWriter({ store: thread.sink({ backlog: () => waiting }) }, { batchSize: 4, flushIntervalMs: 10 });
    const writeBatch = async (from: number) => {
      for (let i = from; i < from + 4; i++) writer.write(trace(i));
      await writer.flush();
      await thread.sink().flush?.();
    };
    // Each batch is handed over at +3 (the gateway holds it until it is committed); the views after it run at 19 again.
    await writeBatch(0);
    expect(niceNow()).toBe(switches ? 19 : usual);
    waiting = 10_000;
    await writeBatch(4);
    expect(niceNow()).toBe(usual);
    waiting = 0;
    await writeBatch(8);
    expect(niceNow()).toBe(switches ? 19 : usual);
    expect(getPriority()).toBe(processNice);
  });

  it('runs its thread under SCHED_BATCH, so a batch posted to it does not preempt the event loop inside postMessage', async () => {
    const batchThreads = () => [...threadsOf((fields) => fields[38] === '3')].length;
    const before = batchThreads();
    const { thread } = await openFile();
    expect(batchThreads()).toBe(before + 1);
    // The event loop's thread keeps the normal policy.
    expect(threadsOf((fields) => fields[38] === '3').has(process.pid)).toBe(false);
    await thread.close();
    expect(batchThreads()).toBe(before);
  });

  it('runs its thread with a small young generation, and still stores batches larger than it', async () => {
    const { stores, thread } = await openFile();
    expect(thread.heapLimits()?.maxYoungGenerationSizeMb).toBe(TRACE_THREAD_YOUNG_GENERATION_MB);
    // 16 traces of 1 MB each: more than the thread's whole young generation in flight.
    const writer = new TraceWriter({ store: thread.sink() }, { batchSize: 4, flushIntervalMs: 10 });
    const big = 'parcel '.repeat(150_000);
    for (let i = 0; i < 16; i++) writer.write(makeTrace({ id: `tr_big_${i}`, ts: t0 + i, request: new JsonText(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: big }] })) }));
    await writer.flush();
    expect(thread.heapLimits()?.maxYoungGenerationSizeMb).toBe(TRACE_THREAD_YOUNG_GENERATION_MB);
    const page = await stores.traces.listTraces({ limit: 40 });
    expect(page.traces.filter((t) => t.id.startsWith('tr_big_'))).toHaveLength(16);
  });

  it("keeps V8's young generation where the views get batches gathered (they outlive a small one)", async () => {
    const path = join(tempDir(), 'sy.db');
    const stores = openSqliteStores(path);
    const thread = await TraceWriteThread.open({ store: { sqlite: path }, batchSize: 4, flushIntervalMs: 10, fanOut: { traces: 1_024, intervalMs: 50 } }, () => undefined);
    opened.push(stores, thread);
    expect(thread.heapLimits()?.maxYoungGenerationSizeMb).toBeGreaterThan(TRACE_THREAD_YOUNG_GENERATION_MB);
  });

  it('indexes what it wrote for search by the time it closes', async () => {
    const { stores, thread } = await openFile();
    const writer = new TraceWriter({ store: thread.sink() }, { batchSize: 4, flushIntervalMs: 10 });
    for (let i = 0; i < 6; i++) writer.write(trace(i));
    await writer.flush();
    await thread.close();
    const page = await stores.traces.listTraces({ limit: 10, text: 'parcel' });
    expect(page.traces).toHaveLength(6);
  });

  it('starts again after its thread dies, and the writer retries the batch it had not committed', async () => {
    const { stores, thread } = await openFile();
    const errors: string[] = [];
    const writer = new TraceWriter({ store: thread.sink() }, { batchSize: 4, flushIntervalMs: 10, onError: (e) => errors.push((e as Error).message) });
    writer.write(trace(1));
    await writer.flush();
    await (thread as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    for (let i = 2; i < 6; i++) writer.write(trace(i));
    await writer.flush();
    expect(errors.every((e) => /exited/.test(e))).toBe(true);
    expect((await stores.traces.listTraces({ limit: 10 })).traces.map((t) => t.id).sort()).toEqual(['tr_1', 'tr_2', 'tr_3', 'tr_4', 'tr_5']);
  });

  it("lets a transaction on the gateway's connection that reads, then writes, wait for the thread's commit instead of failing", async () => {
    const { stores, thread } = await openFile();
    const batch = Array.from({ length: 400 }, (_, i) => trace(i));
    const written = thread.sink().write(batch);
    // The batch is posted; the thread commits it while this transaction holds its snapshot.
    await new Promise((resolve) => setImmediate(resolve));
    stores.db.transaction(() => {
      stores.db.prepare('SELECT count(*) FROM traces').get();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      stores.db.prepare("INSERT INTO review_rules VALUES ('rule_1', 'r', 1, '{}', 1, 1, 0)").run();
    })();
    await written;
    expect((stores.db.prepare('SELECT count(*) AS n FROM traces').get() as { n: number }).n).toBe(400);
    expect((await stores.reviews.listRules()).map((r) => r.id)).toEqual(['rule_1']);
  });

  it('refuses to open a file it cannot create, saying which and why', async () => {
    const dir = tempDir();
    // A directory that is a file: the thread cannot create the database under it.
    writeFileSync(join(dir, 'plain-file'), '');
    const path = join(dir, 'plain-file', 'sy.db');
    await expect(TraceWriteThread.open({ store: { sqlite: path }, batchSize: 4, flushIntervalMs: 10 }, () => undefined)).rejects.toThrow(`cannot open ${path}`);
  });
});
