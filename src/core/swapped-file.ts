import { CLI } from './cli-command.js';

/**
 * A YAML file given in the other's place: an eval suite as `--config`, or a gateway config as the
 * suite. Both have their own top-level fields, so the file says which it is; the schema alone
 * listed them as five unknown fields (or three missing ones) and left the swap to be guessed.
 */

const SUITE_FIELDS = ['dataset', 'variants', 'scorers'] as const;
const CONFIG_FIELDS = ['providers', 'models', 'routes', 'keys', 'server'] as const;

function fieldsOf(raw: unknown): Set<string> {
  return new Set(raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? Object.keys(raw) : []);
}

/**
 * The first line for a config that is an eval suite, or undefined.
 * @example suiteAsConfig({ dataset: 'd.jsonl', variants: {}, scorers: [] }, 'suite.yaml') // 'suite.yaml is an eval suite (dataset, variants, scorers), not a gateway config: …'
 */
export function suiteAsConfig(raw: unknown, source: string): string | undefined {
  const fields = fieldsOf(raw);
  const suite = SUITE_FIELDS.filter((f) => fields.has(f));
  if (suite.length < 2 || CONFIG_FIELDS.some((f) => fields.has(f))) return undefined;
  return `${source} is an eval suite (${suite.join(', ')}), not a gateway config: run it with ${CLI} eval run ${source} --config GATEWAY.yaml (e.g. examples/switchyard.sim.yaml)`;
}

/**
 * The first line for a suite that is a gateway config, or undefined.
 * @example configAsSuite({ providers: {}, models: {} }, 'gw.yaml') // 'gw.yaml is a gateway config (providers, models), not an eval suite: …'
 */
export function configAsSuite(raw: unknown, source: string): string | undefined {
  const fields = fieldsOf(raw);
  const config = CONFIG_FIELDS.filter((f) => fields.has(f));
  if (config.length === 0 || SUITE_FIELDS.some((f) => fields.has(f))) return undefined;
  return `${source} is a gateway config (${config.join(', ')}), not an eval suite: give it as --config ${source}, and the suite (e.g. examples/support-suite.yaml) as the first argument`;
}
