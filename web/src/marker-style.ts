/**
 * The shape each series' value markers take, in order. A chart of one minute's traffic, or a line
 * broken into lone values, draws markers and no line: with round markers of every series alike,
 * the series were told apart by colour alone there too (WCAG 1.4.1), whatever their line pattern.
 */
export const MARKER_SHAPES = ['circle', 'square', 'triangle', 'diamond', 'down'] as const;
export type MarkerShape = (typeof MARKER_SHAPES)[number];

/**
 * How a marker is painted, in turn once every shape has been used: filled, hollow (a white fill
 * inside the colour), hollow with a dot of the colour at its centre, filled with a white dot at
 * its centre. Shape × fill gives 20 markers that differ by more than colour; with shapes and a
 * filled/hollow pair alone, the eleventh variant of a scatter chart was the first's marker again.
 */
export const MARKER_FILLS = ['solid', 'hollow', 'dotted', 'pierced'] as const;
export type MarkerFill = (typeof MARKER_FILLS)[number];

/**
 * The `i`th marker of a set of points: the shapes in order, then again in the next fill; the
 * first 20 all differ, the 21st is the first again.
 *
 * @example nthMarker(0) // { shape: 'circle', fill: 'solid' }
 * @example nthMarker(11) // { shape: 'square', fill: 'dotted' }
 */
export function nthMarker(i: number): { shape: MarkerShape; fill: MarkerFill } {
  return { shape: MARKER_SHAPES[i % MARKER_SHAPES.length] as MarkerShape, fill: MARKER_FILLS[Math.floor(i / MARKER_SHAPES.length) % MARKER_FILLS.length] as MarkerFill };
}

/** A marker's name as the page marks it (`data-marker`): its shape, and its fill unless solid (`square hollow`). */
export function markerName(marker: { shape: MarkerShape; fill: MarkerFill }): string {
  return marker.fill === 'solid' ? marker.shape : `${marker.shape} ${marker.fill}`;
}
