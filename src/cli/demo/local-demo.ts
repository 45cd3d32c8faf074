import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { parseConfig } from '../../config/load-config.js';
import { seededRandom } from '../../core/seeded-random.js';
import { parseExamples } from '../../local/data/read-examples.js';
import type { Example } from '../../local/types.js';
import { startServer } from '../../server.js';
import { startSimulator } from '../../simulate/simulator.js';
import { demoConfigFile } from './demo-files.js';
import { CLI } from '../../core/cli-command.js';
import { routeReports, routeShapes, type RouteReport } from '../../monitor/route-report.js';
import { netSavingText } from '../routes-report.js';
import { makeDirs } from '../../core/make-dirs.js';

const DATA = fileURLToPath(new URL('../../../data/banking77/', import.meta.url));

/** The route trains its first local model once the teacher has labelled this many requests. */
const FIRST_MODEL_AFTER = 2000;

export interface LocalDemoOptions {
  port: number;
  /** Requests per second of replayed traffic. */
  rate: number;
  /** How many requests to send (0: the whole training file, then the test file). */
  limit: number;
  db: string;
  /** Latency of the teacher (the simulated large model), so the saving in time shows. */
  teacherLatencyMs: number;
  /** Leave the gateway and its dashboard up once the traffic is sent, until `untilStopped` settles. */
  keep?: boolean;
  /** How a kept demo waits to stop (default: Ctrl-C or SIGTERM). */
  untilStopped?: () => Promise<void>;
  /** Stops the traffic early, as Ctrl-C does (which it stands in for in tests). */
  stop?: AbortSignal;
  log: (line: string) => void;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => (process.off('SIGINT', done), process.off('SIGTERM', done), resolve());
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

/** What the demo counts as it runs. */
export interface DemoCounters {
  sent: number;
  local: number;
  teacher: number;
  errors: number;
  localRight: number;
  /** What the route's report says the local model saved, net of its shadow checks (read every progress line). */
  saved: DemoSaving;
}

/** The part of a route's report the progress line writes. */
export type DemoSaving = Pick<RouteReport, 'savedUsd' | 'shadowChecks'>;

/**
 * `switchyard demo local`: Banking77 traffic through a `support-intent` route whose large model
 * is the simulator acting as a labelled teacher. The route's local model trains as labels
 * accumulate, is promoted once it meets the bar, and takes over the requests it is sure of.
 * Ctrl-C stops the traffic early; the run then says so (it said "done.") and resolves
 * `{ stopped: true }`, for an exit code of 130.
 */
export async function runLocalDemo(options: LocalDemoOptions): Promise<{ stopped: boolean }> {
  const labels = JSON.parse(readFileSync(join(DATA, 'categories.json'), 'utf8')) as string[];
  const read = (file: string): Example[] => parseExamples(readFileSync(join(DATA, file), 'utf8'), { source: file, labelColumn: 'category' });
  const traffic = [...shuffle(read('train.csv'), 77), ...read('test.csv')];
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', latencyMs: options.teacherLatencyMs });
  for (const e of traffic) sim.addScript({ exact: e.text, reply: e.label });
  makeDirs(dirname(options.db));
  // The config goes beside the store, so what reads a gateway's routes from its config
  // (`switchyard routes --config`) reads the demo's after it ends.
  const configFile = demoConfigFile(options.db);
  const configText = demoConfig({ port: options.port, db: resolve(options.db), teacherUrl: sim.url, labels });
  writeFileSync(configFile, configText);
  const config = parseConfig(configText, configFile);
  const server = await startServer(config, { log: options.log });
  // Without --keep the dashboard goes when the traffic ends: say so, or a newcomer opening it afterwards finds nothing.
  options.log(`Switchyard gateway on ${server.url} (dashboard: ${server.url}/, ${options.keep ? 'kept up after the run until Ctrl-C' : 'while the demo runs; --keep leaves it up after'}) — route "support-intent", teacher = simulated large model`);
  const pool = new Pool(server.url, { connections: 32 });
  const counters: DemoCounters = { sent: 0, local: 0, teacher: 0, errors: 0, localRight: 0, saved: { savedUsd: 0, shadowChecks: { requests: 0, costUsd: 0 } } };
  const total = options.limit > 0 ? Math.min(options.limit, traffic.length) : traffic.length;
  const early = tooShortToTakeOver(total);
  if (early) options.log(early);
  // The saving as the dashboard and `switchyard routes` report it (net of the shadow checks, which
  // only the gateway sees), over this run: read from the rollups for each line.
  const since = Date.now();
  const readSaving = async () => {
    const [route] = await routeReports(server.stores.rollups, routeShapes(config.routes), { since, until: Date.now() }, {});
    if (route) counters.saved = route;
  };
  let trafficEnded = false;
  const report = setInterval(() => {
    void readSaving()
      .catch(() => undefined)
      .then(() => trafficEnded || options.log(progressLine(counters, total)));
  }, 5_000);
  let stopped = false;
  let sayStopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    options.log(`Ctrl-C: no more requests are sent; waiting for those in flight and a training still running…`);
  };
  process.once('SIGINT', stop);
  options.stop?.addEventListener('abort', stop, { once: true });
  try {
    const interval = 1000 / options.rate;
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < total && !stopped; i++) {
      const example = traffic[i] as Example;
      const sent = ask(pool, example, counters).finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      counters.sent++;
      await new Promise((r) => setTimeout(r, interval));
    }
    await Promise.all(inFlight);
    trafficEnded = true;
    clearInterval(report);
    // The last line counts every shadow check the traffic caused: they run after the answers they check.
    await server.locals.get('support-intent')?.shadowsSettled();
    await server.traces.flush();
    await readSaving();
    options.log(progressLine(counters, total));
    options.log(`${stopped ? `stopped after ${counters.sent} of ${total} requests` : 'done'}. The traces and the model registry are in ${options.db}, the config in ${configFile}: ${CLI} traces --db ${options.db} --model support-intent; ${CLI} models --db ${options.db}; ${CLI} routes --config ${configFile}`);
    clearInterval(report);
    process.off('SIGINT', stop);
    if (options.keep && !stopped) {
      options.log(`the dashboard stays up at ${server.url}/ (Routes: support-intent); Ctrl-C stops it`);
      await (options.untilStopped ?? untilSignal)();
    } else sayStopped = true;
  } finally {
    clearInterval(report);
    process.off('SIGINT', stop);
    options.stop?.removeEventListener('abort', stop);
    await pool.close();
    // Closing waits for a training still running on the last labels, which reports its version.
    await server.close();
    await sim.close();
  }
  // Only once all of it has stopped, so nothing is printed after this line.
  if (sayStopped) options.log(`the gateway and its dashboard have stopped (--keep leaves them up)`);
  return { stopped };
}

