import { quoteClipped } from '../core/clip.js';
import { embeddedDefault, needsSimulator } from '../config/embedded-default.js';
import { unservedWithoutConfig } from './beyond-built-ins.js';
import { loadConfigFile } from '../config/load-config.js';
import { unmatchedGuardrailNames } from '../config/validate-guardrails.js';
import type { Config } from '../config/schema.js';
import { SwitchyardError } from '../core/errors.js';
import { limitHeapGrowth } from '../core/heap-growth.js';
import { gcOnOwnThreadOnOneCore } from '../core/one-core-gc.js';
import { countOf } from '../core/plural.js';
import { redactUrl, startServer } from '../server.js';
import { lookupPrice } from '../tokens/price-table.js';
import { CLI } from '../core/cli-command.js';
import { watchParent } from './parent-watch.js';
import { closedOrStoreDown } from './shutdown-store-wait.js';
import { envLogFormat, type LogFormat, logSettings, serverLog } from './server-log.js';
import { reportStartFailure } from './start-failure.js';
import type { Log } from '../core/log.js';
import type { LocalRouteStatus } from '../local/serving/local-route.js';
import { STARTED_BY_NPM, STARTED_BY_PID } from './started-by.js';
import { numberInRange } from '../core/number-flag.js';
import { exitWhenFlushed } from '../core/exit-when-flushed.js';
import { missingBasesNotes } from '../gateway/knowledge/missing-bases-note.js';
import { groundedBases } from '../compose/cache-stage.js';

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = numberInRange(value, { min: 0, max: 65_535, integer: true });
  if (port === undefined) throw new SwitchyardError('config_invalid', `--port must be an integer from 0 to 65535, got ${quoteClipped(value)}`);
  return port;
}

/**
 * Starts the gateway, prints where to point an SDK, and shuts down cleanly on SIGTERM/SIGINT or
 * when the process that started it exits. A failure before it listens (`usage`: the command's
 * own words refused) is written in the log's format as far as it is known by then: the
 * environment's from the outset, the config file's once it parsed (start-failure.ts).
 */
export async function serve(flags: { config?: string; port?: string; host?: string }, usage?: SwitchyardError): Promise<void> {
  // An unknown value is refused here, by name, as text: no format is known to say it in.
  let format = envLogFormat(process.env);
  try {
    if (usage) throw usage;
    await start(flags, (known) => (format = known));
  } catch (error) {
    throw reportStartFailure(error, format);
  }
}

