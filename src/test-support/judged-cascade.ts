/** A model's price per million tokens: input, output. */
type Price = readonly [input: number, output: number];

type Role = 'cheap' | 'strong' | 'grader';

/** What a test's judged cascade is called and costs; each has a default. */
export interface JudgedCascadeOptions {
  /** The route's name (default `triage`). */
  route?: string;
  /** The models' names (defaults `cheap`, `strong`, `grader`); each is the simulator's `standin-cheap`, `standin-strong`, `standin-grader`. */
  names?: Partial<Record<Role, string>>;
  prices?: Partial<Record<Role, Price>>;
  /** The judge's bar (default 0.5). */
  minScore?: number;
}

const PRICES: Record<Role, Price> = { cheap: [0.1, 0.4], strong: [3, 15], grader: [0.5, 2] };

/**
 * A cascade whose judge decides, as config YAML: its three models on the provider `sim` (the
 * test's simulator) and the route (cheap, then strong; escalated when the grader scores the cheap
 * answer below `min_score`), as entries indented under `models:` and `routes:`, for a test's config
 * to place beside its own. The tests of the judge's cost, its saving and router training from its
 * scores each wrote it out.
 *
 * @example const { models, routes } = judgedCascadeYaml();
 * const yaml = `models:\n${models}\nroutes:\n${routes}\n`; // triage: cheap → strong, judged by grader at 0.5
 */
export function judgedCascadeYaml(options: JudgedCascadeOptions = {}): { models: string; routes: string } {
  const name = (role: Role) => options.names?.[role] ?? role;
  const model = (role: Role) => {
    const [input, output] = options.prices?.[role] ?? PRICES[role];
    return `  ${name(role)}: { provider: sim, model: standin-${role}, price: { input_per_mtok: ${input}, output_per_mtok: ${output} } }`;
  };
  return {
    models: (['cheap', 'strong', 'grader'] as const).map(model).join('\n'),
    routes: `  ${options.route ?? 'triage'}:
    policy: cascade
    targets: [ ${name('cheap')}, ${name('strong')} ]
    escalate_on: { judge: { model: ${name('grader')}, min_score: ${options.minScore ?? 0.5} } }`,
  };
}
