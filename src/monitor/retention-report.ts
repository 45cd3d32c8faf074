/** What the dashboard says is kept (`GET /api/retention`); plain types, the dashboard imports them. */
export interface RetentionReport {
  /** Null when no retention is configured: traces are kept until deleted. */
  traces: { days: number | null; bodiesDays: number | null; maxRows: number | null } | null;
  /** Whether the traces of budgeted keys outlive `days` (their current period is kept). */
  budgetsKeepTraces: boolean;
  /** `monitoring.keep_days`: signals (at most as long as their traces), drift reports and alert history. */
  monitoringKeepDays: number | null;
}

/**
 * The retention policy (`traces.retention`) as plain data for the dashboard.
 *
 * @example retentionReport({ days: 30 }, true, 90) // { traces: { days: 30, bodiesDays: null, maxRows: null }, budgetsKeepTraces: true, monitoringKeepDays: 90 }
 */
export function retentionReport(policy: { days?: number | undefined; bodies_days?: number | undefined; max_rows?: number | undefined } | undefined, hasBudgets: boolean, monitoringKeepDays: number | null = null): RetentionReport {
  if (!policy) return { traces: null, budgetsKeepTraces: false, monitoringKeepDays };
  return {
    traces: { days: policy.days ?? null, bodiesDays: policy.bodies_days ?? null, maxRows: policy.max_rows ?? null },
    budgetsKeepTraces: hasBudgets && (policy.days !== undefined || policy.max_rows !== undefined),
    monitoringKeepDays,
  };
}