async function start(flags: { config?: string; port?: string; host?: string }, formatKnown: (format: LogFormat) => void): Promise<void> {
  const port = parsePort(flags.port);
  // Pinned to one core, V8's GC helper threads only wait for the event loop's core (one-core-gc.ts).
  gcOnOwnThreadOnOneCore();
  // Under load V8 let the old space grow to 2-4x what was alive between full collections (heap-growth.ts).
  limitHeapGrowth();
  let config: Config;
  let stopSimulator: (() => Promise<void>) | undefined;
  const found: string[] = [];
  // Without a config: with some providers' keys only, the others' built-in names get a 404 saying
  // which key serves them; a priced model beyond the built-in ones, one saying a config serves it.
  let unservedModels: ReadonlyMap<string, string> = new Map();
  if (flags.config) {
    config = loadConfigFile(flags.config);
    found.push(`config ${flags.config}`);
    const unused = unusedPortNote(process.env.PORT, flags.port);
    if (unused) found.push(unused);
  } else if (needsSimulator(process.env)) {
    const { startSimulator } = await import('../simulate/simulator.js');
    const simulator = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 150, tokensPerSecond: 80, latencyMs: 300 });
    stopSimulator = () => simulator.close();
    config = embeddedDefault(process.env, simulator);
    unservedModels = unservedWithoutConfig(process.env, Object.keys(config.models));
    found.push('no OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY: answers come from the built-in SIMULATED provider (not a real model)');
  } else {
    config = embeddedDefault(process.env);
    unservedModels = unservedWithoutConfig(process.env, Object.keys(config.models));
    if (process.env.OPENAI_API_KEY) found.push('OPENAI_API_KEY: OpenAI models');
    if (process.env.ANTHROPIC_API_KEY) found.push('ANTHROPIC_API_KEY: Anthropic models');
    if (process.env.GEMINI_API_KEY) found.push('GEMINI_API_KEY: Gemini models');
  }

  const settings = logSettings(config.server, process.env);
  formatKnown(settings.format);
  const log = serverLog(settings);
  logCrashes(log);
  const running = await startServer(config, { port, host: flags.host, log, unservedModels });
  // Before the banner: whoever waits for "listening on" may signal at once, and a SIGTERM that
  // lands between the banner's write and these handlers would kill the process with no shutdown
  // (its queued traces unwritten). Until here the default action stands, so a start that hangs
  // (an unreachable PostgreSQL) still ends on SIGTERM.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing in-flight requests and writing traces…`, { component: 'shutdown' });
    const gaveUp = await closedOrStoreDown(running.close(), running.traces, config.server.shutdown_timeout_ms);
    if (gaveUp) {
      log(gaveUp, { level: 'error', component: 'shutdown', traces_lost: running.traces.unstored });
      return exitWhenFlushed(1);
    }
    await stopSimulator?.();
    log(`stopped; ${countOf(running.traces.totalWritten, 'trace')} written`, { component: 'shutdown', traces_written: running.traces.totalWritten });
    exitWhenFlushed(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // npm killed on its own (npx's PID) does not signal the gateway: it stops with npm's shell instead.
  if (STARTED_BY_NPM) watchParent((was, now) => void stop(`parent process ${was} exited (this process now belongs to ${now}; the gateway stops with what started it)`), { startedBy: STARTED_BY_PID });
  const runtime = running.keys.runtimeCount;
  const keys = running.keys.open
    ? `none configured: any key is accepted (open gateway on this address) until one is created (${CLI} keys create)`
    : `${config.keys.length} in the config file, ${runtime} created at runtime`;
  const banner = [
    `Switchyard gateway listening on ${running.url}`,
    `  OpenAI SDK:     baseURL ${running.url}/v1`,
    `  Anthropic SDK:  baseURL ${running.url}`,
    `  Gemini SDK:     httpOptions.baseUrl ${running.url}`,
    `  found:          ${found.join('; ')}`,
    `  models:         ${modelsLine(config, flags.config)}`,
    ...routesLine(config),
    ...localModelsLine([...running.locals.values()].map((local) => local.status())),
    `  keys:           ${keys}`,
    `  traces:         ${running.stores.backend} ${running.stores.location} (${CLI} traces)`,
    // Replicas on one store tell their calls apart by it: the default (host-pid) is seen first here, not on a trace.
    `  replica:        ${running.replica} (on each trace; ${CLI} traces --replica ${running.replica}; $SWITCHYARD_REPLICA names it)`,
    `  limits:         ${limitsLine(config)}`,
    ...cacheLines(config),
    `  dashboard:      ${running.url}/ (${dashboardAccess(config, running.url)})`,
  ];
  // The banner is the signal that the gateway serves, so no level hides it; in JSON it is one
  // event on stdout as the text is, its labelled lines as fields.
  if (settings.format === 'json') serverLog({ format: 'json', level: 'debug' }, (text) => process.stdout.write(text))(banner[0] as string, { component: 'serve', url: running.url, ...bannerFields(banner.slice(1)) });
  else console.log(banner.join('\n'));
  const keyNames = running.keys.all.map((k) => k.name);
  const teamNames = [...new Set([...running.keys.teams.map((t) => t.name), ...running.keys.all.flatMap((k) => (k.team ? [k.team] : []))])];
  const unmatched = unmatchedGuardrailNames(config.guardrails.apply, keyNames, teamNames);
  if (unmatched) log(`note: ${unmatched}`, { level: 'warn', component: 'guardrails' });
  const unpriced = unpricedModelsNote(config);
  if (unpriced) log(`note: ${unpriced}`, { level: 'warn', component: 'limits' });
  for (const note of await missingBasesNotes(groundedBases(config.routes), running.knowledge)) log(`note: ${note}`, { level: 'warn', component: 'knowledge' });

}

