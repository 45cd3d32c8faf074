import type { Config } from './schema.js';
import { type DidYouMean, knownNames, knownOnce, suggestions } from './known-names.js';

/**
 * Checks that monitoring's rules name things that exist: routes (models or routes), keys, teams,
 * webhooks; and that rule names are unique, so alert history stays attributable.
 *
 * @example validateMonitoring(config) // ['monitoring.alerts[0].route: unknown model or route "suport" (did you mean "support"?) (known: support)']
 */
export function validateMonitoring(config: Config, suggest: DidYouMean = suggestions()): string[] {
  const errors: string[] = [];
  const monitoring = config.monitoring;
  const routes = [...Object.keys(config.models), ...Object.keys(config.routes)];
  const routeSet = new Set(routes);
  const knownRoutes = knownOnce(() => routes);
  const checkRoute = (path: string, route: string | undefined) => {
    if (route !== undefined && !routeSet.has(route)) errors.push(`${path}: unknown model or route "${route}"${suggest(route, routes)} (${knownRoutes()})`);
  };
  const webhooks = Object.keys(monitoring.webhooks);
  const knownWebhooks = knownOnce(() => webhooks);
  const keys = config.keys.map((k) => k.name);
  const keySet = new Set(keys);
  const knownKeys = knownOnce(() => keys);
  const teams = [...new Set([...config.keys.flatMap((k) => (k.team ? [k.team] : [])), ...config.teams.map((t) => t.name)])];
  const teamSet = new Set(teams);
  const knownTeams = knownOnce(() => teams);
  const budgetOf = (rule: { key?: string; team?: string }) =>
    (rule.key !== undefined ? config.keys.find((k) => k.name === rule.key)?.budget : undefined) ?? (rule.team !== undefined ? config.teams.find((t) => t.name === rule.team)?.budget : undefined);
  const names = new Set<string>();
  monitoring.alerts.forEach((rule, i) => {
    const path = `monitoring.alerts[${i}]`;
    if (names.has(rule.name)) errors.push(`${path}.name: duplicate rule name "${rule.name}"`);
    names.add(rule.name);
    checkRoute(`${path}.route`, rule.route);
    if (rule.key !== undefined && !keySet.has(rule.key)) errors.push(`${path}.key: unknown key name "${rule.key}"${suggest(rule.key, keys)} (${knownKeys()})`);
    if (rule.team !== undefined && !teamSet.has(rule.team)) errors.push(`${path}.team: unknown team "${rule.team}"${suggest(rule.team, teams)} (${knownTeams()})`);
    if (rule.metric === 'budget_burn_rate' && (rule.key !== undefined || rule.team !== undefined)) {
      const budget = budgetOf(rule);
      if (!budget || budget.period === 'total') errors.push(`${path}.metric: budget_burn_rate needs a key or team with a daily or monthly budget; ${rule.key ?? rule.team} has ${budget ? 'a total budget (no period to pace against)' : 'none'}`);
    } else if (rule.metric === 'budget_burn_rate') {
      errors.push(`${path}.metric: budget_burn_rate needs "key" or "team" naming whose budget it watches`);
    }
    if (rule.metric === 'trace_backlog' && (rule.route ?? rule.key ?? rule.team) !== undefined) errors.push(`${path}: trace_backlog is the whole writer's, so it takes no route, key or team`);
    rule.notify?.forEach((hook, j) => {
      if (!Object.hasOwn(monitoring.webhooks, hook)) errors.push(`${path}.notify[${j}]: unknown webhook "${hook}"${suggest(hook, webhooks)} (${knownWebhooks()})`);
    });
  });
  monitoring.online_eval.forEach((entry, i) => checkRoute(`monitoring.online_eval[${i}].route`, entry.route));
  const embeddingModel = monitoring.topics.embedding_model;
  if (embeddingModel !== undefined && !Object.hasOwn(config.models, embeddingModel)) {
    const models = Object.keys(config.models);
    errors.push(`monitoring.topics.embedding_model: unknown model "${embeddingModel}"${suggest(embeddingModel, models)} (${knownNames(models)})`);
  }
  return errors;
}
