import type { AlertRule } from '../../config/monitor-schema.js';
import type { MetricValue } from './alert-metrics.js';

/** Where a rule stands, kept between worker runs so notifications are sent once per change. */
export interface AlertState {
  rule: string;
  status: 'ok' | 'firing';
  /** When the current status began. */
  since: number;
  /** Last value computed, null when there was too little traffic. */
  value: number | null;
  /** When a notification was last sent for this rule. */
  notifiedAt: number | null;
}

/** A change worth telling someone about. */
export interface AlertEvent {
  id: string;
  rule: string;
  status: 'firing' | 'resolved' | 'test';
  at: number;
  metric: string;
  value: number | null;
  threshold: number;
  when: 'above' | 'below';
  windowMinutes: number;
  route: string | null;
  /** One line for people: "error_rate 0.31 > 0.05 over 5 min (route support, 48 requests)". */
  message: string;
  /** Filled in as webhooks answer. */
  deliveries: { webhook: string; ok: boolean; attempts: number; status?: number; error?: string }[];
}

/**
 * The next state of a rule given this run's metric value, and the event to send when the rule
 * starts firing, resolves, or has fired for `repeat_minutes` since the last notice. A window with
 * too little traffic (no value) keeps the current status: silence is not a recovery.
 *
 * @example stepAlert(rule, { rule: 'errors', status: 'ok', since: 0, value: 0, notifiedAt: null }, { value: 0.3, requests: 40 }, now)
 */
export function stepAlert(rule: AlertRule, previous: AlertState | undefined, metric: MetricValue, now: number, id: () => string): { state: AlertState; event?: AlertEvent } {
  const prior: AlertState = previous ?? { rule: rule.name, status: 'ok', since: now, value: null, notifiedAt: null };
  if (metric.value === null) return { state: { ...prior, value: null } };
  const breached = rule.when === 'above' ? metric.value > rule.threshold : metric.value < rule.threshold;
  const event = (status: AlertEvent['status']): AlertEvent => ({
    id: id(),
    rule: rule.name,
    status,
    at: now,
    metric: rule.metric,
    value: metric.value,
    threshold: rule.threshold,
    when: rule.when,
    windowMinutes: rule.window_minutes,
    route: rule.route ?? null,
    message: describe(rule, metric.value as number, metric.requests, status),
    deliveries: [],
  });
  if (breached && prior.status === 'ok') return { state: { rule: rule.name, status: 'firing', since: now, value: metric.value, notifiedAt: now }, event: event('firing') };
  if (!breached && prior.status === 'firing') return { state: { rule: rule.name, status: 'ok', since: now, value: metric.value, notifiedAt: now }, event: event('resolved') };
  if (breached && rule.repeat_minutes > 0 && prior.notifiedAt !== null && now - prior.notifiedAt >= rule.repeat_minutes * 60_000) {
    return { state: { ...prior, value: metric.value, notifiedAt: now }, event: event('firing') };
  }
  return { state: { ...prior, value: metric.value } };
}

/**
 * What a rule watches besides its metric: the route, key or team it is scoped to (none: all
 * traffic). Every place that names a rule says it, so a spend rule on one key does not read as
 * the whole gateway's spend.
 *
 * @example ruleScope({ key: 'support' }) // ['key support']
 */
export function ruleScope(rule: Pick<AlertRule, 'route' | 'key' | 'team'>): string[] {
  return [rule.route && `route ${rule.route}`, rule.key && `key ${rule.key}`, rule.team && `team ${rule.team}`].filter((part): part is string => Boolean(part));
}

/** {@link ruleScope} in brackets after a rule's window, or nothing for a rule on all traffic. @example scopeText({ key: 'support' }) // ' (key support)' */
export function scopeText(rule: Pick<AlertRule, 'route' | 'key' | 'team'>): string {
  const scope = ruleScope(rule);
  return scope.length > 0 ? ` (${scope.join(', ')})` : '';
}

/**
 * The sentence an alert says.
 *
 * @example describe(rule, 0.31, 48, 'firing') // 'FIRING errors: error_rate 0.31 > 0.05 over 5 min (route support, 48 requests)'
 */
export function describe(rule: AlertRule, value: number, requests: number, status: AlertEvent['status']): string {
  const scope = [...ruleScope(rule), `${requests} requests`].join(', ');
  const relation = status === 'resolved' ? (rule.when === 'above' ? '≤' : '≥') : rule.when === 'above' ? '>' : '<';
  const shown = Math.abs(value) >= 100 ? Math.round(value).toString() : Number(value.toPrecision(3)).toString();
  return `${status.toUpperCase()} ${rule.name}: ${rule.metric} ${shown} ${relation} ${rule.threshold} over ${rule.window_minutes} min (${scope})`;
}
