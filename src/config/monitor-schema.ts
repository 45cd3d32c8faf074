import { z } from 'zod';
import { headerMap } from './header-text.js';
import { httpUrl } from './http-url.js';

/**
 * Metrics an alert rule can watch; each is computed over the rule's window from trace signals,
 * drift reports, the key's or team's budget (`budget_burn_rate`) or the trace writer
 * (`trace_backlog`, read when the rule is checked).
 */
export const ALERT_METRICS = [
  'error_rate',
  'latency_p95_ms',
  'latency_p50_ms',
  'ttft_p95_ms',
  'spend_usd',
  'budget_burn_rate',
  'requests',
  'refusal_rate',
  'quality_mean',
  'quality_drop',
  'drift_score',
  'trace_backlog',
] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

export const webhookSchema = z.strictObject({
  url: httpUrl(),
  /** `slack`: a Slack-compatible `{ text, blocks }` body (Slack, Mattermost, Teams workflows); `json`: the alert event as is. */
  format: z.enum(['slack', 'json']).default('slack'),
  headers: headerMap(),
});

export const alertRuleSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, "_", "." and "-", up to 64'),
  metric: z.enum(ALERT_METRICS),
  /** `above`: fires when the value exceeds the threshold; `below`: when it falls under (quality). */
  when: z.enum(['above', 'below']).default('above'),
  threshold: z.number(),
  /** The window the metric is computed over, ending now. */
  window_minutes: z.number().positive().max(43_200).default(5),
  /** Only this route (requested model name); all traffic when absent. */
  route: z.string().min(1).optional(),
  /** Only this key's or team's traffic (spend per key or team). */
  key: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  /** Rates and percentiles of fewer requests than this are not judged (a single error is not a 100% error rate). */
  min_requests: z.number().int().min(1).default(10),
  /** Webhook names to notify; every configured webhook when absent. */
  notify: z.array(z.string().min(1)).optional(),
  /** While firing, repeat the notification at most this often; 0: only on firing and resolving. */
  repeat_minutes: z.number().min(0).default(0),
});

export const onlineEvalSchema = z.strictObject({
  /** Route (requested model name) whose live traces are sampled. */
  route: z.string().min(1),
  /** Share of successful traces scored; deterministic per trace id, so replicas agree. */
  sample: z.number().gt(0).max(1),
  /** Scorers as in an eval suite (`contains`, `regex`, `json_schema`, `judge`…); checked when the monitor starts. */
  scorers: z.array(z.record(z.string(), z.unknown())).min(1),
  /** At most this many traces scored per worker run, bounding judge spend. */
  max_per_run: z.number().int().min(1).max(10_000).default(50),
});

export const monitoringSchema = z.strictObject({
  /** Turns the background monitor off entirely (signals are still recorded). */
  enabled: z.boolean().default(true),
  /** Signals, drift reports and alert events older than this are deleted (topic models and alert states are kept). */
  keep_days: z.number().positive().max(3_650).default(90),
  /** How often the worker assigns topics, samples online evaluation and checks alert rules. */
  interval_seconds: z.number().int().min(1).max(3_600).default(60),
  topics: z
    .strictObject({
      /** Prompts a route needs before its topic model is fitted. */
      min_traces: z.number().int().min(20).default(200),
      /** Prompts (newest) the model is fitted on. */
      max_traces: z.number().int().min(20).max(50_000).default(5_000),
      /** Number of topics; √(n/2) between 2 and 40 when absent. */
      k: z.number().int().min(2).max(200).optional(),
      /** A configured embeddings model: topics are clustered on its vectors (named by TF-IDF terms); TF-IDF alone when absent. */
      embedding_model: z.string().min(1).optional(),
    })
    .default({ min_traces: 200, max_traces: 5_000 }),
  drift: z
    .strictObject({
      /** Minutes between scheduled drift reports per route; 0 turns scheduled drift off (the CLI and API still run it). */
      every_minutes: z.number().min(0).default(60),
      /** Rolling windows: the current one ends now, the reference one ends where it starts. */
      current_hours: z.number().positive().default(24),
      reference_hours: z.number().positive().default(168),
      /** Family-wise false-alarm rate per report, and the smallest effects that count. */
      alpha: z.number().gt(0).lt(1).default(0.01),
      min_psi: z.number().min(0).default(0.1),
      min_ks: z.number().min(0).max(1).default(0.1),
      min_samples: z.number().int().min(5).default(30),
    })
    .default({ every_minutes: 60, current_hours: 24, reference_hours: 168, alpha: 0.01, min_psi: 0.1, min_ks: 0.1, min_samples: 30 }),
  online_eval: z.array(onlineEvalSchema).default([]),
  webhooks: z.record(z.string().min(1), webhookSchema).default({}),
  alerts: z.array(alertRuleSchema).default([]),
});

export type MonitoringConfig = z.output<typeof monitoringSchema>;
export type AlertRule = z.output<typeof alertRuleSchema>;
export type WebhookConfig = z.output<typeof webhookSchema>;
export type OnlineEvalConfig = z.output<typeof onlineEvalSchema>;
