import { request } from 'undici';
import type { WebhookConfig } from '../../config/monitor-schema.js';
import type { Clock } from '../../core/clock.js';
import type { AlertEvent } from './alert-state.js';

/** Slack rejects a message with more than 50 blocks: a larger group lists this many and counts the rest. */
const MAX_ALERT_SECTIONS = 45;

/**
 * The body a webhook receives for the alerts raised together (one evaluation pass): Slack's
 * incoming-webhook shape (`text` plus section blocks, which Mattermost and Teams workflows also
 * read), or JSON. A group of one is the single alert's body; a larger group is one message with
 * a section per alert (Slack) or an `alerts` array of those single bodies (JSON), as Alertmanager
 * groups notifications so a bad minute pages once, not once per rule.
 *
 * @example webhookBody([event], 'slack') // { text: ':red_circle: FIRING errors: …', blocks: [...] }
 */
export function webhookBody(events: readonly AlertEvent[], format: WebhookConfig['format']): unknown {
  const [first] = events;
  if (!first) throw new Error('webhookBody needs at least one alert event');
  if (events.length === 1) return format === 'json' ? jsonAlert(first) : slackAlert(first);
  const summary = groupSummary(events);
  if (format === 'json') return { type: 'switchyard.alert-group', status: summary.status, firing: summary.firing, resolved: summary.resolved, test: summary.test, alerts: events.map(jsonAlert) };
  const shown = events.slice(0, MAX_ALERT_SECTIONS);
  const hidden = events.length - shown.length;
  return {
    text: `${icon(summary.status)} ${summary.title}\n${events.map((e) => e.message).join('\n')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${icon(summary.status)} *${summary.title}*` } },
      ...shown.map((e) => ({ type: 'section', text: { type: 'mrkdwn', text: `${icon(e.status)} *${e.rule}* ${e.status}\n${e.message}` } })),
      ...(hidden > 0 ? [{ type: 'section', text: { type: 'mrkdwn', text: `…and ${hidden} more` } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: new Date(first.at).toISOString() }] },
    ],
  };
}

function jsonAlert(event: AlertEvent): Record<string, unknown> {
  const { deliveries: _deliveries, ...rest } = event;
  return { type: 'switchyard.alert', ...rest };
}

function slackAlert(event: AlertEvent): unknown {
  return {
    text: `${icon(event.status)} ${event.message}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${icon(event.status)} *${event.rule}* ${event.status}\n${event.message}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `metric \`${event.metric}\` · threshold ${event.threshold} · ${new Date(event.at).toISOString()}` }] },
    ],
  };
}

function icon(status: AlertEvent['status']): string {
  return status === 'firing' ? ':red_circle:' : status === 'resolved' ? ':large_green_circle:' : ':bell:';
}

/**
 * How a group reads at a glance: firing if anything fires (a resolve riding along does not make
 * the message green), and a title such as "3 alerts: 2 firing, 1 resolved".
 *
 * @example groupSummary(events).title // '2 alerts: 2 firing'
 */
export function groupSummary(events: readonly AlertEvent[]): { status: AlertEvent['status']; firing: number; resolved: number; test: number; title: string } {
  const count = (status: AlertEvent['status']) => events.filter((e) => e.status === status).length;
  const firing = count('firing');
  const resolved = count('resolved');
  const test = count('test');
  const status = firing > 0 ? 'firing' : resolved > 0 ? 'resolved' : 'test';
  const parts = [firing && `${firing} firing`, resolved && `${resolved} resolved`, test && `${test} test`].filter(Boolean).join(', ');
  return { status, firing, resolved, test, title: `${events.length} alerts: ${parts}` };
}

export interface DeliveryOptions {
  clock: Clock;
  /** Attempts in all (default 4), waiting 1 s, 2 s, 4 s… between them. */
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

/**
 * Posts a group of events (one message) to a webhook, retrying connection errors, 429 and 5xx with exponential backoff.
 * Resolves with the outcome instead of throwing: a webhook that is down is recorded on the events,
 * never an error for the caller (the monitor worker, off the request path).
 *
 * @example const outcome = await deliver('slack', hook, [event], { clock: systemClock });
 */
export async function deliver(name: string, hook: WebhookConfig, events: readonly AlertEvent[], options: DeliveryOptions): Promise<AlertEvent['deliveries'][number]> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 1_000;
  let last: { status?: number; error: string } = { error: 'not attempted' };
  let made = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    made = attempt;
    try {
      const response = await request(hook.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...hook.headers },
        body: JSON.stringify(webhookBody(events, hook.format)),
        headersTimeout: options.timeoutMs ?? 10_000,
        bodyTimeout: options.timeoutMs ?? 10_000,
      });
      await response.body.dump();
      if (response.statusCode < 300) return { webhook: name, ok: true, attempts: attempt, status: response.statusCode };
      last = { status: response.statusCode, error: `HTTP ${response.statusCode}` };
      if (response.statusCode !== 429 && response.statusCode < 500) break;
    } catch (error) {
      last = { error: (error as Error).message };
    }
    if (attempt < attempts) await options.clock.sleep(base * 2 ** (attempt - 1));
  }
  return { webhook: name, ok: false, attempts: made, ...last };
}
