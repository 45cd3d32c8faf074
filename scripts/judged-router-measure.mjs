// A judged cascade's saving before and after counting its judge, and learned routers trained from
// judge scores vs reviews (docs/measurements.md, 2026-12-07, helper routerjudge). On the simulator,
// in a throwaway store: `npm run build && node scripts/judged-router-measure.mjs`; SEED, NOISE (the
// judge's share of wrong grades, 0.15), REVIEWS (reviewed cheap answers, 80), CALLS (400) vary it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importTestSupport } from './test-support-module.mjs';
const W = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const { startSimulator } = await import(`${W}/dist/simulate/simulator.js`);
const { startServer } = await import(`${W}/dist/server.js`);
const { parseConfig } = await import(`${W}/dist/config/load-config.js`);
const { loadRouter } = await import(`${W}/dist/routing/learned/router-file.js`);
// The judged cascade the tests configure (src/test-support, left out of dist/).
const { judgedCascadeYaml } = await importTestSupport('judged-cascade');
const OpenAI = (await import('openai')).default;

// Deterministic draws (no Math.random): a small LCG.
let seed = Number(process.env.SEED ?? 7);
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = (a) => a[Math.floor(rand() * a.length)];
const NAMES = ['Ana', 'Bo', 'Chen', 'Dara', 'Eli', 'Fatima', 'Goran', 'Hiro', 'Ines', 'Jon'];
const THINGS = ['invoice', 'card', 'parcel', 'subscription', 'laptop', 'ticket', 'account', 'order'];
// The cheap model is good enough for lookups and short how-tos, not for proofs, plans and analyses.
const EASY = [
  (n, t) => `How do I reset the password of my ${t} account? My name is ${n}.`,
  (n, t) => `Where is my ${t}? It was ordered by ${n} last week.`,
  (n, t) => `What are your opening hours for ${t} pickup?`,
  (n, t) => `Can you change the email address on ${n}'s ${t}?`,
  (n, t) => `Translate "my ${t} has arrived" into French for ${n}.`,
  (n, t) => `Is the ${t} refundable within 30 days?`,
  (n, t) => `Give me the tracking link for ${n}'s ${t}.`,
  (n, t) => `What currency do you bill the ${t} in?`,
];
const HARD = [
  (n, t) => `Prove by induction that the ${t} discount schedule ${n} proposed never exceeds the list price.`,
  (n, t) => `Draft a migration plan, with rollback steps and risks, for moving ${n}'s ${t} records to a new database.`,
  (n, t) => `Analyse the legal exposure if ${n} cancels the ${t} contract mid-term under EU consumer law, citing articles.`,
  (n, t) => `Refactor this ${t} pricing function for concurrency and explain each race condition ${n} could hit.`,
  (n, t) => `Compare three forecasting models for ${t} demand and derive which minimises ${n}'s expected stockout cost.`,
  (n, t) => `Write a formal specification of the ${t} approval workflow ${n} described, with invariants.`,
  (n, t) => `Estimate, step by step, the carbon footprint of shipping ${n}'s ${t} across four warehouses.`,
  (n, t) => `Design an experiment with power analysis to test whether ${n}'s new ${t} page raises conversion.`,
];
const EASY_WORDS = 'reset the password|Where is my|opening hours|change the email|Translate|refundable|tracking link|currency';
let ref = 0;
function draw(n) {
  return Array.from({ length: n }, () => {
    const easy = rand() < 0.55;
    const prompt = `${pick(easy ? EASY : HARD)(pick(NAMES), pick(THINGS))} (ref ${++ref})`;
    return { prompt, easy, ref };
  });
}

