import { cliTime } from '../../core/cli-time.js';
import { fitToTerminal } from '../../core/terminal-table.js';
import { type AlertEvent, scopeText } from '../../monitor/alerts/alert-state.js';
import type { RuleStatus } from '../../monitor/alerts/evaluate-alerts.js';

/**
 * `switchyard alerts`' lines: each rule with its state and last value, then the latest
 * notifications. Each is one line to a pipe (grep FIRING); on a terminal it wraps at its words,
 * continuation lines indented past the state or the time.
 *
 * @example alertLines(await ruleStatuses(store, rules), events).join('\n')
 */
export function alertLines(statuses: readonly RuleStatus[], events: readonly AlertEvent[]): string[] {
  const lines: string[] = [];
  if (statuses.length === 0) lines.push('no alert rules configured (monitoring.alerts in the config)');
  for (const { rule, state } of statuses) {
    const value = state?.value === null || state?.value === undefined ? '–' : Number(state.value.toPrecision(3));
    lines.push(fitToTerminal(`${(state?.status ?? 'ok').toUpperCase().padEnd(6)} ${rule.name}: ${rule.metric} ${rule.when} ${rule.threshold} over ${rule.window_minutes} min${scopeText(rule)}; last value ${value}`, ' '.repeat(7)));
  }
  if (events.length > 0) {
    lines.push('\nrecent notifications:');
    for (const e of events) {
      const deliveries = e.deliveries.map((d) => `${d.webhook} ${d.ok ? 'ok' : `failed: ${d.error ?? ''}`}`).join(', ') || 'no webhook';
      lines.push(fitToTerminal(`${cliTime(e.at)}  ${e.message}  [${deliveries}]`, ' '.repeat(21)));
    }
  }
  return lines;
}
