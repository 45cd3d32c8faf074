/**
 * The Messages API's rules on sampling settings that depend on the model and on thinking, so an
 * application (or a gateway translating for one) meets in the simulator the 400s it would meet
 * at Anthropic:
 * - Claude Opus 4.1 and the 4.5 generation onwards take `temperature` or `top_p`, not both;
 * - with thinking enabled, `temperature` may only be 1, `top_k` is refused, `top_p` must be
 *   0.95–1, and `tool_choice` may not force a tool (`any` or a named `tool`).
 */
import type { JsonObject } from '../core/openai-wire.js';

/**
 * Whether the model refuses `temperature` together with `top_p`: Claude 4.1 and later
 * (`claude-opus-4-1…`, `claude-sonnet-4-5…`, `claude-haiku-4-5…`, `claude-opus-5…`), not
 * `claude-sonnet-4-20250514` or the 3.x models.
 *
 * @example oneSamplerModel('claude-sonnet-4-5-20250929') // true
 */
export function oneSamplerModel(model: string): boolean {
  const match = /^claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?:-|$)/.exec(model);
  if (!match) return false;
  const major = Number(match[1]);
  const minor = match[2] === undefined ? 0 : Number(match[2]);
  return major > 4 || (major === 4 && minor >= 1);
}

/**
 * The 400 message Anthropic answers a request's sampling settings with, or undefined when it
 * accepts them.
 *
 * @example samplingProblem({ model: 'claude-sonnet-4-5', temperature: 0.2, top_p: 0.9 }, false) // 'temperature and top_p cannot both be specified for this model. Please use only one.'
 */
export function samplingProblem(body: JsonObject, thinking: boolean): string | undefined {
  const model = typeof body.model === 'string' ? body.model : '';
  if (body.temperature !== undefined && body.top_p !== undefined && oneSamplerModel(model)) {
    return 'temperature and top_p cannot both be specified for this model. Please use only one.';
  }
  if (!thinking) return undefined;
  if (body.temperature !== undefined && body.temperature !== 1) {
    return '`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  }
  if (body.top_k !== undefined) {
    return '`top_k` cannot be set when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  }
  if (typeof body.top_p === 'number' && body.top_p < 0.95) {
    return '`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  }
  const forced = (body.tool_choice as { type?: unknown } | null | undefined)?.type;
  if (forced === 'any' || forced === 'tool') {
    return 'Thinking may not be enabled when tool_choice forces tool use.';
  }
  return undefined;
}
