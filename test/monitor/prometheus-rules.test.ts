import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { problems, recordedSeries } from './promql-check.js';

// The shipped rules and the docs' PromQL name metrics and labels the gateway exports. Prometheus
// accepts a rule over a metric that does not exist and it never fires, so a renamed metric or
// label would silently disarm an operator's alert: this reads every expression against the
// gateway's own registry (promql-check.ts). (`promtool check rules` and `promtool test rules
// examples/prometheus/switchyard.rules.test.yml` pass too; CI has no promtool.)

const root = join(import.meta.dirname, '../..');
const RULES = 'examples/prometheus/switchyard.rules.yml';
const PROMTOOL_TEST = 'examples/prometheus/switchyard.rules.test.yml';

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function rulesOf(file: string): { name: string; rules: Rule[] }[] {
  return (parse(readFileSync(join(root, file), 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups;
}

describe('the shipped Prometheus rules (examples/prometheus/switchyard.rules.yml)', () => {
  const groups = rulesOf(RULES);
  const rules = groups.flatMap((g) => g.rules);
  // A recording rule's series keep the labels it aggregates by.
  const recorded = recordedSeries(rules);

  it('is well formed: named groups, each rule a record or an alert with an expression', () => {
    expect(groups.length).toBeGreaterThan(0);
    expect(new Set(groups.map((g) => g.name)).size).toBe(groups.length);
    for (const rule of rules) {
      expect(Object.keys(rule).every((k) => ['record', 'alert', 'expr', 'for', 'labels', 'annotations'].includes(k)), JSON.stringify(rule)).toBe(true);
      expect(typeof rule.expr).toBe('string');
      expect(Boolean(rule.record) !== Boolean(rule.alert)).toBe(true);
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smhdwy]$/);
    }
  });

  it("names recordings level:metric:operations, as Prometheus's naming practice has it", () => {
    for (const rule of rules.filter((r) => r.record)) expect(rule.record).toMatch(/^[a-z_]+:switchyard_[a-z0-9_]+:[a-z0-9_]+$/);
  });

  it('gives every alert a severity, a summary and a description, and a unique CamelCase name', () => {
    const alerts = rules.filter((r) => r.alert);
    expect(alerts.length).toBeGreaterThanOrEqual(5);
    expect(new Set(alerts.map((a) => a.alert)).size).toBe(alerts.length);
    for (const alert of alerts) {
      expect(alert.alert).toMatch(/^Switchyard[A-Z][A-Za-z]+$/);
      expect(['critical', 'warning', 'info']).toContain(alert.labels?.severity);
      expect(alert.annotations?.summary?.length).toBeGreaterThan(10);
      expect(alert.annotations?.description?.length).toBeGreaterThan(10);
    }
  });

  it('reads only metrics and labels the gateway exports, and rates only counters', () => {
    const found = rules.flatMap((r) => problems(r.expr, recorded).map((p) => `${r.record ?? r.alert}: ${p}`));
    expect(found).toEqual([]);
  });

  it('finds a renamed metric, a label it does not have, a rate over a gauge and a quantile of no buckets (the check can fail)', () => {
    expect(problems('sum by (model) (rate(switchyard_request_total[5m]))', recorded)).toEqual(['switchyard_request_total: not a metric the gateway exports', 'by (model) over switchyard_request_total: no such label']);
    expect(problems('sum(rate(switchyard_upstream_attempts_total{model="x"}[5m]))', recorded)).toEqual(['switchyard_upstream_attempts_total: no label model']);
    expect(problems('rate(switchyard_trace_writer_pending[5m])', recorded)).toEqual(['rate(switchyard_trace_writer_pending): not a counter']);
    expect(problems('histogram_quantile(0.95, sum by (model) (rate(switchyard_request_duration_seconds_bucket[5m])))', recorded)).toEqual(['histogram_quantile over switchyard_request_duration_seconds_bucket: not summed by le']);
    expect(problems('histogram_quantile(0.95, sum by (le) (rate(switchyard_request_duration_seconds_count[5m])))', recorded)).toEqual(['by (le) over switchyard_request_duration_seconds_count: no such label', "histogram_quantile over switchyard_request_duration_seconds_count: not a histogram's _bucket series"]);
  });

  it("leaves the gateway's own 4xx refusals out of the 5xx share, so a flood of made-up keys neither pages nor dilutes an outage", () => {
    const share = rules.find((r) => r.record === 'model:switchyard_requests_5xx:ratio_rate5m');
    expect(share?.expr).toContain('status=~"5.."');
    expect(share?.expr).toContain('status!~"4.."');
  });

  it('has a promtool test for every alert', () => {
    const tested = new Set((parse(readFileSync(join(root, PROMTOOL_TEST), 'utf8')) as { tests: { alert_rule_test?: { alertname: string }[] }[] }).tests.flatMap((t) => (t.alert_rule_test ?? []).map((a) => a.alertname)));
    for (const alert of rules.filter((r) => r.alert)) expect(tested, String(alert.alert)).toContain(alert.alert);
  });
});

describe("the docs' PromQL (docs/monitoring.md)", () => {
  it('reads only metrics and labels the gateway exports, and rates only counters', () => {
    const page = readFileSync(join(root, 'docs/monitoring.md'), 'utf8');
    const queries = [...page.matchAll(/```promql\n([\s\S]*?)```/g)].flatMap((m) => (m[1] as string).split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '');
    expect(queries.length).toBeGreaterThanOrEqual(8);
    expect(queries.flatMap((q) => problems(q, new Map()).map((p) => `${q}: ${p}`))).toEqual([]);
  });
});
