import type { Clock, Random } from '../../core/clock.js';
import type { LocalClassifier } from '../classifier.js';
import type { ExampleStore, StoredExample } from '../examples/example-store.js';
import { parseModel } from '../model-file/parse-model.js';
import type { ModelRegistry, ModelVersion } from '../registry/model-registry.js';
import type { ShadowReport } from '../shadow/shadow-monitor.js';
import type { WorkerTrainOptions } from '../train/train-in-worker.js';
import type { TrainedModel } from '../train/trained-model.js';
import type { Example, Prediction } from '../types.js';
import type { ClassifyTask } from '../../config/task-schema.js';
import { teacherLabel } from './teacher-label.js';
import { ExampleBuffer } from './example-buffer.js';
import { trainVersion } from './train-version.js';
import { LivePrecisionPulls } from './pull-for-live-precision.js';
import type { PendingDemotions } from './pending-demotions.js';
import { ShadowChecks, type ShadowDisagreement } from './shadow-checks.js';
import { UnusableAnswers } from './unusable-answers.js';
import type { Log } from '../../core/log.js';

export type { ShadowDisagreement } from './shadow-checks.js';

export interface LocalRouteDeps {
  registry: ModelRegistry;
  examples: ExampleStore;
  clock: Clock;
  random: Random;
  /**
   * Trains, serialises and decodes off the event loop (`trainInWorker`); injected so tests can
   * train in-process (`toTrainedModel(trainClassifier(…))`).
   */
  train: (examples: readonly Example[], options: WorkerTrainOptions) => Promise<TrainedModel>;
  log: Log;
  /**
   * A live model was pulled for low live precision: flag it for a person (the review queue),
   * with the traced request whose shadow check tipped it (null when that request had no trace).
   */
  onDemote?: (route: string, reason: string, traceId: string | null) => void;
  /** A shadow check found the teacher giving another label than the local answer the client got. */
  onDisagree?: (disagreement: ShadowDisagreement) => void;
  /** Where demotions the registry has not recorded yet are kept across a restart (`PendingDemotionFile`). */
  pendingDemotions?: PendingDemotions;
}

/** A local answer, with the version that gave it. */
export interface LocalAnswer extends Prediction {
  version: number;
}

/** What the dashboard and `switchyard routes` show for a route's local model. */
export interface LocalRouteStatus {
  route: string;
  live: { version: number; metrics: ModelVersion['metrics'] } | null;
  shadow: ShadowReport;
  examples: number;
  training: boolean;
  /** Why the route answers nothing locally yet, when it does not. */
  waiting: string | null;
}

/**
 * The local task model of one route: answers what it is confident about, learns from what the
 * large model (the teacher) answers, retrains off the event loop as labels accumulate, promotes a
 * new version only when its held-out figures meet the route's bar, and pulls a live version
 * whose shadow-sampled live precision falls credibly below it. It decides when; the work is done
 * by `ExampleBuffer` (storing labels), `trainVersion` (training, registering and promoting a
 * version), `ShadowChecks` (sampling answers for the teacher, live precision) and
 * `LivePrecisionPulls` (pulling a version).
 *
 * @example
 * const local = await LocalRoute.open('support-intent', task, deps);
 * const answer = local.predict('my card has not arrived'); // undefined until a model is live
 */
export class LocalRoute {
  private readonly shadows: ShadowChecks;
  /** The version served; `createdAt` with `version` names it (a route re-created after a delete reuses numbers). */
  private live: { model: LocalClassifier; version: number; createdAt: number; metrics: ModelVersion['metrics'] } | undefined;
  private readonly examples: ExampleBuffer;
  private training: Promise<void> | undefined;
  private sinceTraining = 0;
  private waiting: string | null = 'no model trained yet';
  /** A version was trained in this process or was live at open (so whenever one is live): later ones wait for retrain_every. */
  private trained = false;
  private readonly pulls: LivePrecisionPulls;
  private readonly unusable: UnusableAnswers;

