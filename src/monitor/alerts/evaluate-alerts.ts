import type { AlertRule, MonitoringConfig, WebhookConfig } from '../../config/monitor-schema.js';
import type { Clock } from '../../core/clock.js';
import { quoteClipped } from '../../core/clip.js';
import { closestName } from '../../core/format-issues.js';
import { newId } from '../../core/ids.js';
import type { DriftReport } from '../drift/drift-types.js';
import type { MonitorStore } from '../signals/monitor-store.js';
import { type AlertBudget, inScope, metricValue } from './alert-metrics.js';
import { type AlertEvent, type AlertState, scopeText, stepAlert } from './alert-state.js';
import { deliver } from './webhook.js';
import type { Log } from '../../core/log.js';

export interface AlertContext {
  store: MonitorStore;
  config: Pick<MonitoringConfig, 'alerts' | 'webhooks'>;
  clock: Clock;
  log?: Log;
  /** Webhook retry pacing (tests shorten it). */
  baseDelayMs?: number;
  /** Budgets by key and team name, for `budget_burn_rate` (a key's own wins over its team's when a rule names both). */
  budgets?: { keys: Readonly<Record<string, AlertBudget>>; teams: Readonly<Record<string, AlertBudget>> };
  /** The trace writer's backlog now, for `trace_backlog`. */
  traceBacklog?: () => number;
}

/** A rule's current state with its latest value, as the dashboard and CLI list them. */
export interface RuleStatus {
  rule: AlertRule;
  state: AlertState | null;
}

/**
 * Checks every rule once: computes its metric over its window, steps its state, stores the state
 * and any event, then notifies webhooks of the pass's events, grouped: each webhook gets one
 * message listing every alert of this pass routed to it. Returns the events it raised (with
 * their delivery outcomes).
 *
 * @example const events = await evaluateAlerts({ store: stores.monitor, config: config.monitoring, clock: systemClock });
 */
export async function evaluateAlerts(context: AlertContext): Promise<AlertEvent[]> {
  const { store, config, clock } = context;
  const now = clock.now();
  const raised: Raised[] = [];
  if (config.alerts.length === 0) return [];
  // `quality_drop` compares its window with the one before it, so it reads twice as far back.
  const longest = Math.max(0, ...config.alerts.map((r) => r.window_minutes * (r.metric === 'quality_drop' ? 2 : 1))) * 60_000;
  // One read for all rules: the widest window, then each rule keeps its own slice.
  const signals = await store.listSignals({ since: now - longest, until: now + 1, limit: 100_000 });
  const needsDrift = config.alerts.some((r) => r.metric === 'drift_score');
  const drift = needsDrift ? (await store.listDocs<DriftReport>('drift-report', { since: now - longest, limit: 500 })).map((d) => d.body) : [];
  for (const rule of config.alerts) {
    const since = now - rule.window_minutes * 60_000;
    const scoped = signals.filter((s) => s.ts >= since && inScope(rule, s));
    const previous = rule.metric === 'quality_drop' ? signals.filter((s) => s.ts >= since - rule.window_minutes * 60_000 && s.ts < since && inScope(rule, s)) : undefined;
    const budget = (rule.key !== undefined ? context.budgets?.keys[rule.key] : undefined) ?? (rule.team !== undefined ? context.budgets?.teams[rule.team] : undefined);
    const metric = metricValue(rule, scoped, drift.filter((d) => d.createdAt >= since), { previous, budget, traceBacklog: context.traceBacklog?.() });
    const stored = (await store.getDoc<AlertState>('alert-state', rule.name))?.body;
    const { state, event } = stepAlert(rule, stored, metric, now, () => newId('alert', now));
    await store.putDoc({ kind: 'alert-state', key: rule.name, ts: now, route: rule.route ?? null, body: state });
    if (event) raised.push({ event, rule });
  }
  await notifyGrouped(raised, context);
  return raised.map((r) => r.event);
}

/** An event with the rule that raised it (its `notify` list picks the webhooks). */
interface Raised {
  event: AlertEvent;
  rule: Pick<AlertRule, 'notify'>;
}

