import { count, time, timeRange } from './format.js';

/** One line of a chart: its name and its values, a null where it has none. */
export interface SummarySeries {
  label: string;
  values: readonly (number | null)[];
}

/**
 * What a time chart shows, in one sentence for a screen reader (a canvas has no text of its own):
 * its title and unit, the time it spans, and per series its lowest, highest and last value, in the
 * chart's own format.
 *
 * @example chartSummary({ title: 'Requests', unit: 'per minute', ts, series: [{ label: 'small', values: [3, 12, 7] }] })
 * // "Requests (per minute), 14:05:00 → 14:07:00. small: lowest 3, highest 12, last 7."
 */
export function chartSummary({ title, unit, ts, series, format = count }: { title: string; unit?: string; ts: readonly number[]; series: readonly SummarySeries[]; format?: (v: number) => string }): string {
  const first = ts[0];
  const last = ts[ts.length - 1];
  const span = first === undefined || last === undefined ? 'no data' : first === last ? time(first) : timeRange(first, last);
  const lines = series.map((s) => `${s.label}: ${seriesSummary(s.values, format)}`);
  return `${title}${unit ? ` (${unit})` : ''}, ${span}.${lines.length > 0 ? ` ${lines.join('; ')}.` : ''}`;
}

function seriesSummary(values: readonly (number | null)[], format: (v: number) => string): string {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return 'no values';
  if (known.length === 1) return format(known[0] as number);
  return `lowest ${format(Math.min(...known))}, highest ${format(Math.max(...known))}, last ${format(known[known.length - 1] as number)}`;
}
