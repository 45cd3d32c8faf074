import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { compiledWorker } from './compiled-worker.js';
import { threadNice, threadPolicy } from '../test-support/thread-stat.js';



/** Runs lowerThreadPriority(by) in a new thread; its tid and answer, with the thread kept alive until `release`. */
async function lowerInThread(by: number, call = `lowerThreadPriority(${by})`): Promise<{ tid: number; lowered: boolean; release: () => Promise<number> }> {
  const module = compiledWorker(new URL('./thread-priority.js', import.meta.url)).href;
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const { readlinkSync } = require('node:fs');
     import(${JSON.stringify(module)}).then(({ lowerThreadPriority, batchScheduleThread }) => {
       const lowered = ${call};
       parentPort.postMessage({ tid: Number(readlinkSync('/proc/thread-self').split('/').pop()), lowered });
     });
     parentPort.on('message', () => process.exit(0));`,
    { eval: true },
  );
  const answer = await new Promise<{ tid: number; lowered: boolean }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { ...answer, release: () => (worker.postMessage('done'), new Promise((resolve) => worker.once('exit', resolve))) };
}

describe('lowerThreadPriority', () => {
  it('raises the nice value of the calling thread alone, relative to where it was', async () => {
    const before = getPriority();
    const thread = await lowerInThread(3);
    try {
      expect(thread.lowered).toBe(true);
      expect(threadNice(thread.tid)).toBe(Math.min(19, before + 3));
      // This thread (and so the rest of the process) keeps its priority.
      expect(getPriority()).toBe(before);
    } finally {
      await thread.release();
    }
  });

  it('stops at nice 19, the lowest priority there is', async () => {
    const thread = await lowerInThread(40);
    try {
      expect(thread.lowered).toBe(true);
      expect(threadNice(thread.tid)).toBe(19);
    } finally {
      await thread.release();
    }
  });
});

describe('batchScheduleThread', () => {
  it('puts the calling thread alone under SCHED_BATCH and keeps its nice value', async () => {
    const thread = await lowerInThread(3, 'lowerThreadPriority(3) && batchScheduleThread()');
    try {
      expect(thread.lowered).toBe(true);
      expect(threadPolicy(thread.tid)).toBe(3);
      expect(threadNice(thread.tid)).toBe(Math.min(19, getPriority() + 3));
      expect(threadPolicy(process.pid)).toBe(0);
    } finally {
      await thread.release();
    }
  });
});
