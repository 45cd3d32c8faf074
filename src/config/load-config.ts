import { type AtMost, overLimit, readAtMostSync } from '../core/read-at-most.js';
import { SwitchyardError } from '../core/errors.js';
import { formatIssues } from '../core/format-issues.js';
import { suiteAsConfig } from '../core/swapped-file.js';
import { missingYamlFile, whyUnreadable } from '../core/missing-file.js';
import { decodeDataFile } from '../core/data-text.js';
import { interpolateEnv } from './interpolate-env.js';
import { z } from 'zod';
import { type Config, configSchema, serverSchema } from './schema.js';
import { validateReferences } from './validate-references.js';
import { validateModels, withNoModelsNote } from './validate-models.js';
import { validateRoutes } from './validate-routes.js';
import { routeSchema, type RoutesConfig } from './route-schema.js';
import { parseYamlDocument, yamlValue } from '../core/yaml-text.js';
import { yamlProblems } from './yaml-problems.js';
import { knownNames } from './known-names.js';
import { problemList } from './problem-list.js';

function invalid(source: string, problems: string[]): SwitchyardError {
  return new SwitchyardError('config_invalid', problemList(source, problems), { detail: problems });
}

/**
 * Parses and validates a configuration document (YAML text). Every problem is reported at once,
 * each naming its path, the bad value and what was expected.
 *
 * @example parseConfig('providers: {}\nmodels: {}', 'inline')
 */
export function parseConfig(text: string, source = 'config', env: Record<string, string | undefined> = process.env): Config {
  const raw = configRoot(text, source);
  const envErrors: string[] = [];
  const interpolated = interpolateEnv(raw, env, envErrors);
  const parsed = configSchema.safeParse(interpolated);
  const problems = parsed.success ? validateReferences(parsed.data) : [...formatIssues(parsed.error, interpolated, configSchema), ...referencesOfInvalid(interpolated)];
  if (envErrors.length > 0) throw invalid(source, [...envErrors, ...elsewhere(problems, envErrors)]);
  if (!parsed.success) {
    const swapped = suiteAsConfig(raw, source);
    if (swapped !== undefined) throw invalid(source, [swapped, ...problems]);
  }
  if (!parsed.success || problems.length > 0) throw invalid(source, problems);
  return parsed.data;
}

/** A config document's mapping of sections as written, before `${VAR}`s and the schema; its YAML problems are the error. */
function configRoot(text: string, source: string): Record<string, unknown> {
  const document = parseYamlDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) throw invalid(source, yamlProblems(text, document));
  if (document.contents === null) {
    throw invalid(source, ['the file is empty (or only comments): a config needs at least "providers" and "models" (see the README, Configuration; `serve` without --config uses the embedded default)']);
  }
  const read = yamlValue(document);
  if ('problem' in read) throw invalid(source, [read.problem]);
  const raw = read.value ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(source, ['(root): expected a mapping of sections (providers, models, keys, …)']);
  }
  return raw as Record<string, unknown>;
}

/**
 * The problems not at a path whose variable is unset. An unset variable reads as '' in the
 * checks, so its value's own complaint (an empty URL, a short key) would only repeat it; a typo
 * elsewhere is still listed, so a file is fixed in one pass, not variables first and then the rest.
 */
function elsewhere(problems: string[], envErrors: string[]): string[] {
  const marker = ': environment variable ';
  const blank = envErrors.filter((error) => error.includes(marker)).map((error) => `${error.slice(0, error.indexOf(marker))}: `);
  return problems.filter((problem) => !blank.some((path) => problem.startsWith(path)));
}

/**
 * Reference errors of a config whose shape is also wrong, so one pass reports both: targets
 * (models, fallbacks, load-balanced entries) that name an unknown provider, and the targets of
 * each route whose own shape is right that name no model or route. The full reference check
 * (keys' models, the cache's routes, …) needs a valid shape and runs once the shape is right.
 */
function referencesOfInvalid(raw: unknown): string[] {
  return [...providersOfInvalid(raw), ...routeTargetsOfInvalid(raw)];
}

/**
 * The routes' reference errors in a config with shape errors: each route that parses alone is
 * checked as `serve` checks it (its targets against every model and route the file names, whatever
 * their shape), so a `sticky: usr` on one route no longer hides a `target: claude-sonet-4-6` on
 * another until the next run. Nothing when `models:` is not a mapping: every target would read as unknown.
 */
