/** Display helpers: one place decides how money, time and counts look. */
import { formatLatency } from '../../src/core/format-latency.js';
import { unpricedModel } from '../../src/core/unpriced.js';

/**
 * Money, as every page writes it (tables, cards, chart hovers and axes, the CLI's five decimals
 * for small costs): $0; under a cent to five decimals (an embedding call's cost), and under
 * $0.00001 as such (anything smaller would print as $0.00000); under $100 in cents; above, whole
 * dollars with thousands separators. `decimals` fixes the places instead, for labels that must
 * line up (`usdTicks`).
 *
 * @example usd(0.00451) // '$0.00451'
 * @example usd(1234.5) // '$1,235'
 * @example usd(0.01, 3) // '$0.010'
 */
export function usd(value: number | null | undefined, decimals?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  if (value === 0) return '$0';
  const sign = value < 0 ? '-' : '';
  const size = Math.abs(value);
  if (decimals === undefined && size < 0.000005) return `${sign}<$0.00001`;
  const places = decimals ?? (size < 0.01 ? 5 : size < 100 ? 2 : 0);
  return `${sign}$${size.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places })}`;
}

/**
 * Money spent against a budget, as a budget meter writes it: two significant digits of the budget
 * more than the budget has (1% of it), never fewer than cents. In cents, $0.0351 of a $0.05
 * budget read "$0.04 of $0.05" where the CLI and the refusal said $0.0351, and $0.0496 read as
 * the whole budget while calls still passed.
 *
 * @example usdOfBudget(0.0351, 0.05) // '$0.0351'
 * @example usdOfBudget(12.345, 20) // '$12.35'
 */
export function usdOfBudget(amount: number, budget: number): string {
  if (amount === 0 || !(budget > 0) || budget >= 100) return usd(amount);
  const places = Math.min(6, Math.max(2, Math.ceil(-Math.log10(budget)) + 2));
  // An amount these places would write as zero keeps usd's own form ("<$0.00001", "$0.00451").
  return Math.abs(amount) < 0.5 * 10 ** -places ? usd(amount) : usd(amount, places);
}

/**
 * Labels for a dollar axis: every tick with the same number of decimals, as many as the step
 * needs (two significant digits of it at most, cents below a dollar). Formatted one by one,
 * ticks 0.005 apart read "$0.00500", "$0.01", "$0.01": two ticks with one label, and a third with
 * more digits than the others.
 *
 * @example usdTicks([0, 0.005, 0.01, 0.015]) // ["$0", "$0.005", "$0.010", "$0.015"]
 */
export function usdTicks(ticks: readonly number[]): string[] {
  let step = Infinity;
  for (let i = 1; i < ticks.length; i++) step = Math.min(step, Math.abs((ticks[i] as number) - (ticks[i - 1] as number)));
  if (!Number.isFinite(step) || step === 0) step = Math.abs(ticks[0] ?? 1) || 1;
  // The fewest decimals that write the step exactly (0.0025 needs 4), at most its second significant
  // digit (a scale's step, 0.0066…, is no round number), and cents below a dollar.
  const most = Math.max(2, Math.ceil(-Math.log10(step)) + 1);
  let decimals = 0;
  while (decimals < most && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-6) decimals += 1;
  if (step < 1) decimals = Math.max(2, decimals);
  return ticks.map((v) => usd(v, decimals));
}

/** A money chart's hover values and axis labels (TimeChart's `format` and `axisLabels`), so every cost chart writes dollars alike. */
export const USD_CHART = { format: (v: number) => usd(v), axisLabels: usdTicks };

/** A latency, as the CLI writes it too (`formatLatency`); '–' for none. */
export function ms(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : formatLatency(value);
}

export function count(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)}k`;
  return value.toLocaleString('en-US');
}

export function pct(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(digits)}%`;
}

export function time(ts: number | null | undefined): string {
  if (!ts) return '–';
  const d = new Date(ts);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  const hms = d.toLocaleTimeString('en-GB', { hour12: false });
  return sameDay ? hms : `${d.toLocaleDateString('en-CA')} ${hms}`;
}

