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
 * Claude Opus 4.7 and later (Opus 4.8, Opus 5, Mythos, Fable) take no sampling parameters:
 * Anthropic's Opus 4.7 migration guide removed `temperature`, `top_p` and `top_k`, and the API
 * answers any of them with a 400 ("`temperature` is deprecated for this model."). False only for
 * names read as that generation; a stand-in name keeps the older rules.
 *
 * @example takesSamplingParams('claude-opus-4-7') // false
 * @example takesSamplingParams('claude-sonnet-4-6') // true
 * @example takesSamplingParams('claude-standin') // true
 */
export function takesSamplingParams(model: string): boolean {
  if (/^claude-(?:mythos|fable)(?:-|$)/.test(model)) return false;
  const g = generation(model);
  return g === undefined || g.major * 100 + g.minor < 407;
}

/**
 * Extended thinking exists from Claude 3.7 Sonnet on (adaptive only on Mythos and Fable); earlier
 * models refuse `thinking`.
 *
 * @example supportsThinking('claude-3-7-sonnet-20250219') // true
 * @example supportsThinking('claude-3-5-haiku-20241022') // false
 */
export function supportsThinking(model: string): boolean {
  const modes = thinkingModes(model);
  return modes !== undefined && (modes.enabled || modes.adaptive);
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
 * Claude Opus 4.7 and later (Opus 4.8, Opus 5, Mythos, Fable) read images at a higher native
 * resolution: Anthropic's vision guide gives them 2,576 px on the long edge (about 3.75
 * megapixels) against 1,568 px (about 1.15 megapixels) for earlier models. A stand-in name keeps
 * the earlier limit.
 *
 * @example highResolutionVision('claude-opus-4-7') // true
 * @example highResolutionVision('claude-sonnet-4-6') // false
 */
export function highResolutionVision(model: string): boolean {
  if (/^claude-(?:mythos|fable)(?:-|$)/.test(model)) return true;
  const g = generation(model);
  return g !== undefined && g.major * 100 + g.minor >= 407;
}

/**
 * Claude 4.5 and earlier continue a conversation that ends on an assistant turn (a prefill); the
 * 4.6 generation on refuses it, as Anthropic's migration guide says ("Prefilling assistant
 * messages returns a 400 error on Claude 4.6 models"), Mythos and Fable too. A stand-in name
 * keeps the older rule.
 *
 * @example takesPrefill('claude-sonnet-4-5-20250929') // true
 * @example takesPrefill('claude-sonnet-4-6') // false
 */
export function takesPrefill(model: string): boolean {
  if (/^claude-(?:mythos|fable)(?:-|$)/.test(model)) return false;
  const g = generation(model);
  return g === undefined || g.major * 100 + g.minor < 406;
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

/**
 * How a Claude model takes `thinking`, as Anthropic's docs give it: the extended-thinking page
 * ("Claude 4.7 and later models do not support [`type: "enabled"` with `budget_tokens`] and
 * reject requests that use it, returning a 400 error"), the adaptive-thinking page (Bedrock's
 * copy: adaptive on Opus 4.6, Sonnet 4.6, Opus 4.7, Mythos Preview, Opus 5, Mythos 5, Fable 5;
 * Opus 4.7, Mythos Preview, Mythos 5 and Fable 5 refuse `enabled` and `disabled`), and the
 * per-model pages (Opus 5.5 refuses `disabled`; Opus 4.7 and later return thinking empty unless
 * `display` asks for it).
 */
export interface ThinkingModes {
  /** Manual extended thinking, `{type: "enabled", budget_tokens}` (deprecated on the 4.6 models). */
  enabled: boolean;
  /** `{type: "adaptive"}`, its depth set by `output_config.effort`. */
  adaptive: boolean;
  /** `{type: "disabled"}`; where refused, thinking is left out instead. */
  disabled: boolean;
  /** `output_config.effort: "xhigh"` (Opus 4.7 on); elsewhere the levels are low, medium, high, max. */
  xhigh: boolean;
  /** `thinking.display` when the request leaves it out: `omitted` returns thinking blocks empty but signed. */
  display: 'summarized' | 'omitted';
  /** Thinks (adaptively) when the request leaves `thinking` out: Opus 5 on, Mythos, Fable. */
  byDefault: boolean;
}

/**
 * The thinking modes of a Claude model, or undefined for a name that is not a Claude generation
 * (a stand-in keeps the gateway's older rules). Claude Opus 4.8 is "4.7 and later", so it refuses
 * `enabled`; no page says it refuses `disabled`, so that is still taken.
 *
 * @example thinkingModes('claude-opus-4-7') // { enabled: false, adaptive: true, disabled: false, xhigh: true, display: 'omitted', byDefault: false }
 * @example thinkingModes('claude-sonnet-4-6') // { enabled: true, adaptive: true, disabled: true, xhigh: false, display: 'summarized', byDefault: false }
 * @example thinkingModes('claude-sonnet-4-5-20250929') // { enabled: true, adaptive: false, disabled: true, xhigh: false, display: 'summarized', byDefault: false }
 */
export function thinkingModes(model: string): ThinkingModes | undefined {
  // Mythos Preview, Mythos 5, Fable 5 (and 5.1): adaptive thinking is always on.
  if (/^claude-(?:mythos|fable)(?:-|$)/.test(model)) return { enabled: false, adaptive: true, disabled: false, xhigh: false, display: 'omitted', byDefault: true };
  const g = generation(model);
  if (g === undefined) return undefined;
  const v = g.major * 100 + g.minor;
  return {
    enabled: v >= 307 && v < 407,
    adaptive: v >= 406,
    disabled: v >= 307 && !/^claude-opus-(?:4-7|5-5)(?:-|$)/.test(model),
    xhigh: v >= 407,
    display: v >= 407 ? 'omitted' : 'summarized',
    // Opus 5's migration guide: requests without `thinking` that ran without it on Opus 4.8 think.
    byDefault: /^claude-opus-/.test(model) && g.major >= 5,
  };
}