  private constructor(
    readonly route: string,
    readonly task: ClassifyTask,
    private readonly deps: LocalRouteDeps,
    stored: number,
  ) {
    this.pulls = new LivePrecisionPulls({
      registry: deps.registry,
      clock: deps.clock,
      route,
      log: deps.log,
      onDemote: deps.onDemote,
      setWaiting: (reason) => {
        this.waiting = reason;
      },
      resync: () => this.syncLive(),
      ...(deps.pendingDemotions ? { pending: deps.pendingDemotions } : {}),
    });
    this.unusable = new UnusableAnswers(route, task, () => deps.clock.now(), deps.log);
    const { clock, random, log, onDisagree } = deps;
    this.shadows = new ShadowChecks({ route, task, clock, random, log, onDisagree, unusable: this.unusable, learn: (example) => this.pend(example), afterCheck: (traceId) => this.checkLivePrecision(traceId) });
    this.examples = new ExampleBuffer({ store: deps.examples, route, log: deps.log, stored, onFlushed: () => this.maybeRetrain() });
  }

  /** Loads the live version, if any, and counts the examples gathered so far. */
  static async open(route: string, task: ClassifyTask, deps: LocalRouteDeps): Promise<LocalRoute> {
    const local = new LocalRoute(route, task, deps, await deps.examples.count(route));
    const live = await deps.registry.live(route);
    // Pulled before a restart, the registry not recording it yet: not served, demoted again.
    if (await local.pulls.resume(live)) local.trained = true;
    else if (live) {
      const model = parseModel(await deps.registry.modelBytes(route, live.version), `${route} v${live.version}`);
      local.live = { model, version: live.version, createdAt: live.createdAt, metrics: live.metrics };
      local.waiting = null;
      local.trained = true;
    } else local.sinceTraining = local.examples.stored;
    return local;
  }

  /**
   * Serves whatever the registry says is live now, when that differs from what this process
   * serves: a version promoted, rolled back or demoted by the CLI, the admin API or another
   * replica, and counts the route's examples again. Off the request path (the registry poll);
   * requests keep the model they started with.
   */
  async syncLive(): Promise<void> {
    // The registry moved: `local train --route` may have kept its file's examples for this route.
    await this.examples.recount();
    const live = await this.deps.registry.live(this.route);
    const unrecorded = this.pulls.unrecordedVersion;
    // Still listed live only because the registry has not recorded this process's demotion yet:
    // serving it again would undo the pull (the retry records it). A version of the same number
    // registered at another time is a new one (the route was deleted and registered again).
    if (unrecorded !== undefined && live?.version === unrecorded.version && live.createdAt === unrecorded.createdAt) return;
    if (unrecorded !== undefined) this.pulls.stop(`the registry's live version changed to ${live ? `v${live.version}${live.version === unrecorded.version ? ` (registered again after a delete)` : ''}` : 'none'}`);
    else if (live?.version === this.live?.version && live?.createdAt === this.live?.createdAt) return;
    if (!live) {
      const pulled = this.live?.version ?? unrecorded?.version;
      const was = pulled === undefined ? undefined : await this.deps.registry.get(this.route, pulled);
      this.live = undefined;
      this.waiting = was?.status === 'demoted' ? `v${was.version} demoted: ${was.statusReason ?? 'no reason given'}` : 'no live model in the registry';
      this.deps.log(`local model ${this.route}: ${this.waiting}; every request escalates`, { level: 'warn' });
      return;
    }
    const model = parseModel(await this.deps.registry.modelBytes(this.route, live.version), `${this.route} v${live.version}`);
    this.live = { model, version: live.version, createdAt: live.createdAt, metrics: live.metrics };
    this.shadows.restart();
    this.waiting = null;
    this.trained = true;
    this.deps.log(`local model ${this.route}: now serving v${live.version} (${live.statusReason ?? 'live in the registry'})`);
  }

  get liveVersion(): number | null {
    return this.live?.version ?? null;
  }

