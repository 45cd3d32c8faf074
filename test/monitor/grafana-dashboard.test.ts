import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exported, problems, recordedSeries } from './promql-check.js';

// The shipped Grafana dashboard reads the gateway's metrics: a panel over a renamed metric or
// label is empty without an error, and Grafana imports a dashboard whose panels overlap or whose
// queries name an undefined variable without a word. This reads every query against the
// gateway's own registry and the shipped recording rules, and checks the layout Grafana needs.
// (Checked once by hand against Prometheus 2.42 scraping a gateway: docs/measurements.md.)

const root = join(import.meta.dirname, '../..');
const DASHBOARD = 'examples/grafana/switchyard-dashboard.json';
const RULES = 'examples/prometheus/switchyard.rules.yml';

interface Target {
  refId?: string;
  expr?: string;
  legendFormat?: string;
  datasource?: { type?: string; uid?: string };
}

interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}

interface Variable {
  name: string;
  type: string;
  query?: string | { query?: string };
  datasource?: { type?: string; uid?: string };
}

interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  id: null | number;
  panels: Panel[];
  templating: { list: Variable[] };
}

const load = (): Dashboard => JSON.parse(readFileSync(join(root, DASHBOARD), 'utf8')) as Dashboard;
const recorded = recordedSeries((parse(readFileSync(join(root, RULES), 'utf8')) as { groups: { rules: { record?: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules));
/** Every panel, those inside collapsed rows included. */
const allPanels = (d: Dashboard): Panel[] => d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
const queryPanels = (d: Dashboard): Panel[] => allPanels(d).filter((p) => p.type !== 'row');

/** Every `datasource` object anywhere in the dashboard (panels, targets, variables, annotations). */
function dataSources(value: unknown): { type?: string; uid?: string }[] {
  if (Array.isArray(value)) return value.flatMap(dataSources);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'datasource' && v !== null && typeof v === 'object' ? [v as { type?: string; uid?: string }] : dataSources(v)));
}

/** Grafana's own variables, which a dashboard does not define. */
const BUILT_IN = /^__(rate_interval|interval|interval_ms|range|range_s|range_ms|dashboard|from|to|org|user)/;
/** The Prometheus data source every query must use: the dashboard's variable, never a uid of one Grafana. */
const OUR_SOURCE = '${datasource}';

/** Overlapping panels, panels past the 24 columns, duplicate ids: what Grafana would silently rearrange. */
function layoutProblems(d: Dashboard): string[] {
  const found: string[] = [];
  const panels = allPanels(d);
  const ids = panels.map((p) => p.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) found.push(`panel id ${id} is used twice`);
  for (const p of panels) {
    const { x, y, w, h } = p.gridPos;
    if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) found.push(`${p.title}: gridPos ${JSON.stringify(p.gridPos)} is not inside the 24 columns`);
  }
  for (let i = 0; i < panels.length; i++) {
    for (let j = i + 1; j < panels.length; j++) {
      const a = (panels[i] as Panel).gridPos;
      const b = (panels[j] as Panel).gridPos;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) found.push(`${panels[i]?.title} overlaps ${panels[j]?.title}`);
    }
  }
  return found;
}

/** Targets without a refId or an expression, data sources other than the variable, variables that are not defined. */
function targetProblems(d: Dashboard): string[] {
  const found: string[] = [];
  const defined = new Set(d.templating.list.map((v) => v.name));
  for (const p of queryPanels(d)) {
    if (p.datasource?.uid !== OUR_SOURCE) found.push(`${p.title}: data source ${JSON.stringify(p.datasource)}, not ${OUR_SOURCE}`);
    if (!p.targets || p.targets.length === 0) found.push(`${p.title}: no query`);
    const refIds = (p.targets ?? []).map((t) => t.refId);
    if (new Set(refIds).size !== refIds.length) found.push(`${p.title}: refIds repeat`);
    for (const t of p.targets ?? []) {
      if (typeof t.refId !== 'string' || t.refId === '') found.push(`${p.title}: a target without refId`);
      if (typeof t.expr !== 'string' || t.expr.trim() === '') found.push(`${p.title}: target ${t.refId} has no expr`);
      if (t.datasource !== undefined && t.datasource.uid !== OUR_SOURCE) found.push(`${p.title}: target ${t.refId} has data source ${JSON.stringify(t.datasource)}`);
    }
  }
  const text = JSON.stringify(d);
  for (const [, braced, bare, bracketed] of text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g)) {
    const name = (braced ?? bare ?? bracketed) as string;
    if (!defined.has(name) && !BUILT_IN.test(name)) found.push(`$${name}: no such variable`);
  }
  return found;
}

/**
 * What a query asks of the gateway's metrics (promql-check.ts), plus: every name a selector or
 * range reads is a metric, and a legend's `{{label}}` is a label the query's result keeps.
 */
