import { request } from 'undici';
import type { WebhookConfig } from '../../config/monitor-schema.js';
import type { Clock } from '../../core/clock.js';
import type { AlertEvent } from './alert-state.js';

/**
 * The body a webhook receives: Slack's incoming-webhook shape (`text` plus a section block,
 * which Mattermost and Teams workflows also read), or the event as JSON.
 *
 * @example webhookBody(event, 'slack') // { text: '🔴 FIRING errors: …', blocks: [...] }
 */
export function webhookBody(event: AlertEvent, format: WebhookConfig['format']): unknown {
  if (format === 'json') {
    const { deliveries: _deliveries, ...rest } = event;
    return { type: 'switchyard.alert', ...rest };
  }
  const icon = event.status === 'firing' ? ':red_circle:' : event.status === 'resolved' ? ':large_green_circle:' : ':bell:';
  return {
    text: `${icon} ${event.message}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} *${event.rule}* ${event.status}\n${event.message}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `metric \`${event.metric}\` · threshold ${event.threshold} · ${new Date(event.at).toISOString()}` }] },
    ],
  };
}

export interface DeliveryOptions {
  clock: Clock;
  /** Attempts in all (default 4), waiting 1 s, 2 s, 4 s… between them. */
  attempts?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
}

/**
 * Posts an event to a webhook, retrying connection errors, 429 and 5xx with exponential backoff.
 * Resolves with the outcome instead of throwing: a webhook that is down is recorded on the event,
 * never an error for the caller (the monitor worker, off the request path).
 *
 * @example const outcome = await deliver('slack', hook, event, { clock: systemClock });
 */
export async function deliver(name: string, hook: WebhookConfig, event: AlertEvent, options: DeliveryOptions): Promise<AlertEvent['deliveries'][number]> {
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
        body: JSON.stringify(webhookBody(event, hook.format)),
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
