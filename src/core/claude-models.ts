/**
 * What a Claude model name says about the Messages API features the model takes, read from the
 * generation in its name (`claude-sonnet-4-5-20250929` is 4.5, `claude-3-7-sonnet-…` is 3.7).
 * Shared by the Anthropic translation and the simulator, which enforces the same rules.
 */

/** The generation in a Claude model name, or undefined for a name that is not one. */
function generation(model: string): { major: number; minor: number } | undefined {
  // claude-{family}-{major}[-{minor}][-date]; a date is 8 digits, a minor one or two.
  const modern = /^claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:-|$)/.exec(model);
  if (modern) return { major: Number(modern[1]), minor: modern[2] === undefined ? 0 : Number(modern[2]) };
  const legacy = /^claude-(\d+)(?:-(\d{1,2}))?-(?:opus|sonnet|haiku)/.exec(model);
  if (legacy) return { major: Number(legacy[1]), minor: legacy[2] === undefined ? 0 : Number(legacy[2]) };
  return undefined;
}

/**
 * Claude Opus 4.1 and the 4.5 generation onwards refuse `temperature` together with `top_p`.
 *
 * @example takesOneSampler('claude-sonnet-4-5-20250929') // true
 * @example takesOneSampler('claude-sonnet-4-20250514') // false
 */
export function takesOneSampler(model: string): boolean {
  const g = generation(model);
  return g !== undefined && (g.major > 4 || (g.major === 4 && g.minor >= 1));
}

/**
 * Extended thinking exists from Claude 3.7 Sonnet on; earlier models refuse `thinking`.
 *
 * @example supportsThinking('claude-3-7-sonnet-20250219') // true
 * @example supportsThinking('claude-3-5-haiku-20241022') // false
 */
export function supportsThinking(model: string): boolean {
  const g = generation(model);
  return g !== undefined && (g.major >= 4 || (g.major === 3 && g.minor >= 7));
}
