import type { Clock, Random } from '../../core/clock.js';
import type { LocalClassifier } from '../classifier.js';
import type { ExampleStore, StoredExample } from '../examples/example-store.js';
import { parseModel } from '../model-file/parse-model.js';
import type { ModelRegistry, ModelVersion } from '../registry/model-registry.js';
import { ShadowMonitor, type ShadowReport } from '../shadow/shadow-monitor.js';
import type { WorkerTrainOptions } from '../train/train-in-worker.js';
import type { TrainedModel } from '../train/trained-model.js';
import type { Example, Prediction } from '../types.js';
import type { ClassifyTask } from '../../config/task-schema.js';
import { teacherLabel } from './teacher-label.js';
import { countOf } from '../../core/plural.js';

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
  log: (line: string) => void;
  /**
   * A live model was pulled for low live precision: flag it for a person (the review queue),
   * with the traced request whose shadow check tipped it (null when that request had no trace).
   */
  onDemote?: (route: string, reason: string, traceId: string | null) => void;
  /** A shadow check found the teacher giving another label than the local answer the client got. */
  onDisagree?: (disagreement: ShadowDisagreement) => void;
}

/** A local answer (of a traced request) that the teacher labelled otherwise in a shadow check. */
export interface ShadowDisagreement {
  route: string;
  traceId: string;
  text: string;
  localLabel: string;
  teacherLabel: string;
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

/** Live figures cover the last hour; coarse enough to be stable, recent enough to catch a drift. */
const SHADOW_WINDOW_MS = 3_600_000;

/**
 * The local task model of one route: answers what it is confident about, learns from what the
 * large model (the teacher) answers, retrains off the event loop as labels accumulate, promotes a
 * new version only when its held-out figures meet the route's bar, and pulls a live version
 * whose shadow-sampled live precision falls credibly below it.
 *
 * @example
 * const local = await LocalRoute.open('support-intent', task, deps);
 * const answer = local.predict('my card has not arrived'); // undefined until a model is live
 */
export class LocalRoute {
  private monitor: ShadowMonitor;
  private live: { model: LocalClassifier; version: number; metrics: ModelVersion['metrics'] } | undefined;
  private pending: StoredExample[] = [];
  private flushing: Promise<void> | undefined;
  private training: Promise<void> | undefined;
  private sinceTraining = 0;
  private stored = 0;
  private waiting: string | null = 'no model trained yet';
  /** A version was trained in this process or was live at open (so whenever one is live): later ones wait for retrain_every. */
  private trained = false;
  /** Shadow calls to the teacher in flight: their labels are stored before shutdown. */
  private readonly shadowing = new Set<Promise<void>>();

  private constructor(
    readonly route: string,
    readonly task: ClassifyTask,
    private readonly deps: LocalRouteDeps,
  ) {
    this.monitor = this.freshMonitor();
  }

  /** Live figures describe one version: a newly promoted one starts with a clean window. */
  private freshMonitor(): ShadowMonitor {
    return new ShadowMonitor({ now: () => this.deps.clock.now(), random: this.deps.random, sampleRate: this.task.shadow_rate, windowMs: SHADOW_WINDOW_MS, minPrecision: this.task.min_precision });
  }

  /** Loads the live version, if any, and counts the examples gathered so far. */
  static async open(route: string, task: ClassifyTask, deps: LocalRouteDeps): Promise<LocalRoute> {
    const local = new LocalRoute(route, task, deps);
    local.stored = await deps.examples.count(route);
    const live = await deps.registry.live(route);
    if (live) {
      const model = parseModel(await deps.registry.modelBytes(route, live.version), `${route} v${live.version}`);
      local.live = { model, version: live.version, metrics: live.metrics };
      local.waiting = null;
      local.trained = true;
    } else local.sinceTraining = local.stored;
    return local;
  }

  /**
   * Serves whatever the registry says is live now, when that differs from what this process
   * serves: a version promoted, rolled back or demoted by the CLI, the admin API or another
   * replica. Off the request path (the registry poll); requests keep the model they started with.
   */
  async syncLive(): Promise<void> {
    const live = await this.deps.registry.live(this.route);
    if ((live?.version ?? null) === this.liveVersion) return;
    if (!live) {
      const pulled = this.live?.version;
      const was = pulled === undefined ? undefined : await this.deps.registry.get(this.route, pulled);
      this.live = undefined;
      this.waiting = was?.status === 'demoted' ? `v${was.version} demoted: ${was.statusReason ?? 'no reason given'}` : 'no live model in the registry';
      this.deps.log(`local model ${this.route}: ${this.waiting}; every request escalates`);
      return;
    }
    const model = parseModel(await this.deps.registry.modelBytes(this.route, live.version), `${this.route} v${live.version}`);
    this.live = { model, version: live.version, metrics: live.metrics };
    this.monitor = this.freshMonitor();
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
      this.monitor.recordRequest(false);
      return undefined;
    }
    const { label, confidence, escalate, unseenWordShare, unfamiliar } = live.model.predict(text);
    this.monitor.recordRequest(!escalate);
    // Fields named, not spread: a spread was a tenth of this method's time on the request path.
    return { label, confidence, escalate, unseenWordShare, unfamiliar, version: live.version };
  }

