import { z } from 'zod';
import { isPiiEntityType, PII_ENTITY_TYPES, type Finding, type PiiEntityType } from '../pii/entity-types.js';

export const PII_ACTIONS = ['redact', 'block', 'allow', 'flag'] as const;
export type PiiAction = (typeof PII_ACTIONS)[number];

const actionSchema = z.enum(PII_ACTIONS, {
  error: (issue) => `unknown PII action ${JSON.stringify(issue.input)} (known: ${PII_ACTIONS.join(', ')})`,
});

/**
 * A route's PII policy: the action per entity type, the action for types not listed, an optional
 * score threshold and values that are never acted on (the company's own support address, say).
 * Unknown entity types and actions fail validation with the known ones listed.
 *
 * @example piiPolicySchema.parse({ entities: { EMAIL: 'redact', US_SSN: 'block' }, default_action: 'flag' })
 */
export const piiPolicySchema = z
  .object({
    entities: z
      .record(z.string(), actionSchema)
      .default({})
      .superRefine((entities, ctx) => {
        for (const key of Object.keys(entities)) {
          if (!isPiiEntityType(key)) {
            ctx.addIssue({ code: 'custom', path: [key], message: `unknown PII entity type "${key}" (known: ${PII_ENTITY_TYPES.join(', ')})` });
          }
        }
      }),
    default_action: actionSchema.default('redact'),
    // Scores run from 0 to 1; 0.5 keeps bare checksum-only numbers out, see the detector docs.
    threshold: z.number().min(0).max(1).optional(),
    // Bounded so a config cannot make every lookup scan a huge list.
    allow: z.array(z.string().min(1).max(1000)).max(10_000).default([]),
  })
  .strict();

export type PiiPolicyInput = z.input<typeof piiPolicySchema>;
export type PiiPolicy = z.output<typeof piiPolicySchema>;

/** What a policy decides about one finding. */
export function actionFor(policy: PiiPolicy, finding: Finding, value: string, allowed: ReadonlySet<string>): PiiAction {
  if (policy.threshold !== undefined && finding.score < policy.threshold) return 'allow';
  if (allowed.has(value.toLowerCase())) return 'allow';
  return (policy.entities as Partial<Record<PiiEntityType, PiiAction>>)[finding.type] ?? policy.default_action;
}

/** The lower-cased allow-list, built once per request. */
export function allowSet(policy: PiiPolicy): ReadonlySet<string> {
  return new Set(policy.allow.map((v) => v.toLowerCase()));
}
