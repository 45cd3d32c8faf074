import { useEffect, useId, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartSummary } from '../chart-summary.js';
import { axisWidth, COUNT_STEPS, timeSteps, timeTicks, X_LABEL_OVERHANG, X_TICK_SPACE } from '../chart-ticks.js';
import { count } from '../format.js';

export const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#64748b'];

export interface Series {
  label: string;
  values: (number | null)[];
  color?: string;
  /** Stacked area-ish fill under the line. */
  fill?: boolean;
  /**
   * A null is a step with no data (a minute without a cache lookup): the line breaks there. By
   * default a line joins the values either side of a null, which suits a figure that is only
   * unknown there (a latency with no request), but drew a rate or a saving as if known.
   */
  gaps?: boolean;
}

/** Values with no value on either side: between gaps they draw no line, so they get a marker. */
function loneIndexes(values: readonly (number | null)[]): number[] | null {
  const lone = values.flatMap((v, i) => (v !== null && (values[i - 1] ?? null) === null && (values[i + 1] ?? null) === null ? [i] : []));
  return lone.length > 0 ? lone : null;
}

const AXIS_FONT = '12px system-ui, sans-serif';
/** A y scale that starts at zero for values that are all positive (a negative value still shows), with room above the largest. */
const AMOUNT_RANGE: uPlot.Range.Config = { min: { soft: 0, mode: 1, pad: 0.1 }, max: { soft: 0, mode: 3, pad: 0.1 } };

/** The time under the cursor, in the legend. */
const HOVER_TIME = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/**
 * A time-series chart (uPlot): x in ms since the epoch, any number of series. Axes stay legible:
 * times as "14:05" (dates on longer ranges), ticks spaced so labels never touch, y labels in the
 * chart's unit (`format`; whole numbers for counts) on an axis as wide as its longest label, and
 * `unit` under the title (e.g. "requests per 5 min"); `yRange` fixes the y scale for bounded values. The drawn tick labels are mirrored in
 * `data-x-ticks` / `data-y-ticks` (label and pixel position) for tests and screen readers, and
 * each series' count of drawn values (nulls are gaps) in `data-points`, and the breaks a `gaps`
 * series' line was drawn with (uPlot's own, in canvas pixels) in `data-gaps`. A screen reader
 * hears the chart as a figure named by its title, and the plot as an image whose text is the
 * series' lowest, highest and last values over its span (chartSummary): the canvas has no text.
 *
 * @example <TimeChart title="Requests" unit="per minute" ts={o.series.ts} series={[{ label: 'requests', values: o.series.requests }]} />
 */