/**
 * A throw nothing caught, or a promise rejected with no handler, still ends the process (exit 1,
 * as Node would: its state is unknown), but as one event of the log in its format, where Node
 * printed the stack over many lines a pipeline splits into events and cannot parse as JSON.
 */
function logCrashes(log: Log): void {
  process.on('uncaughtException', (error, origin) => {
    log(origin === 'unhandledRejection' ? 'stopping: a promise was rejected and nothing handled it' : 'stopping: an exception nothing caught', { level: 'error', component: 'serve', error });
    exitWhenFlushed(1);
  });
}

/**
 * The banner's `  label:   value` lines as fields named after their labels.
 *
 * @example bannerFields(['  OpenAI SDK:     baseURL http://127.0.0.1:4000/v1']) // { openai_sdk: 'baseURL http://127.0.0.1:4000/v1' }
 */
export function bannerFields(lines: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of lines) {
    const match = /^\s*([^:]+):\s+(.*)$/.exec(line);
    if (match) fields[(match[1] as string).trim().toLowerCase().replace(/\W+/g, '_')] = match[2] as string;
  }
  return fields;
}

/**
 * PORT is read only without a config (see `serve --help`); with one, server.port or --port decide.
 * A platform that sets PORT (and a newcomer who copies `PORT=8080 switchyard serve`) is told so
 * on the banner, not left to find the gateway on another port.
 *
 * @example unusedPortNote('8080', undefined) // 'PORT=8080 is not used with a config file: server.port or --port set the port (--port 8080)'
 */
export function unusedPortNote(envPort: string | undefined, flagPort: string | undefined): string | undefined {
  if (envPort === undefined || envPort.trim() === '' || flagPort !== undefined) return undefined;
  return `PORT=${envPort} is not used with a config file: server.port or --port set the port (--port ${envPort})`;
}

/** Where rate limits and budgets are kept: an operator starting replicas checks they share one Redis and prefix. */
export function limitsLine(config: Config): string {
  const { limits } = config;
  if (limits.store === 'memory') return 'memory (this process only; limits.store: redis to share them between replicas)';
  return `redis ${redactUrl(limits.redis_url)} prefix ${limits.redis_prefix}, on_error ${limits.on_error} (${limits.on_error === 'open' ? 'served without limits' : 'refused with 503'} while Redis is unreachable)`;
}

/**
 * Where cached answers are kept, once some name is cached: replicas share them only in Redis,
 * and an operator checks its prefix is the cache's own (the config refuses one that begins the
 * limits' keys). No line when nothing is cached, as no store is opened then.
 *
 * @example cacheLines(config) // ['  cache:          redis redis://127.0.0.1:6379 prefix sy:cache: (small)']
 */
export function cacheLines(config: Config): string[] {
  const { cache } = config;
  const names = Object.keys(cache.routes);
  if (names.length === 0) return [];
  const where =
    cache.store === 'redis' ? `redis ${redactUrl(cache.redis_url)} prefix ${cache.redis_prefix}` : cache.store === 'sqlite' ? `sqlite ${cache.sqlite_path} (this process only)` : 'memory (this process only; cache.store: redis to share answers between replicas)';
  return [`  cache:          ${where} for ${names.join(', ')}`];
}

