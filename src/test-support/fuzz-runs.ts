/**
 * How many cases a property-based test runs: `ci` as CI runs it, times `SWITCHYARD_FUZZ_SCALE`
 * (a whole number, 1 when unset) for a longer hunt on one machine, as in
 * `SWITCHYARD_FUZZ_SCALE=20 npx vitest run test/hostile`. fast-check's own global setting does
 * not reach an assert that names its runs, which every one here does.
 *
 * @example fuzzRuns(250) // 250; 5,000 with SWITCHYARD_FUZZ_SCALE=20
 */
export function fuzzRuns(ci: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env['SWITCHYARD_FUZZ_SCALE'];
  if (raw === undefined || raw === '') return ci;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1) throw new Error(`SWITCHYARD_FUZZ_SCALE must be a whole number from 1 to 9999, got ${JSON.stringify(raw)}`);
  return ci * Number(raw);
}
