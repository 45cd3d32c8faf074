import type { TraceSummary } from '../core/trace.js';
import type { NewReviewItem, SamplingRule, TraceMatch } from './types.js';

/**
 * FNV-1a then murmur3's finaliser, 32 bits: fast, and the finaliser mixes the last characters
 * into the high bits, so even sequential ids spread evenly over [0, 2^32).
 */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Whether a trace falls in a rule's sample. Deterministic in (rule, trace): a replayed or
 * re-inserted trace gets the same answer, two rules draw independent samples, and a test can
 * predict exactly which traces are picked.
 *
 * @example inSample('rule_1', 'tr_mfa0x1k2p3q9z8y7w6v5u', 0.02) // true for ~2% of ids
 */
export function inSample(ruleId: string, traceId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return hash32(`${ruleId}:${traceId}`) / 0x1_0000_0000 < rate;
}

type Matchable = Pick<TraceSummary, 'requestedModel' | 'keyName' | 'provider' | 'status' | 'metadata'>;

/** Whether a trace satisfies every field of a match. */
export function matches(match: TraceMatch, trace: Matchable): boolean {
  if (match.model !== undefined && match.model !== trace.requestedModel) return false;
  if (match.keyName !== undefined && match.keyName !== trace.keyName) return false;
  if (match.provider !== undefined && match.provider !== trace.provider) return false;
  if (match.status === 'ok' && trace.status >= 400) return false;
  if (match.status === 'error' && trace.status < 400) return false;
  for (const [field, value] of Object.entries(match.metadata ?? {})) {
    const actual = trace.metadata?.[field];
    if (actual === undefined || actual === null || String(actual) !== value) return false;
  }
  return true;
}

/** Router confidence under this sends a trace to review. */
export const LOW_CONFIDENCE = 0.5;

/**
 * Reasons a trace's own decisions ask for a human: a guardrail or router that says `flag`
 * (`{ action: "flag" }` or `{ flag: "reason" }`), or a routing decision with low confidence.
 * Decisions are written by other features, so anything unexpected is ignored, never thrown.
 *
 * @example flagsOf({ pii: { action: 'flag', reason: 'email in output' } }) // ["pii: email in output"]
 */
export function flagsOf(decisions: Record<string, unknown> | null): string[] {
  if (!decisions) return [];
  const reasons: string[] = [];
  const visit = (name: string, value: unknown) => {
    if (value === null || typeof value !== 'object') return;
    const decision = value as Record<string, unknown>;
    const why = typeof decision.reason === 'string' ? decision.reason : typeof decision.flag === 'string' ? decision.flag : decision.action;
    if (decision.action === 'flag' || decision.flag === true || typeof decision.flag === 'string') reasons.push(`${name}: ${String(why ?? 'flagged')}`);
    else if (typeof decision.confidence === 'number' && decision.confidence < LOW_CONFIDENCE) reasons.push(`${name}: low confidence ${decision.confidence.toFixed(2)}`);
  };
  for (const [name, value] of Object.entries(decisions)) {
    if (Array.isArray(value)) value.forEach((entry, i) => visit(typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name : `${name}[${i}]`, entry));
    else visit(name, value);
  }
  return reasons;
}

/**
 * The review items a batch of new traces produces: at most one flag item and one sample item per
 * trace (the store ignores duplicates), the sample attributed to the first rule that picked it.
 *
 * @example itemsForTraces(batch, [{ id: 'r1', name: 'support 2%', rate: 0.02, match: { model: 'support' }, … }])
 */
export function itemsForTraces(traces: readonly (Matchable & Pick<TraceSummary, 'id' | 'decisions'>)[], rules: readonly SamplingRule[]): NewReviewItem[] {
  const items: NewReviewItem[] = [];
  for (const trace of traces) {
    const flags = flagsOf(trace.decisions);
    if (flags.length > 0) items.push({ traceId: trace.id, source: 'flag', reason: flags.join('; ') });
    for (const rule of rules) {
      if (!rule.enabled || !matches(rule.match, trace) || !inSample(rule.id, trace.id, rule.rate)) continue;
      items.push({ traceId: trace.id, source: 'sample', reason: `sampled by rule "${rule.name}" (${formatRate(rule.rate)})`, ruleId: rule.id, reviewsWanted: rule.reviewsWanted });
      break;
    }
  }
  return items;
}

function formatRate(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}
