/**
 * The trace retention job (`traces.retention`): deletes traces past their period, but keeps those a
 * key's or team's budget period still counts, for the keys and teams in force at each pass.
 */
import type { Config } from '../config/schema.js';
import type { Clock } from '../core/clock.js';
import { type Log, withFields } from '../core/log.js';
import { TraceRetentionJob } from '../monitor/trace-retention.js';
import type { GatewayCore } from './gateway-core.js';

/** The job (not started), or undefined when traces are kept for ever. */
export function retentionJob(config: Config, core: GatewayCore, clock: Clock, log: Log): TraceRetentionJob | undefined {
  const { keys, stores } = core;
  return config.traces.retention
    ? new TraceRetentionJob({
        // On the trace-write thread where there is one (SQLite: a statement there holds no request).
        ...(core.retentionStores ?? { store: core.store, spans: stores.spans, signals: stores.monitor, compact: stores.compact?.bind(stores) }),
        policy: config.traces.retention,
        // Read at each pass: keys and teams created at runtime (on any replica) keep their period's traces too.
        get budgets() {
          const ofKeys = keys.all.flatMap((k) => (k.budget ? [{ key: { id: k.id, name: k.name, createdAt: k.createdAt }, period: k.budget.period }] : []));
          return [...ofKeys, ...keys.teams.flatMap((t) => (t.budget ? [{ team: t.name, period: t.budget.period }] : []))];
        },
        clock,
        log: withFields(log, { component: 'retention' }),
      })
    : undefined;
}
