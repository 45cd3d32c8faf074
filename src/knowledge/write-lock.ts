import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { SwitchyardError } from '../core/errors.js';
import { processAlive } from '../core/process-alive.js';
import type { KnowledgeBase } from './knowledge-base.js';
import type { WriterLease } from './store/knowledge-store.js';

/** How a writer waits for a knowledge base another writer holds. */
export interface WriteLockOptions {
  /** What is writing, named to the writer that waits: `kb add`, `kb remove`, `admin API remove`. */
  operation?: string;
  /** How long to wait for another writer before giving up (default 60 s; 0: do not wait). */
  waitMs?: number;
  /** Called once when this writer starts waiting, with the lease in its way. */
  onWait?: (holder: WriterLease, waitMs: number) => void;
  /** Stops the wait (Ctrl-C): the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How long a lease lasts unrenewed (default 30 s); it is renewed every third of that. */
  leaseMs?: number;
}

/** The lease held while `work` runs. */
export interface HeldLock {
  /** Throws when the lease was lost (this process stalled past it and another writer took the base). */
  assertHeld(): Promise<void>;
}

const POLL_MS = 200;

/**
 * Runs `work` as the only writer of a knowledge base: every `kb add`, `kb remove` and admin API
 * removal on the same store (any process, any host) takes the base's lease first, so two writers
 * never build the same unpublished version or publish over each other. Waits for a writer that
 * holds it, up to `waitMs`, then fails naming it. A writer that died is waited for no longer than
 * its lease (30 s), and not at all when it ran on this host (its process is gone).
 *
 * @example await withWriteLock(kb, { operation: 'kb remove' }, async () => kb.store.removeAndPublish(…))
 */
export async function withWriteLock<T>(kb: KnowledgeBase, options: WriteLockOptions, work: (lock: HeldLock) => Promise<T>): Promise<T> {
  const store = kb.store;
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 60_000;
  const now = () => kb.clock.now();
  const lease: WriterLease = { token: randomUUID(), operation: options.operation ?? 'a writer', pid: process.pid, host: hostname(), since: now(), expiresAt: now() + leaseMs };
  const started = performance.now();
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    lease.since = now();
    lease.expiresAt = lease.since + leaseMs;
    let holder = await store.acquireWriter(kb.record.id, lease, lease.since);
    // A writer on this host whose process is gone (killed, crashed) holds nothing: take over at once.
    if (holder && holder.host === lease.host && !processAlive(holder.pid)) holder = await store.acquireWriter(kb.record.id, lease, lease.since, holder.token);
    if (!holder) break;
    const waited = performance.now() - started;
    if (waited >= waitMs) throw busy(kb.name, holder, waitMs, now());
    if (!told) {
      told = true;
      options.onWait?.(holder, waitMs);
    }
    await sleep(Math.min(POLL_MS, waitMs - waited), options.signal);
  }
  let lost = false;
  const renew = setInterval(() => {
    store.renewWriter(kb.record.id, lease.token, now() + leaseMs).then(
      (held) => void (lost ||= !held),
      () => undefined, // a failed renewal is retried at the next tick; the lease outlives two of them
    );
  }, Math.max(1, Math.floor(leaseMs / 3)));
  renew.unref();
  const lock: HeldLock = {
    async assertHeld() {
      if (lost || !(await store.renewWriter(kb.record.id, lease.token, now() + leaseMs))) {
        lost = true;
        throw new SwitchyardError('unavailable', `lost the write lock of knowledge base "${kb.name}": this ${lease.operation} stalled past its ${Math.round(leaseMs / 1000)} s lease and another writer took the base; nothing of it is published, run it again`, { status: 409 });
      }
    },
  };
  try {
    // A base deleted (or deleted and made anew) while this writer waited is not the one it opened.
    const current = await store.getKnowledgeBase(kb.name);
    if (current?.id !== kb.record.id) throw new SwitchyardError('not_found', `knowledge base "${kb.name}" was deleted while this ${lease.operation} waited to write it; nothing was written${current ? ' (a base of that name was made since: run it again)' : ''}`);
    return await work(lock);
  } finally {
    clearInterval(renew);
    await store.releaseWriter(kb.record.id, lease.token).catch(() => undefined); // it expires anyway
  }
}

/**
 * `kb add (pid 4711 on build-2, for 12 s)`: the writer in the way, as the waiting one names it.
 *
 * @example describeWriter({ operation: 'kb add', pid: 4711, host: 'build-2', since: 0, … }, 12_000) // 'kb add (pid 4711 on build-2, for 12 s)'
 */
export function describeWriter(holder: WriterLease, now: number): string {
  const seconds = Math.max(0, Math.round((now - holder.since) / 1000));
  const held = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  return `${holder.operation} (pid ${holder.pid} on ${holder.host}, for ${held})`;
}

function busy(name: string, holder: WriterLease, waitMs: number, now: number): SwitchyardError {
  const waited = waitMs === 0 ? 'did not wait' : `gave up after waiting ${Math.round(waitMs / 1000)} s`;
  return new SwitchyardError('unavailable', `knowledge base "${name}" is being written by ${describeWriter(holder, now)}; ${waited}: one writer at a time, try again when it finishes`, { status: 409, retryable: true, retryAfter: 5 });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
