import type { MonitoringConfig } from './monitor-schema.js';
import { interpolateEnv } from './interpolate-env.js';
import { configSectionsOf, readConfigRoot } from './load-config.js';

const UNSET = ': environment variable ';

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The `monitoring` section for a command that reads it but sends no webhook (`drift`, `topics`,
 * `alerts` listing the rules): a webhook whose value uses a variable unset in this shell is left
 * out, with one warning per variable naming it, and the rest is checked as `serve` checks it.
 * A Slack URL set only where the gateway runs stopped drift and topics, which never send to it
 * (before 2026-12-07). `serve` and `alerts test` send, so they still refuse it.
 *
 * @example loadMonitoringToRead('gateway.yaml', 'drift', process.env, console.error).drift.alpha // 0.01
 */
export function loadMonitoringToRead(path: string, command: string, env: Record<string, string | undefined>, warn: (line: string) => void): MonitoringConfig {
  const root = readConfigRoot(path);
  const monitoring = root.monitoring;
  if (!isMapping(monitoring) || !isMapping(monitoring.webhooks)) return configSectionsOf(root, path, ['monitoring'], env).monitoring;
  const webhooks: Record<string, unknown> = {};
  for (const [name, hook] of Object.entries(monitoring.webhooks)) {
    const errors: string[] = [];
    interpolateEnv(hook, env, errors, ['monitoring', 'webhooks', name]);
    const unset = errors.filter((error) => error.includes(UNSET));
    if (unset.length === 0) webhooks[name] = hook;
    for (const error of unset) warn(`warning: ${error}; ${command} runs on without webhook ${name} (it sends to none; serve and alerts test need it)`);
  }
  return configSectionsOf({ ...root, monitoring: { ...monitoring, webhooks } }, path, ['monitoring'], env).monitoring;
}
