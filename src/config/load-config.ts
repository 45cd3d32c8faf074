import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { SwitchyardError } from '../core/errors.js';
import { formatIssues } from '../core/format-issues.js';
import { interpolateEnv } from './interpolate-env.js';
import { type Config, configSchema } from './schema.js';
import { validateReferences } from './validate-references.js';

function invalid(source: string, problems: string[]): SwitchyardError {
  const list = problems.map((p) => `  - ${p}`).join('\n');
  return new SwitchyardError('config_invalid', `invalid config ${source}:\n${list}`, { detail: problems });
}

/**
 * Parses and validates a configuration document (YAML text). Every problem is reported at once,
 * each naming its path, the bad value and what was expected.
 *
 * @example parseConfig('providers: {}\nmodels: {}', 'inline')
 */
export function parseConfig(text: string, source = 'config', env: Record<string, string | undefined> = process.env): Config {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw invalid(source, document.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`));
  }
  const raw = document.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(source, ['(root): expected a mapping of sections (providers, models, keys, …)']);
  }
  const envErrors: string[] = [];
  const interpolated = interpolateEnv(raw, env, envErrors);
  if (envErrors.length > 0) throw invalid(source, envErrors);
  const parsed = configSchema.safeParse(interpolated);
  if (!parsed.success) throw invalid(source, formatIssues(parsed.error, interpolated));
  const referenceErrors = validateReferences(parsed.data);
  if (referenceErrors.length > 0) throw invalid(source, referenceErrors);
  return parsed.data;
}

/** Reads and validates a configuration file; the error says which file when it cannot be read. */
export function loadConfigFile(path: string, env?: Record<string, string | undefined>): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SwitchyardError('config_invalid', `cannot read config file ${path}: ${(error as Error).message}`);
  }
  return parseConfig(text, path, env);
}
