import { z } from 'zod';
import { labelProblem } from '../core/class-label.js';

/**
 * A route's local task model (`options.task` on a route): the route's large model answers and
 * teaches; a small model trained in-process on those answers takes over the requests it is
 * confident about.
 */
export const classifyTaskSchema = z.strictObject({
  type: z.literal('classify'),
  /** The label set; when absent, labels are whatever the teacher answers (one short line each). */
  // A label that could be no class name of a data file (a control character, a bidirectional
  // control) is refused here too: it is shown in tables, traces and the dashboard, reordered or
  // split (round 22: "a\u202eb" was taken as a label, and a data file's line naming it refused).
  labels: z.array(z.string().min(1).max(128).superRefine((label, ctx) => {
    // Past 128 characters, the bound above says so.
    const problem = label.length <= 128 ? labelProblem(label) : undefined;
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `the label ${problem}` });
  })).min(2).max(10_000).optional(),
  /** Precision the local model must reach on held-out data to be promoted, and to stay live. */
  min_precision: z.number().gt(0.5).max(1).default(0.95),
  /** Share of held-out requests it must answer at that precision to be worth promoting. */
  min_coverage: z.number().min(0).max(1).default(0.5),
  /** Share of locally answered requests also sent to the teacher, to estimate live precision. */
  shadow_rate: z.number().min(0).max(1).default(0.05),
  /** The answer's content: the bare label, or a JSON object `{ <json_field>: label }`. */
  answer: z.enum(['label', 'json']).default('label'),
  json_field: z.string().min(1).max(64).default('label'),
  /** Retrain after this many new examples; the first model once `min_examples` have arrived. */
  retrain_every: z.number().int().min(10).max(1_000_000).default(500),
  min_examples: z.number().int().min(20).max(1_000_000).default(300),
  /** Labels with fewer examples than this are left to the teacher until they have more. */
  min_examples_per_label: z.number().int().min(2).max(10_000).default(5),
  /** Newest examples a training run uses: bounds memory and time as traffic accumulates. */
  max_examples: z.number().int().min(100).max(2_000_000).default(50_000),
  /**
   * Train the distance gate with each version (TrainOptions.distanceGate): a request far from its
   * label's centre escalates, which catches more requests of intents the route has no label for
   * (banking77: 56.8% → 63.7% of 10 held-out labels' requests) for a few tenths of a point of
   * coverage. Only versions trained on 2,000+ examples get one. false: confidence alone.
   */
  distance_gate: z.boolean().default(true),
  /**
   * Share of answerable held-out requests the distance gate may escalate, which sets its cut-off
   * (TrainOptions.maxDistantShare; `local train --max-distant-share`). Higher escalates more
   * requests of intents the route has no label for and answers fewer (banking77: 0.1 escalates
   * ~75% of 10 never-seen intents' requests instead of ~64%, at 0.5–3 points of coverage).
   */
  max_distant_share: z.number().min(0.001).max(0.5).optional(),
}).refine((task) => task.distance_gate || task.max_distant_share === undefined, {
  message: 'max_distant_share sets the distance gate\'s cut-off, but distance_gate is false: remove one of them',
  path: ['max_distant_share'],
});

export type ClassifyTask = z.output<typeof classifyTaskSchema>;