export function TimeChart({ title, unit, ts, series, format, axisLabels, height = 180, yRange }: { title: string; unit?: string; ts: number[]; series: Series[]; format?: (v: number) => string; axisLabels?: (ticks: number[]) => string[]; height?: number; yRange?: [number, number] }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const width = Math.max(element.clientWidth, 300);
    const span = ts.length > 1 ? (ts[ts.length - 1] as number) - (ts[0] as number) : 0;
    const yLabel = format ?? ((v: number) => count(v));
    // The breaks uPlot found in each `gaps` series while drawing its line ([] for the others).
    const drawnGaps: [number, number][][] = series.map(() => []);
    const mirror = (name: string, u: uPlot, splits: number[], labels: string[], scale: 'x' | 'y') =>
      element.setAttribute(name, JSON.stringify(labels.map((label, i) => ({ label, px: Math.round(u.valToPos(splits[i] as number, scale)) }))));
    const options: uPlot.Options = {
      width,
      height,
      legend: { show: true },
      // Room right of the plot for half the widest time label ("Mar 13 14:05"): a tick at the right
      // edge is centred there, and uPlot's own padding (half a y axis, 25 px) cut "16:51:30" to "16:51:3".
      padding: [null, X_LABEL_OVERHANG, null, null],
      cursor: { drag: { x: false, y: false } },
      // A fixed range for bounded values (a score in 0–1): uPlot draws an all-zero series on 0–100.
      // Otherwise amounts (requests, tokens, dollars) from zero: uPlot's own range hugs values that
      // sit close together, and a busy stretch with no empty slot drew one lone tick.
      scales: { x: { time: true }, y: { range: yRange ?? AMOUNT_RANGE } },
      axes: [
        {
          stroke: '#64748b',
          font: AXIS_FONT,
          grid: { stroke: '#eef2f7' },
          space: X_TICK_SPACE,
          incrs: timeSteps(span),
          values: (u, splits) => {
            const labels = timeTicks(splits.map((s) => s * 1000), span);
            mirror('data-x-ticks', u, splits, labels, 'x');
            return labels;
          },
        },
        {
          stroke: '#64748b',
          font: AXIS_FONT,
          grid: { stroke: '#eef2f7' },
          space: 30,
          ...(format ? {} : { incrs: COUNT_STEPS }),
          size: (_u, values) => axisWidth(values),
          values: (u, splits) => {
            // The whole axis at once when the chart says how (a shared precision), else tick by tick.
            const labels = axisLabels ? axisLabels(splits) : splits.map((v) => yLabel(v));
            mirror('data-y-ticks', u, splits, labels, 'y');
            return labels;
          },
        },
      ],
      // At rest the legend names the series; the time and the values appear while the cursor is on
      // the chart (uPlot's `u-live` legend), instead of a row of "--" and "–" placeholders. Decided
      // where uPlot writes the legend's values, from the index it wrote them for, so the class and
      // the values shown always agree.
      hooks: {
        setLegend: [(u) => u.root.querySelector('.u-legend')?.classList.toggle('u-live', u.legend.idx !== null && u.legend.idx !== undefined)],
        draw: [() => element.setAttribute('data-gaps', JSON.stringify(drawnGaps))],
      },
      series: [
        { value: (_u: uPlot, v: number | null) => (v === null ? '' : HOVER_TIME.format(new Date(v * 1000))) },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? PALETTE[i % PALETTE.length],
          width: 1.5,
          fill: s.fill ? `${s.color ?? PALETTE[i % PALETTE.length]}22` : undefined,
          spanGaps: !s.gaps,
          ...(s.gaps
            ? {
                gaps: (_u: uPlot, _i: number, _from: number, _to: number, found: uPlot.Series.Gaps) => {
                  drawnGaps[i] = found.map(([a, b]) => [a, b]);
                  return found;
                },
              }
            : {}),
          // A lone point between gaps draws no line; show markers while a series has few values,
          // and on a line with breaks, on the values that stand alone between them.
          points: { show: s.values.filter((v) => v !== null).length < 24, size: 5, ...(s.gaps ? { filter: (_u: uPlot, _i: number, show: boolean) => (show ? null : loneIndexes(s.values)) } : {}) },
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : format ? format(v) : String(Math.round(v * 100) / 100)),
        })),
      ],
    };
    const data = [ts.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData;
    // How many values each series draws (gaps left out), beside the mirrored ticks.
    element.setAttribute('data-points', JSON.stringify(series.map((s) => s.values.filter((v) => v !== null).length)));
    const plot = new uPlot(options, data, element);
    plot.root.querySelector('.u-legend')?.classList.remove('u-live');
    const onResize = () => plot.setSize({ width: Math.max(element.clientWidth, 300), height });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      plot.destroy();
    };
  }, [ts, series, format, axisLabels, height, yRange?.[0], yRange?.[1]]);
  return (
    <div className="chart" role="figure" aria-labelledby={titleId}>
      <div className="chart-title" id={titleId}>
        {title}
        {unit ? <span className="muted small"> · {unit}</span> : null}
      </div>
      <div ref={ref} data-testid={`chart-${title}`} role="img" aria-label={chartSummary({ title, unit, ts, series, format })} />
    </div>
  );
}
