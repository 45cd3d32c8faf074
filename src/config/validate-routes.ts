import { quoteClipped } from '../core/clip.js';
import { type DidYouMean, nameList, suggestions } from './known-names.js';
import { ROUTE_NAME, type RouteConfig, type RoutesConfig } from './route-schema.js';

/** A name a route sends requests to, with where in the config it was written. */
export interface RouteReference {
  /** Path below the route, e.g. `rules[0].target`. */
  path: string;
  name: string;
}

/**
 * Every model or route name a route can send a request to (the judge of a cascade included: its
 * call is routed too, so it can close a loop).
 *
 * @example routeReferences({ policy: 'learned', cheap: 'small', strong: 'big', … }) // [{ path: 'cheap', name: 'small' }, { path: 'strong', name: 'big' }]
 */
export function routeReferences(route: RouteConfig): RouteReference[] {
  switch (route.policy) {
    case 'static':
      return [{ path: 'target', name: route.target }];
    case 'conditional':
      return [...route.rules.map((rule, i) => ({ path: `rules[${i}].target`, name: rule.target })), { path: 'default', name: route.default }];
    case 'split':
      return route.arms.map((arm, i) => ({ path: `arms[${i}].target`, name: arm.target }));
    case 'cascade': {
      const refs = route.targets.map((name, i) => ({ path: `targets[${i}]`, name }));
      if (route.escalate_on.judge) refs.push({ path: 'escalate_on.judge.model', name: route.escalate_on.judge.model });
      return refs;
    }
    case 'learned':
      return [
        { path: 'cheap', name: route.cheap },
        { path: 'strong', name: route.strong },
      ];
  }
}

/**
 * A name in parentheses: route reports keep such names for the gateway's own branches
 * (`GATEWAY_BRANCH` in monitor/rollup.ts: `(local)`, `(cache)`, …), as metrics keep `(other)`.
 * Route names cannot be written so (`ROUTE_NAME`); a model that a route targets may not be either.
 */
function isBracketed(name: string): boolean {
  return name.startsWith('(') && name.endsWith(')');
}

/** At most 20 names: each unknown target of thousands listed every route (60 MB for 3,000). */
function list(names: Iterable<string>): string {
  return nameList(names) || 'none';
}

/**
 * Checks what the schema cannot: that every target names a configured model or route, that no
 * route shadows a model, that no target is named as the gateway's own branches are (in
 * parentheses), that cascades and learned routes have distinct targets, and that nested routes
 * never loop. One line per problem, each starting with its path, in the style of
 * `validateReferences`.
 *
 * @example validateRoutes({ a: { policy: 'split', arms: [{ target: 'b', weight: 1 }], … }, b: { … target: 'a' … } }, ['small'])
 * // ['routes.a → routes.b → routes.a: routing loop; a route may not reach itself']
 */
export function validateRoutes(routes: RoutesConfig, modelNames: readonly string[], suggest: DidYouMean = suggestions(), routeNames: readonly string[] = Object.keys(routes)): string[] {
  const errors: string[] = [];
  const models = new Set(modelNames);
  // Every route the file names, where `routes` holds only those whose shape is right (a file
  // with shape errors): a target naming a route of the wrong shape is still a route.
  const named = new Set(routeNames);
  const targets = [...models, ...routeNames];
  const known = `models: ${list(models)}; routes: ${list(routeNames)}`;
  // `target: smal` names the model a typo most likely meant, as unknown fields do.
  const unknownTarget = (name: string) => `unknown target "${name}"${suggest(name, targets)} (${known})`;

  for (const [name, route] of Object.entries(routes)) {
    const at = `routes.${name}`;
    if (!ROUTE_NAME.test(name)) {
      errors.push(`routes: route name ${quoteClipped(name, 140)} must be 1–128 letters, digits or . _ : / @ - (it goes into headers and traces)`);
      continue;
    }
    if (models.has(name)) errors.push(`${at}: "${name}" is already a model name; give the route a name of its own`);
    const seen = new Map<string, string>();
    for (const ref of routeReferences(route)) {
      if (!models.has(ref.name) && !named.has(ref.name)) errors.push(`${at}.${ref.path}: ${unknownTarget(ref.name)}`);
      // A cascade's judge is called by the route, never a branch of it.
      else if (isBracketed(ref.name) && !ref.path.startsWith('escalate_on')) errors.push(`${at}.${ref.path}: "${ref.name}" is written in parentheses, as route reports name the gateway's own branches ((local) for a local model's answers, (cache), (shadow), (failed), (judge)), so its calls could not be told from those; rename model "${ref.name}" (e.g. "${ref.name.slice(1, -1) || 'model'}") under models: and here`);
      if (route.policy === 'cascade' && ref.path.startsWith('targets[')) {
        const first = seen.get(ref.name);
        if (first !== undefined) errors.push(`${at}.${ref.path}: "${ref.name}" is already ${first}; escalating to the same target cannot improve the answer`);
        else seen.set(ref.name, ref.path);
      }
    }
    const knowledge = route.options.knowledge;
    if (knowledge?.embed_model !== undefined && !models.has(knowledge.embed_model)) errors.push(`${at}.options.knowledge.embed_model: unknown model "${knowledge.embed_model}" (models: ${list(models)})`);
    const reranker = knowledge?.rerank?.model;
    if (reranker !== undefined && !models.has(reranker) && !named.has(reranker)) errors.push(`${at}.options.knowledge.rerank.model: ${unknownTarget(reranker)}`);
    const judge = knowledge?.groundedness.judge;
    if (judge !== undefined && !models.has(judge) && !named.has(judge)) errors.push(`${at}.options.knowledge.groundedness.judge: ${unknownTarget(judge)}`);
    if (route.policy === 'learned' && route.cheap === route.strong) errors.push(`${at}.strong: the same target as "cheap" ("${route.cheap}"); a learned route chooses between two targets`);
  }
  errors.push(...loopErrors(routes));
  return errors;
}

