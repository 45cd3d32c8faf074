import { SwitchyardError } from '../../core/errors.js';
import type { RunStore } from './run-store.js';
import { countOf } from '../../core/plural.js';

const RELATIVE = /^(?:last|latest)(?:~(\d+))?$/;

/** Whether a reference is relative (`last`, `last~N`) rather than an id or id prefix. */
export function isRelativeReference(reference: string): boolean {
  return RELATIVE.test(reference.trim());
}

/** How many recent runs a suite-scoped `last~N` looks through. */
const SUITE_SCAN = 1000;

/**
 * Turns what a user typed where a run is expected into a run id: `last` (or `latest`) is the
 * newest run, `last~1` the one before it, anything else an id or id prefix (checked by the
 * store). So a walkthrough or a CI script never has to copy an id by hand. With `suite`, a
 * relative reference counts only that suite's runs, leaving out the run `excluding` names: a
 * CI gate's `--baseline last` is the suite's previous run, not a ladder or another suite run
 * in between.
 *
 * @example await resolveRunReference(runs, 'last~1') // "run_0mx2…" (the second newest)
 * @example await resolveRunReference(runs, 'last', { suite: 'support', excluding: candidate.id })
 */
export async function resolveRunReference(runs: Pick<RunStore, 'list' | 'get'>, reference: string, scope?: { suite: string; excluding: string }): Promise<string> {
  const relative = RELATIVE.exec(reference.trim());
  if (!relative) return (await runs.get(reference)).id;
  const back = Number(relative[1] ?? 0);
  const recent = scope ? (await runs.list(SUITE_SCAN)).filter((r) => r.name === scope.suite && r.id !== scope.excluding) : await runs.list(back + 1);
  const run = recent[back];
  if (!run) {
    const which = back === 0 ? 'most recent' : `${back} before the most recent`;
    // "names the most recent run", not "the run most recent".
    const named = back === 0 ? 'the most recent run' : `the run ${which}`;
    if (scope) throw new SwitchyardError('not_found', `"${reference}" names the ${which} earlier run of suite "${scope.suite}", but the store has ${recent.length === 0 ? 'none' : `only ${countOf(recent.length, 'run')}`} of it: run the suite once without --baseline to have one, name a run id, or name a result file an earlier run wrote with --out`);
    throw new SwitchyardError('not_found', `"${reference}" names ${named}, but the store has ${recent.length === 0 ? 'no runs yet (switchyard eval run SUITE --config FILE)' : `only ${countOf(recent.length, 'run')}`}`);
  }
  return run.id;
}
