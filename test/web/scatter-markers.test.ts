import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { markerName, nthMarker } from '../../web/src/marker-style.js';

// The chart is TSX with DOM types, which the tests' typecheck (Node, no JSX) does not compile;
// vitest does, so it is imported by a path the typecheck leaves alone.
const SCATTER = '../../web/src/components/scatter.js';
const { CostQualityScatter } = (await import(SCATTER)) as { CostQualityScatter: (props: { variants: unknown[] }) => ReactElement };

describe('the cost–quality scatter chart’s markers', () => {
  it('differ in shape or fill for 20 variants, and repeat only from the 21st', () => {
    const names = Array.from({ length: 21 }, (_, i) => markerName(nthMarker(i)));
    expect(new Set(names.slice(0, 20)).size).toBe(20);
    expect(names[20]).toBe(names[0]);
    expect(names.slice(9, 12)).toEqual(['down hollow', 'circle dotted', 'square dotted']);
    expect(names[15]).toBe('circle pierced');
  });

  it('draws twelve variants with twelve markers, the same in the legend, a dotted one with its centre dot (the eleventh was the first again)', () => {
    const variants = Array.from({ length: 12 }, (_, i) => ({ variant: `v${i}`, costPerCaseUsd: 0.001 * (i + 1), quality: { estimate: 0.5, low: 0.4, high: 0.6 }, pareto: false }));
    const html = renderToStaticMarkup(createElement(CostQualityScatter, { variants }));
    const points = [...html.matchAll(/data-testid="scatter-point" data-variant="(v\d+)" data-marker="([^"]+)"/g)].map((m) => m[2]);
    expect(points).toHaveLength(12);
    expect(new Set(points).size).toBe(12);
    expect(points[10]).toBe('circle dotted');
    const legend = [...html.matchAll(/<li data-marker="([^"]+)"/g)].map((m) => m[1]);
    expect(legend).toEqual(points);
    // The eleventh point: its circle, hollow, with a dot of its colour at the centre.
    const eleventh = /data-variant="v10"[^>]*>(.*?)<\/g>/.exec(html)?.[1] ?? '';
    expect(eleventh).toMatch(/<circle[^>]*fill="#fff"[^>]*><\/circle><circle[^>]*fill="#16a34a" data-dot=""/);
  });
});