/**
 * A moment in full, date and zone included: what a shared link to a trace, or a pointer held over
 * a bare "13:54:36", needs to say (the short form leaves out today's date, and neither names the zone).
 * @example fullTime(Date.UTC(2026, 11, 4, 13, 54, 36)) // "2026-12-04 13:54:36 UTC" in a browser on UTC
 */
export function fullTime(ts: number | null | undefined): string {
  if (!ts) return '–';
  const d = new Date(ts);
  const offset = -d.getTimezoneOffset();
  const zone = offset === 0 ? 'UTC' : `UTC${offset > 0 ? '+' : '−'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return `${d.toLocaleDateString('en-CA')} ${d.toLocaleTimeString('en-GB', { hour12: false })} ${zone}`;
}

/**
 * A window "from → to": the end keeps its date when the start's differs, so a day-long window does
 * not read "2026-12-01 10:51:16 → 10:51:16", as if it had no length.
 */
export function timeRange(since: number, until: number): string {
  const end = time(until);
  const sameDay = new Date(since).toDateString() === new Date(until).toDateString();
  return `${time(since)} → ${sameDay || end.includes('-') ? end : `${new Date(until).toLocaleDateString('en-CA')} ${end}`}`;
}

/**
 * A drift report's two windows with their trace counts: "current A → B (1 trace) vs reference C → D (0)".
 * The count's noun follows it: a route with one trace read "(1 traces)".
 *
 * @example driftWindows({ since, until, count: 1 }, { since: s2, until: u2, count: 0 }) // "current … (1 trace) vs reference … (0)"
 */
export function driftWindows(current: { since: number; until: number; count: number }, reference: { since: number; until: number; count: number }): string {
  return `current ${timeRange(current.since, current.until)} (${plural(current.count, 'trace')}) vs reference ${timeRange(reference.since, reference.until)} (${count(reference.count)})`;
}

export function num(value: number | null | undefined, digits = 2): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : value.toFixed(digits);
}

/**
 * A length of time in its largest whole unit: "30 s", "5 min", "2 h", "7 d"; "90 s" when it is not
 * a whole number of minutes.
 *
 * @example duration(30_000) // "30 s"
 */
export function duration(valueMs: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (valueMs >= size && valueMs % size === 0) return `${valueMs / size} ${unit}`;
  return valueMs >= 1000 ? `${Math.round(valueMs / 100) / 10} s` : `${valueMs} ms`;
}

/** "per 5 min" for a chart step. */
export function perStep(stepMs: number): string {
  if (stepMs < 3_600_000) return `per ${stepMs / 60_000 === 1 ? 'minute' : `${stepMs / 60_000} min`}`;
  if (stepMs < 86_400_000) return `per ${stepMs / 3_600_000 === 1 ? 'hour' : `${stepMs / 3_600_000} h`}`;
  return 'per day';
}

/** A size: "0 B", "12.3 KB", "4.0 MB"; a few cached answers read "0.0 MB" in megabytes alone. */
export function bytes(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  if (value < 1024) return `${value} B`;
  if (value < 1_048_576) return `${(value / 1024).toFixed(1)} KB`;
  return `${(value / 1_048_576).toFixed(1)} MB`;
}

/** "1 eval run", "3 eval runs": a count with its noun, never "run(s)". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** What every latency figure of the dashboard is over, for column headers' titles (see `isGatewayRefusal`). */
export const LATENCY_COUNTS = 'Latency of the calls that reached a model, the cache or a local model, failed ones included; not of the calls the gateway refused itself (a bad body, a key, a limit or budget, an input guard)';

/** A dataset value as text: a string as it is, anything else as JSON, nothing as nothing. */
export const valueText = (value: unknown): string => (value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value));

/**
 * A trace's cost, or "unpriced" for a call to a model with no price (its $0 is unknown, not free).
 *
 * @example costLabel({ costUsd: 0, decisions: { cost: { priced: false, model: 'gpt-6.2-astra' } } }) // 'unpriced'
 */
export function costLabel(trace: { costUsd: number; decisions: Record<string, unknown> | null }): string {
  if (unpricedModel(trace) === undefined) return usd(trace.costUsd);
  return trace.costUsd === 0 ? 'unpriced' : `${usd(trace.costUsd)} + unpriced`;
}

/**
 * The same in a list's narrow cost column: an unpriced call shows '–' (unknown, as elsewhere on
 * the dashboard), with the reason on hover; a whole word there widened the trace list past its box.
 *
 * @example costCell({ costUsd: 0, decisions: { cost: { priced: false, model: 'gpt-6.2-astra' } } }) // { text: '–', title: 'unpriced: no price for gpt-6.2-astra' }
 */
export function costCell(trace: { costUsd: number; decisions: Record<string, unknown> | null }): { text: string; title?: string } {
  const model = unpricedModel(trace);
  if (model === undefined) return { text: usd(trace.costUsd) };
  return { text: trace.costUsd === 0 ? '–' : `${usd(trace.costUsd)}+`, title: `unpriced: no price for ${model}` };
}

/**
 * An eval variant's cost when some of its results were answered by a model with no price: those
 * cost an unknown amount, so the cell says how many ("$0.01 + 3 of 10 unpriced", "unpriced")
 * with the models on hover, not a $0 that reads as free. `per` is the cost per case (a lower
 * bound, `≥`, when some are unpriced) rather than the total.
 *
 * @example variantCost({ costUsd: 0, costPerCaseUsd: 0, results: 4, unpricedResults: 4, unpricedModels: ['my-vllm'] }) // { text: 'unpriced', title: 'no price for my-vllm: 4 of 4 results' }
 */
export function variantCost(
  v: { costUsd: number; costPerCaseUsd: number; results: number; unpricedResults?: number | undefined; unpricedModels?: string[] | undefined },
  per = false,
): { text: string; title?: string } {
  const unpriced = v.unpricedResults ?? 0;
  const dollars = usd(per ? v.costPerCaseUsd : v.costUsd);
  if (unpriced <= 0) return { text: dollars };
  const title = `no price for ${(v.unpricedModels ?? []).join(', ') || 'the model'}: ${unpriced} of ${v.results} results`;
  if (unpriced >= v.results) return { text: 'unpriced', title };
  return { text: per ? `≥ ${dollars}` : `${dollars} + ${unpriced} of ${v.results} unpriced`, title };
}

/**
 * `table[key]` when `key` is one of the table's own entries, for a name that comes from the URL:
 * `#/constructor/x` titled the tab "function Object() { [native code] } x" and
 * `#/traces?since=toString` asked the API for traces since NaN.
 *
 * @example ownEntry({ '1h': 3_600_000 }, 'constructor') // undefined
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A dataset item generated from a passage, as the review page shows it: each field as text. */
export interface GroundedItem {
  question: string;
  sourceDocument: string | null;
  sourcePassage: string;
}

/**
 * The question, source document and passage of a generated (grounded) item, or null for any other
 * input. The input is whatever the review item holds (`POST /api/review/items` takes any JSON): a
 * `source_passage` that was not text went into the page as a React child and the page failed to
 * render; a question that is not text is shown as its JSON.
 *
 * @example groundedItem({ question: 'Where?', source_passage: 'In Leeds.' }) // { question: 'Where?', sourceDocument: null, sourcePassage: 'In Leeds.' }
 */
export function groundedItem(input: unknown): GroundedItem | null {
  if (input === null || typeof input !== 'object' || Array.isArray(input) || !Object.hasOwn(input, 'source_passage')) return null;
  const fields = input as { question?: unknown; source_document?: unknown; source_passage?: unknown };
  if (typeof fields.source_passage !== 'string') return null;
  const question = typeof fields.question === 'string' ? fields.question : (JSON.stringify(fields.question) ?? '');
  return { question, sourceDocument: typeof fields.source_document === 'string' && fields.source_document !== '' ? fields.source_document : null, sourcePassage: fields.source_passage };
}
