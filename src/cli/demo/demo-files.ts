import { basename, dirname, join } from 'node:path';

/** Where `switchyard demo local` keeps its store unless `--db` says otherwise. */
export const DEMO_DB = '.switchyard/demo.db';

/**
 * Where the demo writes its config: beside its store, named after it, so `switchyard routes
 * --config` can read the demo's route after the run.
 *
 * @example demoConfigFile('.switchyard/demo.db') // '.switchyard/demo.yaml'
 */
export function demoConfigFile(db: string = DEMO_DB): string {
  return join(dirname(db), `${basename(db).replace(/\.[^.]*$/, '')}.yaml`);
}
