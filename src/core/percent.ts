/**
 * A share of 1 as a percentage, for reports and tables: "80.0%"; "-" for NaN (a rate over
 * nothing, 0/0), which printed as "NaN%".
 *
 * @example percent(0.8) // '80.0%'
 * @example percent(0.12345, 2) // '12.35%'
 */
export function percent(share: number, digits = 1): string {
  return Number.isNaN(share) ? '-' : `${(share * 100).toFixed(digits)}%`;
}
