import { pct, usd, usdTicks } from '../format.js';
import type { VariantSummary } from '../types.js';
import { PALETTE } from './chart.js';
import { markerSvg } from '../chart-markers.js';
import { type MarkerFill, type MarkerShape, markerName, nthMarker } from '../marker-style.js';
import { shortLabel } from './ui.js';

/** Longest variant name drawn in full; longer ones are cut with "…" and shown whole on hover. */
const LABEL_CHARS = 18;
/** Points closer than this (in the chart's units, on both axes) share a label. */
const SPOT_PX = 10;

/** A spot's label: the variant's name, or the first of several and how many more. */
function spotLabel(names: readonly string[]): string {
  return names.length === 1 ? shortLabel(names[0] ?? '', LABEL_CHARS) : `${shortLabel(names[0] ?? '', LABEL_CHARS - 4)} +${names.length - 1}`;
}

/**
 * How variant `i` is marked: a shape and a fill of their own (`nthMarker`: five shapes, each
 * filled, hollow, dotted and pierced), so 20 variants differ by more than colour (WCAG 1.4.1: the
 * points were circles of nine hues alike; then shapes filled or hollow, which repeated from the
 * eleventh).
 */
export function variantMark(i: number): { color: string; shape: MarkerShape; fill: MarkerFill } {
  return { color: PALETTE[i % PALETTE.length] as string, ...nthMarker(i) };
}

/** A variant's marker as SVG elements, centred on (x, y): its shape, and the dot at its centre where its fill has one. */
function Mark({ i, x, y, r }: { i: number; x: number; y: number; r: number }) {
  const { color, shape, fill } = variantMark(i);
  const filled = fill === 'solid' || fill === 'pierced';
  const paint = filled ? { fill: color, stroke: color, strokeWidth: 1 } : { fill: '#fff', stroke: color, strokeWidth: 2 };
  const at = markerSvg(shape, x, y, r);
  return (
    <>
      {at.tag === 'circle' ? <circle cx={at.cx} cy={at.cy} r={at.r} {...paint} /> : <polygon points={at.points} {...paint} />}
      {fill === 'dotted' || fill === 'pierced' ? <circle cx={x} cy={y} r={Math.max(1.2, r * 0.4)} fill={fill === 'dotted' ? color : '#fff'} data-dot="" /> : null}
    </>
  );
}

/**
 * Cost per case (x) against quality (y) for each variant, with its quality interval and the
 * Pareto frontier (variants no other beats on both) joined by a line. Plain SVG: a handful of
 * points needs no chart library. Each variant's marker has a shape (and fill) of its own, and the
 * legend under the chart names each beside its marker.
 */
export function CostQualityScatter({ variants }: { variants: VariantSummary[] }) {
  const width = 520;
  const height = 300;
  const pad = { left: 56, right: 64, top: 16, bottom: 40 };
  const costs = variants.map((v) => v.costPerCaseUsd);
  const maxCost = Math.max(...costs, 1e-9) * 1.1;
  const x = (c: number) => pad.left + (c / maxCost) * (width - pad.left - pad.right);
  const y = (q: number) => pad.top + (1 - q) * (height - pad.top - pad.bottom);
  const frontier = variants.filter((v) => v.pareto).sort((a, b) => a.costPerCaseUsd - b.costPerCaseUsd);
  // Variants drawn at one spot (same cost and quality, as a run whose calls all failed) share one
  // label, "first +N", every name on hover: six labels drawn over each other read as none.
  const spots = new Map<string, string[]>();
  const spotOf = (v: VariantSummary) => `${Math.round(x(v.costPerCaseUsd) / SPOT_PX)},${Math.round(y(v.quality.estimate) / SPOT_PX)}`;
  for (const v of variants) spots.set(spotOf(v), [...(spots.get(spotOf(v)) ?? []), v.variant]);
  return (
    <>
      <svg className="scatter" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={scatterSummary(variants)}>
        <line x1={pad.left} y1={y(0)} x2={width - pad.right} y2={y(0)} stroke="#cbd5e1" />
        <line x1={pad.left} y1={y(0)} x2={pad.left} y2={y(1)} stroke="#cbd5e1" />
        {[0, 0.25, 0.5, 0.75, 1].map((q) => (
          <text key={q} x={pad.left - 6} y={y(q) + 4} textAnchor="end" className="axis">
            {`${q * 100}%`}
          </text>
        ))}
        <text x={12} y={y(0.5)} textAnchor="middle" className="axis" transform={`rotate(-90 12 ${y(0.5)})`}>
          quality
        </text>
        {/* One precision for the three, as a cost chart's axis ("$0.0066", "$0.0132", not "$0.00660", "$0.01"). */}
        {usdTicks([0, maxCost / 2, maxCost]).map((label, i) => (
          <text key={i} x={x((maxCost * i) / 2)} y={height - 20} textAnchor="middle" className="axis">
            {label}
          </text>
        ))}
        <text x={width / 2} y={height - 4} textAnchor="middle" className="axis">
          cost per case
        </text>
        {frontier.length > 1 ? <polyline fill="none" stroke="#16a34a" strokeDasharray="4 3" points={frontier.map((v) => `${x(v.costPerCaseUsd)},${y(v.quality.estimate)}`).join(' ')} /> : null}
        {variants.map((v, i) => {
          const shared = spots.get(spotOf(v)) ?? [v.variant];
          return (
            <g key={v.variant} data-testid="scatter-point" data-variant={v.variant} data-marker={markerName(variantMark(i))}>
              <line x1={x(v.costPerCaseUsd)} x2={x(v.costPerCaseUsd)} y1={y(v.quality.low)} y2={y(v.quality.high)} stroke={PALETTE[i % PALETTE.length]} />
              <Mark i={i} x={x(v.costPerCaseUsd)} y={y(v.quality.estimate)} r={v.pareto ? 6 : 4} />
              {/* Past the middle the label goes left of its point, so it never runs off the chart. */}
              {shared[0] === v.variant ? (
                <text
                  x={x(v.costPerCaseUsd) + (x(v.costPerCaseUsd) > width / 2 ? -8 : 8)}
                  y={y(v.quality.estimate) - 6}
                  textAnchor={x(v.costPerCaseUsd) > width / 2 ? 'end' : 'start'}
                  className="label"
                  data-testid="variant-label"
                >
                  <title>{shared.join('\n')}</title>
                  {spotLabel(shared)}
                  {/* Drawn at the cost of its priced results: the rest cost an unknown amount. */}
                  {(v.unpricedResults ?? 0) > 0 ? ' (unpriced)' : ''}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      {/* The legend: each variant's name beside its marker (decoration: the name is what is read). */}
      <ul className="scatter-legend" data-testid="scatter-legend">
        {variants.map((v, i) => (
          <li key={v.variant} data-marker={markerName(variantMark(i))}>
            <svg width="14" height="14" aria-hidden="true" focusable="false">
              <Mark i={i} x={7} y={7} r={4} />
            </svg>
            <span title={v.variant}>{shortLabel(v.variant, LABEL_CHARS * 2)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The chart in words for a screen reader, which hears the drawing as one image: each variant's point. */
function scatterSummary(variants: readonly VariantSummary[]): string {
  const points = variants.map((v) => `${v.variant}: ${usd(v.costPerCaseUsd)} per case, quality ${pct(v.quality.estimate, 0)}${v.pareto ? ', on the frontier' : ''}`);
  return `Cost per case against quality. ${points.join('; ')}.`;
}
