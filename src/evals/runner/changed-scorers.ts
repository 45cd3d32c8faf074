/**
 * The scorers two runs' suites list, when they differ: a run's quality is the weighted mean over
 * its scorers, so a scorer added, dropped or changed between two runs moves the quality of answers
 * that did not change (a custom scorer added to a suite read as a 23-point drop in `eval compare`,
 * with nothing saying why).
 *
 * @example changedScorers({ scorers: [{ type: 'contains' }] }, { scorers: [{ type: 'contains' }, { type: 'custom', module: 's.js' }] })
 * // { a: ['contains'], b: ['contains', 'custom s.js'] }
 */
export function changedScorers(suiteA: unknown, suiteB: unknown): { a: string[]; b: string[] } | undefined {
  const a = scorersOf(suiteA);
  const b = scorersOf(suiteB);
  // A stored run without its suite (or an older file) cannot be checked: say nothing rather than guess.
  if (a === undefined || b === undefined) return undefined;
  if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
  return { a: a.map(label), b: b.map(label) };
}

function scorersOf(suite: unknown): Record<string, unknown>[] | undefined {
  const scorers = suite !== null && typeof suite === 'object' ? (suite as { scorers?: unknown }).scorers : undefined;
  if (!Array.isArray(scorers)) return undefined;
  return scorers.map((s) => (s !== null && typeof s === 'object' ? (s as Record<string, unknown>) : { type: String(s) }));
}

/** `contains`, `custom scorers/short.js`, `judge claude`: the type and what tells two of a type apart. */
function label(scorer: Record<string, unknown>): string {
  const detail = scorer.module ?? scorer.judge ?? scorer.model ?? scorer.name;
  return typeof detail === 'string' ? `${String(scorer.type)} ${detail}` : String(scorer.type);
}
