import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../core/clock.js';
import { banking77, EIGHT_LABELS } from '../__fixtures__/banking77-sample.js';
import { SqliteExampleStore } from '../../store/sqlite/sqlite-example-store.js';
import { SqliteModelRegistry } from '../../store/sqlite/sqlite-model-registry.js';
import { trainClassifier } from '../train/train-classifier.js';
import { toTrainedModel } from '../train/trained-model.js';
import type { LocalClassifier } from '../classifier.js';
import { LocalRoute, type LocalRouteDeps, type ShadowDisagreement } from './local-route.js';
import { PendingDemotionFile } from './pending-demotions.js';
import { classifyTaskSchema } from '../../config/task-schema.js';
import { teacherLabel } from './teacher-label.js';
import { demoteRoute, rollbackRoute, unpinRoute } from '../registry/manage-models.js';
import type { ModelVersion } from '../registry/model-registry.js';

/** `logs`: the lines a default (info) log shows; `debugLogs`: those only `log_level: debug` shows. */
function deps(overrides: Partial<LocalRouteDeps> = {}): LocalRouteDeps & { logs: string[]; debugLogs: string[] } {
  const db = new Database(':memory:');
  const logs: string[] = [];
  const debugLogs: string[] = [];
  let t = 1_800_000_000_000;
  return {
    registry: new SqliteModelRegistry(db),
    examples: new SqliteExampleStore(db),
    clock: { now: () => (t += 10), sleep: async () => undefined },
    random: () => 0,
    train: async (examples, options) => toTrainedModel(trainClassifier([...examples], { ...options, seed: 7 })),
    log: (line, fields) => (fields?.level === 'debug' ? debugLogs : logs).push(line),
    logs,
    debugLogs,
    ...overrides,
  };
}

/** Sixty shadow checks of one question, each answered otherwise by the teacher. */
function contradictAll(local: LocalRoute): void {
  const text = 'I still have not received my new card';
  for (let i = 0; i < 60; i++) {
    const answer = local.predict(text);
    if (answer && !answer.escalate) local.shadow(text, answer.label, `tr_${i}`, async () => (answer.label === 'pin_blocked' ? 'card_arrival' : 'pin_blocked'));
  }
}

/**
 * A clock whose sleeps wait until the test releases them (`release()`, oldest first) and end early
 * when aborted: the waits a retry asks for, and what is still waiting, are visible.
 */
function gatedClock(now: () => number): Clock & { waits: number[]; waiting: () => number; release: () => void } {
  const gates: (() => void)[] = [];
  const waits: number[] = [];
  return {
    now,
    waits,
    waiting: () => gates.length,
    release: () => gates.shift()?.(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        waits.push(ms);
        const gate = () => resolve();
        gates.push(gate);
        signal?.addEventListener('abort', () => {
          gates.splice(gates.indexOf(gate), 1);
          reject(signal.reason);
        });
      }),
  };
}

/** The registry's demote, failing with "database is locked" `failures` times first; `calls` counts every call. */
function lockedDemotions(d: LocalRouteDeps, failures: number): { calls: number } {
  const demote = d.registry.demote.bind(d.registry);
  const counter = { calls: 0 };
  d.registry.demote = async (...args) => {
    if (counter.calls++ < failures) throw new Error('database is locked');
    return demote(...args);
  };
  return counter;
}

let freshRound = 0;
/**
 * One new example per label, so the next retrain trains on data the route has not trained on:
 * unchanged data trains an identical model, which is not registered again.
 */
function learnFresh(local: LocalRoute): void {
  freshRound++;
  for (const e of banking77('test', EIGHT_LABELS, 1)) local.learn(`${e.text} (round ${freshRound})`, e.label, null);
}

const task = classifyTaskSchema.parse({ type: 'classify', labels: [...EIGHT_LABELS], min_examples: 400, retrain_every: 200, min_coverage: 0.3, shadow_rate: 1 });

/**
 * A route whose v1 is trained, live, then pulled by its shadow monitor while the registry refuses
 * the first `failures` demotions (`lockedDemotions`): the pull is left unrecorded, being retried.
 */
async function pulledUnrecorded(d: LocalRouteDeps, failures: number): Promise<{ local: LocalRoute; demotions: { calls: number } }> {
  const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
  for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
  await local.idle();
  const demotions = lockedDemotions(d, failures);
  contradictAll(local);
  await local.idle();
  return { local, demotions };
}

/** `switchyard models delete --route support-intent --force`, then the route registered again: a new v1 (v1's bytes) made live. */
async function recreateRoute(d: LocalRouteDeps): Promise<ModelVersion> {
  const old = await d.registry.get('support-intent', 1);
  if (!old) throw new Error('no v1 to re-create');
  const bytes = await d.registry.modelBytes('support-intent', 1);
  await d.registry.delete('support-intent', d.clock.now(), { force: true });
  const again = await d.registry.register({ route: 'support-intent', dataVersion: 'b'.repeat(64), metrics: old.metrics, model: bytes, createdAt: d.clock.now() });
  await d.registry.promote('support-intent', again.version, { minPrecision: 0, minCoverage: 0 }, d.clock.now());
  return again;
}


