import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags that keep garbage collection on the thread that needs it instead of handing parts to
 * V8's helper threads: scavenges, marking, sweeping, compaction and pointer updates. Each is read
 * when a collection starts, so setting them after start-up takes effect (Node 20: the helper
 * threads' CPU in an allocation loop pinned to one core fell from 130-690 ms to 9-20 ms).
 * `--parallel-marking` and `--single-threaded-gc` are left out: switched after start-up they
 * abort the process at its next full collection.
 */
export const ONE_CORE_GC_FLAGS = ['--no-parallel-scavenge', '--no-concurrent-marking', '--no-concurrent-sweeping', '--no-parallel-compaction', '--no-parallel-pointer-update'] as const;

/**
 * On a process allowed only one core (taskset, a cpuset of one CPU), V8's helper threads cannot
 * work beside the event loop: a parallel scavenge hands its tasks to threads that wait for the
 * same core, so the pause lasts as long as the work plus their turns at the scheduler, and
 * concurrent marking takes the core from the loop at its priority. There, every collection is
 * done on its own thread (ONE_CORE_GC_FLAGS). Returns whether the flags were set.
 *
 * @example gcOnOwnThreadOnOneCore() // in `switchyard serve`, before the server starts
 */
export function gcOnOwnThreadOnOneCore(cores: number = availableParallelism()): boolean {
  if (cores > 1) return false;
  for (const flag of ONE_CORE_GC_FLAGS) setFlagsFromString(flag);
  return true;
}