function queryProblems(expr: string, legend: string | undefined): string[] {
  const found = problems(expr, recorded);
  const metrics = exported();
  for (const [, name] of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g)) {
    if (!metrics.has(name as string) && !recorded.has(name as string)) found.push(`${name}: not a metric the gateway exports or the rules record`);
  }
  const kept = [...expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((m) => (m[1] as string).split(',').map((l) => l.trim()));
  const bare = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?$/.exec(expr.trim())?.[1];
  const labels = kept.length > 0 ? new Set(kept) : bare ? (metrics.get(bare)?.labels ?? recorded.get(bare)) : new Set<string>();
  for (const [, label] of (legend ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
    if (!labels?.has(label as string)) found.push(`legend {{${label}}}: the query keeps no such label`);
  }
  return found;
}

describe('the shipped Grafana dashboard (examples/grafana/switchyard-dashboard.json)', () => {
  const dashboard = load();

  it('imports into Grafana 10 and 11: a classic dashboard model of a current schema version, with a stable uid and no instance id', () => {
    expect(dashboard.title).toBe('Switchyard gateway');
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.id).toBeNull();
    // 39: what Grafana 10.4 and 11.0-11.2 write; later versions migrate it on load.
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(38);
    expect(dashboard.schemaVersion).toBeLessThanOrEqual(41);
    expect(new Set(allPanels(dashboard).map((p) => p.type))).toEqual(new Set(['row', 'stat', 'timeseries', 'state-timeline']));
  });

  it('picks its Prometheus through a data source variable, and its models and providers from the labels the gateway exports', () => {
    const vars = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.get('datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const name of ['model', 'provider']) {
      const v = vars.get(name);
      expect(v?.type).toBe('query');
      expect(v?.datasource?.uid).toBe(OUR_SOURCE);
      const query = typeof v?.query === 'string' ? v.query : v?.query?.query;
      const [, metric, label] = /^label_values\((\w+),\s*(\w+)\)$/.exec(query ?? '') ?? [];
      expect(label).toBe(name);
      expect(exported().get(metric as string)?.labels.has(name)).toBe(true);
    }
    // No data source of one Grafana is written in: every one is the variable (or Grafana's own, for annotations).
    expect(new Set(dataSources(dashboard).map((d) => `${d.type} ${d.uid}`))).toEqual(new Set([`prometheus ${OUR_SOURCE}`, 'grafana -- Grafana --']));
  });

  it('lays panels out inside 24 columns, without overlaps, each with its own id', () => {
    expect(layoutProblems(dashboard)).toEqual([]);
  });

  it('gives every panel queries with a refId and an expression, on the variable data source, naming only defined variables', () => {
    expect(queryPanels(dashboard).length).toBeGreaterThanOrEqual(30);
    expect(targetProblems(dashboard)).toEqual([]);
  });

  it("reads only metrics and labels the gateway exports (or the shipped rules record), quantiles over _bucket series by le, legends from kept labels", () => {
    const found = queryPanels(dashboard).flatMap((p) => (p.targets ?? []).flatMap((t) => queryProblems(t.expr ?? '', t.legendFormat).map((problem) => `${p.title} ${t.refId}: ${problem}`)));
    expect(found).toEqual([]);
  });

  it('shows what an operator looks for: every counter and gauge the gateway exports has a panel', () => {
    const text = queryPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? '')).join('\n');
    // Left out: a second view of a panel's figures (calls and unpriced tokens by key already show as spend and tokens).
    const elsewhere = new Set(['switchyard_key_requests_total', 'switchyard_unpriced_tokens_total', 'switchyard_request_duration_seconds_sum', 'switchyard_request_duration_seconds_count', 'switchyard_time_to_first_token_seconds_sum', 'switchyard_time_to_first_token_seconds_count', 'up']);
    const missing = [...exported().keys()].filter((name) => !elsewhere.has(name) && !new RegExp(`\\b${name}\\b`).test(text));
    expect(missing).toEqual([]);
  });

  it('finds overlapping panels, a missing refId or expression, an undefined variable, a stray data source and a legend of a dropped label (the checks can fail)', () => {
    const broken = load();
    const [first, second] = queryPanels(broken) as [Panel, Panel];
    second.gridPos = { ...first.gridPos, x: first.gridPos.x + 1 };
    second.id = first.id;
    first.gridPos = { ...first.gridPos, w: 30 };
    expect(layoutProblems(broken)).toEqual(expect.arrayContaining([`panel id ${first.id} is used twice`, `${first.title}: gridPos ${JSON.stringify(first.gridPos)} is not inside the 24 columns`, `${first.title} overlaps ${second.title}`]));
    first.targets = [{ expr: 'sum(rate(switchyard_requests_total{team=~"$team"}[5m]))' }, { refId: 'B', expr: '' }];
    first.datasource = { type: 'prometheus', uid: 'P1809F7CD0C75ACF3' };
    expect(targetProblems(broken)).toEqual(expect.arrayContaining([`${first.title}: a target without refId`, `${first.title}: target B has no expr`, '$team: no such variable', `${first.title}: data source {"type":"prometheus","uid":"P1809F7CD0C75ACF3"}, not ${OUR_SOURCE}`]));
    expect(queryProblems('sum by (model) (rate(switchyard_requests_total[5m]))', '{{provider}}')).toEqual(['legend {{provider}}: the query keeps no such label']);
    expect(queryProblems('sum(rate(nodejs_made_up_total[5m]))', undefined)).toEqual(['nodejs_made_up_total: not a metric the gateway exports or the rules record']);
  });
});