/** Loops named in full; past these, one line counts the rest (each loop's walk is as long as the loop). */
const MAX_LOOPS_NAMED = 50;
/** Routes named along one loop: a loop through 20,000 routes was one line of 309,000 characters. */
const LOOP_NAMES_SHOWN = 10;

/**
 * A loop as its error line names it: every route when it is short, else the first ones, how many
 * between, and the last (so the line stays a line for a loop through thousands of routes).
 *
 * @example loopPath(['a', 'b', 'a']) // 'routes.a → routes.b → routes.a'
 */
function loopPath(names: readonly string[]): string {
  const shown = names.length <= LOOP_NAMES_SHOWN + 2 ? names : [...names.slice(0, LOOP_NAMES_SHOWN), `… (${(names.length - LOOP_NAMES_SHOWN - 2).toLocaleString('en-US')} more routes)`, names[names.length - 2] as string, names[names.length - 1] as string];
  return shown.map((n) => (n.startsWith('… (') ? n : `routes.${n}`)).join(' → ');
}

/** The routing loops' error lines: each of the first {@link MAX_LOOPS_NAMED} along its path, then how many more. */
function loopErrors(routes: RoutesConfig): string[] {
  const { loops, more } = findCycles(routes);
  const lines = loops.map((loop) => `${loopPath(loop)}: routing loop; a route may not reach itself`);
  if (more > 0) lines.push(`routes: ${more.toLocaleString('en-US')} more routing loop${more === 1 ? '' : 's'} past these ${MAX_LOOPS_NAMED}; a route may not reach itself`);
  return lines;
}

/**
 * Each distinct loop among routes once, as the names along it with the first repeated at the end,
 * rotated to start at its alphabetically first route so the message is stable: the first
 * {@link MAX_LOOPS_NAMED} found, and how many more. Depth-first with an explicit stack, so a long
 * chain of nested routes cannot overflow the call stack, and in time linear in routes and targets:
 * each route's place on the walk's path is kept (a loop found was a scan of the path and a copy of
 * it, kept whole: 5,000 routes each naming the first, 14 s and 781 MB to say 5,000 loops).
 */
function findCycles(routes: RoutesConfig): { loops: string[][]; more: number } {
  const state = new Map<string, 'open' | 'done'>();
  /** Where each open route is on the path. */
  const onPath = new Map<string, number>();
  /** A loop is its closing step (a route naming a route on the path): one naming it twice (two arms) is one loop. */
  const closing = new Set<string>();
  const loops: string[][] = [];
  let more = 0;
  const targetsOf = (name: string) => {
    const route = routes[name];
    return route ? routeReferences(route).map((r) => r.name).filter((n) => Object.hasOwn(routes, n)) : [];
  };

  for (const root of Object.keys(routes).sort()) {
    if (state.has(root)) continue;
    const path: { name: string; next: string[]; at: number }[] = [{ name: root, next: targetsOf(root), at: 0 }];
    state.set(root, 'open');
    onPath.set(root, 0);
    while (path.length > 0) {
      const top = path[path.length - 1] as { name: string; next: string[]; at: number };
      const target = top.next[top.at++];
      if (target === undefined) {
        state.set(top.name, 'done');
        onPath.delete(top.name);
        path.pop();
        continue;
      }
      const mark = state.get(target);
      if (mark === undefined) {
        state.set(target, 'open');
        onPath.set(target, path.length);
        path.push({ name: target, next: targetsOf(target), at: 0 });
      } else if (mark === 'open') {
        const step = `${top.name}\u0000${target}`;
        if (closing.has(step)) continue;
        closing.add(step);
        if (loops.length >= MAX_LOOPS_NAMED) {
          more++;
          continue;
        }
        const loop = path.slice(onPath.get(target) as number).map((p) => p.name);
        let start = 0;
        for (let i = 1; i < loop.length; i++) if ((loop[i] as string) < (loop[start] as string)) start = i;
        const rotated = [...loop.slice(start), ...loop.slice(0, start)];
        loops.push([...rotated, rotated[0] as string]);
      }
    }
  }
  return { loops, more };
}
