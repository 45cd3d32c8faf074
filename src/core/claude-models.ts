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

/**
 * Structured outputs (`output_config.format` with a JSON schema) exist on Claude Opus 4.1 and
 * from the 4.5 generation on (Sonnet 4.5 and Opus 4.1 first, Haiku 4.5 and Opus 4.5 after);
 * Claude 4 (Opus 4, Sonnet 4) and the 3.x models refuse it.
 *
 * @example supportsStructuredOutputs('claude-haiku-4-5-20251001') // true
 * @example supportsStructuredOutputs('claude-opus-4-1-20250805') // true
 * @example supportsStructuredOutputs('claude-sonnet-4-20250514') // false
 */
export function supportsStructuredOutputs(model: string): boolean {
  return structuredOutputs(model) === true;
}

/**
 * Whether a name is a Claude generation known to lack structured outputs (the simulator refuses
 * `output_config.format` there, as Anthropic does); false for names it cannot read.
 *
 * @example lacksStructuredOutputs('claude-sonnet-4-20250514') // true
 * @example lacksStructuredOutputs('claude-standin') // false
 */
export function lacksStructuredOutputs(model: string): boolean {
  return structuredOutputs(model) === false;
}

function structuredOutputs(model: string): boolean | undefined {
  const g = generation(model);
  if (g === undefined) return undefined;
  return g.major > 4 || (g.major === 4 && g.minor >= 5) || /^claude-opus-4-1(?:-|$)/.test(model);
}

/**
 * Mid-conversation system messages (`role: "system"` inside `messages`) are taken by Claude Opus
 * 4.8 only, as Anthropic's "Mid-conversation system messages" page says; other Claude models
 * refuse them (400). Undefined for names that are not a Claude generation (stand-ins).
 *
 * @example takesSystemTurns('claude-opus-4-8') // true
 * @example takesSystemTurns('claude-sonnet-4-6') // false
 * @example takesSystemTurns('claude-standin') // undefined
 */
export function takesSystemTurns(model: string): boolean | undefined {
  if (generation(model) === undefined) return undefined;
  return /^claude-opus-4-8(?:-|$)/.test(model);
}
