import { useEffect, useId, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartSummary } from '../chart-summary.js';
import { MARKER_SHAPES, type MarkerShape, markerSvg, shapedPoints } from '../chart-markers.js';
import { axisWidth, COUNT_STEPS, timeSteps, timeTicks, X_LABEL_OVERHANG, X_TICK_SPACE } from '../chart-ticks.js';
import { count } from '../format.js';

export const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#64748b'];

/**
 * Each series' line pattern, in order (in CSS pixels: dash, gap, …; `[]` is solid): solid, dashed,
 * dotted, dash-dot, long dashes, dot-dot-dash, pairs, dash-dot-dot, short dashes. Lines told apart
 * by colour alone fail WCAG 1.4.1 (use of colour): a reader who cannot tell red from green, or a
 * grey-scale print, saw "requests" and "errors" as one kind of line. The legend draws each
 * series' sample in its colour and pattern beside its name.
 */
export const DASHES: readonly (readonly number[])[] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [16, 5], [2, 3, 2, 3, 8, 3], [6, 2, 6, 6], [10, 3, 2, 3, 2, 3], [4, 4]];

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The legend's line sample, long enough to show two periods of the longest pattern's start. */
const SAMPLE_WIDTH = 36;

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

/** How one series is drawn: its colour, its line's pattern and its markers' shape. */
interface ChartLine {
  color: string;
  dash: readonly number[];
  marker: MarkerShape;
}

/**
 * Puts a short line in each series' colour and pattern where uPlot's legend has a coloured box,
 * so the legend's names match the lines by their pattern as well as their colour. Decoration
 * only: the name beside it is what a screen reader reads.
 */
function drawLegendSamples(root: HTMLElement, lines: readonly ChartLine[]): void {
  const rows = root.querySelectorAll('.u-legend .u-series');
  lines.forEach(({ color, dash, marker: shape }, i) => {
    // Row 0 is the time (the x series).
    const marker = rows[i + 1]?.querySelector<HTMLElement>('.u-marker');
    if (!marker) return;
    Object.assign(marker.style, { border: 'none', background: 'none', width: `${SAMPLE_WIDTH}px`, height: '10px', verticalAlign: 'middle' });
    const svg = document.createElementNS(SVG_NS, 'svg');
    for (const [name, value] of [['width', String(SAMPLE_WIDTH)], ['height', '10'], ['aria-hidden', 'true'], ['focusable', 'false']]) svg.setAttribute(name as string, value as string);
    const line = document.createElementNS(SVG_NS, 'line');
    for (const [name, value] of [['x1', '0'], ['y1', '5'], ['x2', String(SAMPLE_WIDTH)], ['y2', '5'], ['stroke', color], ['stroke-width', '2']]) line.setAttribute(name as string, value as string);
    if (dash.length > 0) line.setAttribute('stroke-dasharray', dash.join(' '));
    // The series' marker in the middle, hollow as on the chart.
    const { tag, ...at } = markerSvg(shape, SAMPLE_WIDTH / 2, 5, 3);
    const dot = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of [...Object.entries(at), ['fill', '#fff'], ['stroke', color], ['stroke-width', '1.5']]) dot.setAttribute(name as string, String(value));
    svg.append(line, dot);
    marker.replaceChildren(svg);
  });
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
 * Series differ in line pattern and marker shape as well as colour (`DASHES`, `MARKER_SHAPES`,
 * mirrored in `data-dashes` and `data-markers`), and the legend names each beside a sample of its line.
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
    const lines: ChartLine[] = series.map((s, i) => ({ color: s.color ?? (PALETTE[i % PALETTE.length] as string), dash: DASHES[i % DASHES.length] as readonly number[], marker: MARKER_SHAPES[i % MARKER_SHAPES.length] as MarkerShape }));
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
          // Wide enough for a dotted line to read as one; uPlot draws the pattern in canvas pixels.
          width: 2,
          dash: (lines[i] as (typeof lines)[number]).dash.map((d) => d * devicePixelRatio),
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
          points: { show: s.values.filter((v) => v !== null).length < 24, size: 6, paths: shapedPoints((lines[i] as ChartLine).marker), ...(s.gaps ? { filter: (_u: uPlot, _i: number, show: boolean) => (show ? null : loneIndexes(s.values)) } : {}) },
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : format ? format(v) : String(Math.round(v * 100) / 100)),
        })),
      ],
    };
    const data = [ts.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData;
    // The patterns each series is drawn with, as given to uPlot, for tests.
    element.setAttribute('data-dashes', JSON.stringify(lines.map((line) => line.dash)));
    element.setAttribute('data-markers', JSON.stringify(lines.map((line) => line.marker)));
    // How many values each series draws (gaps left out), beside the mirrored ticks.
    element.setAttribute('data-points', JSON.stringify(series.map((s) => s.values.filter((v) => v !== null).length)));
    const plot = new uPlot(options, data, element);
    plot.root.querySelector('.u-legend')?.classList.remove('u-live');
    drawLegendSamples(plot.root, lines);
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
