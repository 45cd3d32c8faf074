import { readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** CAP_SYS_NICE's bit in /proc/<pid>/status's CapEff: a thread with it may lower its nice value at will. */
const CAP_SYS_NICE = 23n;

/**
 * Whether a thread may set its nice value down to `nice` again after raising it, from its
 * /proc status (CapEff) and limits ("Max nice priority"): Linux lets a thread lower its nice value
 * only with CAP_SYS_NICE or down to 20 − RLIMIT_NICE (0 by default: never).
 *
 * @example mayLowerNiceTo(3, statusText, limitsText) // true as root; false for a user with the default limit
 */
export function mayLowerNiceTo(nice: number, status: string, limits: string): boolean {
  const caps = status.match(/^CapEff:\s*([0-9a-f]+)$/m)?.[1];
  if (caps !== undefined && (BigInt(`0x${caps}`) >> CAP_SYS_NICE) & 1n) return true;
  const limit = limits.match(/^Max nice priority\s+(\d+|unlimited)/m)?.[1];
  if (limit === undefined) return false;
  return limit === 'unlimited' || 20 - nice <= Number(limit);
}

export interface BacklogPriorityOptions {
  /** Nice value above the process's while the thread keeps up (it then runs in the time its process leaves idle). */
  keepingUp: number;
  /** Nice value above the process's once it is behind. */
  behind: number;
  /** Backlog (items waiting for the thread) from which it counts as behind. */
  behindAt: number;
  /** Backlog at or under which it counts as caught up again. */
  caughtUpAt: number;
}

/**
 * A background thread's nice value that follows its work: high (a small share of a core it shares
 * with the event loop, which then is hardly ever preempted by it) while the thread keeps up and
 * does work nobody waits for; its usual value while it does work somebody waits for (`urgent`), and
 * once work piles up, so a loop that leaves no idle time cannot starve it. Cheap to call often: a
 * compare, and a system call only when the value changes.
 *
 * @example
 * const priority = BacklogPriority.forThisThread({ keepingUp: 19, behind: 3, behindAt: 512, caughtUpAt: 128 });
 * priority.update(waiting); // on each batch the thread takes
 * priority.urgent(true); commit(batch); reply(); priority.urgent(false);
 */
export class BacklogPriority {
  private behind = false;
  private pressing = 0;
  private current: number;
  /** The nice value `urgent` work runs at (absolute), for another thread that wakes this one with such work (`setPriority(tid, nice)`). */
  urgentNice: number | undefined;

  constructor(
    private readonly setNice: (offset: number) => void,
    private readonly options: BacklogPriorityOptions,
  ) {
    this.current = options.keepingUp;
    setNice(options.keepingUp);
  }

  /**
   * For the calling thread, relative to the process's nice value; undefined where it could not
   * come back from the higher value, or both are 19 (then the caller keeps one fixed priority).
   */
  static forThisThread(options: BacklogPriorityOptions, proc: { status: string; limits: string } | null = readProc()): BacklogPriority | undefined {
    if (!proc) return undefined;
    try {
      const processNice = getPriority(process.pid);
      const highest = processNice + Math.min(options.keepingUp, options.behind);
      // At 19 already (a process started under `nice -n 19`) there is nothing to move between.
      if (highest >= 19 || !mayLowerNiceTo(highest, proc.status, proc.limits)) return undefined;
      // 0: the calling thread (setpriority(2) on Linux takes a task, and 0 is the caller's).
      const priority = new BacklogPriority((offset) => setPriority(0, Math.min(19, processNice + offset)), options);
      priority.urgentNice = processNice + options.behind;
      return priority;
    } catch {
      return undefined;
    }
  }

  /** Whether the thread currently counts as behind. */
  get isBehind(): boolean {
    return this.behind;
  }

  /** The backlog the thread has (items waiting for it). */
  update(backlog: number): void {
    this.behind = this.behind ? backlog > this.options.caughtUpAt : backlog >= this.options.behindAt;
    this.apply();
  }

  /**
   * Starts (true) or ends (false) a piece of work somebody waits for; while any runs, the thread
   * runs at the `behind` value. The
   * thread that hands it such work may have set that value already (urgentNice); the call then
   * only brings this side's record up to date.
   */
  urgent(pressing: boolean): void {
    // Counted: a thread may have several such pieces of work in flight (two store lanes on PostgreSQL).
    this.pressing = Math.max(0, this.pressing + (pressing ? 1 : -1));
    if (pressing) this.current = Number.NaN;
    this.apply();
  }

  private apply(): void {
    const nice = this.behind || this.pressing > 0 ? this.options.behind : this.options.keepingUp;
    if (nice === this.current) return;
    try {
      this.setNice(nice);
      this.current = nice;
    } catch {
      // Refused (a sandbox): the thread keeps the value it has.
    }
  }
}

/** This thread's /proc status and the process's limits; null where there is no /proc. */
function readProc(): { status: string; limits: string } | null {
  try {
    return { status: readFileSync('/proc/thread-self/status', 'utf8'), limits: readFileSync('/proc/self/limits', 'utf8') };
  } catch {
    return null;
  }
}
