import type { AttachmentRules } from '../../config/guardrails-schema.js';
import { DEFAULT_PII_THRESHOLD, type PiiDetector, type PiiEntityType } from '../../guardrails/pii/index.js';
import type { PiiAction, PiiPolicy } from '../../guardrails/redaction/index.js';
import type { GuardAction, GuardVerdict, TriggeredAction } from '../../guardrails/verdict.js';
import { type CompiledPolicy, piiEntities } from './compile-policy.js';
import { combinedPolicyName } from './combined-policy-name.js';

const PII_STRICTNESS: Record<PiiAction, number> = { allow: 0, flag: 1, redact: 2, block: 3 };
const CHECK_STRICTNESS: Record<GuardAction, number> = { pass: 0, warn: 1, flag: 2, block: 3 };

const stricterPii = (a: PiiAction, b: PiiAction): PiiAction => (PII_STRICTNESS[b] > PII_STRICTNESS[a] ? b : a);
const stricterAttachment = (a: AttachmentRules['images'], b: AttachmentRules['images']): AttachmentRules['images'] => (CHECK_STRICTNESS[b === 'allow' ? 'pass' : b] > CHECK_STRICTNESS[a === 'allow' ? 'pass' : a] ? b : a);

/**
 * Two PII policies as one that is at least as strict as each: per entity type the stricter action
 * (block > redact > flag > allow; a type one policy does not list gets its `default_action`), the
 * stricter default, the lower threshold, and only values both allow-lists hold.
 */
export function combinePii(a: PiiPolicy, b: PiiPolicy): PiiPolicy {
  const types = new Set([...Object.keys(a.entities), ...Object.keys(b.entities)]);
  const entities: Record<string, PiiAction> = {};
  for (const type of types) entities[type] = stricterPii(a.entities[type] ?? a.default_action, b.entities[type] ?? b.default_action);
  const inB = new Set(b.allow.map((v) => v.toLowerCase()));
  // An unset threshold is the detector's default, so it takes part in the minimum.
  const threshold = a.threshold === undefined && b.threshold === undefined ? undefined : Math.min(a.threshold ?? DEFAULT_PII_THRESHOLD, b.threshold ?? DEFAULT_PII_THRESHOLD);
  return {
    entities,
    default_action: stricterPii(a.default_action, b.default_action),
    ...(threshold === undefined ? {} : { threshold }),
    allow: a.allow.filter((v) => inB.has(v.toLowerCase())),
  };
}

/**
 * A key's or team's policy together with its route's: every check of both runs (a route's JSON
 * schema is kept when a team adds PII rules), and where both configure the same thing the stricter
 * setting wins — per PII type the stricter action, injection scored by both (the stricter verdict
 * counts), per attachment kind the stricter action, `on_error: closed` if either says so, traces
 * keep originals only if both do. One re-ask: the route's JSON schema's if it has one (the answer's
 * shape is the route's business), else the key's or team's; the other schema still checks.
 *
 * @example combinePolicies(policies.get('care')!, policies.get('support-intent')!, piiDetector)
 */
export function combinePolicies(identity: CompiledPolicy, route: CompiledPolicy, piiDetector: (entities: readonly PiiEntityType[] | undefined, threshold: number | undefined) => PiiDetector): CompiledPolicy {
  let pii: CompiledPolicy['pii'];
  if (identity.pii && route.pii) {
    const policy = combinePii(identity.pii.policy, route.pii.policy);
    pii = { policy, detector: piiDetector(piiEntities(policy), policy.threshold), pseudonym: identity.pii.pseudonym ?? route.pii.pseudonym };
  } else pii = identity.pii ?? route.pii;
  const a = identity.injection;
  const b = route.injection;
  const injection: CompiledPolicy['injection'] = a && b ? (text, source) => stricterVerdict(a(text, source), b(text, source)) : (a ?? b);
  const judge = identity.injectionJudge ?? route.injectionJudge;
  return {
    name: combinedPolicyName(identity.name, route.name),
    pii,
    injection,
    injectionJudge: judge && identity.injectionJudge && route.injectionJudge ? { ...judge, above: Math.min(identity.injectionJudge.above, route.injectionJudge.above), action: stricterAction(identity.injectionJudge.action, route.injectionJudge.action) } : judge,
    input: [...route.input, ...identity.input],
    output: {
      checks: [...route.output.checks, ...identity.output.checks],
      buffer: route.output.buffer || identity.output.buffer,
      reask: route.output.reask ?? identity.output.reask,
    },
    attachments: {
      images: stricterAttachment(identity.attachments.images, route.attachments.images),
      audio: stricterAttachment(identity.attachments.audio, route.attachments.audio),
      files: stricterAttachment(identity.attachments.files, route.attachments.files),
    },
    onError: identity.onError === 'closed' || route.onError === 'closed' ? 'closed' : 'open',
    traceOriginals: identity.traceOriginals && route.traceOriginals,
    restoreThinking: identity.restoreThinking && route.restoreThinking,
  };
}

function stricterVerdict(a: GuardVerdict, b: GuardVerdict): GuardVerdict {
  if (CHECK_STRICTNESS[b.action] !== CHECK_STRICTNESS[a.action]) return CHECK_STRICTNESS[b.action] > CHECK_STRICTNESS[a.action] ? b : a;
  return (b.score ?? 0) > (a.score ?? 0) ? b : a;
}

function stricterAction(a: TriggeredAction, b: TriggeredAction): TriggeredAction {
  return CHECK_STRICTNESS[b] > CHECK_STRICTNESS[a] ? b : a;
}