function routeTargetsOfInvalid(raw: unknown): string[] {
  const config = mappingOf(raw);
  const models = config.models;
  if (models === null || typeof models !== 'object' || Array.isArray(models)) return [];
  const routes = mappingOf(config.routes);
  const sound: RoutesConfig = {};
  for (const [name, route] of Object.entries(routes)) {
    const parsed = routeSchema.safeParse(route);
    if (parsed.success) sound[name] = parsed.data;
  }
  return validateRoutes(sound, Object.keys(models), undefined, Object.keys(routes));
}

/** A value as a mapping of names: itself when it is one, else empty. */
function mappingOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Models, fallbacks and load-balanced entries of a config with shape errors that name an unknown provider. */
function providersOfInvalid(raw: unknown): string[] {
  const config = mappingOf(raw);
  const providers = Object.keys(mappingOf(config.providers));
  const known = knownNames(providers);
  const errors: string[] = [];
  const check = (path: string, target: unknown) => {
    const provider = mappingOf(target).provider;
    if (typeof provider === 'string' && !providers.includes(provider)) errors.push(`${path}.provider: unknown provider "${provider}" (${known})`);
  };
  for (const [name, model] of Object.entries(mappingOf(config.models))) {
    check(`models.${name}`, model);
    for (const list of ['fallbacks', 'loadbalance'] as const) {
      const targets = mappingOf(model)[list];
      if (Array.isArray(targets)) targets.forEach((target, i) => check(`models.${name}.${list}[${i}]`, target));
    }
  }
  return errors;
}

/**
 * The largest config file read: real ones are tens of kB (the examples under 20 kB). The YAML
 * library holds about 80 bytes per source byte while it parses, so a 50 MB file grew the process
 * past 4 GB and killed it after nearly five minutes; `/dev/zero` was read until memory ran out.
 */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads and validates a configuration file; the error says which file when it cannot be read. */
export function loadConfigFile(path: string, env?: Record<string, string | undefined>): Config {
  return parseConfig(readConfigText(path), path, env);
}

/** Where a config file says the gateway listens: `server.host` and `server.port`, with their defaults. */
export type ServerAddress = Pick<Config['server'], 'host' | 'port'>;

const addressSchema = z.object({ host: serverSchema.shape.host, port: serverSchema.shape.port });

/**
 * The gateway's address from a config file, for commands that only talk to the running gateway
 * (`providers`, `traces erase`): the `server` section is checked as `serve` checks it (a typo
 * `prot:` is an error, not port 4000), the rest of the file is not, and a variable unset in this
 * shell matters only in `server.host` or `server.port` (the others are the gateway's to set).
 * Loading the file whole stopped these commands on anything in it: examples/gateway.yaml without
 * $SWITCHYARD_METRICS_TOKEN, which only the gateway's shell needs.
 *
 * @example loadServerAddress('switchyard.yaml') // { host: '127.0.0.1', port: 8080 }
 */
export function loadServerAddress(path: string, env: Record<string, string | undefined> = process.env): ServerAddress {
  const { written } = checkedSections(path, ['server'], env, (error) => /^server\.(host|port): /.test(error));
  // Sound but for a variable unset outside the address, whose blank value the section refused.
  const server = written.server as Record<string, unknown> | undefined;
  return addressSchema.parse({ host: server?.host, port: server?.port });
}

/** A section of the config file, by its key. */
type Section = keyof typeof configSchema.shape & keyof Config;

/**
 * One section of a config file, checked as `serve` checks it, for a command that needs that
 * section alone (the store a report or a migration reads): the rest of the file is not checked,
 * so a variable only the gateway's shell sets elsewhere (examples/gateway.yaml's
 * $SWITCHYARD_METRICS_TOKEN) does not stop it, while one unset in the section itself does.
 *
 * @example loadConfigSection('switchyard.yaml', 'store') // { sqlite: 'switchyard.db' }
 */
export function loadConfigSection<K extends Section>(path: string, section: K, env: Record<string, string | undefined> = process.env): Config[K] {
  return loadConfigSections(path, [section], env)[section];
}

/**
 * Some sections of a config file, each checked as `serve` checks it (`loadConfigSection` for
 * several): the others are not read. A variable unset in them is an error unless `matters` says
 * it is not this command's (a provider's key, set only where the gateway runs).
 *
 * @example loadConfigSections('switchyard.yaml', ['monitoring']).monitoring.drift.alpha // 0.01
 */
export function loadConfigSections<K extends Section>(path: string, sections: readonly K[], env: Record<string, string | undefined> = process.env, matters: (envError: string) => boolean = () => true): Pick<Config, K> {
  const { parsed } = checkedSections(path, sections, env, matters);
  return parsed as Pick<Config, K>;
}

