/**
 * A latency as people read it, the one rule the dashboard and every CLI table share: two decimals
 * below a millisecond (a local model's answer, a cache hit), whole milliseconds below a second,
 * seconds above ("1.21 s", "12.3 s"). The CLI once printed "1207 ms" where the dashboard said
 * "1.21 s" for the same call.
 *
 * @example formatLatency(0.214) // '0.21 ms'
 * @example formatLatency(731.4) // '731 ms'
 * @example formatLatency(1207) // '1.21 s'
 */
export function formatLatency(valueMs: number): string {
  // No figure (a NaN p50 of nothing, or a null read back from JSON) is shown as none, not "NaN s".
  if (typeof valueMs !== 'number' || !Number.isFinite(valueMs)) return '–';
  if (valueMs === 0) return '0 ms';
  if (valueMs < 1) return `${valueMs.toFixed(2)} ms`;
  // 999.6 rounds to 1000: written as seconds, not "1000 ms".
  if (Math.round(valueMs) < 1000) return `${Math.round(valueMs)} ms`;
  return `${(valueMs / 1000).toFixed(valueMs < 9_995 ? 2 : 1)} s`;
}
