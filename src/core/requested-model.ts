import { quoteClipped } from './clip.js';

/**
 * What traces, rollups and metrics record as the model of a request naming a model nobody
 * configured: one bucket, so a client cannot grow the model dimension without bound.
 */
export const UNKNOWN_MODEL = '(unknown model)';

/** The trace decision (under `decisions.model`) that keeps the name such a request asked for. */
export interface UnknownModelDecision {
  /** The name as sent, cut to {@link REQUESTED_NAME_MAX} characters. */
  requested: string;
}

/** How much of a client's model name a trace keeps (the same bound as the 404 that echoes it). */
export const REQUESTED_NAME_MAX = 100;

/**
 * The name an unknown-model trace kept (bounded when recorded), or undefined for a configured
 * model and for traces written before the name was kept.
 *
 * @example unknownModelRequested({ requestedModel: '(unknown model)', decisions: { model: { requested: 'gpt-9' } } }) // 'gpt-9'
 */
export function unknownModelRequested(trace: { requestedModel: string; decisions: Record<string, unknown> | null }): string | undefined {
  if (trace.requestedModel !== UNKNOWN_MODEL) return undefined;
  const requested = (trace.decisions?.model as Partial<UnknownModelDecision> | undefined)?.requested;
  return typeof requested === 'string' ? requested : undefined;
}

/**
 * The model a trace list shows: the configured name, or for an unknown one the name the client
 * asked for, quoted and cut to `max` characters, with "(not configured)" after it. Traces
 * written before the name was kept show {@link UNKNOWN_MODEL}.
 *
 * @example requestedModelLabel({ requestedModel: '(unknown model)', decisions: { model: { requested: 'gpt-9' } } }) // '"gpt-9" (not configured)'
 */
export function requestedModelLabel(trace: { requestedModel: string; decisions: Record<string, unknown> | null }, max = 40): string {
  const requested = unknownModelRequested(trace);
  return requested === undefined ? trace.requestedModel : `${quoteClipped(requested, max)} (not configured)`;
}
