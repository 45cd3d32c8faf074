import { count } from '../format.js';
import type { RetentionReport } from '../types.js';
import { useApi } from './use-api.js';

/** What the store keeps, in words: the retention policy, and that the charts outlive the traces. */
export function retentionText(report: RetentionReport): string {
  const t = report.traces;
  if (!t || (t.days === null && t.maxRows === null && t.bodiesDays === null)) return 'Traces are kept until deleted: no retention is configured (traces.retention).';
  const parts: string[] = [];
  if (t.days !== null) parts.push(`${count(t.days)} days`);
  if (t.maxRows !== null) parts.push(`at most ${count(t.maxRows)} traces`);
  const rows = parts.length > 0 ? `Traces are kept for ${parts.join(', ')}` : 'Traces are kept until deleted';
  const bodies = t.bodiesDays !== null ? `; prompts and answers for ${count(t.bodiesDays)} days (monitoring's copies too), then only their numbers` : '';
  const budgets = report.budgetsKeepTraces ? ' Keys with a budget keep their traces of the current budget period.' : '';
  return `${rows}${bodies}. The overview's charts come from rollups, which are kept.${budgets}`;
}

/**
 * What monitoring keeps, in words: its per-trace signals follow the traces (rows and bodies),
 * its reports and alert history `monitoring.keep_days`. Null where monitoring is not served.
 */
export function monitoringRetentionText(report: RetentionReport): string | null {
  if (report.monitoringKeepDays === null) return null;
  const t = report.traces;
  const days = Math.min(report.monitoringKeepDays, t?.days ?? Number.POSITIVE_INFINITY);
  const rows = `Monitoring keeps a signal per trace (its numbers, topic and online scores) for ${count(days)} days${t?.maxRows != null ? ', and no longer than its trace' : ''}`;
  const text =
    t?.bodiesDays != null
      ? `; its copy of the prompt and answer for ${count(t.bodiesDays)} days, like the trace bodies, and drift reports' example requests lose their text then too (topics, drift and "send to review or dataset" leave those traces' text out)`
      : ', with a copy of the prompt and answer';
  return `${rows}${text}. Drift reports and alert history are kept ${count(report.monitoringKeepDays)} days, topic models until refitted.`;
}

export function RetentionNote({ monitoring = false }: { monitoring?: boolean }) {
  const { data } = useApi<RetentionReport>('/api/retention');
  if (!data) return null;
  const text = monitoring ? monitoringRetentionText(data) : retentionText(data);
  if (!text) return null;
  return (
    <p className="muted small" data-testid="retention">
      {text}
    </p>
  );
}