  /** The local answer, or undefined when no model is live (everything goes to the teacher). */
  predict(text: string): LocalAnswer | undefined {
    const live = this.live;
    if (!live) {
      this.shadows.recordRequest(false);
      return undefined;
    }
    const { label, confidence, escalate, unseenWordShare, unfamiliar, short, distant } = live.model.predict(text);
    this.shadows.recordRequest(!escalate);
    // Fields named, not spread: a spread was a tenth of this method's time on the request path.
    return { label, confidence, escalate, unseenWordShare, unfamiliar, short, distant, version: live.version };
  }

  /** The teacher answered a request the local model did not: learn from it (off the request path). */
  learn(text: string, answer: string, traceId: string | null): void {
    const label = teacherLabel(answer, this.task);
    if (label === undefined) return this.unusable.record(answer);
    this.pend({ route: this.route, text, label, source: 'teacher', traceId, at: this.deps.clock.now() });
  }

  private pend(example: StoredExample): void {
    if (this.examples.add(example)) this.sinceTraining++;
  }

  /**
   * Resolves once the examples of the calls answered so far are stored, those of shadow checks
   * still waiting on the teacher included (each adds an example of its trace, and may flag a
   * disagreement): an erasure looks for a trace's examples in the store. A teacher call is bounded
   * by the gateway's timeouts.
   */
  async examplesWritten(): Promise<void> {
    await this.shadows.settled();
    await this.examples.written();
  }

  /**
   * A person corrected the answer of a traced request: the example taken from that trace now
   * carries their label (it outranks the teacher's). The label learnt, or undefined when the trace
   * gave this route no example or the correction is none of its labels.
   */
  async correct(traceId: string, corrected: string): Promise<string | undefined> {
    const label = teacherLabel(corrected, this.task);
    if (label === undefined) return undefined;
    await this.examples.written();
    const changed = await this.deps.examples.correct(traceId, label, this.deps.clock.now());
    if (!changed) return undefined;
    this.sinceTraining++;
    this.maybeRetrain();
    return label;
  }

  /**
   * A person's correction of a traced request was undone (their review deleted): the example the
   * trace gave goes back to the teacher's label, or goes when only the correction made it, so the
   * next training learns what stands. False when the trace gave this route no corrected example.
   */
  async uncorrect(traceId: string): Promise<boolean> {
    // A label `teach` just handed over may still be waiting to be written.
    await this.examples.written();
    if (!(await this.deps.examples.uncorrect(traceId))) return false;
    this.sinceTraining++;
    this.maybeRetrain();
    return true;
  }

  /**
   * A person labelled a traced request that gave this route no example (it answered locally and
   * was not shadow-checked, so no teacher label was kept): their label becomes one, outranking a
   * teacher's. The label learnt, or undefined when the correction is none of the route's labels
   * or there is no text (a trace kept without bodies).
   */
  teach(text: string, corrected: string, traceId: string): string | undefined {
    const label = teacherLabel(corrected, this.task);
    if (label === undefined || text.trim() === '') return undefined;
    this.pend({ route: this.route, text, label, source: 'review', traceId, at: this.deps.clock.now() });
    return label;
  }

  /** Checks a sample of local answers against the teacher, off the request path (`ShadowChecks`). */
  shadow(text: string, localLabel: string, traceId: string | null, askTeacher: () => Promise<string>): void {
    this.shadows.check(text, localLabel, traceId, askTeacher);
  }

  status(): LocalRouteStatus {
    const live = this.live;
    return {
      route: this.route,
      live: live ? { version: live.version, metrics: live.metrics } : null,
      shadow: this.shadows.report(),
      examples: this.examples.count,
      training: this.training !== undefined,
      waiting: live ? null : this.waiting,
    };
  }

