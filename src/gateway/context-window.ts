/**
 * Targets whose context window the prompt is clearly past, passed over before anything is sent.
 * The prompt is measured with the routing estimate (`tokens/estimate-tokens.ts`, one pass over the
 * message text, within 7.5% of o200k on average), and a target is passed over only when that
 * estimate is more than `CLEARLY_OVER` times its window: a prompt near the limit is sent, and the
 * provider's own `context_length_exceeded` moves the call on instead (`run-attempts.ts`).
 */
import { SwitchyardError } from '../core/errors.js';
import type { ClientFormat } from '../core/formats.js';
import type { Target } from '../routing/catalog.js';
import { targetId } from '../routing/order-targets.js';
import type { Call } from './call.js';
import { featuresOf } from './call-features.js';

/**
 * How far past a window the estimate must be. The estimate counts message text only (not tool
 * definitions, images or documents), so it mostly errs low; on code and JSON it counts high:
 * against o200k, 1.17x over src/gateway/*.ts (1.29x on the worst file), 1.13x on the simulator's
 * JSON fixtures, 1.05x on docs/*.md (2026-12-06, /tmp script over `loadO200kCounter`; see
 * docs/routing.md). 1.4x leaves room above the worst file, so a prompt that fits is not passed over.
 */
export const CLEARLY_OVER = 1.4;

/**
 * One target the prompt's length moved the call past, as the trace lists it
 * (`decisions.context_window.targets`): `skipped` before sending (the estimate was clearly over its
 * window), or `refused` by the provider (`context_length_exceeded`), the call going on to a target
 * with a larger window where there is one.
 */
export interface WindowStep {
  target: string;
  action: 'skipped' | 'refused';
  /** The target's window, null when the gateway does not know it. */
  window: number | null;
  /** The gateway's estimate of the prompt (skips only). */
  estimatedTokens?: number;
  reason: string;
}

function noteStep(call: Call, step: WindowStep): void {
  const earlier = call.decisions?.['context_window'] as { targets: WindowStep[] } | undefined;
  if (earlier) earlier.targets.push(step);
  else call.decide('context_window', { targets: [step] });
}

/**
 * Notes on the trace a target's refusal of the prompt as too long (any other error is left alone).
 *
 * @example send(target).catch((error) => { noteOverflow(call, target, error); throw error; })
 */
export function noteOverflow(call: Call, target: Target, error: unknown): void {
  if (!(error instanceof SwitchyardError) || !isContextOverflow(error)) return;
  noteStep(call, { target: targetId(target), action: 'refused', window: target.contextWindow ?? null, reason: 'the provider answered context_length_exceeded: only a target with a larger window is tried next' });
}

// The estimate is made once per call, and only for a call long enough to be past some window.
const estimates = new WeakMap<Call, number>();

/**
 * The gateway's refusal of `target` for this call's prompt, or undefined when the prompt may fit
 * (or the target's window is unknown). A character is at most one token to the estimate, so a
 * body shorter than the margin past the window is never measured: the common call pays one
 * comparison.
 *
 * @example promptPastWindow(call, gpt4oMini) // SwitchyardError 'unsupported' (400), code context_length_exceeded
 */
export function promptPastWindow(call: Call, target: Target): SwitchyardError | undefined {
  const window = target.contextWindow;
  if (window === undefined || call.input.bodyText.length <= window * CLEARLY_OVER) return undefined;
  let tokens = estimates.get(call);
  if (tokens === undefined) estimates.set(call, (tokens = featuresOf(call).promptTokens));
  if (tokens <= window * CLEARLY_OVER) return undefined;
  noteStep(call, { target: targetId(target), action: 'skipped', window, estimatedTokens: tokens, reason: `the prompt, estimated at ${tokens} tokens, is more than ${CLEARLY_OVER}x the ${window}-token context window: passed over before sending` });
  const refusal = new SwitchyardError('unsupported', overflowMessage(call.input.format, target.model, tokens, window), { param: 'messages', vendorCode: 'context_length_exceeded' });
  windowOfRefusal.set(refusal, window);
  return refusal;
}

// The window each of the gateway's length refusals names, so the widest is the one the client gets.
const windowOfRefusal = new WeakMap<SwitchyardError, number>();

/**
 * Of two refusals of targets that cannot honour a request, the one the client should get: the
 * earlier, unless both are length refusals and the later names a larger window (a client trimming
 * its prompt to the largest window any target takes gets an answer).
 *
 * @example widerRefusal(miniRefusal, haikuRefusal) // haikuRefusal (200,000 > 128,000)
 */
export function widerRefusal(earlier: SwitchyardError | undefined, later: SwitchyardError): SwitchyardError {
  if (earlier === undefined) return later;
  const before = windowOfRefusal.get(earlier);
  const after = windowOfRefusal.get(later);
  return before !== undefined && after !== undefined && after > before ? later : earlier;
}

/**
 * The provider's words for a prompt past the window, in the client's API: OpenAI's (chat and
 * Responses clients), Anthropic's, Google's, each naming the limit. The count is the gateway's
 * estimate, and says so.
 *
 * @example overflowMessage('anthropic', 'claude-haiku-4-5', 260000, 200000) // 'prompt is too long: 260000 tokens > 200000 maximum (… estimated by the gateway …)'
 */
export function overflowMessage(format: ClientFormat, model: string, tokens: number, window: number): string {
  const note = `(${tokens} is the gateway's estimate of the prompt; ${model} takes at most ${window} tokens)`;
  if (format === 'anthropic') return `prompt is too long: ${tokens} tokens > ${window} maximum ${note}`;
  if (format === 'gemini') return `The input token count (${tokens}) exceeds the maximum number of tokens allowed (${window}). ${note}`;
  return `This model's maximum context length is ${window} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages. ${note}`;
}

/** Whether `error` is a provider's refusal of a prompt past its model's window (any vendor's wording). */
export function isContextOverflow(error: SwitchyardError): boolean {
  return error.code === 'upstream_error' && error.status === 400 && error.vendorCode === 'context_length_exceeded';
}

/**
 * Whether `next` may take a prompt `overflowed` refused for length: another upstream model, whose
 * window is larger, or unknown on either side (a different model may well be larger; its 400 is
 * quick if not). The same model behind another provider has the same window.
 *
 * @example largerWindow(gpt41, gpt4oMini) // true (1,047,576 > 128,000)
 */
export function largerWindow(next: Target, overflowed: Target): boolean {
  if (next.model === overflowed.model) return false;
  if (next.contextWindow === undefined || overflowed.contextWindow === undefined) return true;
  return next.contextWindow > overflowed.contextWindow;
}
