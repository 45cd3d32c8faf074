import type { Example } from '../types.js';

/** Where a training example came from; a person's correction outranks a teacher's answer. */
export type ExampleSource = 'teacher' | 'review' | 'file';

export interface StoredExample extends Example {
  route: string;
  source: ExampleSource;
  /** The trace the example was taken from, when it came from traffic (so a review can correct it). */
  traceId: string | null;
  /** ms since the epoch. */
  at: number;
}

/**
 * Labelled examples per route, gathered from traffic (the large model's answers), review
 * corrections and files, for retraining the route's local model.
 *
 * @example
 * await examples.add([{ route: 'support-intent', text: 'Where is my card?', label: 'card_arrival', source: 'teacher', traceId: 'tr_1', at: Date.now() }]);
 * await examples.correct('tr_1', 'card_delivery_estimate', Date.now());
 */
/** What an erasure took from one route's examples. */
export interface ForgottenExamples {
  route: string;
  examples: number;
  /** When the oldest of them was added (ms since the epoch). */
  since: number;
}

export interface ExampleStore {
  add(examples: readonly StoredExample[]): Promise<void>;
  /** Replaces the label of the example taken from a trace with a person's (keeping the teacher's, for `uncorrect`); false when none was. */
  correct(traceId: string, label: string, at: number): Promise<boolean>;
  /**
   * Takes a person's label off the examples a trace gave, as if it never was (their review was
   * undone): a teacher's example gets the teacher's label back; one a review alone taught goes, and
   * so does one corrected before teachers' labels were kept (what the teacher said is not known).
   * False when the trace's examples carried no person's label.
   */
  uncorrect(traceId: string): Promise<boolean>;
  /**
   * `limit` examples of a route, oldest first (one per text: the latest label wins, reviews over
   * teachers): its labelled files' first (`local train --route`), then the newest others, so a
   * busy route's traffic never crowds out the file it was started from.
   */
  list(route: string, limit: number): Promise<StoredExample[]>;
  count(route: string): Promise<number>;
  /**
   * Deletes the examples these traces gave (an erasure request), oldest first per route: how many
   * each route lost and when its oldest one was added (a model registered before that never saw
   * them). With `dryRun`, counts and deletes nothing.
   */
  forgetTraces(traceIds: readonly string[], dryRun?: boolean): Promise<ForgottenExamples[]>;
  /**
   * Deletes every example kept for a route (its files', its traffic's and its reviews'), so a route
   * registered again under the name (`switchyard models delete --examples`) starts from nothing:
   * how many went.
   */
  forgetRoute(route: string): Promise<number>;
  close(): Promise<void>;
}
