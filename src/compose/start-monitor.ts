/**
 * The monitoring worker of a server: topics, online evaluation (judges called in-process, so they
 * are routed, budgeted and traced like any call), scheduled drift reports and alert rules.
 */
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { type Log, withFields } from '../core/log.js';
import { InProcessCaller } from '../evals/client/in-process-caller.js';
import { MonitorWorker } from '../monitor/monitor-worker.js';
import { buildOnlineEvaluators } from '../monitor/online/online-eval.js';
import type { GatewayCore } from './gateway-core.js';

/** Builds the online evaluators and starts the worker's schedule. */
export async function startMonitor(config: Config, core: GatewayCore, clock: Clock, log: Log): Promise<MonitorWorker> {
  const evaluators = await buildOnlineEvaluators(config.monitoring.online_eval, { judges: core.stores.judges });
  const worker = new MonitorWorker({
    config: config.monitoring,
    monitor: core.stores.monitor,
    traces: core.stores.traces,
    routes: () => [...new Set([...Object.keys(config.routes), ...Object.keys(config.models)])],
    evaluators,
    caller: new InProcessCaller(core.models),
    clock,
    random: Math.random,
    log: withFields(log, { component: 'monitor' }),
    budgets: {
      keys: Object.fromEntries(config.keys.flatMap((k) => (k.budget ? [[k.name, k.budget]] : []))),
      teams: Object.fromEntries(config.teams.flatMap((t) => (t.budget ? [[t.name, t.budget]] : []))),
    },
    traceBacklog: () => core.traces.pending,
  });
  worker.start();
  return worker;
}
