import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export const PALETTE = ['#2563eb', '#16a34a', '#dc2626', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#64748b'];

export interface Series {
  label: string;
  values: (number | null)[];
  color?: string;
  /** Stacked area-ish fill under the line. */
  fill?: boolean;
}

/**
 * A time-series chart (uPlot): x in ms since the epoch, any number of series.
 *
 * @example <TimeChart title="Requests" ts={o.series.ts} series={[{ label: 'requests', values: o.series.requests }]} />
 */
export function TimeChart({ title, ts, series, format, height = 180 }: { title: string; ts: number[]; series: Series[]; format?: (v: number) => string; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const width = Math.max(element.clientWidth, 300);
    const options: uPlot.Options = {
      width,
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [{ stroke: '#64748b', grid: { stroke: '#eef2f7' } }, { stroke: '#64748b', grid: { stroke: '#eef2f7' }, size: 64, values: (_u, splits) => splits.map((v) => (format ? format(v) : String(v))) }],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? PALETTE[i % PALETTE.length],
          width: 1.5,
          fill: s.fill ? `${s.color ?? PALETTE[i % PALETTE.length]}22` : undefined,
          spanGaps: true,
          // A lone point between gaps draws no line; show markers while a series has few values.
          points: { show: s.values.filter((v) => v !== null).length < 24, size: 5 },
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : format ? format(v) : String(Math.round(v * 100) / 100)),
        })),
      ],
    };
    const data = [ts.map((t) => t / 1000), ...series.map((s) => s.values)] as uPlot.AlignedData;
    const plot = new uPlot(options, data, element);
    const onResize = () => plot.setSize({ width: Math.max(element.clientWidth, 300), height });
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      plot.destroy();
    };
  }, [ts, series, format, height]);
  return (
    <div className="chart">
      <div className="chart-title">{title}</div>
      <div ref={ref} />
    </div>
  );
}