/** The demo gateway's config: one route over the simulated teacher, its store an absolute path so the file reads the same from any folder. */
function demoConfig(options: { port: number; db: string; teacherUrl: string; labels: readonly string[] }): string {
  return `# Written by \`${CLI} demo local\` for \`${CLI} routes --config\` (and --db) to read after the run.
# The teacher is a simulator that stopped with the demo: a gateway served from this file answers
# support-intent locally or not at all.
server: { host: 127.0.0.1, port: ${options.port} }
store: { sqlite: ${JSON.stringify(options.db)} }
providers:
  simulated-teacher: { type: openai, base_url: "${options.teacherUrl}/v1", api_key: sk-demo, simulated: true }
models:
  teacher: { provider: simulated-teacher, model: standin-large, price: { input_per_mtok: 2.50, output_per_mtok: 10.00 } }
routes:
  support-intent:
    policy: static
    target: teacher
    description: Banking77 intents; the simulated teacher knows every true label
    options:
      task: { type: classify, labels: ${JSON.stringify(options.labels)}, min_examples: ${FIRST_MODEL_AFTER}, retrain_every: 1000, min_precision: 0.95, min_coverage: 0.5, shadow_rate: 0.1 }
`;
}

async function ask(pool: Pool, example: Example, counters: DemoCounters): Promise<void> {
  try {
    const response = await pool.request({
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'support-intent', messages: [{ role: 'user', content: example.text }] }),
    });
    const json = (await response.body.json()) as { model?: string; choices?: { message?: { content?: string } }[] };
    if (response.statusCode !== 200) {
      counters.errors++;
      return;
    }
    if (json.model?.startsWith('local:')) {
      counters.local++;
      if (json.choices?.[0]?.message?.content === example.label) counters.localRight++;
    } else counters.teacher++;
  } catch {
    counters.errors++;
  }
}

/**
 * A run too short for its first local model to answer anything shows only the teacher: say so
 * before it starts, not after a run whose every progress line read "local 0.0%".
 *
 * @example tooShortToTakeOver(2000) // 'note: --limit 2000: …'
 */
export function tooShortToTakeOver(total: number): string | undefined {
  if (total > FIRST_MODEL_AFTER) return undefined;
  return `note: --limit ${total}: a fresh --db trains its first local model after ${FIRST_MODEL_AFTER.toLocaleString('en-US')} teacher answers, so this run answers locally only if the store already holds a live model (a rerun on the same --db); --limit 5000 or more shows the takeover`;
}

/**
 * The line the demo prints every five seconds and at its end; money as every report writes it,
 * the saving net of the shadow checks as `switchyard routes` writes it.
 *
 * @example progressLine({ sent: 100, local: 40, teacher: 60, errors: 0, localRight: 38, saved: { savedUsd: 0.0021, shadowChecks: { requests: 4, costUsd: 0.0003 } } }, 5000) // '   100/5000 sent · local 40.0% (40) · … · saved ~$0.002100 net of $0.000300 on 4 shadow checks · errors 0'
 */
export function progressLine(c: DemoCounters, total: number): string {
  const answered = c.local + c.teacher;
  const share = answered === 0 ? 0 : c.local / answered;
  const precision = c.local === 0 ? '–' : `${((c.localRight / c.local) * 100).toFixed(1)}%`;
  return `${String(c.sent).padStart(6)}/${total} sent · local ${(share * 100).toFixed(1)}% (${c.local}) · precision of local answers ${precision} · saved ~${netSavingText(c.saved)} · errors ${c.errors}`;
}

/** A seeded shuffle, so every run replays the same traffic. */
function shuffle<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
