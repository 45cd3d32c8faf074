import type uPlot from 'uplot';
import type { MarkerShape } from './marker-style.js';

// The shapes and fills are in marker-style.ts, which needs no DOM (its tests run in Node).
export { MARKER_SHAPES, type MarkerShape } from './marker-style.js';

/** `shape` centred on (x, y), `r` from the centre to its edge (canvas or SVG units). */
function outline(shape: MarkerShape, x: number, y: number, r: number): [number, number][] | undefined {
  switch (shape) {
    case 'square':
      return [[x - r, y - r], [x + r, y - r], [x + r, y + r], [x - r, y + r]];
    case 'triangle':
      return [[x, y - r * 1.2], [x + r * 1.1, y + r * 0.8], [x - r * 1.1, y + r * 0.8]];
    case 'down':
      return [[x, y + r * 1.2], [x + r * 1.1, y - r * 0.8], [x - r * 1.1, y - r * 0.8]];
    case 'diamond':
      return [[x, y - r * 1.3], [x + r * 1.3, y], [x, y + r * 1.3], [x - r * 1.3, y]];
    default:
      return undefined;
  }
}

/**
 * uPlot's points path builder with `shape` for a marker, where uPlot draws circles only. uPlot
 * strokes and fills the path as it does its own (hollow: a white fill inside the series' colour).
 *
 * @example points: { show: true, size: 6, paths: shapedPoints('square') }
 */
export function shapedPoints(shape: MarkerShape): uPlot.Series.Points.PathBuilder {
  return (u, seriesIdx, idx0, idx1, filtIdxs) => {
    const series = u.series[seriesIdx];
    const xs = u.data[0];
    const ys = u.data[seriesIdx];
    if (!series || !ys) return null;
    const ratio = globalThis.devicePixelRatio ?? 1;
    const r = (((series.points?.size ?? 5) - (series.points?.width ?? 1)) / 2) * ratio;
    const path = new Path2D();
    const draw = (i: number) => {
      const value = ys[i];
      const at = xs[i];
      if (value === null || value === undefined || at === undefined) return;
      const x = Math.round(u.valToPos(at, 'x', true));
      const y = Math.round(u.valToPos(value, series.scale ?? 'y', true));
      const corners = outline(shape, x, y, r);
      if (!corners) {
        path.moveTo(x + r, y);
        path.arc(x, y, r, 0, Math.PI * 2);
        return;
      }
      corners.forEach(([cx, cy], k) => (k === 0 ? path.moveTo(cx, cy) : path.lineTo(cx, cy)));
      path.closePath();
    };
    if (filtIdxs) filtIdxs.forEach(draw);
    else for (let i = idx0; i <= idx1; i++) draw(i);
    // Markers near the plot's edges are drawn whole: the clip is the plot with room for one.
    const { left, top, width, height } = u.bbox;
    const clip = new Path2D();
    clip.rect(left - 4 * r, top - 4 * r, width + 8 * r, height + 8 * r);
    return { stroke: path, fill: path, clip, flags: 3 };
  };
}

/**
 * The same marker as SVG points (or a circle), for the legend's sample of the line.
 *
 * @example markerSvg('square', 15, 5, 3) // { tag: 'polygon', points: '12,2 18,2 18,8 12,8' }
 */
export function markerSvg(shape: MarkerShape, x: number, y: number, r: number): { tag: 'circle'; cx: number; cy: number; r: number } | { tag: 'polygon'; points: string } {
  const corners = outline(shape, x, y, r);
  return corners ? { tag: 'polygon', points: corners.map(([cx, cy]) => `${round(cx)},${round(cy)}`).join(' ') } : { tag: 'circle', cx: x, cy: y, r };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
