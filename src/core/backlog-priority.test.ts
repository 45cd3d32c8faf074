import { readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BacklogPriority, mayLowerNiceTo } from './backlog-priority.js';
import { compiledWorker } from './compiled-worker.js';
import { threadNice } from '../test-support/thread-stat.js';

const OPTIONS = { keepingUp: 19, behind: 3, behindAt: 512, caughtUpAt: 128 };

/** A BacklogPriority whose nice values are recorded instead of set. */
function recorded(): { priority: BacklogPriority; set: number[] } {
  const set: number[] = [];
  return { priority: new BacklogPriority((offset) => set.push(offset), OPTIONS), set };
}

describe('BacklogPriority', () => {
  it('starts at the keeping-up value and moves to the behind value once the backlog reaches behindAt', () => {
    const { priority, set } = recorded();
    expect(set).toEqual([19]);
    priority.update(0);
    priority.update(511);
    expect(set).toEqual([19]);
    expect(priority.isBehind).toBe(false);
    priority.update(512);
    expect(set).toEqual([19, 3]);
    expect(priority.isBehind).toBe(true);
  });

  it('stays behind until the backlog is down to caughtUpAt, so it does not flip on every batch', () => {
    const { priority, set } = recorded();
    priority.update(600);
    priority.update(300);
    priority.update(129);
    expect(set).toEqual([19, 3]);
    priority.update(128);
    expect(set).toEqual([19, 3, 19]);
    expect(priority.isBehind).toBe(false);
    priority.update(400);
    expect(set).toEqual([19, 3, 19]);
  });

  it('runs urgent work at the behind value and goes back after it, unless behind', () => {
    const { priority, set } = recorded();
    priority.urgent(true);
    priority.urgent(false);
    expect(set).toEqual([19, 3, 19]);
    priority.update(600);
    // Urgent work sets its value even where it is the current one: the thread that handed the work over may have set it.
    priority.urgent(true);
    priority.urgent(false);
    expect(set).toEqual([19, 3, 19, 3, 3]);
    priority.update(0);
    expect(set).toEqual([19, 3, 19, 3, 3, 19]);
  });

  it('stays at the behind value until every piece of urgent work in flight has ended', () => {
    const { priority, set } = recorded();
    priority.urgent(true);
    priority.urgent(true);
    priority.urgent(false);
    expect(set.at(-1)).toBe(3);
    priority.urgent(false);
    expect(set.at(-1)).toBe(19);
  });

  it('keeps going when the system refuses a change', () => {
    let calls = 0;
    const priority = new BacklogPriority((offset) => {
      calls++;
      if (offset === 3) throw new Error('EACCES');
    }, OPTIONS);
    priority.update(1_000);
    expect(calls).toBe(2);
    expect(priority.isBehind).toBe(true);
  });

  it('is not offered where the thread could not come back from the higher nice value', () => {
    const unprivileged = { status: 'CapEff:\t0000000000000000\n', limits: 'Max nice priority         0                    0                    \n' };
    expect(BacklogPriority.forThisThread(OPTIONS, unprivileged)).toBeUndefined();
    expect(BacklogPriority.forThisThread(OPTIONS, null)).toBeUndefined();
  });
});

describe('mayLowerNiceTo', () => {
  const limits = (n: string) => `Limit                     Soft Limit           Hard Limit           Units     \nMax nice priority         ${n}                    ${n}                    \n`;
  it('allows it with CAP_SYS_NICE whatever the limit', () => {
    expect(mayLowerNiceTo(-5, 'CapEff:\t0000000000800000\n', limits('0'))).toBe(true);
    expect(mayLowerNiceTo(3, 'CapEff:\t000001fffeffffff\n', limits('0'))).toBe(true);
  });

  it('without it, only down to 20 − RLIMIT_NICE', () => {
    const none = 'CapEff:\t0000000000000000\n';
    expect(mayLowerNiceTo(3, none, limits('0'))).toBe(false);
    expect(mayLowerNiceTo(3, none, limits('16'))).toBe(false);
    expect(mayLowerNiceTo(3, none, limits('17'))).toBe(true);
    expect(mayLowerNiceTo(3, none, limits('unlimited'))).toBe(true);
    expect(mayLowerNiceTo(3, none, '')).toBe(false);
  });
});


describe('BacklogPriority.forThisThread', () => {
  it('moves the calling thread alone between the two values, relative to the process', async () => {
    const processNice = getPriority();
    const allowed = processNice + 3 < 19 && mayLowerNiceTo(processNice + 3, readFileSync('/proc/self/status', 'utf8'), readFileSync('/proc/self/limits', 'utf8'));
    const module = compiledWorker(new URL('./backlog-priority.js', import.meta.url)).href;
    const worker = new Worker(
      `const { parentPort } = require('node:worker_threads');
       const { readlinkSync } = require('node:fs');
       import(${JSON.stringify(module)}).then(({ BacklogPriority }) => {
         const priority = BacklogPriority.forThisThread(${JSON.stringify(OPTIONS)});
         parentPort.postMessage({ tid: Number(readlinkSync('/proc/thread-self').split('/').pop()), offered: priority !== undefined });
         parentPort.on('message', (backlog) => {
           if (backlog === 'done') process.exit(0);
           priority?.update(backlog);
           parentPort.postMessage('updated');
         });
       });`,
      { eval: true },
    );
    const { tid, offered } = await new Promise<{ tid: number; offered: boolean }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const update = (backlog: number) => new Promise((resolve) => (worker.once('message', resolve), worker.postMessage(backlog)));
    try {
      expect(offered).toBe(allowed);
      if (allowed) {
        expect(threadNice(tid)).toBe(Math.min(19, processNice + 19));
        await update(1_000);
        expect(threadNice(tid)).toBe(processNice + 3);
        await update(0);
        expect(threadNice(tid)).toBe(Math.min(19, processNice + 19));
      } else {
        expect(threadNice(tid)).toBe(processNice);
      }
      expect(getPriority()).toBe(processNice);
    } finally {
      worker.postMessage('done');
      await new Promise((resolve) => worker.once('exit', resolve));
    }
  });
});
