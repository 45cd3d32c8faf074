import type { RouteConfig } from '../../config/route-schema.js';
import { SwitchyardError } from '../../core/errors.js';
import type { CallOverrides } from '../../gateway/call.js';
import type { MissingRung, RungKind } from './ladder-report.js';

/** One rung of the ladder: the same route, with or without retrieval or its local model. */
export interface Rung {
  /** `prompt`, `rag:<knowledge base>` or `local`. */
  name: string;
  kind: RungKind;
  /** What this rung changes in the route for each call. */
  overrides: CallOverrides;
  /** In words, for the report. */
  description: string;
}

/**
 * The rungs a route offers, cheapest idea first: the prompt alone; the prompt with each knowledge
 * base (the route's own and any `extraBases`); the route's local task model answering what it is
 * confident about (the rest escalates to the route as configured).
 *
 * @example rungsFor('support', routes.support, ['faq']).rungs.map((r) => r.name) // ['prompt', 'rag:handbook', 'rag:faq']
 */
export function rungsFor(name: string, route: RouteConfig | undefined, extraBases: readonly string[] = []): { rungs: Rung[]; missing: MissingRung[] } {
  if (!route) throw new SwitchyardError('not_found', `route "${name}" is not in the config; the ladder evaluates a configured route (see \`routes:\`)`);
  const rungs: Rung[] = [{ name: 'prompt', kind: 'prompt', overrides: { knowledge: null, local: false }, description: 'the route\'s model with the prompt alone' }];
  const missing: MissingRung[] = [];
  const bases = [...new Set([...(route.options.knowledge ? [route.options.knowledge.base] : []), ...extraBases])];
  for (const base of bases) rungs.push({ name: `rag:${base}`, kind: 'rag', overrides: { knowledge: { base }, local: false }, description: `the prompt with chunks retrieved from knowledge base "${base}"` });
  if (bases.length === 0) missing.push({ name: 'rag', reason: 'the route has no knowledge base (options.knowledge) and none was given with --kb' });
  if (route.options.task) {
    rungs.push({ name: 'local', kind: 'local', overrides: { knowledge: route.options.knowledge?.base ?? null, local: true }, description: 'the route\'s local task model, escalating what it is unsure of to the route' });
  } else {
    missing.push({ name: 'local', reason: 'the route has no local task model (options.task)' });
  }
  return { rungs, missing };
}
