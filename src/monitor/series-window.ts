/** Where a time chart of a range starts and how wide its steps are: shared by the overview and the monitoring reports. */

export interface SeriesWindow {
  /** The start of the first slot: the range's start, or later when all its traffic is recent (see `recentStart`). */
  seriesSince: number;
  stepMs: number;
}

/** Steps the monitoring charts take: whole minutes, hours or a day, so their unit reads "per 5 min", not "per 2.5 min". */
const MONITOR_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((minutes) => minutes * 60_000);

/**
 * The step of the monitoring charts (topics, online quality) for a span: the finest whole step
 * that draws it in at most 24 points (a day at most), never finer than a minute.
 *
 * @example monitorStep(86_400_000) // 3_600_000
 */
export function monitorStep(spanMs: number): number {
  return MONITOR_STEPS.find((step) => spanMs / step <= 24) ?? (MONITOR_STEPS.at(-1) as number);
}

/**
 * `first` (the range's first event, or its first busy slot) when everything in the range happened
 * in its last quarter and `stepOf` draws that stretch at a finer step than the whole range, or the
 * range is at the finest step already; undefined otherwise. Twenty requests sent a minute ago were one point at the right edge of a
 * 24-hour chart in 15-minute steps, or of a 7-day monitoring chart in 7-hour steps.
 *
 * @example recentStart({ since: now - 86_400_000, until: now }, now - 60_000, monitorStep) // now - 60_000
 */
export function recentStart(range: { since: number; until: number }, first: number | undefined, stepOf: (spanMs: number) => number): number | undefined {
  if (first === undefined || first < range.since) return undefined;
  const extent = range.until - first;
  if (extent * 4 > range.until - range.since) return undefined;
  const whole = stepOf(range.until - range.since);
  // At the finest step already (an hour in minutes) no step is finer, but starting at the traffic
  // still draws five minutes of it across the chart, not as a sliver at its right edge.
  return stepOf(extent) < whole || whole === stepOf(0) ? first : undefined;
}

/**
 * The slots a monitoring report draws: from the range's start at `stepMs`, or, given `zoom` (the
 * step for a span), from the slot of `first` (`slotStart`) at the finer step `recentStart` allows.
 *
 * @example seriesWindow({ since, until, stepMs: monitorStep(until - since) }, firstSignalTs, monitorStep)
 */
export function seriesWindow(range: { since: number; until: number; stepMs: number }, first: number | undefined, zoom?: (spanMs: number) => number): SeriesWindow {
  const from = zoom ? recentStart(range, first, zoom) : undefined;
  if (from === undefined || !zoom) return { seriesSince: range.since, stepMs: range.stepMs };
  const stepMs = zoom(range.until - from);
  return { seriesSince: Math.max(range.since, slotStart(from, range.until, stepMs)), stepMs };
}

/**
 * The start of the slot of `from` (a whole number of steps since the epoch), a step earlier when
 * that slot would be the chart's only one: a single point has no time axis and draws no line, so a
 * minute of traffic in the current minute showed a chart without times.
 *
 * @example slotStart(Date.UTC(2026, 0, 1, 12, 0, 40), Date.UTC(2026, 0, 1, 12, 0, 50), 60_000) // 11:59:00
 */
export function slotStart(from: number, until: number, stepMs: number): number {
  const start = from - (from % stepMs);
  return until - start <= stepMs ? start - stepMs : start;
}
