import { formatPath } from '../core/format-issues.js';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string value of a parsed YAML document.
 * Done on values, not on the raw text, so a secret containing YAML syntax cannot change the
 * document's structure. Missing variables are collected as errors naming the path, and so is
 * `${…}` in a mapping key, which is a name and is not replaced.
 *
 * @example interpolateEnv({ api_key: '${OPENAI_API_KEY}' }, process.env, errors)
 */
export function interpolateEnv(
  value: unknown,
  env: Record<string, string | undefined>,
  errors: string[],
  path: PropertyKey[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (whole, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      // Read-only commands check the sections they read too, so the fix is said for them as well.
      errors.push(`${formatPath(path)}: environment variable ${name} is not set (used as ${whole}): export ${name}=… in this shell first, or write \${${name}:-default} in the file`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => interpolateEnv(item, env, errors, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // A name is not replaced (`${MODEL}: { … }` made a model called "${MODEL}" without a word): said, not guessed.
      const written = key.match(PLACEHOLDER);
      if (written) errors.push(`${formatPath([...path, key])}: ${written.join(' and ')} in a name is not replaced: variables are read in values only, so write the name itself here (the value below it may hold \${…})`);
      out[key] = interpolateEnv(item, env, errors, [...path, key]);
    }
    return out;
  }
  return value;
}