const NOISE = Number(process.env.NOISE ?? 0.15);
const sim = await startSimulator({ port: Number(process.env.SIM_PORT ?? 0), host: '127.0.0.1', ttftMs: 0, tokensPerSecond: 0, latencyMs: 0 });
const dir = mkdtempSync(join(tmpdir(), 'judged-router-'));
const db = join(dir, 'sy.db');
const ADMIN = 'admin-measure';
// extract: mini (standin-cheap) → large (standin-strong), escalated when grader scores below 0.5.
const cascade = judgedCascadeYaml({ route: 'extract', names: { cheap: 'mini', strong: 'large', grader: 'grader' }, prices: { cheap: [0.25, 2.0], strong: [1.25, 10.0], grader: [0.4, 1.6] } });
const gateway = await startServer(parseConfig(`
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-up }
models:
${cascade.models}
routes:
${cascade.routes}
  ab: { policy: split, sticky: user, arms: [ { target: mini, weight: 1 }, { target: large, weight: 1 } ] }
server: { admin_key: ${ADMIN} }
traces: { flush_interval_ms: 5 }
store: { sqlite: ${db} }
`, 'measure'), { port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const client = new OpenAI({ apiKey: 'any', baseURL: `${gateway.url}/v1`, maxRetries: 0 });
try {
  // The judge: a grade of 5 for the cheap model's easy answers, 2 for the hard ones, wrong on NOISE of them.
  const cascadeTraffic = draw(Number(process.env.CALLS ?? 400));
  const noisy = cascadeTraffic.filter(() => rand() < NOISE);
  for (const c of noisy) sim.addScript({ model: 'standin-grader', match: `\\(ref ${c.ref}\\)`, reply: c.easy ? '2' : '5' });
  sim.addScript({ model: 'standin-grader', match: EASY_WORDS, reply: '5' });
  sim.addScript({ model: 'standin-grader', match: '.', reply: '2' });
  for (const c of cascadeTraffic) await client.chat.completions.create({ model: 'extract', messages: [{ role: 'user', content: c.prompt }] });
  // What sending every call to large alone really costs: the same prompts, asked of large.
  let allLarge = 0;
  for (const c of cascadeTraffic) {
    const { response } = await client.chat.completions.create({ model: 'large', messages: [{ role: 'user', content: c.prompt }] }).withResponse();
    allLarge += Number(response.headers.get('x-switchyard-cost-usd'));
  }
  await gateway.traces.flush();
  const routes = await (await fetch(`${gateway.url}/api/routes?range=1h`, { headers: { authorization: `Bearer ${ADMIN}` } })).json();
  const extract = routes.routes.find((r) => r.route === 'extract');
  console.log(JSON.stringify({ noisyJudged: noisy.length, calls: cascadeTraffic.length, cascade: extract.cascade, judgeCalls: extract.judgeCalls, saving: extract.cascadeSaving, allLargeActual: allLarge }, null, 1));

  // Split traffic the reviewers sample: REVIEWS of the cheap arm's answers, judged by the truth.
  const splitTraffic = draw(Number(process.env.SPLIT ?? 300));
  const reviewed = [];
  for (const [i, c] of splitTraffic.entries()) {
    const { response } = await client.chat.completions.create({ model: 'ab', user: `u${i}`, messages: [{ role: 'user', content: c.prompt }] }).withResponse();
    if (response.headers.get('x-switchyard-route')?.startsWith('ab>mini') && reviewed.length < Number(process.env.REVIEWS ?? 80)) reviewed.push({ id: response.headers.get('x-switchyard-trace-id'), easy: c.easy });
  }
  await gateway.traces.flush();
  const items = await gateway.stores.reviews.enqueue(reviewed.map((r) => ({ traceId: r.id, source: 'sample', reason: 'measure' })));
  for (const [i, item] of items.entries()) await gateway.stores.reviews.addReview(item.id, 'ana', { score: reviewed[i].easy ? 5 : 2, pass: null, corrected: null, comment: null });
} finally {
  await gateway.close();
  await sim.close();
}

// Three routers, one held-out set of fresh prompts with the truth.
const heldOut = draw(400);
function train(name, args) {
  const out = join(dir, `${name}.router.json`);
  const t0 = Date.now();
  const res = execFileSync(process.execPath, [`${W}/bin/switchyard.js`, 'router', 'train', ...args, '--weak', 'mini', '--strong', 'large', '--db', db, '--out', out, '--json', '--since', '1d'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const router = loadRouter(out);
  const scored = heldOut.map((h) => ({ s: router.score(h.prompt), easy: h.easy }));
  // AUC: the chance an easy prompt scores above a hard one.
  const pos = scored.filter((x) => x.easy), neg = scored.filter((x) => !x.easy);
  let wins = 0;
  for (const p of pos) for (const q of neg) wins += p.s > q.s ? 1 : p.s === q.s ? 0.5 : 0;
  const at = (threshold) => scored.filter((x) => (x.s >= threshold) === x.easy).length / scored.length;
  const t95 = router.thresholdFor(0.95, 0.5).threshold;
  const cheap95 = scored.filter((x) => x.s >= t95).length / scored.length;
  const json = JSON.parse(res);
  console.log(JSON.stringify({ name, records: json.trainingRecords + json.validationRecords, auc: wins / (pos.length * neg.length), agreementAtMinQuality95: at(t95), cheapShareAt95: cheap95, threshold95: t95, seconds: (Date.now() - t0) / 1000 }));
}
train('judged', ['--from-judged']);
train('reviews', ['--from-reviews']);
train('both', ['--from-judged', '--from-reviews']);
rmSync(dir, { recursive: true, force: true });
