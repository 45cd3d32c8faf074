/**
 * A config's problems as a message: every one when they are few, else the first `SHOWN` in full
 * and one line saying how many more and of which kinds. A generated config gone wrong can hold
 * thousands (3,000 routes naming no model printed 3,000 lines); the error's `detail` keeps them
 * all, for the JSON log. Only the first `SHOWN` unknown names of a validation carry a "did you
 * mean" (`suggestions` in known-names.ts): each compares its name with every known one.
 */
export const SHOWN = 50;
/** Kinds named in the last line, most frequent first; the rest are counted together. */
const KINDS_NAMED = 5;

/**
 * @example problemList('c.yaml', ['server.port: expected number, got "eighty"'])
 * // 'invalid config c.yaml:\n  - server.port: expected number, got "eighty"'
 */
export function problemList(source: string, problems: readonly string[]): string {
  if (problems.length <= SHOWN) return `invalid config ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
  const shown = problems.slice(0, SHOWN).map((p) => `  - ${p}`);
  const rest = problems.slice(SHOWN);
  return `invalid config ${source} (${count(problems.length)} problems):\n${shown.join('\n')}\n  … and ${count(rest.length)} more: ${kindsOf(rest)}`;
}

/**
 * `unknown target (2,950), expected number (7)`: the kinds most frequent first, the rest summed.
 * The count follows the kind: a kind is the start of a message ("expected number", "environment
 * variable is not set"), not a noun that takes a plural, and "11 unknown target" read wrong.
 */
function kindsOf(problems: readonly string[]): string {
  const kinds = new Map<string, number>();
  for (const problem of problems) {
    const kind = problemKind(problem);
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const sorted = [...kinds].sort((a, b) => b[1] - a[1]);
  const named = sorted.slice(0, KINDS_NAMED).map(([kind, n]) => `${kind} (${count(n)})`);
  const others = sorted.slice(KINDS_NAMED).reduce((sum, [, n]) => sum + n, 0);
  return others > 0 ? `${named.join(', ')}, other kinds (${count(others)})` : named.join(', ');
}

/**
 * What a problem is, without where or which value: its text after the path, quoted values left
 * out, up to the first clause's end.
 *
 * @example problemKind('routes.r1.arms[0].target: unknown target "x" (models: small)') // 'unknown target'
 * @example problemKind('server.port: expected number, got "eighty"') // 'expected number'
 */
export function problemKind(problem: string): string {
  const colon = problem.indexOf(': ');
  const text = (colon >= 0 ? problem.slice(colon + 2) : problem).replace(/"(?:[^"\\]|\\.)*"/g, '');
  const clause = text.split(/[(,:;]/, 1)[0]!.replace(/\s+/g, ' ').trim();
  return clause === '' ? 'other' : clause.slice(0, 60);
}

const count = (n: number): string => n.toLocaleString('en-US');