describe('LocalRoute', () => {
  it('says why a version below the bar is not live, once: the header and trace read "v1 not promoted: …"', async () => {
    const d = deps();
    // A coverage bar of 100% is never met: every version stays a candidate.
    const local = await LocalRoute.open('support-intent', { ...task, min_coverage: 1, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    expect(local.liveVersion).toBeNull();
    // Before 2026-12-07: "v1 not promoted: not promoted: held-out coverage …".
    expect(local.status().waiting).toMatch(/^v1 not promoted: held-out coverage \d+\.\d% is below the bar of 100\.0%$/);
  });

  it('sends everything to the teacher until enough labels arrived, then trains, promotes and answers locally', async () => {
    const d = deps();
    const local = await LocalRoute.open('support-intent', task, d);
    expect(local.predict('where is my card')).toBeUndefined();
    expect(local.status().waiting).toBe('no model trained yet');
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    expect(local.liveVersion, d.logs.join('\n') + JSON.stringify(local.status())).toBe(1);
    const test = banking77('test', EIGHT_LABELS, 30);
    let answered = 0;
    let right = 0;
    for (const e of test) {
      const answer = local.predict(e.text);
      if (answer && !answer.escalate) {
        answered++;
        if (answer.label === e.label) right++;
      }
    }
    expect(answered / test.length).toBeGreaterThan(0.3);
    expect(right / answered).toBeGreaterThan(0.85);
    expect((await d.registry.live('support-intent'))?.version).toBe(1);
  });

  it('counts the examples another process kept for it once the registry moves (local train --route beside a running gateway)', async () => {
    const d = deps();
    // The gateway started first, as the README's routes.yaml on 4005 does, then `local train --route
    // support-intent --promote` ran in a terminal: it registered, kept its file's examples and promoted.
    const gateway = await LocalRoute.open('support-intent', task, d);
    const terminal = await LocalRoute.open('support-intent', task, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) terminal.learn(e.text, e.label, null);
    await terminal.idle();
    expect(terminal.liveVersion).toBe(1);
    const kept = await d.examples.count('support-intent');
    expect(kept).toBeGreaterThan(400);
    expect(gateway.status().examples).toBe(0);
    await gateway.syncLive(); // the registry poll
    expect(gateway.liveVersion).toBe(1);
    // Before: 0 on the Routes page ("0 training examples") while `switchyard routes` read the store's count.
    expect(gateway.status().examples).toBe(kept);
  });

  it('holds out a random share of its examples, not the newest (escalations only, once a model is live)', async () => {
    const seen: string[] = [];
    const d = deps({ train: async (examples, options) => (seen.push(String(options.validationOrder)), toTrainedModel(trainClassifier([...examples], { ...options, seed: 7 }))) });
    const local = await LocalRoute.open('support-intent', task, d);
    for (const e of banking77('train', EIGHT_LABELS, 60)) local.learn(e.text, e.label, null);
    await local.retrain();
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set(['random']));
  });

  it("trains with the distance gate unless the route's task turns it off (task.distance_gate)", async () => {
    const asked: unknown[] = [];
    const d = () => deps({ train: async (examples, options) => (asked.push(options.distanceGate), toTrainedModel(trainClassifier([...examples], { ...options, seed: 7 }))) });
    expect(task.distance_gate).toBe(true);
    const gated = await LocalRoute.open('support-intent', task, d());
    const off = await LocalRoute.open('support-intent', classifyTaskSchema.parse({ type: 'classify', distance_gate: false }), d());
    for (const local of [gated, off]) {
      for (const e of banking77('train', EIGHT_LABELS, 30)) local.learn(e.text, e.label, null);
      await local.retrain();
    }
    expect(asked).toEqual([true, false]);
    expect(() => classifyTaskSchema.parse({ type: 'classify', distance_gate: 'no' })).toThrow(/distance_gate/);
  });

  it("trains its versions with the route's task.max_distant_share, and refuses one beside distance_gate: false", async () => {
    const asked: unknown[] = [];
    const d = () => deps({ train: async (examples, options) => (asked.push(options.maxDistantShare), toTrainedModel(trainClassifier([...examples], { ...options, seed: 7 }))) });
    const wide = await LocalRoute.open('support-intent', classifyTaskSchema.parse({ type: 'classify', max_distant_share: 0.1 }), d());
    const plain = await LocalRoute.open('support-intent', task, d());
    for (const local of [wide, plain]) {
      for (const e of banking77('train', EIGHT_LABELS, 30)) local.learn(e.text, e.label, null);
      await local.retrain();
    }
    expect(asked).toEqual([0.1, undefined]);
    expect(() => classifyTaskSchema.parse({ type: 'classify', max_distant_share: 0.9 })).toThrow(/max_distant_share/);
    expect(() => classifyTaskSchema.parse({ type: 'classify', distance_gate: false, max_distant_share: 0.1 })).toThrow(/distance_gate is false/);
  });

  it("does not hold back a file's per-label minimum: its examples are its own traffic, sampled as its next requests are", async () => {
    const trained: LocalClassifier[] = [];
    const d = deps({ train: async (examples, options) => { const t = toTrainedModel(trainClassifier([...examples], { ...options, seed: 7 })); trained.push(t.model); return t; } });
    const local = await LocalRoute.open('support-intent', task, d);
    // 30 per label: under the 40 a file's label needs to answer.
    for (const e of banking77('train', EIGHT_LABELS, 30)) local.learn(e.text, e.label, null);
    await local.retrain();
    expect(trained.length).toBeGreaterThan(0);
    for (const model of trained) {
      expect(model.info.training.minExamplesToAnswer).toBe(0);
      expect(model.info.escalatedLabels).toEqual([]);
    }
  });

  it('registers but does not promote over a rollback or demotion by hand until the route is unpinned', async () => {
    const d = deps();
    const local = await LocalRoute.open('support-intent', task, d);
    for (const e of banking77('train', EIGHT_LABELS, 60)) local.learn(e.text, e.label, null);
    await local.idle();
    learnFresh(local);
    await local.retrain();
    expect(local.liveVersion).toBe(2);
    await rollbackRoute(d.registry, 'support-intent', d.clock.now());
    await local.syncLive();
    expect(local.liveVersion).toBe(1);

    learnFresh(local);
    const v3 = await local.retrain();
    expect(v3?.version).toBe(3);
    expect(await d.registry.get('support-intent', 3)).toMatchObject({ status: 'candidate' });
    expect(local.liveVersion).toBe(1);
    expect((await d.registry.live('support-intent'))?.version).toBe(1);
    expect(d.logs.at(-1)).toBe('local model support-intent v3: registered, not promoted: the route is pinned (rolled back to version 1 by hand); `switchyard models unpin --route support-intent` releases it');

    // A demotion by hand pins too: the route stays on the large model.
    await demoteRoute(d.registry, 'support-intent', 'labels are being redefined', d.clock.now());
    await local.syncLive();
    learnFresh(local);
    await local.retrain();
    expect(local.liveVersion).toBeNull();
    expect(local.status().waiting).toBe('v4 not promoted: the route is pinned (version 1 demoted by hand: labels are being redefined)');

    expect(await unpinRoute(d.registry, 'support-intent')).toEqual({ route: 'support-intent', action: 'unpin', released: 'version 1 demoted by hand: labels are being redefined' });
    await expect(unpinRoute(d.registry, 'support-intent')).rejects.toThrow('route "support-intent" is not pinned (pinned routes: none)');
    learnFresh(local);
    await local.retrain();
    expect(local.liveVersion).toBe(5);
  });

  it('does not register a retrain on unchanged data and settings again: it logs the identical version instead', async () => {
    const d = deps();
    const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 60)) local.learn(e.text, e.label, null);
    await local.idle();
    // The first training may have started before the last examples were stored: one retrain on all of them.
    await local.retrain();
    const live = local.liveVersion;
    const before = (await d.registry.list('support-intent')).length;
    expect(await local.retrain()).toBeUndefined();
    expect(await d.registry.list('support-intent')).toHaveLength(before);
    expect(d.logs.at(-1)).toMatch(new RegExp(`^local model support-intent: retrained, identical to v${live} \\(live; same data version [0-9a-f]{12}, same held-out figures\\): not registered again$`));
    expect(local.liveVersion).toBe(live);
    expect(local.status().waiting).toBeNull();
    // New data is a new version.
    learnFresh(local);
    expect((await local.retrain())?.version).toBe(before + 1);
  });

  it('drops teacher answers that are not labels of the route, saying so at most once a minute per route, the answer quoted (clipped) only at debug level', async () => {
    let t = 1_800_000_000_000;
    const d = deps({ clock: { now: () => t, sleep: async () => undefined } });
    const local = await LocalRoute.open('r', task, d);
    // The teacher's answer restates the user's request: the warning gives its length, not its words.
    const dropped = (what: string, chars: string) => `local model r: ${what} not a label of this route (expected the bare label, one of its 8 labels), so dropped: not learned from, not counted in a shadow check; the latest: ${chars} (quoted at log level debug)`;
    const quoted = (route: string, answer: string) => `local model ${route}: the latest teacher answer that is not a label: ${answer}`;
    local.learn('hello', 'Sure! Let me help you with that.', null);
    expect(d.logs).toEqual([dropped('a teacher answer is', '32 characters')]);
    expect(d.debugLogs).toEqual([quoted('r', '"Sure! Let me help you with that."')]);
    t += 59_000;
    local.learn('hello', 'not_a_label', null);
    local.shadow('hello', 'card_arrival', null, async () => `I think\n${'the customer means '.repeat(30)}`);
    await local.idle();
    expect(d.logs).toHaveLength(1);
    t += 1_000;
    local.learn('hello', '', null);
    expect(d.logs).toEqual([dropped('a teacher answer is', '32 characters'), dropped('3 teacher answers since the last such line are', '0 characters')]);
    t += 60_000;
    local.shadow('hello', 'card_arrival', null, async () => `I think\n${'the customer means '.repeat(30)}`);
    await local.idle();
    expect(d.logs[2]).toBe(dropped('1 teacher answer since the last such line is', '578 characters'));
    expect(d.debugLogs[2]).toBe(quoted('r', `"I think\\n${'the customer means '.repeat(5).slice(0, 72)}…"`));
    expect(d.logs.join('\n')).not.toContain('Sure!');
    // Another route says so on its own line at once.
    const other = await LocalRoute.open('other', { ...task, labels: undefined, answer: 'json' }, d);
    other.learn('hello', '{"intent": "card_arrival"}', null);
    expect(d.logs[3]).toBe('local model other: a teacher answer is not a label of this route (expected a JSON object with "label", one short line), so dropped: not learned from, not counted in a shadow check; the latest: 26 characters (quoted at log level debug)');
    expect(d.debugLogs[3]).toBe(quoted('other', '"{\\"intent\\": \\"card_arrival\\"}"'));
    await local.idle();
    expect(await d.examples.count('r')).toBe(0);
    expect(local.status().shadow.shadowed).toBe(0);
  });

  it('says its examples are written only once the shadow checks in flight have added theirs (an erasure waits for it)', async () => {
    const d = deps();
    const local = await LocalRoute.open('r', task, d);
    let answer = (_label: string) => {};
    const teacher = new Promise<string>((resolve) => (answer = resolve));
    local.shadow('where is my new card', 'card_arrival', 'tr_erased', () => teacher);
    let written = false;
    const waiting = local.examplesWritten().then(() => (written = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toBe(false);
    answer('card_arrival');
    await waiting;
    expect((await d.examples.list('r', 10)).map((e) => e.traceId)).toEqual(['tr_erased']);
  });

  it('pulls a live model whose shadowed answers the teacher keeps contradicting, and says so', async () => {
    const demoted: string[] = [];
    const d = deps({ onDemote: (route, reason, traceId) => demoted.push(`${route}: ${reason} (${traceId})`) });
    // No retraining on the shadow samples' labels during the test: demotion alone is under test.
    const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    expect(local.liveVersion).toBe(1);
    for (let i = 0; i < 60; i++) {
      const answer = local.predict('I still have not received my new card');
      if (answer && !answer.escalate) local.shadow('I still have not received my new card', answer.label, `tr_${i}`, async () => (answer.label === 'pin_blocked' ? 'card_arrival' : 'pin_blocked'));
      await new Promise((r) => setImmediate(r));
    }
    expect(local.liveVersion).toBeNull();
    expect(demoted[0]).toMatch(/^support-intent: live precision 0\.0% .* \(tr_\d+\)$/);
    expect((await d.registry.list('support-intent'))[0]?.status).toBe('demoted');
    expect(local.predict('where is my card')).toBeUndefined();
  });

  it('still pulls a version an operator pinned when live precision falls, keeping the pin and saying so everywhere', async () => {
    const demoted: string[] = [];
    const d = deps({ onDemote: (route, reason) => demoted.push(`${route}: ${reason}`) });
    const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    learnFresh(local);
    await local.retrain();
    await rollbackRoute(d.registry, 'support-intent', d.clock.now());
    await local.syncLive();
    expect(local.liveVersion).toBe(1);
    contradictAll(local);
    await local.idle();
    expect(local.liveVersion).toBeNull();
    const shadow = /^live precision 0\.0% \(\d+\/\d+, interval .*\) is credibly below the bar of 95\.0%/;
    const reason = (await d.registry.get('support-intent', 1))?.statusReason ?? '';
    expect(reason).toMatch(shadow);
    expect(reason).toMatch(/; v1 was pinned by hand \(rolled back to version 1 by hand\) and is demoted by the shadow monitor all the same; the route stays pinned$/);
    expect(demoted).toEqual([`support-intent: ${reason}`]);
    expect(local.status().waiting).toBe(`v1 demoted: ${reason}`);
    const [pin] = await d.registry.pins('support-intent');
    expect(pin?.reason).toMatch(/^v1 \(rolled back to version 1 by hand\) demoted by the shadow monitor: live precision 0\.0%/);
    // Still pinned: retraining registers a version but promotes none until the operator decides.
    learnFresh(local);
    const next = await local.retrain();
    expect(await d.registry.get('support-intent', next?.version ?? 0)).toMatchObject({ status: 'candidate' });
    expect(local.liveVersion).toBeNull();
  });

  it('does not pull a version made live elsewhere for figures about the one it replaced', async () => {
    const demoted: string[] = [];
    const d = deps({ onDemote: (route, reason) => demoted.push(reason) });
    const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    learnFresh(local);
    await local.retrain();
    expect(local.liveVersion).toBe(2);
    // Another replica or the CLI rolls back to v1; this process has not polled yet.
    await d.registry.rollback('support-intent', d.clock.now());
    contradictAll(local);
    await local.idle();
    expect(demoted).toEqual([]);
    expect(await d.registry.live('support-intent')).toMatchObject({ version: 1, status: 'live' });
    expect(local.liveVersion).toBe(1);
    expect(d.logs).toContain("local model support-intent: v2's live precision fell below the bar, but it was no longer live in the registry (changed elsewhere); nothing demoted, serving what is live");
  });

  it('logs what failed in a shadow check: the call to the teacher, acting on its answer, or recording a demotion', async () => {
    let reviewsDown = false;
    let t = 1_800_000_000_000;
    const clock = gatedClock(() => (t += 10));
    const d = deps({
      clock,
      onDisagree: () => {
        if (reviewsDown) throw new Error('review store closed');
      },
    });
    const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    const text = 'I still have not received my new card';
    const label = local.predict(text)?.label ?? '';
    const before = d.logs.length;

    local.shadow(text, label, 'tr_down', async () => {
      throw new Error('upstream 503: teacher unavailable');
    });
    await local.idle();
    expect(local.status().shadow.shadowed).toBe(0);

    reviewsDown = true;
    local.shadow(text, label, 'tr_flag', async () => (label === 'pin_blocked' ? 'card_arrival' : 'pin_blocked'));
    await local.idle();
    reviewsDown = false;
    expect(local.status().shadow.shadowed).toBe(1);

    d.registry.demote = async () => {
      throw new Error('database is locked');
    };
    contradictAll(local);
    await local.idle();
    expect(local.liveVersion).toBeNull();
    expect(d.logs.slice(before)).toEqual([
      'local model support-intent: shadow call to the teacher failed, so this sample is not counted: upstream 503: teacher unavailable',
      'local model support-intent: the teacher answered a shadow call, but acting on its answer failed: review store closed',
      expect.stringMatching(/^local model support-intent: v1's live precision fell below the bar \(live precision 0\.0% .*\); this gateway stopped serving it, but the registry could not record the demotion, so other replicas may still serve it and no review flag was raised: database is locked; retrying in 1 s, then with backoff until it is recorded or another version is live$/),
    ]);
    local.close();
    expect(local.status().waiting).toMatch(/^v1 pulled here \(live precision 0\.0% .*\), but the registry could not record the demotion: database is locked$/);
    expect((await d.registry.live('support-intent'))?.version).toBe(1);
  });

  it('retries a demotion the registry could not record, with backoff off the request path, until it lands, then flags it once', async () => {
    const flags: string[] = [];
    let t = 1_800_000_000_000;
    const clock = gatedClock(() => (t += 10));
    const d = deps({ clock, onDemote: (route, reason, traceId) => flags.push(`${route} ${traceId}: ${reason}`) });
    const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    const demotions = lockedDemotions(d, 3);
    contradictAll(local);
    await local.idle();
    // Pulled here at once; the registry still lists it live and nothing is flagged yet.
    expect(local.liveVersion).toBeNull();
    expect(demotions.calls).toBe(1);
    expect((await d.registry.live('support-intent'))?.version).toBe(1);
    expect(flags).toEqual([]);
    // A registry poll meanwhile does not serve the pulled version again.
    await local.syncLive();
    expect(local.liveVersion).toBeNull();

    clock.release();
    await vi.waitFor(() => expect(clock.waits).toHaveLength(2));
    expect(demotions.calls).toBe(2);
    expect(local.status().waiting).toMatch(/^v1 pulled here \(live precision 0\.0% .*\), but the registry could not record the demotion: database is locked \(retry 1 failed too; next in 2 s\)$/);
    clock.release();
    await vi.waitFor(() => expect(clock.waits).toHaveLength(3));
    clock.release();
    await vi.waitFor(() => expect(flags).toHaveLength(1));

    expect(clock.waits).toEqual([1000, 2000, 4000]);
    expect(demotions.calls).toBe(4);
    expect(clock.waiting()).toBe(0);
    const reason = (await d.registry.get('support-intent', 1))?.statusReason ?? '';
    expect(reason).toMatch(/^live precision 0\.0% \(\d+\/\d+, interval .*\) is credibly below the bar of 95\.0%/);
    expect(await d.registry.live('support-intent')).toBeUndefined();
    expect(flags).toHaveLength(1);
    expect(flags[0]?.replace(/^support-intent tr_\d+: /, '')).toBe(reason);
    expect(d.logs.at(-1)).toBe(`local model support-intent: v1 demoted: ${reason} (the registry recorded it on retry 3, so other replicas stop serving it too)`);
    expect(local.status().waiting).toBe(`v1 demoted: ${reason}`);
  });

  it('stops retrying an unrecorded demotion once another version is live, and at shutdown', async () => {
    const flags: string[] = [];
    let t = 1_800_000_000_000;
    const clock = gatedClock(() => (t += 10));
    const d = deps({ clock, onDemote: (route, reason) => flags.push(reason) });
    const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    learnFresh(local);
    await local.retrain();
    expect(local.liveVersion).toBe(2);
    const demotions = lockedDemotions(d, Number.POSITIVE_INFINITY);
    contradictAll(local);
    await local.idle();
    expect(local.liveVersion).toBeNull();
    expect(clock.waiting()).toBe(1);

    // Another replica (or an operator) rolls back to v1: served here on the next poll, and v2's
    // demotion is no longer wanted.
    await d.registry.rollback('support-intent', d.clock.now());
    await local.syncLive();
    expect(local.liveVersion).toBe(1);
    expect(clock.waiting()).toBe(0);
    expect(d.logs).toContain("local model support-intent: stopped retrying v2's demotion, which the registry never recorded: the registry's live version changed to v1");
    expect(demotions.calls).toBe(1);

    contradictAll(local);
    await local.idle();
    expect(local.liveVersion).toBeNull();
    expect(clock.waiting()).toBe(1);
    local.close();
    expect(clock.waiting()).toBe(0);
    expect(d.logs.at(-1)).toBe("local model support-intent: stopped retrying v1's demotion, which the registry never recorded: shutting down; a gateway started on this registry serves v1 until its shadow monitor pulls it again");
    await new Promise((r) => setImmediate(r));
    expect(demotions.calls).toBe(2);
    expect(flags).toEqual([]);
  });

  it('keeps a demotion the registry has not recorded across a restart: the next start does not serve the version and demotes it', async () => {
    const flags: string[] = [];
    let t = 1_800_000_000_000;
    const clock = gatedClock(() => (t += 10));
    const file = join(mkdtempSync(join(tmpdir(), 'sy-pending-')), 'sy.db-pending-demotions.json');
    const d = deps({ clock, onDemote: (route, reason, traceId) => flags.push(`${route} ${traceId}: ${reason}`), pendingDemotions: new PendingDemotionFile(file, (line) => d.logs.push(line)) });
    const opts = { ...task, retrain_every: 100_000 };
    const first = await LocalRoute.open('support-intent', opts, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) first.learn(e.text, e.label, null);
    await first.idle();
    // The registry refuses the demotion twice: here, and once more after the restart.
    const demotions = lockedDemotions(d, 2);
    contradictAll(first);
    await first.idle();
    expect(first.liveVersion).toBeNull();
    const v1 = await d.registry.get('support-intent', 1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'support-intent': { version: 1, createdAt: v1?.createdAt, reason: expect.stringMatching(/^live precision 0\.0%/), traceId: expect.stringMatching(/^tr_\d+$/), at: expect.any(Number) } });
    first.close();
    expect(d.logs.at(-1)).toBe(`local model support-intent: stopped retrying v1's demotion, which the registry never recorded: shutting down; kept in ${file}, so this gateway's next start does not serve v1 and retries (other replicas serve it until it is recorded)`);
    expect((await d.registry.live('support-intent'))?.version).toBe(1);

    // The restart: the registry still lists v1 live, but it is not served, and the demotion is retried.
    const again = await LocalRoute.open('support-intent', opts, d);
    expect(again.liveVersion).toBeNull();
    expect(again.predict('I still have not received my new card')).toBeUndefined();
    expect(d.logs).toContain(`local model support-intent: v1 was pulled before a restart (${JSON.parse(readFileSync(file, 'utf8'))['support-intent'].reason}) and the registry has not recorded its demotion yet (kept in ${file}): not served; demoting it now`);
    expect(demotions.calls).toBe(2);
    await again.syncLive(); // a registry poll meanwhile
    expect(again.liveVersion).toBeNull();
    clock.release();
    await vi.waitFor(() => expect(flags).toHaveLength(1));
    expect(demotions.calls).toBe(3);
    expect(await d.registry.live('support-intent')).toBeUndefined();
    expect(again.status().waiting).toMatch(/^v1 demoted: live precision 0\.0%/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    // And a start after that has nothing to resume.
    expect((await LocalRoute.open('support-intent', opts, d)).liveVersion).toBeNull();
    expect(demotions.calls).toBe(3);
  });

  it('never lets a pending demotion pull a version of the same number registered after the route was deleted whole', async () => {
    let t = 1_800_000_000_000;
    const clock = gatedClock(() => (t += 10));
    const file = join(mkdtempSync(join(tmpdir(), 'sy-pending-')), 'sy.db-pending-demotions.json');
    const d = deps({ clock, pendingDemotions: new PendingDemotionFile(file, (line) => d.logs.push(line)) });
    const { local: first, demotions } = await pulledUnrecorded(d, 1);
    first.close();
    const pulled = JSON.parse(readFileSync(file, 'utf8'))['support-intent'];
    expect(pulled).toMatchObject({ version: 1, createdAt: (await d.registry.get('support-intent', 1))?.createdAt });

    // While the gateway is down, the route is deleted whole and registered again.
    const again = await recreateRoute(d);
    expect(again.version).toBe(1);

    const restarted = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    expect(restarted.liveVersion).toBe(1);
    expect(restarted.predict('I still have not received my new card')).toBeDefined();
    expect(await d.registry.live('support-intent')).toMatchObject({ version: 1, createdAt: again.createdAt, status: 'live' });
    expect(demotions.calls).toBe(1);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({});
    expect(d.logs).toContain(`local model support-intent: v1's demotion, pending from before a restart, is no longer needed: the registry's live version is a new v1, registered ${new Date(again.createdAt).toISOString()} after the route was deleted and registered again (the pulled one was registered ${new Date(pulled.createdAt).toISOString()})`);
  });

  it('stops retrying a demotion when the route is deleted and registered again meanwhile, serving the new version of the same number', async () => {
    let t = 1_800_000_000_000;
    const clock = gatedClock(() => (t += 10));
    const d = deps({ clock });
    const { local, demotions } = await pulledUnrecorded(d, 1);
    expect(local.liveVersion).toBeNull();
    expect(clock.waiting()).toBe(1);

    const again = await recreateRoute(d);
    await local.syncLive(); // the registry poll
    expect(local.liveVersion).toBe(1);
    expect(clock.waiting()).toBe(0);
    expect(d.logs).toContain("local model support-intent: stopped retrying v1's demotion, which the registry never recorded: the registry's live version changed to v1 (registered again after a delete)");
    await new Promise((r) => setImmediate(r));
    expect(demotions.calls).toBe(1);
    expect(await d.registry.live('support-intent')).toMatchObject({ version: 1, createdAt: again.createdAt, status: 'live' });
  });

  it('forgets a pending demotion at start when the registry has another version live by then', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sy-pending-')), 'pending.json');
    const d = deps();
    const pending = new PendingDemotionFile(file, (line) => d.logs.push(line));
    d.pendingDemotions = pending;
    const first = await LocalRoute.open('support-intent', task, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) first.learn(e.text, e.label, null);
    await first.idle();
    learnFresh(first);
    await first.retrain();
    // An earlier run pulled v1 and stopped before the registry recorded it; v2 is live now.
    pending.set('support-intent', { version: 1, reason: 'live precision 10%', traceId: null, at: 1 });
    const again = await LocalRoute.open('support-intent', task, d);
    expect(again.liveVersion).toBe(2);
    expect(d.logs).toContain("local model support-intent: v1's demotion, pending from before a restart, is no longer needed: the registry's live version is v2");
    expect(pending.get('support-intent')).toBeUndefined();
  });

  it('keeps each shadow-checked answer as an example standing for 1/shadow_rate local answers', async () => {
    const d = deps({ random: () => 0 });
    const local = await LocalRoute.open('support-intent', { ...task, shadow_rate: 0.25 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    const before = await d.examples.count('support-intent');
    const text = 'I still have not received my new card';
    const answer = local.predict(text);
    expect(answer?.escalate).toBe(false);
    local.shadow(text, answer?.label ?? '', 'tr_shadow', async () => 'card_arrival');
    await new Promise((r) => setImmediate(r));
    await local.idle();
    expect(await d.examples.count('support-intent')).toBe(before + 1);
    const newest = (await d.examples.list('support-intent', 1))[0];
    expect(newest).toMatchObject({ text, label: 'card_arrival', traceId: 'tr_shadow', weight: 4 });
    expect(local.status().shadow.shadowed).toBe(1);
  });

  it('reports a shadow check the teacher answered otherwise, for a traced request only', async () => {
    const disagreements: ShadowDisagreement[] = [];
    const d = deps({ onDisagree: (x) => disagreements.push(x) });
    const local = await LocalRoute.open('support-intent', { ...task, retrain_every: 100_000 }, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) local.learn(e.text, e.label, null);
    await local.idle();
    const text = 'I still have not received my new card';
    const answer = local.predict(text);
    expect(answer?.escalate).toBe(false);
    const other = answer?.label === 'pin_blocked' ? 'card_arrival' : 'pin_blocked';
    local.shadow(text, answer?.label ?? '', 'tr_agreed', async () => answer?.label ?? '');
    local.shadow(text, answer?.label ?? '', null, async () => other);
    local.shadow(text, answer?.label ?? '', 'tr_contradicted', async () => `"${other}".`);
    await local.idle();
    expect(disagreements).toEqual([{ route: 'support-intent', traceId: 'tr_contradicted', text, localLabel: answer?.label, teacherLabel: other }]);
  });

  it('reloads the live version after a restart', async () => {
    const d = deps();
    const first = await LocalRoute.open('r', task, d);
    for (const e of banking77('train', EIGHT_LABELS, 120)) first.learn(e.text, e.label, null);
    await first.idle();
    const again = await LocalRoute.open('r', task, d);
    expect(again.liveVersion).toBe(1);
    // The same model before and after: the version trained in this process serves the weights the
    // registry stored, so label and confidence match the reloaded one exactly.
    for (const text of banking77('test', EIGHT_LABELS, 5).map((e) => e.text)) {
      expect(again.predict(text)).toEqual(first.predict(text));
    }
  });
});

describe('corrections', () => {
  it('a person\'s correction of a traced answer replaces the teacher\'s label for training', async () => {
    const d = deps();
    const local = await LocalRoute.open('r', task, d);
    local.learn('where is my card', 'card_arrival', 'tr_1');
    await local.idle();
    expect(await local.correct('tr_1', 'card_delivery_estimate')).toBe('card_delivery_estimate');
    expect(await local.correct('tr_1', 'not a label at all')).toBeUndefined();
    expect(await local.correct('tr_unknown', 'pin_blocked')).toBeUndefined();
    const [example] = await d.examples.list('r', 10);
    expect(example).toMatchObject({ label: 'card_delivery_estimate', source: 'review' });
  });

  it('reaches an example still being written when the correction or its undoing arrives', async () => {
    const d = deps();
    // The store's next write waits until the test lets it through: the example is in the batch a flush holds.
    const add = d.examples.add.bind(d.examples);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    d.examples.add = async (batch) => (await gate, add(batch));
    const local = await LocalRoute.open('r', task, d);
    local.learn('where is my card', 'card_arrival', 'tr_1');
    const corrected = local.correct('tr_1', 'card_delivery_estimate');
    setImmediate(release);
    expect(await corrected).toBe('card_delivery_estimate');
    expect((await d.examples.list('r', 10))[0]).toMatchObject({ label: 'card_delivery_estimate', source: 'review' });

    // A label a person gave a request with no example, undone while its write is held.
    let again = () => {};
    const held = new Promise<void>((resolve) => (again = resolve));
    d.examples.add = async (batch) => (await held, add(batch));
    expect(local.teach('my card never came', 'card_arrival', 'tr_2')).toBe('card_arrival');
    const undone = local.uncorrect('tr_2');
    setImmediate(again);
    expect(await undone).toBe(true);
    expect((await d.examples.list('r', 10)).map((e) => e.traceId)).toEqual(['tr_1']);
  });

  it('takes a person\'s label for a traced request that gave it no example, and nothing that is not a label', async () => {
    const d = deps();
    const local = await LocalRoute.open('r', task, d);
    expect(local.teach('my card never came', 'Card_Arrival.', 'tr_local')).toBe('card_arrival');
    expect(local.teach('my card never came', 'it never came', 'tr_local')).toBeUndefined();
    expect(local.teach('  ', 'pin_blocked', 'tr_empty')).toBeUndefined();
    await local.idle();
    expect(await d.examples.list('r', 10)).toEqual([expect.objectContaining({ text: 'my card never came', label: 'card_arrival', source: 'review', traceId: 'tr_local' })]);
  });
});

describe('teacherLabel', () => {
  it('reads a bare label or a JSON answer, tolerating quotes and a full stop, and refuses anything else', () => {
    expect(teacherLabel('"card_arrival".', task)).toBe('card_arrival');
    expect(teacherLabel('Card_Arrival', task)).toBe('card_arrival');
    expect(teacherLabel('{"label": "pin_blocked"}', { ...task, answer: 'json' })).toBe('pin_blocked');
    expect(teacherLabel('I think it is card_arrival', task)).toBeUndefined();
    expect(teacherLabel('anything_short', { ...task, labels: undefined })).toBe('anything_short');
    expect(teacherLabel('two\nlines', { ...task, labels: undefined })).toBeUndefined();
  });
});