  /** The teacher answered a request the local model did not: learn from it (off the request path). */
  learn(text: string, answer: string, traceId: string | null): void {
    const label = teacherLabel(answer, this.task);
    if (label === undefined) return;
    this.pend({ route: this.route, text, label, source: 'teacher', traceId, at: this.deps.clock.now() });
  }

  private pend(example: StoredExample): void {
    if (example.text.trim() === '') return;
    this.pending.push(example);
    this.sinceTraining++;
    this.flushing ??= this.drain().finally(() => {
      this.flushing = undefined;
      this.maybeRetrain();
    });
  }

  /**
   * A person corrected the answer of a traced request: the example taken from that trace now
   * carries their label (it outranks the teacher's). True when the trace was one of this route's.
   */
  async correct(traceId: string, corrected: string): Promise<boolean> {
    const label = teacherLabel(corrected, this.task);
    if (label === undefined) return false;
    await this.drain();
    const changed = await this.deps.examples.correct(traceId, label, this.deps.clock.now());
    if (changed) {
      this.sinceTraining++;
      this.maybeRetrain();
    }
    return changed;
  }

  /**
   * Checks a sample of local answers against the teacher. `askTeacher` is only called for the
   * sampled ones; failures are logged, saying which step failed (the call, or what its answer set
   * off), never surfaced to the client that got the local answer.
   */
  shadow(text: string, localLabel: string, traceId: string | null, askTeacher: () => Promise<string>): void {
    if (!this.monitor.shouldShadow()) return;
    const call = askTeacher()
      .then(
        (answer) => this.checkAnswer(text, localLabel, traceId, answer),
        (error: unknown) => this.deps.log(`local model ${this.route}: shadow call to the teacher failed, so this sample is not counted: ${(error as Error).message}`),
      )
      // The teacher answered: what failed is what its answer set off (a review flag, a demotion).
      .catch((error: unknown) => this.deps.log(`local model ${this.route}: the teacher answered a shadow call, but acting on its answer failed: ${(error as Error).message}`))
      .finally(() => this.shadowing.delete(call));
    this.shadowing.add(call);
  }

  /** Records the teacher's answer to a shadowed request, and demotes the live version if it must. */
  private checkAnswer(text: string, localLabel: string, traceId: string | null, answer: string): Promise<void> | undefined {
    const label = teacherLabel(answer, this.task);
    if (label === undefined) return;
    this.monitor.recordShadow(localLabel, label);
    if (traceId !== null && localLabel.trim() !== label.trim()) this.deps.onDisagree?.({ route: this.route, traceId, text, localLabel, teacherLabel: label });
    // The sample is also a labelled example of what the model answers, standing for the
    // 1/shadow_rate local answers it was drawn from: without it, retraining would see only the
    // requests the model escalated, and a new version's held-out coverage would describe the
    // hard part of the traffic alone (and fail the bar a better model meets).
    this.pend({ route: this.route, text, label, source: 'teacher', traceId, at: this.deps.clock.now(), weight: 1 / this.task.shadow_rate });
    // Returned so `idle()` covers a demotion the check sets off.
    return this.checkLivePrecision(traceId);
  }

  status(): LocalRouteStatus {
    const live = this.live;
    return {
      route: this.route,
      live: live ? { version: live.version, metrics: live.metrics } : null,
      shadow: this.monitor.report(),
      examples: this.stored + this.pending.length,
      training: this.training !== undefined,
      waiting: live ? null : this.waiting,
    };
  }

  /** Trains a new version now (the CLI and tests); resolves when it is registered (and promoted, if it meets the bar). */
  async retrain(): Promise<ModelVersion | undefined> {
    await this.drain();
    this.sinceTraining = 0;
    this.trained = true;
    const examples = trainable(await this.deps.examples.list(this.route, this.task.max_examples), this.task.min_examples_per_label);
    const labels = new Set(examples.map((e) => e.label));
    if (labels.size < 2) {
      this.waiting = `${examples.length} usable examples over ${countOf(labels.size, 'label')}: training needs at least 2 labels with ${this.task.min_examples_per_label}+ examples each`;
      return undefined;
    }
    // Hold out enough to judge precision with some confidence (~200 examples), without starving
    // training when data is scarce.
    const validationShare = Math.min(0.3, Math.max(0.1, 200 / examples.length));
    const { model, bytes } = await this.deps.train(examples, {
      minPrecision: this.task.min_precision,
      minExamplesPerLabel: this.task.min_examples_per_label,
      validationShare,
      // Not the newest share (the default for files): once a model is live, a route's newest plain
      // examples are only what it escalated, the hard ones, so held out newest they outweigh the
      // shadow samples that stand for what it answered, and the held-out coverage reads low (the
      // demo answered 42% and 52% locally in two runs held out newest, 61% held out at random;
      // docs/measurements.md, "newest share").
      validationOrder: 'random',
      now: () => this.deps.clock.now(),
    });
    const metrics = { ...model.info.metrics };
    const version = await this.deps.registry.register({ route: this.route, dataVersion: model.info.trainingDataHash, metrics, model: bytes, createdAt: this.deps.clock.now() });
    // An operator's rollback, promote or demote by hand pins the route: the version is registered
    // (they see it in `switchyard models`) but the one they chose stays until they unpin. The pin
    // is read in the promotion's own transaction, so a change by hand made meanwhile always wins.
    const result = await this.deps.registry.promote(this.route, version.version, { minPrecision: this.task.min_precision, minCoverage: this.task.min_coverage }, this.deps.clock.now(), { unlessPinned: true });
    if (result.heldBy) {
      const pin = result.heldBy;
      this.deps.log(`local model ${this.route} v${version.version}: registered, not promoted: the route is pinned (${pin.reason}); \`switchyard models unpin --route ${this.route}\` releases it`);
      if (!this.live) this.waiting = `v${version.version} not promoted: the route is pinned (${pin.reason})`;
      return version;
    }
    this.deps.log(`local model ${this.route} v${version.version}: ${result.reason}`);
    if (result.promote) {
      // `model` is what the registered file decodes to (int8 weights), not the float model
      // training produced: a restart or another replica loads the file, and all of them must give
      // the same answer and confidence.
      this.live = { model, version: version.version, metrics };
      this.monitor = this.freshMonitor();
      this.waiting = null;
    } else if (!this.live) this.waiting = `v${version.version} not promoted: ${result.reason}`;
    return version;
  }

