import { quoteClipped } from '../core/clip.js';
import { assertEnoughRequests } from '../loadtest/minimum-run.js';
import { unpricedModel } from '../core/unpriced.js';
import { embeddedDefault } from '../config/embedded-default.js';
import { loadConfigFile } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { countOf } from '../core/plural.js';
import { closestName, describeValue } from '../core/format-issues.js';
import { numberFlag } from '../core/number-flag.js';
import { SwitchyardError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { TraceRecord, TraceSelection } from '../core/trace.js';
import type { Stores } from '../store/stores.js';
import { type ArrivalProcess, timerDuration } from '../loadtest/arrivals.js';
import { buildReport, type LoadReport, type TraceFacts } from '../loadtest/load-report.js';
import { type LoadProgress, runLoad } from '../loadtest/run-load.js';
import { builtInRequests, type LoadRequest, prepare, requestsFromItems, requestsFromTraces } from '../loadtest/workload.js';
import { adminWriteHeaders } from './admin-write-headers.js';
import { unservedModel } from './unserved-model.js';
import { printLoadReport } from './loadtest-output.js';
import { withStores } from './open-cli-stores.js';
import { datasetOfArgument, isDatasetFileArgument } from '../evals/datasets/dataset-argument.js';
import { assertSwitchyardGateway } from '../core/gateway-probe.js';
import { newSecret } from '../limits/manage-keys.js';
import { CLI } from '../core/cli-command.js';
import { checkOutPath, writeOutFile } from '../core/out-file.js';

/** The name of the key an in-process run brings when none was given (its traces carry it). */
const RUN_KEY_NAME = 'loadtest-in-process';

export interface LoadtestFlags {
  /** Optional with `--from-traces model=NAME`, which names it. */
  model?: string;
  rps: string;
  duration: string;
  fromTraces?: string;
  dataset?: string;
  config?: string;
  gateway?: string;
  apiKey?: string;
  adminKey?: string;
  db?: string;
  stream: boolean;
  maxTokens: string;
  arrivals: string;
  users?: string;
  perUser: string;
  maxInFlight: string;
  timeout: string;
  json?: boolean;
  out?: string;
}

/** Where the load goes, and how to read the gateway's traces of it afterwards. */
interface Target {
  url: string;
  label: string;
  apiKey: string | undefined;
  /** The gateway's traces for these ids (empty when they cannot be read). */
  traces(ids: readonly string[]): Promise<Map<string, TraceFacts>>;
  /** The stores to read recorded traffic or a dataset from. */
  withStores<T>(work: (stores: Stores | undefined) => Promise<T>): Promise<T>;
  cpu: () => number | null;
  /** Keeps the report where the dashboard reads it; says where, or why not. */
  save(report: LoadReport): Promise<string>;
  close(): Promise<void>;
}

/**
 * `switchyard loadtest`: replays recorded traffic (or a dataset, or built-in prompts) against a
 * model or route at an open-loop arrival rate, shows progress, and reports latency, TTFT,
 * throughput, errors by cause, tokens and cost, projected per hour and month (at N users with
 * `--users`), naming the bottleneck. An aborted `control.signal` (Ctrl-C) stops the sending, and
 * the report covers the requests due until then (a long run stopped early still says what it saw).
 */
export async function loadtest(flags: LoadtestFlags, control: { signal?: AbortSignal } = {}): Promise<LoadReport> {
  if (flags.out) checkOutPath('--out', flags.out);
  const model = modelToLoad(flags);
  const rps = positive(flags.rps, '--rps', 100_000);
  const durationMs = timerDuration(flags.duration);
  if (rps * durationMs > 10_000_000 * 1_000) throw new SwitchyardError('invalid_request', `--rps × --duration asks for more than 10,000,000 requests; shorten the run`);
  const arrivalProcess = flags.arrivals as ArrivalProcess;
  if (arrivalProcess !== 'poisson' && arrivalProcess !== 'uniform') throw new SwitchyardError('invalid_request', `--arrivals must be poisson or uniform, got ${quoteClipped(flags.arrivals)}`);
  const maxTokens = positive(flags.maxTokens, '--max-tokens', 1_000_000, 'whole');
  const users = flags.users === undefined ? undefined : { count: positive(flags.users, '--users', 1e9, 'whole'), requestsPerDay: positive(flags.perUser, '--per-user', 1e6) };
  // Read before the target opens: a bad value used to start a gateway (or probe one) first.
  const timeoutMs = timerDuration(flags.timeout, '--timeout');
  const maxInFlight = positive(flags.maxInFlight, '--max-in-flight', 100_000, 'whole');
  assertEnoughRequests(rps, durationMs, flags.duration);
  const target = await openTarget(flags);
  try {
    await assertModelServed(target, model, flags.model === undefined ? `--from-traces model=${model}` : '--model');
    const requests = prepare(await target.withStores((stores) => workload(flags, stores, maxTokens)), model, flags.stream);
    const runId = newId('lt');
    const cpuBefore = target.cpu();
    const progress = progressPrinter(durationMs, flags.json === true);
    // One line when the traffic starts; on a terminal the progress line then counts in place.
    if (!flags.json) console.error(`sending ${rps} requests/s (${arrivalProcess}) to ${model} at ${target.label} for ${durationMs / 1_000} s${process.stderr.isTTY ? '' : '; progress every 5 s'}`);
    const { samples, wallMs, stoppedAtMs } = await runLoad({
      url: target.url,
      apiKey: target.apiKey,
      requests,
      rps,
      durationMs,
      arrivals: arrivalProcess,
      random: Math.random,
      timeoutMs,
      maxInFlight,
      runId,
      onProgress: progress,
      signal: control.signal,
    });
    if (stoppedAtMs !== null) console.error(`\nstopped after ${(stoppedAtMs / 1_000).toFixed(1)} s of ${durationMs / 1_000} s: the report covers the ${countOf(samples.length, 'request')} due by then`);
    const cpuAfter = target.cpu();
    const traces = await target.traces(samples.map((s) => s.traceId).filter((id): id is string => id !== null));
    const report = buildReport({
      runId,
      model,
      target: target.label,
      rps,
      durationMs: stoppedAtMs === null ? durationMs : Math.round(stoppedAtMs),
      arrivals: arrivalProcess,
      samples,
      wallMs,
      traces,
      cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      users,
    });
    if (flags.out) writeOutFile('--out', flags.out, `${JSON.stringify(report, null, 2)}\n`);
    const saved = await target.save(report);
    if (!flags.json) console.error(saved);
    if (flags.json) console.log(JSON.stringify(report));
    else printLoadReport(report);
    return report;
  } finally {
    await target.close();
  }
}

/**
 * Refuses before the run a model or route the target does not serve to the run's key: a typo in
 * --model ran the whole window of 404s before the cause line named it. The gateway's own 404 says
 * what was likely meant. Anything else (unreachable, an old gateway) is left to the run to name.
 * `namedBy` is the flag the model came from: without --model it is --from-traces' `model=`, and
 * "--model: …" named a flag the user never gave.
 */
async function assertModelServed(target: Pick<Target, 'url' | 'apiKey' | 'label'>, model: string, namedBy: string): Promise<void> {
  const message = await unservedModel(target.url, target.apiKey, model);
  if (message === undefined) return;
  const other = namedBy === '--model' ? '' : ' (--model NAME sends these traces to another model or route)';
  throw new SwitchyardError('invalid_request', `${namedBy}: ${message} (${target.label}); nothing was sent${other}`, { param: namedBy === '--model' ? 'model' : 'fromTraces' });
}

async function workload(flags: LoadtestFlags, stores: Stores | undefined, maxTokens: number): Promise<LoadRequest[]> {
  if (flags.fromTraces !== undefined && flags.dataset !== undefined) throw new SwitchyardError('invalid_request', 'give --from-traces or --dataset, not both');
  if (flags.fromTraces !== undefined) {
    if (!stores) throw new SwitchyardError('invalid_request', '--from-traces needs the store: pass --config FILE or --db FILE|URL');
    const traces = await stores.traces.selectTraces(traceSelection(flags.fromTraces));
    const requests = requestsFromTraces(traces);
    if (requests.length === 0) {
      const why = traces.length === 0 ? 'no trace matches it (answered ones only, unless status= says otherwise)' : `its ${countOf(traces.length, 'trace')} kept no request body to replay (traces.bodies: metadata, or embeddings)`;
      throw new SwitchyardError('invalid_request', `nothing to replay: --from-traces ${JSON.stringify(flags.fromTraces)}: ${why}; ${CLI} traces lists what the store holds`);
    }
    return requests;
  }
  if (flags.dataset !== undefined) {
    if (!stores) throw new SwitchyardError('invalid_request', '--dataset needs the store: pass --config FILE or --db FILE|URL');
    const version = await datasetOfArgument(stores.datasets, flags.dataset);
    const items: { input: string | Record<string, unknown> }[] = [];
    for await (const item of stores.datasets.items(version.id)) items.push(item);
    return requestsFromItems(items, maxTokens);
  }
  return builtInRequests(maxTokens);
}

/**
 * The model or route to load: `--model`, else the model `--from-traces` replays (the README's
 * `loadtest --from-traces model=support,…` named it once; commander refused it without --model).
 *
 * @example modelToLoad({ fromTraces: 'model=support,since=24h', … }) // 'support'
 */
function modelToLoad(flags: LoadtestFlags): string {
  if (flags.model !== undefined) return flags.model;
  const replayed = flags.fromTraces === undefined ? undefined : traceSelection(flags.fromTraces).model;
  if (replayed !== undefined) return replayed;
  throw new SwitchyardError('invalid_request', '--model is required: the model or route to load (with --from-traces model=NAME it defaults to NAME)', { param: 'model' });
}

const TRACE_FIELDS = ['model', 'key', 'status', 'since', 'limit'];
const SINCE_MS: Record<string, number> = { '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000, '7d': 604_800_000, '30d': 2_592_000_000 };

/**
 * `--from-traces` as comma-separated `field=value` pairs: `model`, `key`, `status`, `since`
 * (1h, 6h, 24h, 7d, 30d) and `limit` (default 1,000); empty for the latest traces.
 *
 * @example traceSelection('model=small,since=24h,limit=500')
 */
export function traceSelection(filter: string): TraceSelection {
  const selection: TraceSelection = { limit: 1_000, status: 'ok' };
  const given = new Map<string, string>();
  for (const pair of filter.split(',').map((p) => p.trim()).filter(Boolean)) {
    // Split at the first "=" only: split('=', 2) dropped the rest (model=a=b selected model a).
    const at = pair.indexOf('=');
    const field = at === -1 ? pair : pair.slice(0, at);
    const value = at === -1 ? undefined : pair.slice(at + 1);
    if (value === undefined || value === '') throw new SwitchyardError('invalid_request', `--from-traces: expected field=value, got ${quoteClipped(pair)}`);
    // A field twice was the last one alone, without a word (model=small,model=claude replayed claude's traces).
    const before = given.get(field);
    if (before !== undefined) throw new SwitchyardError('invalid_request', `--from-traces: ${quoteClipped(field)} given twice (${quoteClipped(before)}, then ${quoteClipped(value)}); a filter takes one value per field`);
    given.set(field, value);
    if (field === 'model') selection.model = value;
    else if (field === 'key') selection.keyName = value;
    else if (field === 'status') selection.status = replayStatus(value);
    else if (field === 'since') {
      // The table's own entries only: `since=constructor` read Object's and selected from NaN.
      const span = Object.hasOwn(SINCE_MS, value) ? SINCE_MS[value] : undefined;
      if (span === undefined) throw new SwitchyardError('invalid_request', `--from-traces since must be one of ${Object.keys(SINCE_MS).join(', ')}, got ${quoteClipped(value)}`);
      selection.since = Date.now() - span;
    } else if (field === 'limit') selection.limit = positive(value, '--from-traces limit', 100_000, 'whole');
    else {
      const meant = closestName(field, TRACE_FIELDS);
      throw new SwitchyardError('invalid_request', `--from-traces: unknown field ${quoteClipped(field)}${meant ? ` (did you mean "${meant}"?)` : ''} (${TRACE_FIELDS.join(', ')})`);
    }
  }
  return selection;
}

async function openTarget(flags: LoadtestFlags): Promise<Target> {
  if (flags.gateway) {
    const url = flags.gateway;
    await assertSwitchyardGateway(url);
    const adminKey = flags.adminKey ?? process.env.SWITCHYARD_ADMIN_KEY;
    // A --dataset file is imported into a store, as every --dataset file is (the default one without --db).
    const stored = flags.db !== undefined || flags.config !== undefined || (flags.dataset !== undefined && isDatasetFileArgument(flags.dataset));
    return {
      url,
      label: url,
      apiKey: flags.apiKey ?? process.env.SWITCHYARD_API_KEY ?? (flags.config ? loadConfigFile(flags.config).keys[0]?.key : undefined),
      traces: (ids) => tracesFromAdminApi(url, adminKey, ids),
      withStores: (work) => (stored ? withStores(flags, work) : work(undefined)),
      cpu: () => null,
      save: (report) => saveToGateway(url, adminKey, report),
      close: async () => undefined,
    };
  }
  // Loading the gateway and opening its stores takes seconds: said at once, so a pipe (where
  // progress comes every 5 s) does not sit silent meanwhile.
  if (!flags.json) console.error(`starting the gateway${flags.config ? ` of ${flags.config}` : ''} in this process…`);
  const { startServer } = await import('../server.js');
  let config: Config;
  let stopSimulator: () => Promise<void> = async () => undefined;
  if (flags.config) config = loadConfigFile(flags.config);
  else {
    // Out of the box: the built-in simulator, never a real provider, whatever keys the environment has.
    const { startSimulator } = await import('../simulate/simulator.js');
    const simulator = await startSimulator({ port: 0, host: '127.0.0.1', ttftMs: 150, tokensPerSecond: 80, latencyMs: 300 });
    stopSimulator = () => simulator.close();
    config = embeddedDefault({ SWITCHYARD_DB: process.env.SWITCHYARD_DB }, simulator);
    if (!flags.json) console.error(`no --config or --gateway: load goes to the built-in SIMULATED provider (models ${Object.keys(config.models).join(', ')})`);
  }
  let apiKey = flags.apiKey ?? process.env.SWITCHYARD_API_KEY ?? config.keys[0]?.key;
  if (apiKey === undefined) {
    // Keys created at runtime (`switchyard keys create`) live in the store and close the gateway
    // to requests without one: the run brings a key of its own, known only to this process.
    apiKey = newSecret();
    config = { ...config, keys: [{ name: RUN_KEY_NAME, key: apiKey }] };
  }
  const running = await startServer(config, { port: 0, host: '127.0.0.1', log: (line) => console.error(line) });
  return {
    url: running.url,
    label: flags.config ? `in-process gateway (${flags.config})` : 'in-process gateway (simulated provider)',
    apiKey,
    traces: async (ids) => {
      await running.traces.flush();
      const out = new Map<string, TraceFacts>();
      for (const id of ids) {
        const trace = await running.store.getTrace(id);
        if (trace) out.set(id, factsOf(trace));
      }
      return out;
    },
    withStores: (work) => work(running.stores),
    save: async (report) => {
      await running.stores.loadtests.save(report, Date.now());
      return `report ${report.runId} kept in ${running.stores.location} (dashboard: Load tests)`;
    },
    cpu: () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1_000;
    },
    close: async () => {
      await running.close();
      await stopSimulator();
    },
  };
}

function factsOf(trace: Pick<TraceRecord, 'costUsd' | 'latencyMs' | 'attempts' | 'provider' | 'decisions'>): TraceFacts {
  return { costUsd: trace.costUsd, latencyMs: trace.latencyMs, upstreamMs: trace.attempts.reduce((sum, a) => sum + a.latencyMs, 0), provider: trace.provider, unpriced: unpricedModel(trace) };
}

/** Reads the run's traces from a running gateway's admin API; none when it refuses (no admin key). */
async function tracesFromAdminApi(url: string, adminKey: string | undefined, ids: readonly string[]): Promise<Map<string, TraceFacts>> {
  const out = new Map<string, TraceFacts>();
  const headers: Record<string, string> = adminKey ? { authorization: `Bearer ${adminKey}` } : {};
  // The gateway writes traces in batches just after each answer: give the last ones a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const response = await fetch(new URL(`/api/traces/${encodeURIComponent(id)}`, url), { headers }).catch(() => undefined);
      if (!response?.ok) {
        if (response && (response.status === 401 || response.status === 403)) return;
        continue;
      }
      out.set(id, factsOf((await response.json()) as TraceRecord));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** Keeps the report on a running gateway (`POST /api/loadtests`), which needs admin access. */
async function saveToGateway(url: string, adminKey: string | undefined, report: LoadReport): Promise<string> {
  // A run's report is printed whatever becomes of keeping it: a session that stalls or a token
  // no header can carry is said in the line, not thrown past the report.
  let headers: Record<string, string>;
  try {
    headers = await adminWriteHeaders(url, adminKey);
  } catch (error) {
    return `report not kept on the gateway (${(error as Error).message})`;
  }
  const response = await fetch(new URL('/api/loadtests', url), { method: 'POST', headers, body: JSON.stringify(report) }).catch(() => undefined);
  if (response?.ok) return `report ${report.runId} kept on the gateway (dashboard: Load tests)`;
  return `report not kept on the gateway (${response ? `it answered ${response.status}` : 'unreachable'}; pass --admin-key to keep it)`;
}

function progressPrinter(durationMs: number, quiet: boolean): ((p: LoadProgress) => void) | undefined {
  if (quiet && !process.stderr.isTTY) return undefined;
  const tty = process.stderr.isTTY;
  let lastPrinted = 0;
  return (p) => {
    const line = `${(p.elapsedMs / 1_000).toFixed(0)}/${(durationMs / 1_000).toFixed(0)} s  sent ${p.sent}  done ${p.done}  failed ${p.failed}  in flight ${p.inFlight}`;
    if (tty) process.stderr.write(`\r${line}   `);
    else if (p.elapsedMs - lastPrinted >= 5_000) {
      lastPrinted = p.elapsedMs;
      process.stderr.write(`${line}\n`);
    }
  };
}

/**
 * A flag's number above 0 and at most `max`; `whole` for counts: `--max-tokens 1.5` sent a run of
 * requests every one of which was refused (max_tokens must be an integer).
 */
function positive(text: string, flag: string, max: number, kind: 'number' | 'whole' = 'number'): number {
  return numberFlag(flag, text, { min: 0, max, aboveMin: true, integer: kind === 'whole' });
}

/** `--from-traces status=`: ok, error or an HTTP status (`Number("abc")` selected nothing, as NaN). */
function replayStatus(value: string): 'ok' | 'error' | number {
  if (value === 'ok' || value === 'error') return value;
  if (/^[1-5]\d\d$/.test(value)) return Number(value);
  throw new SwitchyardError('invalid_request', `--from-traces status must be ok, error or an HTTP status such as 429, got ${describeValue(value)}`);
}
