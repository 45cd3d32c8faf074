/**
 * US dollars as the server writes them everywhere (CLI tables and reports, budget refusals, eval
 * and drift reports, the demo): "$0" for nothing, six decimals below a cent (a small model's call
 * costs a few millionths), and more where six would leave fewer than three significant digits (up
 * to twelve: a refusal that read "may cost up to $0.0000" gave no reason), four from a cent up,
 * thousands separated from $1,000 (a load test's monthly projection).
 * The dashboard has its own `usd()` (web/src/format.ts) for its narrower cells. An amount the
 * operator configured (a budget's `usd`) is echoed as written, not through here.
 *
 * @example usd(0.0123) // '$0.0123'
 * @example usd(0.00042) // '$0.000420'
 * @example usd(0.0000525) // '$0.0000525'
 * @example usd(-0.5) // '-$0.5000'
 * @example usd(18001.8) // '$18,001.8000'
 */
export function usd(x: number): string {
  if (x === 0) return '$0';
  const size = Math.abs(x);
  const decimals = size >= 0.01 ? 4 : Math.min(12, Math.max(6, 2 - Math.floor(Math.log10(size))));
  const digits = size >= 1_000 ? size.toLocaleString('en-US', { minimumFractionDigits: 4, maximumFractionDigits: 4 }) : size.toFixed(decimals);
  return `${x < 0 ? '-' : ''}$${digits}`;
}
