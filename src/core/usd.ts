/**
 * US dollars as the server writes them everywhere (CLI tables, eval reports, drift reports): "$0"
 * for nothing, six decimals below a cent (a small model's call costs a few millionths), four
 * above. The dashboard has its own `usd()` (web/src/format.ts) for its narrower cells.
 *
 * @example usd(0.0123) // '$0.0123'
 * @example usd(0.000042) // '$0.000042'
 * @example usd(-0.5) // '-$0.5000'
 */
export function usd(x: number): string {
  if (x === 0) return '$0';
  const size = Math.abs(x);
  return `${x < 0 ? '-' : ''}$${size.toFixed(size < 0.01 ? 6 : 4)}`;
}