/** What a command that reads the config's routes gets of it: a route names models, a model providers. */
export type Routing = Pick<Config, 'models' | 'routes'>;

/** The sections that define the routes and what they name. */
const routingSchema = z.object({ models: configSchema.shape.models, routes: configSchema.shape.routes });

/**
 * The `models` and `routes` of a config file, for the commands that read routes without serving
 * them (`routes`, `models`, `local train`): checked as `serve` checks them, with the `providers`
 * they name and their references to each other (a model's provider, a route's targets), and
 * nothing else of the file. A provider's key unset in this shell is not an error: only the gateway
 * sends it (the problems of a value it left blank are dropped, as for every unset variable).
 *
 * @example loadRouting('gateway.yaml').routes['support-intent'].policy // 'cascade'
 */
export function loadRouting(path: string, env: Record<string, string | undefined> = process.env): Routing {
  const { written, parsed } = checkedSections(path, ['providers', 'models', 'routes'], env, (error) => !/^providers\.[^:]*: environment variable /.test(error));
  // Not parsed only where a provider's value was left blank by a variable this shell lacks.
  const { models, routes } = (parsed ?? routingSchema.parse(written)) as Routing;
  const providers = (written.providers ?? {}) as Record<string, unknown>;
  const problems = withNoModelsNote([...validateModels(models, providers), ...validateRoutes(routes, Object.keys(models))], models);
  if (problems.length > 0) throw invalid(path, problems);
  return { models, routes };
}

/**
 * Sections of a config file with their `${VAR}`s filled and checked by the config's schema; the
 * error lists their problems, and the unset variables that `matters` keeps (every problem of a
 * value left blank by an unset variable is dropped, as `parseConfig` drops it).
 */
function checkedSections(path: string, sections: readonly Section[], env: Record<string, string | undefined>, matters: (envError: string) => boolean, root?: Record<string, unknown>): { written: Record<string, unknown>; parsed: Record<string, unknown> | undefined } {
  const raw = root ?? readConfigRoot(path);
  const swapped = suiteAsConfig(raw, path);
  if (swapped !== undefined) throw invalid(path, [swapped]);
  const envErrors: string[] = [];
  const written = interpolateEnv(Object.fromEntries(sections.map((section) => [section, raw[section]])), env, envErrors) as Record<string, unknown>;
  const sectionsOnly = z.object(Object.fromEntries(sections.map((section) => [section, configSchema.shape[section]])));
  const result = sectionsOnly.safeParse(written);
  const problems = [...envErrors.filter(matters), ...elsewhere(result.success ? [] : formatIssues(result.error, written, sectionsOnly), envErrors)];
  if (problems.length > 0) throw invalid(path, problems);
  return { written, parsed: result.success ? (result.data as Record<string, unknown>) : undefined };
}

/** A config file's mapping of sections as written, before `${VAR}`s and the schema. */
export function readConfigRoot(path: string): Record<string, unknown> {
  return configRoot(readConfigText(path), path);
}

/**
 * Some sections of a config document already read (`readConfigRoot`), each checked as `serve`
 * checks it, every unset variable in them an error: for a command that leaves part of a section out first.
 */
export function configSectionsOf<K extends Section>(root: Record<string, unknown>, path: string, sections: readonly K[], env: Record<string, string | undefined> = process.env): Pick<Config, K> {
  return checkedSections(path, sections, env, () => true, root).parsed as Pick<Config, K>;
}

/** A config file's text, read and decoded; the error says which file and why. */
function readConfigText(path: string): string {
  let read: AtMost;
  try {
    read = readAtMostSync(path, MAX_CONFIG_BYTES);
  } catch (error) {
    throw new SwitchyardError('config_invalid', `cannot read config file ${path}: ${whyUnreadable(path, error, missingYamlFile)}`);
  }
  if ('over' in read) {
    throw new SwitchyardError('config_invalid', `config file ${path} is ${overLimit(read, MAX_CONFIG_BYTES, 'a config file')}: is it the right file? (real ones are tens of kB)`);
  }
  const bytes = read.bytes;
  let text: string;
  try {
    // A Latin-1 byte was read as U+FFFD into a key or a URL, a UTF-16 file as "expected a mapping".
    text = decodeDataFile(bytes, path);
  } catch (error) {
    throw invalid(path, [(error as Error).message.slice(path.length + 1).trimStart().replace(/^(\d+): /, 'line $1: ')]);
  }
  return text;
}
