/**
 * The `guardrails:` section of the config file: named policies (what to check on the way in and
 * on the way out, and what to do when a check triggers) and which requests each policy applies
 * to (a key, a team, a route or model, or everything). Check configs reuse the schemas of the
 * checks themselves (src/guardrails), so a policy is validated exactly as the check will read it.
 * Cross-references (a key or policy that does not exist) are checked in `validate-guardrails.ts`.
 */
import { z } from 'zod';
import { injectionCheckConfigSchema } from '../guardrails/injection/injection-check.js';
import { bannedWordsConfigSchema } from '../guardrails/policy/banned-words.js';
import { jsonSchemaCheckConfigSchema } from '../guardrails/policy/json-output.js';
import { actionSchema } from '../guardrails/policy/parse-config.js';
import { topicsConfigSchema } from '../guardrails/policy/topics.js';
import { isPiiEntityType, PII_ENTITY_TYPES } from '../guardrails/pii/entity-types.js';
import { piiPolicySchema } from '../guardrails/redaction/policy.js';
import { regexPatternSchema } from './regex-pattern-schema.js';

const entityListSchema = z.array(z.string()).superRefine((types, ctx) => {
  types.forEach((type, i) => {
    if (!isPiiEntityType(type)) ctx.addIssue({ code: 'custom', path: [i], message: `unknown PII entity type "${type}" (known: ${PII_ENTITY_TYPES.join(', ')})` });
  });
});

export const outputChecksSchema = z.strictObject({
  /** The answer must be JSON valid against this schema. */
  json_schema: jsonSchemaCheckConfigSchema.optional(),
  /** Patterns the answer must not match (case-sensitive unless the pattern says otherwise). */
  regex: z.strictObject({ patterns: z.array(regexPatternSchema).min(1).max(1_000), action: actionSchema('block') }).optional(),
  banned_words: bannedWordsConfigSchema.optional(),
  /**
   * PII the model wrote itself (checked before placeholders are restored, so the user's own
   * values coming back are not counted). `entities` defaults to every type.
   */
  pii: z.strictObject({ action: actionSchema('flag'), entities: entityListSchema.optional(), threshold: z.number().min(0).max(1).optional() }).optional(),
  /**
   * Streams with an output check that blocks: `buffer` holds the answer until it is checked (the
   * client gets a proper error, at the cost of time to first token); `after` streams at once and
   * checks at the end, when a violation can only be recorded and flagged, not stopped.
   */
  stream: z.enum(['buffer', 'after']).default('buffer'),
});

/**
 * Injection checks with an optional escalation: a text whose score is below the threshold but at
 * least `above` is put to a judge model (through the gateway, as an internal call), whose "yes"
 * triggers the check's action. Only the grey band pays for a model call.
 */
export const injectionPolicySchema = injectionCheckConfigSchema.extend({
  judge: z
    .strictObject({
      /** A configured model or route. */
      model: z.string().min(1).max(256),
      above: z.number().min(0).max(1).default(0.2),
    })
    .optional(),
});

/** What to do with a request carrying parts no check can read. */
const attachmentActionSchema = z.enum(['allow', 'flag', 'block']).default('allow');

/**
 * Images, audio and files that are not text cannot be scanned for PII or injection here (that
 * needs OCR, speech recognition or a document parser, none of which belongs on the request path):
 * each kind is allowed, flagged for review or blocked. Either way the trace says what went unscanned.
 */
export const attachmentsSchema = z.strictObject({
  images: attachmentActionSchema,
  audio: attachmentActionSchema,
  /** Files whose content is not text (a PDF, a file by id); text files are decoded and checked. */
  files: attachmentActionSchema,
});

export const guardPolicySchema = z.strictObject({
  pii: piiPolicySchema.optional(),
  injection: injectionPolicySchema.optional(),
  /** Checks on the request text (all user and tool messages). */
  input: z.strictObject({ banned_words: bannedWordsConfigSchema.optional(), topics: topicsConfigSchema.optional() }).optional(),
  output: outputChecksSchema.optional(),
  attachments: attachmentsSchema.default({ images: 'allow', audio: 'allow', files: 'allow' }),
  /**
   * A check that throws (a detector bug, input it cannot read): `closed` refuses the request,
   * `open` lets it through. Either way the error is recorded on the trace.
   */
  on_error: z.enum(['closed', 'open']).default('closed'),
  /**
   * Put the original values back in the model's reasoning too (Anthropic thinking blocks,
   * `reasoning_content`, Responses reasoning text), as in its answer. A thinking block's
   * `signature` covers the text the provider wrote (with placeholders) and is passed on as it is;
   * `false` delivers reasoning exactly as signed, placeholders and all.
   */
  restore_thinking: z.boolean().default(true),
  /** What traces keep of PII: `redacted` (placeholders) or `original` (the values as sent). */
  trace: z.enum(['redacted', 'original']).default('redacted'),
});

/** Policy names appear on traces and in the `x-switchyard-guardrails` header. */
const POLICY_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export const guardrailsSchema = z.strictObject({
  policies: z.record(z.string().regex(POLICY_NAME, 'expected a policy name of letters, digits, ".", "_" or "-"'), guardPolicySchema).default({}),
  /**
   * Which policy a request gets: its key's (else its team's) and its route's or model's — both,
   * combined, when both apply and differ (every check of each, the stricter setting where both
   * configure one) — else `default`.
   */
  apply: z
    .strictObject({
      keys: z.record(z.string(), z.string()).default({}),
      teams: z.record(z.string(), z.string()).default({}),
      routes: z.record(z.string(), z.string()).default({}),
      default: z.string().optional(),
    })
    .default({ keys: {}, teams: {}, routes: {} }),
  /**
   * Texts whose PII findings and injection scores are remembered (by hash, in memory), so a
   * system prompt, earlier turn or tool result sent again is not scanned again; 0 turns it off.
   */
  result_cache: z.number().int().min(0).max(1_000_000).default(4096),
  /**
   * The secret identity fields holding PII (`user`, `safety_identifier`, `prompt_cache_key`,
   * `metadata`) are pseudonymised under (`sy-user-3f9a…`, stable across restarts and replicas
   * that share it). `${ENV}` allowed. Unset: derived from `$SWITCHYARD_SECRET_KEY`; a policy with
   * `pii` needs one or the other.
   */
  pseudonym_key: z.string().min(16, 'expected at least 16 characters of secret (make one with: openssl rand -base64 32)').max(1000).optional(),
});

export type GuardrailsConfig = z.output<typeof guardrailsSchema>;
export type GuardPolicy = z.output<typeof guardPolicySchema>;
export type OutputChecks = z.output<typeof outputChecksSchema>;
export type AttachmentRules = z.output<typeof attachmentsSchema>;
