// In-process A/B of the local-answer slice of a request, for a machine too loaded for
// bench/local-ab.mjs (whose per-request CPU swung 0.24–2.35 ms between 2 s slices at load 10):
// the route's local model answers (answer-locally stage, the answer in the client's shape, its
// settle hooks: the teacher-cost estimate and the decision) and the trace record is built, for
// two builds loaded in one process, in alternating rounds; CPU per call from process.cpuUsage,
// medians and minima over the rounds (bench/ab-rounds.mjs). Same banking77 model file for both,
// trained once (`switchyard local train … --out FILE`).
//
// usage: node bench/local-stage-ab.mjs MODEL.sylm A_ROOT B_ROOT [rounds=15] [calls=3000]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { abRows } from './ab-rounds.mjs';

const [modelFile, rootA, rootB] = process.argv.slice(2, 5);
if (!rootB) throw new Error('usage: node bench/local-stage-ab.mjs MODEL.sylm A_ROOT B_ROOT [rounds] [calls]');
const ROUNDS = Number(process.argv[5] ?? 15);
const CALLS = Number(process.argv[6] ?? 3000);
const bytes = readFileSync(modelFile);
const PROMPT = 'My new card still has not arrived, how long does delivery take?';
const task = { type: 'classify', answer: 'label', json_field: 'label', min_precision: 0.95, min_coverage: 0, shadow_rate: 0, retrain_every: 1_000_000, min_examples: 1_000_000, min_examples_per_label: 5 };

async function build(root) {
  const dist = (p) => import(join(resolve(root), 'dist', p));
  const { answerLocally, localAnswerer } = await dist('gateway/stages/answer-locally.js');
  const { LocalRoute } = await dist('local/serving/local-route.js');
  const { composeStages } = await dist('gateway/pipeline.js');
  const { Call } = await dist('gateway/call.js');
  const { toTrace } = await dist('gateway/stages/record-trace.js');
  const local = await LocalRoute.open('support-intent', task, {
    registry: { live: async () => ({ version: 1, metrics: {} }), modelBytes: async () => bytes },
    examples: { count: async () => 0 },
    clock: { now: () => Date.now() },
    random: Math.random,
    train: async () => { throw new Error('no training here'); },
    log: () => undefined,
  });
  const localDeps = { localFor: () => local, askTeacher: async () => '', teacherPrice: () => ({ input_per_mtok: 0.15, output_per_mtok: 0.6 }) };
  // Since 2026-12-07 the stage takes the slot's shared answerer (routes reached through others ask it too).
  const stage = localAnswerer ? answerLocally(localAnswerer(localDeps), () => true) : answerLocally(localDeps);
  const run = composeStages([stage, async () => { throw new Error('escalated: the bench prompt must be answered locally'); }]);
  return async (stream) => {
    const body = { model: 'support-intent', messages: [{ role: 'user', content: PROMPT }], max_tokens: 16, ...(stream ? { stream: true } : {}) };
    const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: JSON.stringify(body), body, signal: new AbortController().signal });
    call.model = 'support-intent';
    call.routeName = 'support-intent';
    call.stream = stream;
    const outcome = await run(call);
    if (outcome.kind === 'stream') for await (const _ of outcome.events);
    await call.settle({ status: 200, clientClosed: false });
    return toTrace(call, true);
  };
}

const builds = [await build(rootA), await build(rootB)];
const names = ['json', 'stream'];
const perCall = [{ json: [], stream: [] }, { json: [], stream: [] }];
const trace = [await builds[0](false), await builds[1](false)];
// The same decision on both sides, but for the figures that are drawn or timed.
const strip = (t) => JSON.stringify({ ...t.decisions.local, predictMs: 0 });
if (strip(trace[0]) !== strip(trace[1])) throw new Error(`the builds decide differently: ${strip(trace[0])} vs ${strip(trace[1])}`);
for (let i = 0; i < 2000; i++) for (const b of builds) { await b(false); await b(true); }
for (let r = 0; r < ROUNDS; r++) {
  for (const side of r % 2 ? [1, 0] : [0, 1]) {
    for (const name of names) {
      const stream = name === 'stream';
      const before = process.cpuUsage();
      for (let i = 0; i < CALLS; i++) await builds[side](stream);
      const used = process.cpuUsage(before);
      perCall[side][name].push((used.user + used.system) / CALLS);
    }
  }
}
console.log(`local-answer slice, µs CPU per call (A ${rootA}, B ${rootB}; ${ROUNDS} rounds of ${CALLS} calls; load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
abRows(perCall, names, ROUNDS);
process.exit(0);
