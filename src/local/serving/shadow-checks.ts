import type { Clock, Random } from '../../core/clock.js';
import type { ClassifyTask } from '../../config/task-schema.js';
import type { StoredExample } from '../examples/example-store.js';
import { ShadowMonitor, type ShadowReport } from '../shadow/shadow-monitor.js';
import { teacherLabel } from './teacher-label.js';
import type { UnusableAnswers } from './unusable-answers.js';
import type { Log } from '../../core/log.js';

/** A local answer (of a traced request) that the teacher labelled otherwise in a shadow check. */
export interface ShadowDisagreement {
  route: string;
  traceId: string;
  text: string;
  localLabel: string;
  teacherLabel: string;
}

/** Live figures cover the last hour; coarse enough to be stable, recent enough to catch a drift. */
const SHADOW_WINDOW_MS = 3_600_000;

export interface ShadowCheckDeps {
  route: string;
  task: ClassifyTask;
  clock: Clock;
  random: Random;
  log: Log;
  /** Where teacher answers that are no label of the route are said (shared with learning). */
  unusable: UnusableAnswers;
  /** A checked sample, as a labelled example to learn from. */
  learn: (example: StoredExample) => void;
  /** After each sample is counted: pulls the live version if its live precision fell below the bar. */
  afterCheck: (traceId: string | null) => Promise<void>;
  onDisagree?: (disagreement: ShadowDisagreement) => void;
}

/**
 * The shadow checks of one route's live version: counts the requests it answers, samples its
 * answers (`shadow_rate`) for the teacher to label off the request path, and keeps the live
 * precision window (`ShadowMonitor`) that decides a pull. Each sample also becomes a weighted
 * example and, when the labels differ on a traced request, a disagreement for review. `restart()`
 * gives a newly served version a clean window.
 *
 * @example
 * const checks = new ShadowChecks({ route, task, clock, random, log, unusable, learn, afterCheck });
 * checks.check('my card has not arrived', 'card_arrival', 'tr_1', () => askTeacher(text));
 */
export class ShadowChecks {
  private monitor: ShadowMonitor;
  /** Shadow calls to the teacher in flight: their labels are stored before shutdown. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: ShadowCheckDeps) {
    this.monitor = this.freshMonitor();
  }

  /** Live figures describe one version: a newly served one starts with a clean window. */
  restart(): void {
    this.monitor = this.freshMonitor();
  }

  private freshMonitor(): ShadowMonitor {
    const { clock, random, task } = this.deps;
    return new ShadowMonitor({ now: () => clock.now(), random, sampleRate: task.shadow_rate, windowMs: SHADOW_WINDOW_MS, minPrecision: task.min_precision });
  }

  /** A request reached the route: `answered` when the live version answered it (not escalated). */
  recordRequest(answered: boolean): void {
    this.monitor.recordRequest(answered);
  }

  /** The live version's coverage and shadow-checked precision over the window, and whether to pull it. */
  report(): ShadowReport {
    return this.monitor.report();
  }

  /** Shadow calls in flight. */
  get pending(): number {
    return this.inFlight.size;
  }

  /** Resolves when the shadow calls in flight now have settled. */
  async settled(): Promise<void> {
    await Promise.all(this.inFlight);
  }

  /**
   * Checks a sample of local answers against the teacher. `askTeacher` is only called for the
   * sampled ones; failures are logged, saying which step failed (the call, or what its answer set
   * off), never surfaced to the client that got the local answer.
   */
  check(text: string, localLabel: string, traceId: string | null, askTeacher: () => Promise<string>): void {
    if (!this.monitor.shouldShadow()) return;
    const { route, log } = this.deps;
    const call = askTeacher()
      .then(
        (answer) => this.checkAnswer(text, localLabel, traceId, answer),
        (error: unknown) => log(`local model ${route}: shadow call to the teacher failed, so this sample is not counted: ${(error as Error).message}`, { level: 'warn' }),
      )
      // The teacher answered: what failed is what its answer set off (a review flag, a demotion).
      .catch((error: unknown) => log(`local model ${route}: the teacher answered a shadow call, but acting on its answer failed: ${(error as Error).message}`, { level: 'error' }))
      .finally(() => this.inFlight.delete(call));
    this.inFlight.add(call);
  }

  /** Records the teacher's answer to a shadowed request, and demotes the live version if it must. */
  private checkAnswer(text: string, localLabel: string, traceId: string | null, answer: string): Promise<void> | undefined {
    const { route, task, clock } = this.deps;
    const label = teacherLabel(answer, task);
    if (label === undefined) {
      this.deps.unusable.record(answer);
      return;
    }
    this.monitor.recordShadow(localLabel, label);
    if (traceId !== null && localLabel.trim() !== label.trim()) this.deps.onDisagree?.({ route, traceId, text, localLabel, teacherLabel: label });
    // The sample is also a labelled example of what the model answers, standing for the
    // 1/shadow_rate local answers it was drawn from: without it, retraining would see only the
    // requests the model escalated, and a new version's held-out coverage would describe the
    // hard part of the traffic alone (and fail the bar a better model meets).
    this.deps.learn({ route, text, label, source: 'teacher', traceId, at: clock.now(), weight: 1 / task.shadow_rate });
    // Returned so `settled()` covers a demotion the check sets off.
    return this.deps.afterCheck(traceId);
  }
}
