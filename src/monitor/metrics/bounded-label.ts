/** What every value past a label's bound is counted as. */
export const OTHER = '(other)';

/**
 * Keeps a metric label's values bounded, so a client cannot grow a time-series database without
 * limit by sending made-up names: configured values pass, a few more are admitted as they are
 * first seen (internal features, a provider added by a later feature), and the rest become
 * `(other)`.
 *
 * @example const model = new BoundedLabel(['small', 'claude'], 10); model.of('gpt-9') // 'gpt-9' until 10 extras were seen, then '(other)'
 */
export class BoundedLabel {
  private readonly known: Set<string>;
  private extras = 0;

  constructor(
    known: Iterable<string>,
    private readonly maxExtras: number,
  ) {
    this.known = new Set(known);
  }

  of(value: string): string {
    if (this.known.has(value)) return value;
    if (this.extras >= this.maxExtras || value.length > 128) return OTHER;
    this.extras++;
    this.known.add(value);
    return value;
  }
}