/**
 * Sends an event to the rule's webhooks (all configured ones when the rule names none) and
 * stores it with the outcomes.
 *
 * @example await notify(event, rule, context);
 */
export async function notify(event: AlertEvent, rule: Pick<AlertRule, 'notify'>, context: AlertContext): Promise<void> {
  await notifyGrouped([{ event, rule }], context);
}

/**
 * Sends events raised together as one message per webhook (each webhook gets the events whose
 * rule routes to it, all configured webhooks when a rule names none), records every delivery
 * outcome on each event it carried, and stores the events.
 *
 * @example await notifyGrouped([{ event, rule }], context);
 */
export async function notifyGrouped(raised: readonly Raised[], context: AlertContext): Promise<void> {
  if (raised.length === 0) return;
  const byWebhook = new Map<string, AlertEvent[]>();
  for (const { event, rule } of raised) {
    for (const name of rule.notify ?? Object.keys(context.config.webhooks)) {
      if (!context.config.webhooks[name]) continue;
      byWebhook.set(name, [...(byWebhook.get(name) ?? []), event]);
    }
  }
  const groups = [...byWebhook];
  const outcomes = await Promise.all(groups.map(([name, events]) => deliver(name, context.config.webhooks[name] as WebhookConfig, events, { clock: context.clock, baseDelayMs: context.baseDelayMs })));
  // Assigned in webhook order once all answered, so an event's deliveries read the same every run.
  groups.forEach(([name, events], i) => {
    const outcome = outcomes[i] as AlertEvent['deliveries'][number];
    for (const event of events) event.deliveries.push(outcome);
    if (!outcome.ok) context.log?.(`alert ${events.map((e) => e.rule).join(', ')}: webhook ${name} failed after ${outcome.attempts} attempt(s): ${outcome.error ?? ''}`, { level: 'error' });
  });
  for (const { event } of raised) await context.store.putDoc({ kind: 'alert-event', key: event.id, ts: event.at, route: event.route, body: event });
}

/**
 * Every configured rule with its stored state.
 *
 * @example (await ruleStatuses(store, config.monitoring.alerts))[0].state?.status // 'firing'
 */
export async function ruleStatuses(store: MonitorStore, rules: readonly AlertRule[]): Promise<RuleStatus[]> {
  return Promise.all(rules.map(async (rule) => ({ rule, state: (await store.getDoc<AlertState>('alert-state', rule.name))?.body ?? null })));
}

/**
 * What `alerts test` and its admin route say of a name no rule has: the rule a typo meant, then every rule.
 *
 * @example unknownRuleMessage('erors', rules) // 'unknown alert rule "erors" (did you mean "errors"?) (known: errors, slow)'
 */
export function unknownRuleMessage(name: string, rules: readonly AlertRule[]): string {
  const names = rules.map((r) => r.name);
  const meant = name.length <= 100 ? closestName(name, names) : undefined;
  return `unknown alert rule ${quoteClipped(name)}${meant ? ` (did you mean "${meant}"?)` : ''} (known: ${names.join(', ') || 'none configured'})`;
}

/**
 * A test notification for one rule, sent now whatever the metric: `switchyard alerts test RULE`.
 *
 * @example const event = await sendTestAlert('errors', context);
 */
export async function sendTestAlert(ruleName: string, context: AlertContext): Promise<AlertEvent> {
  const rule = context.config.alerts.find((r) => r.name === ruleName);
  if (!rule) throw new Error(unknownRuleMessage(ruleName, context.config.alerts));
  const now = context.clock.now();
  const event: AlertEvent = {
    id: newId('alert', now),
    rule: rule.name,
    status: 'test',
    at: now,
    metric: rule.metric,
    value: null,
    threshold: rule.threshold,
    when: rule.when,
    windowMinutes: rule.window_minutes,
    route: rule.route ?? null,
    message: `TEST ${rule.name}: a test notification for ${rule.metric} ${rule.when} ${rule.threshold} over ${rule.window_minutes} min${scopeText(rule)}`,
    deliveries: [],
  };
  await notify(event, rule, context);
  return event;
}
