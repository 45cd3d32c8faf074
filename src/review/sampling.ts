import { fnvString, mix32 } from '../core/fnv-hash.js';
import type { TraceRecord, TraceSummary } from '../core/trace.js';
import { sameTextKey } from '../local/data/same-text.js';
import { lastUserText } from './last-user-text.js';
import type { ReviewCandidate } from './review-caps.js';
import type { NewReviewItem, SamplingRule, TraceMatch } from './types.js';

/**
 * FNV-1a then murmur3's finaliser, 32 bits: fast, and the finaliser mixes the last characters
 * into the high bits, so even sequential ids spread evenly over [0, 2^32).
 */
const hash32 = (text: string): number => mix32(fnvString(text));

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
    // An own scalar only, compared as text: a client's metadata value may be any JSON, and String()
    // of {"toString": []} threw, losing the review items of the whole batch of traces; a field
    // the trace lacks read the prototype's ("constructor" as the text of Object).
    const actual = trace.metadata && Object.hasOwn(trace.metadata, field) ? trace.metadata[field] : undefined;
    if ((typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean') || String(actual) !== value) return false;
  }
  return true;
}

/**
 * Calls `visit` with each decision object of a trace, named by its stage (or, in a list such as
 * `guardrails`, by its own `name`). Decisions are written by other features, so anything
 * unexpected is skipped, never thrown.
 */
function eachDecision(decisions: Record<string, unknown> | null, visit: (name: string, decision: Record<string, unknown>) => void): void {
  if (!decisions) return;
  const visitOne = (name: string, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) visit(name, value as Record<string, unknown>);
  };
  for (const [name, value] of Object.entries(decisions)) {
    if (Array.isArray(value)) value.forEach((entry, i) => visitOne(typeof (entry as { name?: unknown })?.name === 'string' ? (entry as { name: string }).name : `${name}[${i}]`, entry));
    else visitOne(name, value);
  }
}

/**
 * Reasons a trace's own decisions explicitly ask for a human: a guardrail or check that says
 * `flag` (`{ action: "flag" }` or `{ flag: "reason" }`). These are never capped.
 *
 * @example flagsOf({ pii: { action: 'flag', reason: 'email in output' } }) // ["pii: email in output"]
 */
export function flagsOf(decisions: Record<string, unknown> | null): string[] {
  const reasons: string[] = [];
  eachDecision(decisions, (name, decision) => {
    const why = typeof decision.reason === 'string' ? decision.reason : typeof decision.flag === 'string' ? decision.flag : decision.action;
    if (decision.action === 'flag' || decision.flag === true || typeof decision.flag === 'string') reasons.push(`${name}: ${String(why ?? 'flagged')}`);
  });
  return reasons;
}

/**
 * The least confident of a trace's decisions under `below` (a local model that escalated), or
 * undefined when none is unsure.
 *
 * @example lowConfidenceOf({ local: { answered: false, confidence: 0.31 } }, 0.5) // { confidence: 0.31, reason: 'local: low confidence 0.31' }
 */
export function lowConfidenceOf(decisions: Record<string, unknown> | null, below: number): { confidence: number; reason: string } | undefined {
  let least: { confidence: number; reason: string } | undefined;
  eachDecision(decisions, (name, decision) => {
    const confidence = decision.confidence;
    if (typeof confidence !== 'number' || !(confidence < below) || (least && least.confidence <= confidence)) return;
    least = { confidence, reason: `${name}: low confidence ${confidence.toFixed(2)}` };
  });
  return least;
}

/**
 * The key under which two traces ask the same thing: their last user message, case and spacing
 * aside, hashed (memory per remembered text stays small however long it is); undefined when the
 * trace kept no text (`traces.bodies: metadata`).
 *
 * @example textKeyOf({ messages: [{ role: 'user', content: ' Card  stuck' }] }) === textKeyOf({ messages: [{ role: 'user', content: 'card stuck' }] }) // true
 */
export function textKeyOf(request: unknown): string | undefined {
  return textKey(lastUserText(request));
}

/** `textKeyOf` for a text in hand: undefined for an empty one. */
export function textKey(text: string): string | undefined {
  const same = sameTextKey(text);
  return same === '' ? undefined : `${hash32(same).toString(36)}.${hash32(`${same.length}:${same}`).toString(36)}`;
}

type SampledTrace = Matchable & Pick<TraceRecord, 'id' | 'ts' | 'decisions' | 'request'>;

/**
 * What a batch of new traces asks of the review queue: the items it produces outright (at most
 * one flag item and one sample item per rule that picked the trace; the store gives a trace one
 * open item carrying every reason, and ignores duplicates) and the low-confidence traces a
 * store samples within the route's caps (`ReviewStore.enqueueCapped`) chooses among (those a rule sampled or a flag queued are left out).
 *
 * @example itemsForTraces(batch, [{ id: 'r1', name: 'support 2%', rate: 0.02, match: { model: 'support' }, … }], 0.5)
 */
export function itemsForTraces(traces: readonly SampledTrace[], rules: readonly SamplingRule[], below: number): { items: NewReviewItem[]; lowConfidence: ReviewCandidate[] } {
  const items: NewReviewItem[] = [];
  const lowConfidence: ReviewCandidate[] = [];
  for (const trace of traces) {
    const flags = flagsOf(trace.decisions);
    if (flags.length > 0) items.push({ traceId: trace.id, source: 'flag', reason: flags.join('; ') });
    // Every rule that picked it gives a reason; the store puts them all on the trace's one item.
    const picked = rules.filter((r) => r.enabled && matches(r.match, trace) && inSample(r.id, trace.id, r.rate));
    for (const rule of picked) {
      items.push({ traceId: trace.id, source: 'sample', reason: `sampled by rule "${rule.name}" (${formatRate(rule.rate)})`, ruleId: rule.id, origin: rule.name, reviewsWanted: rule.reviewsWanted });
    }
    if (picked.length > 0) continue;
    // A flagged trace is before a person already: it takes nothing from the route's caps.
    const unsure = flags.length === 0 ? lowConfidenceOf(trace.decisions, below) : undefined;
    if (unsure) lowConfidence.push({ traceId: trace.id, route: trace.requestedModel, ts: trace.ts, ...unsure, textKey: textKeyOf(trace.request) });
  }
  return { items, lowConfidence };
}

/** A low-confidence candidate as the store queues it (a sample, behind flags and feedback), its reason saying why it was picked. */
export function lowConfidenceSample(candidate: ReviewCandidate): ReviewCandidate {
  return { ...candidate, reason: `${candidate.reason} (sampled among the route’s uncertain requests)` };
}

function formatRate(rate: number): string {
  return `${Number((rate * 100).toPrecision(3))}%`;
}
