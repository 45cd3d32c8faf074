/**
 * The `routes:` section of the config file. A route is a virtual model name clients call
 * (`model: "support-intent"`) with a policy that picks a target; a target names a configured model
 * or another route. Cross-references (unknown targets, loops, a route shadowing a model) are
 * checked in `policies/validate-routes.ts`, once the shape is known to be right.
 */
import { z } from 'zod';
import { MAX_METADATA_KEY_CHARS } from '../core/client-metadata.js';
import { clip } from '../core/clip.js';
import { checkJsonSchema } from '../core/json-schema-validator.js';
import { knowledgeOptionSchema } from './knowledge-schema.js';
import { regexPatternSchema } from './regex-pattern-schema.js';
import { classifyTaskSchema } from './task-schema.js';

/**
 * Route names travel in traces, in the `x-switchyard-route` header and on the dashboard, so they are
 * short and printable: no spaces, quotes or control characters. Checked by `validateRoutes`, which
 * can name the offending key (a record-key error from zod cannot).
 */
export const ROUTE_NAME = /^[A-Za-z0-9._:/@-]{1,128}$/;

/** A target: the name of a configured model or of another route. */
const targetNameSchema = z.string().min(1).max(256);


const isScalar = (value: unknown): boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** A scalar a metadata field, key name or team is compared with. */
const scalarSchema = z.union([z.string().max(1_000), z.number(), z.boolean()]);

/**
 * One comparison. Exactly one of `equals`, `in`, `exists`: a matcher with two would be ambiguous
 * (and or or?), so it is refused rather than guessed.
 */
export const matcherSchema = z
  .strictObject(
    {
      equals: scalarSchema.optional(),
      /** Lists of a few hundred values cover tenant allow-lists; longer ones belong in metadata. */
      in: z.array(scalarSchema).min(1).max(1_000).optional(),
      exists: z.boolean().optional(),
    },
    // `tier: enterprise` is the likeliest slip: named with the matcher it meant.
    { error: (issue) => (issue.code === 'invalid_type' && isScalar(issue.input) ? `write { equals: ${clip(JSON.stringify(issue.input), 60)} } (or in: [...], exists: true)` : undefined) },
  )
  .superRefine((matcher, ctx) => {
    const given = ['equals', 'in', 'exists'].filter((k) => matcher[k as keyof typeof matcher] !== undefined);
    if (given.length !== 1) ctx.addIssue({ code: 'custom', message: `give exactly one of "equals", "in", "exists" (got ${given.length === 0 ? 'none' : given.join(', ')})` });
  });

/** Bounds on the prompt's token estimate; both may be given (a band). */
const tokenBoundsSchema = z
  .strictObject({
    gt: z.number().int().nonnegative().optional(),
    lt: z.number().int().positive().optional(),
  })
  .superRefine((bounds, ctx) => {
    if (bounds.gt === undefined && bounds.lt === undefined) ctx.addIssue({ code: 'custom', message: 'give "gt", "lt" or both' });
    if (bounds.gt !== undefined && bounds.lt !== undefined && bounds.lt <= bounds.gt + 1) {
      ctx.addIssue({ code: 'custom', message: `no token count is > ${bounds.gt} and < ${bounds.lt}` });
    }
  });

/**
 * The conditions of one rule; all given conditions must hold (and). Metadata field names are the
 * keys of the `x-switchyard-metadata` header object (or the request's `metadata`).
 */
