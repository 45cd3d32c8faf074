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
  const bodies = t.bodiesDays !== null ? `; prompts and answers for ${count(t.bodiesDays)} days, then only their numbers` : '';
  const budgets = report.budgetsKeepTraces ? ' Keys with a budget keep their traces of the current budget period.' : '';
  return `${rows}${bodies}. The overview's charts come from rollups, which are kept.${budgets}`;
}

export function RetentionNote() {
  const { data } = useApi<RetentionReport>('/api/retention');
  if (!data) return null;
  return (
    <p className="muted small" data-testid="retention">
      {retentionText(data)}
    </p>
  );
}