function modelsLine(config: Config, file: string | undefined): string {
  const models = Object.keys(config.models);
  if (models.length > 0) return models.join(', ');
  if (Object.keys(config.routes).length > 0) return 'none besides the routes';
  // Every call would be a 404: say so now rather than on the first request.
  return `none: ${file ?? 'the config'} names no models or routes, so every call is answered 404; add providers: and models: (README, "Configuration"; examples/switchyard.sim.yaml fronts the simulator)`;
}

/**
 * The routes on a line of their own: listed among the models, `support` read as a model of that name.
 *
 * @example routesLine(config) // ['  routes:         support, extract (names clients call; each picks a model per request)']
 */
function routesLine(config: Config): string[] {
  const routes = Object.keys(config.routes);
  return routes.length === 0 ? [] : [`  routes:         ${routes.join(', ')} (names clients call; each picks a model per request)`];
}

/**
 * What each route's local model serves as the gateway starts: the live version, or why none is
 * (its examples still gathering, a demotion): a route that was expected to answer locally and
 * escalates everything is seen at once, not in the traces.
 *
 * @example localModelsLine([{ route: 'support-intent', live: { version: 3, metrics }, waiting: null, … }]) // ['  local models:   support-intent v3 live (held-out precision 97.1% at 85.0% coverage)']
 */
export function localModelsLine(statuses: readonly Pick<LocalRouteStatus, 'route' | 'live' | 'waiting'>[]): string[] {
  if (statuses.length === 0) return [];
  const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
  const each = statuses.map(({ route, live, waiting }) =>
    live ? `${route} v${live.version} live (held-out precision ${percent(live.metrics.precision)} at ${percent(live.metrics.coverage)} coverage)` : `${route} none live: every request escalates (${waiting ?? 'no live version'})`,
  );
  return [`  local models:   ${each.join('; ')}`];
}

function dashboardAccess(config: Config, url: string): string {
  if (config.server.admin_key) return 'sign in with server.admin_key';
  const loopback = /\/\/(127\.|\[::1\]|localhost)/.test(url);
  return loopback ? 'open: no server.admin_key, loopback only' : 'admin API off: set server.admin_key to use it beyond loopback';
}

/**
 * The config's upstream models with no price (none on the target or model, none in the built-in
 * table): their calls are booked at $0, so keys with a budget are refused them (or, with
 * `limits.unpriced: allow`, no budget stops them). Said at startup, where the operator who set a
 * budget can still add one, not found later in a cost report.
 *
 * @example unpricedModelsNote(config) // 'no price for my-vllm-model (models.local): their calls are booked at $0 and keys with a dollar budget are refused them (limits.unpriced: refuse); set price: { input_per_mtok, output_per_mtok } on the model'
 */
export function unpricedModelsNote(config: Config): string | undefined {
  const unpriced = new Map<string, string[]>();
  for (const [name, model] of Object.entries(config.models)) {
    const targets = model.fallbacks ?? model.loadbalance ?? (model.model ? [{ model: model.model, price: undefined }] : []);
    for (const target of targets) {
      if (target.price ?? model.price ?? lookupPrice(target.model)) continue;
      unpriced.set(target.model, [...(unpriced.get(target.model) ?? []), `models.${name}`]);
    }
  }
  if (unpriced.size === 0) return undefined;
  const listed = [...unpriced].slice(0, LISTED_UNPRICED).map(([upstream, where]) => `${upstream} (${where.slice(0, 3).join(', ')}${where.length > 3 ? ', …' : ''})`);
  const more = unpriced.size > LISTED_UNPRICED ? ` and ${unpriced.size - LISTED_UNPRICED} more` : '';
  const budgets =
    config.limits.unpriced === 'allow'
      ? 'no dollar budget limits them (limits.unpriced: allow)'
      : 'keys with a dollar budget are refused them (limits.unpriced: refuse)';
  return `no price for ${listed.join(', ')}${more}: their calls are booked at $0 and ${budgets}; set price: { input_per_mtok, output_per_mtok } on the model`;
}

const LISTED_UNPRICED = 5;
