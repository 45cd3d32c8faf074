import { SwitchyardError } from '../../core/errors.js';
import type { ClassifyTask } from '../../config/task-schema.js';

/**
 * The task of `route` in the config file `path` (undefined when the route has none), or a
 * not_found error naming the route, the file and the routes it has.
 *
 * @example await configTask('gateway.yaml', 'support-intent', '--route') // { type: 'classify', min_precision: 0.95, … }
 */
export async function configTask(path: string, route: string, param: string): Promise<ClassifyTask | undefined> {
  const { loadRouting } = await import('../../config/load-config.js');
  const routes = loadRouting(path).routes;
  const found = routes[route];
  if (!found) {
    const names = Object.keys(routes);
    throw new SwitchyardError('not_found', `route "${route}" is not in ${path} (routes: ${names.length === 0 ? 'none' : names.join(', ')})`, { param });
  }
  return found.options.task;
}
