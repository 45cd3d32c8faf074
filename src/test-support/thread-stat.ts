import { readFileSync } from 'node:fs';

/**
 * Fields of one thread's stat line in /proc from field 3 (the state) on: what follows the command
 * name, which may itself hold spaces.
 *
 * @example threadStatFields(tid)[16] // the nice value
 */
export function threadStatFields(tid: number): string[] {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * The nice value of one thread of this process, read from /proc (field 19 of its stat line), for
 * tests that check a thread's priority independently of the calls that set it.
 *
 * @example expect(threadNice(tid)).toBe(19)
 */
export function threadNice(tid: number): number {
  return Number(threadStatFields(tid)[16]);
}

/**
 * The scheduling policy of one thread of this process (field 41 of its stat line: 0 SCHED_OTHER,
 * 3 SCHED_BATCH).
 *
 * @example expect(threadPolicy(tid)).toBe(3)
 */
export function threadPolicy(tid: number): number {
  return Number(threadStatFields(tid)[38]);
}
