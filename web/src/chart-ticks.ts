/** How the time charts label their axes: pure functions, so their legibility is tested without a browser. */

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Labels for x-axis ticks (ms since the epoch), in local time: "14:05" when the chart spans at
 * most two days, else "Mar 3" — plus the date on the first tick of each new day within a short
 * span, so the reader knows which day "00:00" starts.
 *
 * @example timeTicks([Date.UTC(2026, 2, 3, 14, 5)], 3_600_000) // ["14:05"] (in UTC)
 */
export function timeTicks(ticks: readonly number[], spanMs: number): string[] {
  const long = spanMs > 2 * 86_400_000;
  let lastDay = '';
  let previous = '';
  return ticks.map((t, i) => {
    const d = new Date(t);
    const day = `${MONTHS[d.getMonth()]} ${d.getDate()}`;
    if (long) return day;
    // Within ten minutes ticks can share a minute: seconds keep them apart.
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}${spanMs < 600_000 ? `:${pad(d.getSeconds())}` : ''}`;
    const newDay = i > 0 && day !== lastDay;
    lastDay = day;
    // Ticks closer than the label's unit (reports seconds apart) are left blank, not repeated.
    const label = newDay ? `${day} ${hm}` : hm;
    if (label === previous) return '';
    previous = label;
    return label;
  });
}

/**
 * Tick steps for counts: whole numbers only, so a quiet chart never reads "0.5 requests".
 *
 * @example COUNT_STEPS.slice(0, 4) // [1, 2, 5, 10]
 */
export const COUNT_STEPS: number[] = [1, 2, 5].flatMap((m) => [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000].map((p) => m * p)).sort((a, b) => a - b);

/** Steps uPlot may put between time ticks, in seconds: whole seconds up to whole days. */
const TIME_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 2 * 86400, 7 * 86400, 14 * 86400, 28 * 86400];

/**
 * The tick steps (seconds) for a chart spanning `spanMs`: no step finer than the labels
 * `timeTicks` writes for that span (whole minutes from ten minutes up), so no two ticks share a
 * label. With sub-minute steps a 12-minute chart had ticks 30 s apart, every other one blank.
 *
 * @example timeSteps(720_000)[0] // 60
 */
export function timeSteps(spanMs: number): number[] {
  const finest = spanMs > 2 * 86_400_000 ? 86_400 : spanMs >= 600_000 ? 60 : 1;
  return TIME_STEPS_S.filter((s) => s >= finest);
}

/** Pixels between x-axis ticks: wide enough that the longest label ("Mar 13 14:05") never touches the next one at 12 px. */
export const X_TICK_SPACE = 110;

/** Pixels a time label centred on the plot's right edge reaches past it: half the longest ("Mar 13 14:05", about 80 px at 12 px), and a margin. */
export const X_LABEL_OVERHANG = 44;

/**
 * Width for a y axis that fits its longest label: about 7 px a character at 12 px, 11 px for a
 * percent sign (counted as 7, "100%" lost its first digit off the chart's left edge), plus the tick.
 *
 * @example axisWidth(['0%', '50%', '100%']) // 50
 */
export function axisWidth(labels: readonly string[] | null | undefined): number {
  const widest = Math.max(21, ...(labels ?? []).map((l) => l.length * 7 + (l.split('%').length - 1) * 4));
  return Math.ceil(widest + 18);
}