  /** Trains a new version now (the CLI and tests); resolves when it is registered (and promoted, if it meets the bar). */
  async retrain(): Promise<ModelVersion | undefined> {
    await this.examples.written();
    this.sinceTraining = 0;
    this.trained = true;
    const trained = await trainVersion(this.route, this.task, this.deps);
    if (!trained.registered) {
      if (trained.identical) this.deps.log(`local model ${this.route}: retrained, ${trained.why}`);
      if (!this.live) this.waiting = trained.why;
      return undefined;
    }
    const { version, model, metrics, promotion: result } = trained;
    if (result.heldBy) {
      const pin = result.heldBy;
      this.deps.log(`local model ${this.route} v${version.version}: registered, not promoted: the route is pinned (${pin.reason}); \`switchyard models unpin --route ${this.route}\` releases it`);
      if (!this.live) this.waiting = `v${version.version} not promoted: the route is pinned (${pin.reason})`;
      return version;
    }
    const { file, teacher, review } = trained.data;
    this.deps.log(`local model ${this.route} v${version.version}: trained on ${file + teacher + review} examples (${file} from labelled files, ${teacher} from traffic, ${review} reviewed); ${result.reason}`);
    if (result.promote) {
      // `model` is what the registered file decodes to (int8 weights), not the float model
      // training produced: a restart or another replica loads the file, and all of them must give
      // the same answer and confidence.
      this.live = { model, version: version.version, createdAt: version.createdAt, metrics };
      this.shadows.restart();
      this.waiting = null;
      this.pulls.stop(`v${version.version} is live now`);
    } else if (!this.live) this.waiting = `v${version.version} ${result.reason}`; // the reason begins "not promoted: ".
    return version;
  }

  /**
   * Stops retrying a demotion the registry has not recorded (shutdown). With `pendingDemotions`
   * this gateway's next start resumes it; without, or on another replica, that version is served
   * again until a shadow monitor pulls it. The log line says which.
   */
  close(): void {
    const unrecorded = this.pulls.unrecordedVersion?.version;
    if (unrecorded === undefined) return;
    const kept = this.deps.pendingDemotions;
    this.pulls.stop(
      kept
        ? `shutting down; kept in ${kept.where}, so this gateway's next start does not serve v${unrecorded} and retries (other replicas serve it until it is recorded)`
        : `shutting down; a gateway started on this registry serves v${unrecorded} until its shadow monitor pulls it again`,
      true,
    );
  }

  /** Waits for the shadow calls in flight, not for training (a report of what the checks cost counts them all). */
  async shadowsSettled(): Promise<void> {
    while (this.shadows.pending > 0) await this.shadows.settled();
  }

  /** Waits for shadow calls in flight, pending examples and any training in progress (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.shadows.pending > 0 || this.examples.busy || this.training) {
      if (this.shadows.pending > 0) await this.shadows.settled();
      else await (this.examples.busy ?? this.training);
    }
  }

  private maybeRetrain(): void {
    if (this.training) return;
    // Once a version exists (live, demoted or refused by the bar), the next one waits for
    // retrain_every new examples: retraining on every batch would churn versions on the same data.
    const first = !this.trained;
    const needed = first ? this.task.min_examples : this.task.retrain_every;
    const have = first ? this.examples.stored : this.sinceTraining;
    if (have < needed) {
      if (first) this.waiting = `${have} of ${needed} examples gathered before the first training`;
      return;
    }
    this.training = this.retrain()
      .then(() => undefined)
      .catch((error: unknown) => {
        this.waiting = `training failed: ${(error as Error).message}`;
        this.deps.log(`local model ${this.route}: ${this.waiting}`);
      })
      .finally(() => {
        this.training = undefined;
      });
  }

  /**
   * Pulls the live version when its live precision is credibly below the bar: this process stops
   * serving it at once, and the registry demotes it (`LivePrecisionPulls`, pinned or not).
   */
  private async checkLivePrecision(traceId: string | null): Promise<void> {
    const report = this.shadows.report();
    if (!report.demote || !this.live) return;
    const { version, createdAt } = this.live;
    this.live = undefined;
    this.waiting = `v${version} demoted: ${report.reason}`;
    await this.pulls.pull({ version, createdAt }, report.reason, traceId);
  }
}
