import { GatewayMetrics } from '../../src/monitor/metrics/gateway-metrics.js';

// Prometheus accepts a query over a metric that does not exist and returns nothing, so a renamed
// metric or label silently empties an operator's panel or disarms an alert. The shipped rules,
// the docs' PromQL and the Grafana dashboard are all read against the gateway's own registry here.

/** What a series looks like to a query: its type (histograms as their three counters) and its labels. */
export interface ExportedSeries {
  type: string;
  labels: Set<string>;
}

let cached: Map<string, ExportedSeries> | undefined;

/** Every metric the gateway can export, with its type and labels (Prometheus's own `job` and `instance` added). */
export function exported(): Map<string, ExportedSeries> {
  if (cached) return cached;
  const metrics = new GatewayMetrics({ labels: { models: [], providers: [], keys: [], teams: [] } });
  metrics.watch({ inFlight: () => 0, writer: () => ({ pending: 0, written: 0, lagging: {} }), otelFailedSpans: () => 0, targets: () => [] });
  const names = new Map<string, ExportedSeries>();
  for (const m of metrics.registry.getMetricsAsArray() as unknown as { name: string; type: string; labelNames: string[] }[]) {
    const labels = new Set([...m.labelNames, 'job', 'instance']);
    if (m.type === 'histogram') {
      names.set(`${m.name}_bucket`, { type: 'counter', labels: new Set([...labels, 'le']) });
      names.set(`${m.name}_sum`, { type: 'counter', labels });
      names.set(`${m.name}_count`, { type: 'counter', labels });
    } else names.set(m.name, { type: m.type, labels });
  }
  names.set('up', { type: 'gauge', labels: new Set(['job', 'instance']) });
  cached = names;
  return names;
}

/**
 * The series recording rules write, with the labels they keep: those they aggregate by (plus
 * `job` and `instance`, which external labels may add).
 *
 * @example recordedSeries([{ record: 'model:x:rate5m', expr: 'sum by (model) (…)' }]) // Map { 'model:x:rate5m' => Set { 'model', 'job', 'instance' } }
 */
export function recordedSeries(rules: readonly { record?: string; expr: string }[]): Map<string, Set<string>> {
  return new Map(rules.flatMap((r) => (r.record ? [[r.record, new Set([...(/by \(([^)]*)\)/.exec(r.expr)?.[1]?.split(',').map((l) => l.trim()) ?? []), 'job', 'instance'])] as const] : [])));
}

/**
 * What an expression asks of each metric it names: the metric must be exported, its matchers
 * and `by (…)` labels must be its own, and `rate`/`increase` must read a counter, and a quantile must read `_bucket` series summed by `le`. `recorded` are
 * the recording rules' outputs (labels: what they aggregate by).
 *
 * @example problems('sum by (model) (rate(switchyard_request_total[5m]))', new Map()) // ['switchyard_request_total: not a metric the gateway exports', …]
 */
export function problems(expr: string, recorded: ReadonlyMap<string, Set<string>>): string[] {
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
  for (const [, by, , name] of expr.matchAll(/by \(([^)]*)\) \((?:(rate|increase)\()?([a-zA-Z_:][a-zA-Z0-9_:]*)/g)) {
    for (const label of (by as string).split(',').map((l) => l.trim())) {
      if (!labelsOf(name as string)?.has(label)) found.push(`by (${label}) over ${name}: no such label`);
    }
  }
  // A quantile reads a histogram's `_bucket` counters, summed by `le` (without it, every bucket is one series and the quantile is NaN).
  for (const [, by, name] of expr.matchAll(/histogram_quantile\(\s*[\d.]+\s*,\s*sum by \(([^)]*)\) \(rate\(([a-zA-Z_:][a-zA-Z0-9_:]*)/g)) {
    if (!(name as string).endsWith('_bucket')) found.push(`histogram_quantile over ${name}: not a histogram's _bucket series`);
    if (!(by as string).split(',').some((l) => l.trim() === 'le')) found.push(`histogram_quantile over ${name}: not summed by le`);
  }
  if (expr.split('histogram_quantile(').length !== expr.split(/histogram_quantile\(\s*[\d.]+\s*,\s*sum by \(/).length) found.push('histogram_quantile: write it as histogram_quantile(q, sum by (…, le) (rate(…_bucket[…])))');
  return found;
}