export const conditionSchema = z
  .strictObject({
    // No longer than a request may send one (`x-switchyard-metadata`, OpenAI's `metadata`): a longer key could never match.
    metadata: z
      .record(z.string().min(1), matcherSchema)
      .superRefine((fields, ctx) => {
        for (const key of Object.keys(fields)) {
          if (key.length > MAX_METADATA_KEY_CHARS) ctx.addIssue({ code: 'custom', message: `a metadata key is at most ${MAX_METADATA_KEY_CHARS} characters, as requests may send them (got ${key.length})` });
        }
      })
      .optional(),
    /** The virtual key's configured name (never the secret). */
    key: matcherSchema.optional(),
    team: matcherSchema.optional(),
    prompt_tokens: tokenBoundsSchema.optional(),
    last_user_message: z.strictObject({ regex: regexPatternSchema, ignore_case: z.boolean().default(false) }).optional(),
    /** true: only requests that offer tools; false: only requests without. */
    tools: z.boolean().optional(),
    /** true: only requests with an image part; false: only requests without. */
    images: z.boolean().optional(),
  })
  .superRefine((condition, ctx) => {
    if (Object.values(condition).every((v) => v === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a rule needs at least one condition (metadata, key, team, prompt_tokens, last_user_message, tools, images); use "default" for the catch-all' });
    }
  });

/**
 * Route-level options shared by every policy. Later features (local task models, shadow
 * evaluation, …) add their fields here, so the policy objects stay about choosing a target.
 */
export const routeOptionsSchema = z.strictObject({
  /** Whether the `x-switchyard-route` header is sent; the decision is on the trace either way. */
  expose_header: z.boolean().default(true),
  /**
   * A local task model for this route: trained in-process from what the route's target answers,
   * it answers the requests it is confident about and escalates the rest (see `switchyard local`).
   */
  task: classifyTaskSchema.optional(),
  /**
   * A knowledge base this route grounds its answers in: chunks retrieved for the last user turn go
   * into the system prompt, citations come back with the answer, and groundedness is checked.
   */
  knowledge: knowledgeOptionSchema.optional(),
});

const common = {
  description: z.string().max(1_000).optional(),
  options: routeOptionsSchema.default(routeOptionsSchema.parse({})),
};

/** One target for every request: a name clients call that can later grow a policy, or carry a local model. */
export const staticRouteSchema = z.strictObject({
  policy: z.literal('static'),
  target: targetNameSchema,
  ...common,
});

export const conditionalRouteSchema = z.strictObject({
  policy: z.literal('conditional'),
  /** Tried in order; the first rule whose conditions all hold picks the target. */
  rules: z
    .array(z.strictObject({ when: conditionSchema, target: targetNameSchema }))
    .min(1)
    // Rules run on every request; beyond a few hundred the config wants a learned router instead.
    .max(256),
  /** Required: a request that matches no rule still has to go somewhere, and silently 404ing is worse. */
  default: targetNameSchema,
  ...common,
});

/**
 * `user` (the request's `user` field, else its `safety_identifier`; Anthropic's `metadata.user_id`),
 * `key` (the virtual key's name) or `metadata.<field>`.
 */
const stickySchema = z.string().regex(new RegExp(`^(user|key|metadata\\.\\S{1,${MAX_METADATA_KEY_CHARS}})$`), 'expected "user", "key" or "metadata.<field>"');

export const splitRouteSchema = z.strictObject({
  policy: z.literal('split'),
  arms: z
    .array(
      z.strictObject({
        target: targetNameSchema,
        /** Relative share of traffic (9 and 1 is a 90/10 split); 0 parks an arm without deleting it. */
        weight: z.number().nonnegative().max(1_000_000),
      }),
    )
    .min(1)
    .max(64)
    .refine((arms) => arms.some((arm) => arm.weight > 0), 'at least one arm needs a weight above 0'),
  /**
   * What keeps a caller on one arm: the same value always lands on the same arm, so an A/B
   * comparison sees each user's whole session on one side. Requests without the value are drawn.
   */
  sticky: stickySchema.optional(),
  /** Changes every assignment at once, for a fresh experiment on the same route. */
  salt: z.string().max(128).default(''),
  ...common,
});

/** What a cheap answer must satisfy, else the next target is tried. All given checks must pass. */
export const validationSchema = z
  .strictObject({
    /** A JSON Schema the answer (parsed as JSON, a Markdown fence removed) must match. */
    json_schema: z
      .record(z.string(), z.unknown())
      .superRefine((schema, ctx) => {
        try {
          checkJsonSchema(schema);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .optional(),
    /** The answer, trimmed, must be one of these (classification routes). */
    labels: z.array(z.string().min(1).max(256)).min(1).max(10_000).optional(),
    regex: regexPatternSchema.optional(),
    ignore_case: z.boolean().default(false),
  })
  .superRefine((v, ctx) => {
    if (v.json_schema === undefined && v.labels === undefined && v.regex === undefined) ctx.addIssue({ code: 'custom', message: 'give at least one of "json_schema", "labels", "regex"' });
  });

/**
 * Token log-probabilities are ≤ 0; mean log-prob −0.5 is a per-token probability of about 0.6.
 * Both bounds apply when both are given.
 */
export const confidenceSchema = z
  .strictObject({
    min_mean_logprob: z.number().max(0).optional(),
    min_token_logprob: z.number().max(0).optional(),
    /** A provider that returns no log-probs: accept the answer, or escalate to be safe. */
    when_missing: z.enum(['accept', 'escalate']).default('accept'),
  })
  .superRefine((c, ctx) => {
    if (c.min_mean_logprob === undefined && c.min_token_logprob === undefined) ctx.addIssue({ code: 'custom', message: 'give "min_mean_logprob", "min_token_logprob" or both' });
  });

export const judgeSchema = z.strictObject({
  /** The model (or route) that judges; called through the gateway's model client. */
  model: targetNameSchema,
  /**
   * Judge scores are normalised to [0, 1]; an answer scored below this escalates. The judge grades
   * 1–5, so a min_score of 4 or 5 is the likeliest slip: the message gives the grade's value.
   */
  min_score: z
    .number()
    .min(0)
    .max(1, { error: (issue) => `must be at most 1: the judge's grade of 1 to 5 is read as 0 to 1 ((grade − 1) / 4: a 4 is 0.75, a 3 is 0.5)${typeof issue.input === 'number' && issue.input >= 2 && issue.input <= 5 && Number.isInteger(issue.input) ? `, so a grade of at least ${issue.input} is min_score ${(issue.input - 1) / 4}` : ''}` }),
  rubric: z.string().max(4_000).optional(),
});

export const cascadeRouteSchema = z.strictObject({
  policy: z.literal('cascade'),
  /** Cheapest first. Every escalation is a full extra call, so long chains cost latency. */
  targets: z.array(targetNameSchema).min(2).max(8),
  escalate_on: z
    .strictObject({ validation: validationSchema.optional(), confidence: confidenceSchema.optional(), judge: judgeSchema.optional() })
    .refine((e) => e.validation !== undefined || e.confidence !== undefined || e.judge !== undefined, 'give at least one of "validation", "confidence", "judge": a cascade that never escalates is a plain model'),
  ...common,
});

export const learnedRouteSchema = z.strictObject({
  policy: z.literal('learned'),
  /** A router model file (`*.json`) or a registry name; see `switchyard router train`. */
  router: z.string().min(1).max(1_024),
  cheap: targetNameSchema,
  strong: targetNameSchema,
  /**
   * Quality to keep, as a share of the strong target's (0.95 = 95%). The score threshold that
   * meets it was measured on the router's validation split and is read from the model file.
   */
  min_quality: z.number().gt(0).max(1).default(0.95),
  /**
   * How sure, on the router's validation outcomes, that `min_quality` is kept (a one-sided normal
   * bound). 0.5 takes the measured point as is, which new traffic misses about half the time;
   * above 0.99 the margin on a small validation split sends nearly everything to the strong target.
   */
  confidence: z.number().min(0.5).max(0.99).default(0.9),
  /** Overrides the threshold from `min_quality`: cheap when the router's score is at least this. */
  threshold: z.number().min(0).max(1).optional(),
  ...common,
});

export const routeSchema = z.discriminatedUnion('policy', [staticRouteSchema, conditionalRouteSchema, splitRouteSchema, cascadeRouteSchema, learnedRouteSchema]);

/** The whole `routes:` section, keyed by the virtual model name. */
export const routesSchema = z.record(z.string(), routeSchema);

export type RouteConfig = z.output<typeof routeSchema>;
export type RoutesConfig = z.output<typeof routesSchema>;
export type StaticRoute = z.output<typeof staticRouteSchema>;
export type ConditionalRoute = z.output<typeof conditionalRouteSchema>;
export type SplitRoute = z.output<typeof splitRouteSchema>;
export type CascadeRoute = z.output<typeof cascadeRouteSchema>;
export type LearnedRoute = z.output<typeof learnedRouteSchema>;
export type Matcher = z.output<typeof matcherSchema>;
export type RouteCondition = z.output<typeof conditionSchema>;
export type RouteOptions = z.output<typeof routeOptionsSchema>;
