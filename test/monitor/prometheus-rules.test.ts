import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GatewayMetrics } from '../../src/monitor/metrics/gateway-metrics.js';

// The shipped rules and the docs' PromQL name metrics and labels the gateway exports. Prometheus
// accepts a rule over a metric that does not exist and it never fires, so a renamed metric or
// label would silently disarm an operator's alert: this reads every expression against the
// gateway's own registry. (`promtool check rules` and `promtool test rules
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

/** Every metric the gateway can export, with its type and labels (Prometheus's own `job` and `instance` added). */
function exported(): Map<string, { type: string; labels: Set<string> }> {
  const metrics = new GatewayMetrics({ labels: { models: [], providers: [], keys: [], teams: [] } });
  metrics.watch({ inFlight: () => 0, writer: () => ({ pending: 0, written: 0, lagging: {} }), otelFailedSpans: () => 0, targets: () => [] });
  const names = new Map<string, { type: string; labels: Set<string> }>();
  for (const m of metrics.registry.getMetricsAsArray() as unknown as { name: string; type: string; labelNames: string[] }[]) {
    const labels = new Set([...m.labelNames, 'job', 'instance']);
    if (m.type === 'histogram') {
      names.set(`${m.name}_bucket`, { type: 'counter', labels: new Set([...labels, 'le']) });
      names.set(`${m.name}_sum`, { type: 'counter', labels });
      names.set(`${m.name}_count`, { type: 'counter', labels });
    } else names.set(m.name, { type: m.type, labels });
  }
  names.set('up', { type: 'gauge', labels: new Set(['job', 'instance']) });
  return names;
}

/**
 * What an expression asks of each metric it names: the metric must be exported, its matchers
 * and `by (…)` labels must be its own, and `rate`/`increase` must read a counter. `recorded` are
 * the recording rules' outputs (labels: what they aggregate by).
 */
function problems(expr: string, recorded: Map<string, Set<string>>): string[] {
  const metrics = exported();
  const found: string[] = [];
  const labelsOf = (name: string) => metrics.get(name)?.labels ?? recorded.get(name);
  for (const [, name] of expr.matchAll(/\b((?:switchyard_|[a-z]+:switchyard_)[a-zA-Z0-9_:]*|up)\b(?!\s*\()/g)) {
    if (labelsOf(name as string) === undefined) found.push(`${name}: not a metric the gateway exports`);
  }
  for (const [, name, matchers] of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/g)) {
    for (const [, label] of (matchers as string).matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)) {
      if (!labelsOf(name as string)?.has(label as string)) found.push(`${name}: no label ${label}`);
    }
  }
  for (const [, fn, name] of expr.matchAll(/\b(rate|increase)\(([a-zA-Z_:][a-zA-Z0-9_:]*)/g)) {
    if (metrics.has(name as string) && metrics.get(name as string)?.type !== 'counter') found.push(`${fn}(${name}): not a counter`);
  }
  for (const [, by, fn, name] of expr.matchAll(/by \(([^)]*)\) \((?:(rate|increase)\()?([a-zA-Z_:][a-zA-Z0-9_:]*)/g)) {
    void fn;
    for (const label of (by as string).split(',').map((l) => l.trim())) {
      if (!labelsOf(name as string)?.has(label)) found.push(`by (${label}) over ${name}: no such label`);
    }
  }
  return found;
}

function rulesOf(file: string): { name: string; rules: Rule[] }[] {
  return (parse(readFileSync(join(root, file), 'utf8')) as { groups: { name: string; rules: Rule[] }[] }).groups;
}

describe('the shipped Prometheus rules (examples/prometheus/switchyard.rules.yml)', () => {
  const groups = rulesOf(RULES);
  const rules = groups.flatMap((g) => g.rules);
  // A recording rule's series keep the labels it aggregates by.
  const recorded = new Map(rules.flatMap((r) => (r.record ? [[r.record, new Set([...(/by \(([^)]*)\)/.exec(r.expr)?.[1]?.split(',').map((l) => l.trim()) ?? []), 'job', 'instance'])] as const] : [])));

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

  it('finds a renamed metric, a label it does not have and a rate over a gauge (the check can fail)', () => {
    expect(problems('sum by (model) (rate(switchyard_request_total[5m]))', recorded)).toEqual(['switchyard_request_total: not a metric the gateway exports', 'by (model) over switchyard_request_total: no such label']);
    expect(problems('sum(rate(switchyard_upstream_attempts_total{model="x"}[5m]))', recorded)).toEqual(['switchyard_upstream_attempts_total: no label model']);
    expect(problems('rate(switchyard_trace_writer_pending[5m])', recorded)).toEqual(['rate(switchyard_trace_writer_pending): not a counter']);
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
