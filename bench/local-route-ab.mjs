// In-process A/B of the route slot (local-answer stage, route stage) for two builds, on a config
// with a classify route `support-intent` reached by name, behind a conditional route `front`, and
// as a cascade's first step: what the local-model checks cost requests that never reach a classify
// route, and what a local answer costs each way. The provider call is a stand-in stage that answers
// at once; the answer's settle hooks (teacher-cost estimate, decisions) run. CPU per call from
// process.cpuUsage, alternating rounds, minima and medians (bench/ab-rounds.mjs). It was two files
// until 2026-12-07 (bench/nested-local-ab.mjs and bench/cascade-local-ab.mjs, the same harness).
//
//   plain      `front`, no rule matched: default `small` (one route step)
//   two-steps  `front` rule 2 → `mid` (static) → `small`: two steps, no classify route on them
//   cascade    `cheap-first` (cascade [small, teacher], no classify route): step 1 accepted (a regex check)
//   direct     `support-intent` by name, answered by its local model
//   nested     `front` rule 1 → `support-intent`, answered by its local model (before 2026-12-07:
//              escalated to the stand-in)
//   cascaded   `triage` (cascade [support-intent, teacher]), its step 1 answered by the local
//              model (before 2026-12-07: the step went to support-intent's target, the stand-in)
//
// usage: node bench/local-route-ab.mjs MODEL.sylm A_ROOT B_ROOT [rounds=15] [calls=3000]
// (MODEL.sylm: `switchyard local train --data data/banking77/train.csv --label-column category --out MODEL.sylm`)
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { abRows } from './ab-rounds.mjs';

const [modelFile, rootA, rootB] = process.argv.slice(2, 5);
if (!rootB) throw new Error('usage: node bench/local-route-ab.mjs MODEL.sylm A_ROOT B_ROOT [rounds] [calls]');
const ROUNDS = Number(process.argv[5] ?? 15);
const CALLS = Number(process.argv[6] ?? 3000);
const bytes = readFileSync(modelFile);
const CONFIDENT = 'My new card still has not arrived, how long does delivery take?';
const ROUTES = {
  front: {
    policy: 'conditional',
    rules: [
      { when: { metadata: { kind: { equals: 'intent' } } }, target: 'support-intent' },
      { when: { metadata: { kind: { equals: 'mid' } } }, target: 'mid' },
    ],
    default: 'small',
  },
  mid: { policy: 'static', target: 'small' },
  'cheap-first': { policy: 'cascade', targets: ['small', 'teacher'], escalate_on: { validation: { regex: '.' } } },
  triage: { policy: 'cascade', targets: ['support-intent', 'teacher'], escalate_on: { validation: { regex: '.' } } },
  'support-intent': { policy: 'static', target: 'teacher', options: { task: { type: 'classify', min_coverage: 0, shadow_rate: 0, retrain_every: 1_000_000, min_examples: 1_000_000 } } },
};
const CASES = {
  plain: { model: 'front', metadata: {} },
  'two-steps': { model: 'front', metadata: { kind: 'mid' } },
  cascade: { model: 'cheap-first', metadata: {} },
  direct: { model: 'support-intent', metadata: {} },
  nested: { model: 'front', metadata: { kind: 'intent' } },
  cascaded: { model: 'triage', metadata: {} },
};
const price = { input_per_mtok: 2.5, output_per_mtok: 10 };
const catalog = { resolve: (name) => ({ name, targets: [{ price }] }), isRoute: (name) => name in ROUTES, names: ['small', 'teacher'] };

async function build(root) {
  const dist = (p) => import(join(resolve(root), 'dist', p));
  const { routesSchema } = await dist('config/route-schema.js');
  const { openRouteSlot } = await dist('gateway/route-slot.js');
  const { composeStages } = await dist('gateway/pipeline.js');
  const { Call } = await dist('gateway/call.js');
  const { toTrace } = await dist('gateway/stages/record-trace.js');
  const { ownCompletion } = await dist('providers/openai-usage-details.js');
  const { answerWith } = await dist('gateway/answer-with.js');
  const slot = await openRouteSlot({
    routes: routesSchema.parse(ROUTES),
    catalog,
    registry: { live: async () => ({ version: 1, metrics: {} }), modelBytes: async () => bytes },
    examples: { count: async () => 0, add: async () => undefined },
    models: () => {
      throw new Error('no model client in this bench');
    },
    clock: { now: () => Date.now() },
    random: Math.random,
    log: () => undefined,
  });
  // The provider call's stand-in: an answer at once, as a model's would come back.
  const provider = async (call) => {
    call.provider = 'sim';
    call.upstreamModel = 'standin-small';
    // A cascade's step reads the completion the provider call leaves on the call.
    call.completion = ownCompletion('standin-small', 'ok', { usage: { prompt_tokens: 12, completion_tokens: 1, total_tokens: 13 } });
    return answerWith(call, call.completion);
  };
  const run = composeStages([...slot.stages, provider]);
  return async (name) => {
    const { model, metadata } = CASES[name];
    const body = { model, messages: [{ role: 'user', content: CONFIDENT }], max_tokens: 16 };
    const call = new Call({ endpoint: 'chat', format: 'openai', bodyText: JSON.stringify(body), body, signal: new AbortController().signal, metadata });
    call.model = model;
    call.routeName = model;
    const outcome = await run(call);
    await call.settle({ status: 200, clientClosed: false });
    return { trace: toTrace(call, true), route: outcome.headers['x-switchyard-route'] };
  };
}

const builds = [await build(rootA), await build(rootB)];
const names = Object.keys(CASES);
for (const name of names) for (const [i, b] of builds.entries()) console.log(`${'AB'[i]} ${name.padEnd(9)} ${(await b(name)).route}`);
const perCall = [Object.fromEntries(names.map((n) => [n, []])), Object.fromEntries(names.map((n) => [n, []]))];
for (let i = 0; i < 2000; i++) for (const b of builds) for (const name of names) await b(name);
for (let r = 0; r < ROUNDS; r++) {
  for (const side of r % 2 ? [1, 0] : [0, 1]) {
    for (const name of names) {
      const before = process.cpuUsage();
      for (let i = 0; i < CALLS; i++) await builds[side](name);
      const used = process.cpuUsage(before);
      perCall[side][name].push((used.user + used.system) / CALLS);
    }
  }
}
console.log(`route slot, µs CPU per call (A ${rootA}, B ${rootB}; ${ROUNDS} rounds of ${CALLS} calls; load ${(await import('node:os')).loadavg()[0].toFixed(1)})`);
abRows(perCall, names, ROUNDS);
process.exit(0);
