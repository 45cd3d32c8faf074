import { SwitchyardError } from '../../core/errors.js';
import type { RunStore } from './run-store.js';
import { countOf } from '../../core/plural.js';

const RELATIVE = /^(?:last|latest)(?:~(\d+))?$/;

/**
 * Turns what a user typed where a run is expected into a run id: `last` (or `latest`) is the
 * newest run, `last~1` the one before it, anything else an id or id prefix (checked by the
 * store). So a walkthrough or a CI script never has to copy an id by hand.
 *
 * @example await resolveRunReference(runs, 'last~1') // "run_0mx2…" (the second newest)
 */
export async function resolveRunReference(runs: Pick<RunStore, 'list' | 'get'>, reference: string): Promise<string> {
  const relative = RELATIVE.exec(reference.trim());
  if (!relative) return (await runs.get(reference)).id;
  const back = Number(relative[1] ?? 0);
  const recent = await runs.list(back + 1);
  const run = recent[back];
  if (!run) {
    throw new SwitchyardError('not_found', `"${reference}" names the run ${back === 0 ? 'most recent' : `${back} before the most recent`}, but the store has ${recent.length === 0 ? 'no runs yet (switchyard eval run SUITE --config FILE)' : `only ${countOf(recent.length, 'run')}`}`);
  }
  return run.id;
}