  /** Waits for shadow calls in flight, pending examples and any training in progress (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.shadowing.size > 0 || this.flushing || this.training) {
      if (this.shadowing.size > 0) await Promise.all(this.shadowing);
      else await (this.flushing ?? this.training);
    }
  }

  /** Stores pending examples in batches; new ones arriving meanwhile join the next batch. */
  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.deps.examples.add(batch);
        this.stored += batch.length;
      } catch (error) {
        this.deps.log(`local model ${this.route}: could not store ${batch.length} examples: ${(error as Error).message}`);
      }
    }
  }

  private maybeRetrain(): void {
    if (this.training) return;
    // Once a version exists (live, demoted or refused by the bar), the next one waits for
    // retrain_every new examples: retraining on every batch would churn versions on the same data.
    const first = !this.trained;
    const needed = first ? this.task.min_examples : this.task.retrain_every;
    const have = first ? this.stored : this.sinceTraining;
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
   * Pulls the live version when its live precision is credibly below the bar, even on a route an
   * operator pinned: low live precision is a safety signal, and escalating everything is the safe
   * state. The pin is kept (retraining still promotes nothing until they unpin), and the version's
   * reason, the pin's and the review flag all say the pinned version was demoted by this monitor.
   */
  private async checkLivePrecision(traceId: string | null): Promise<void> {
    const report = this.monitor.report();
    if (!report.demote || !this.live) return;
    const version = this.live.version;
    this.live = undefined;
    this.waiting = `v${version} demoted: ${report.reason}`;
    let pulled: ModelVersion | undefined;
    try {
      pulled = await this.deps.registry.demote(this.route, report.reason, this.deps.clock.now(), {
        // The figures describe this version: one made live elsewhere meanwhile is not pulled for them.
        version,
        ifPinned: (held, v) => ({
          reason: `${report.reason}; v${v} was pinned by hand (${held.reason}) and is demoted by the shadow monitor all the same; the route stays pinned`,
          pin: `v${v} (${held.reason}) demoted by the shadow monitor: ${report.reason}`,
        }),
      });
    } catch (error) {
      // This gateway stops serving it all the same (escalating everything is the safe state).
      const message = (error as Error).message;
      this.waiting = `v${version} pulled here (${report.reason}), but the registry could not record the demotion: ${message}`;
      this.deps.log(`local model ${this.route}: v${version}'s live precision fell below the bar (${report.reason}); this gateway stopped serving it, but the registry could not record the demotion, so other replicas may still serve it and no review flag was raised: ${message}`);
      return;
    }
    if (!pulled) {
      const was = await this.deps.registry.get(this.route, version);
      this.waiting = was?.status === 'demoted' ? `v${version} demoted: ${was.statusReason ?? 'no reason given'}` : `v${version} is no longer live in the registry`;
      this.deps.log(`local model ${this.route}: v${version}'s live precision fell below the bar, but it was no longer live in the registry (changed elsewhere); nothing demoted, serving what is live`);
      await this.syncLive();
      return;
    }
    const reason = pulled.statusReason ?? report.reason;
    this.waiting = `v${version} demoted: ${reason}`;
    this.deps.log(`local model ${this.route}: ${this.waiting}`);
    this.deps.onDemote?.(this.route, reason, traceId);
  }
}

/** Examples of labels with enough support to learn; the rest stay with the teacher for now. */
function trainable(examples: readonly StoredExample[], minPerLabel: number): Example[] {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.label, (counts.get(e.label) ?? 0) + 1);
  return examples.filter((e) => (counts.get(e.label) ?? 0) >= minPerLabel).map((e) => (e.weight === undefined || e.weight === 1 ? { text: e.text, label: e.label } : { text: e.text, label: e.label, weight: e.weight }));
}
