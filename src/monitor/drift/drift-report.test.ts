import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from '../../core/seeded-random.js';
import { banking77 } from '../../local/__fixtures__/banking77-sample.js';
import { makeSignal } from '../test-signals.js';
import { openSqliteStores } from '../../store/sqlite/open-sqlite-stores.js';
import { driftReportOf, runDrift } from './drift-report.js';
import { turnsDuring } from '../../test-support/event-loop-turns.js';

const BASE = ['card_arrival', 'exchange_rate', 'pin_blocked', 'top_up_failed', 'cash_withdrawal_charge', 'lost_or_stolen_card'];
const NEW = 'beneficiary_not_allowed';
const windows = { reference: { since: 0, until: 1 }, current: { since: 1, until: 2 } };

function signals(texts: readonly string[], prefix: string, extra: (i: number) => Partial<Parameters<typeof makeSignal>[0]> = () => ({})) {
  return texts.map((prompt, i) => makeSignal({ traceId: `${prefix}${i}`, prompt, inputChars: prompt.length, latencyMs: 100 + (i % 50), ...extra(i) }));
}

describe('drift report', () => {
  const random = seededRandom(5);
  const base = banking77('test', BASE, 40).map((e) => e.text);
  const fresh = banking77('test', [NEW], 40).map((e) => e.text);

  it('says nothing drifted when both windows draw from the same traffic', () => {
    const pool = shuffled(base, random);
    const report = driftReportOf(signals(pool.slice(0, 120), 'r'), signals(pool.slice(120, 240), 'c'), { route: 'support', ...windows, now: 0, random: seededRandom(1) });
    expect(report.drifted).toBe(false);
    expect(report.headline).toEqual([]);
    expect(report.features.find((f) => f.feature === 'topic')?.skipped).toBeUndefined();
  });

  it('detects new kinds of request, names their words and shows requests of them', async () => {
    const pool = shuffled(base, random);
    const current = [...pool.slice(120, 200), ...fresh];
    const report = driftReportOf(signals(pool.slice(0, 120), 'r'), signals(current, 'c'), { route: 'support', ...windows, now: 0, random: seededRandom(1) });
    expect(report.drifted).toBe(true);
    const text = report.features.filter((f) => f.drifted && ['topic', 'prompt_terms', 'prompt_text'].includes(f.feature));
    expect(text.length).toBeGreaterThan(0);
    // The examples shown are mostly requests of the new intent.
    const examples = text.flatMap((f) => f.examples ?? []);
    expect(examples.filter((e) => fresh.includes(e.prompt ?? '')).length / examples.length).toBeGreaterThanOrEqual(0.5);
    expect(report.headline.join(' ')).toMatch(/beneficiary|transfer|allowed/);
  });

  it('reads windows whose prompt text body retention blanked: text features are skipped, the numbers still tested', () => {
    const pool = shuffled(base, random);
    // The reference window is older than bodies_days: its prompts and answers are gone, its numbers are not.
    const blanked = signals(pool.slice(0, 120), 'r', (i) => ({ prompt: null, answer: null, latencyMs: 100 + (i % 50) }));
    const slow = signals([...pool.slice(120, 200), ...fresh], 'c', (i) => ({ latencyMs: 400 + (i % 50) }));
    const report = driftReportOf(blanked, slow, { route: 'support', ...windows, now: 0, random: seededRandom(1) });
    const byName = new Map(report.features.map((f) => [f.feature, f]));
    for (const text of ['prompt_terms', 'prompt_text', 'language']) expect(byName.get(text)).toMatchObject({ drifted: false, skipped: expect.any(String) });
    expect(byName.get('latency_ms')?.drifted).toBe(true);
    expect(byName.get('input_chars')?.skipped).toBeUndefined();
    expect(report.headline.join(' ')).toMatch(/latency_ms rose/);
    expect(report.notes).toEqual(['reference window: the prompt text of 120 of 120 traces was dropped by body retention (traces.retention.bodies_days); topic, words, classifier and language compare the rest']);
    // Some blanked rows in each window: the rest of each window's text is compared.
    const partly = driftReportOf(signals(pool.slice(0, 120), 'r', (i) => (i % 3 === 0 ? { prompt: null } : {})), signals(pool.slice(120, 240), 'c', (i) => (i % 4 === 0 ? { prompt: null } : {})), { ...windows, now: 0, random: seededRandom(1) });
    expect(partly.features.find((f) => f.feature === 'prompt_text')?.skipped).toBeUndefined();
    expect(partly.drifted).toBe(false);
  });

  it('the domain classifier sees no difference between halves of one window and a clear one for a new intent', async () => {
    const pool = shuffled(base, random);
    const same = driftReportOf(signals(pool.slice(0, 120), 'r'), signals(pool.slice(120, 240), 'c'), { ...windows, now: 0, random: seededRandom(2) });
    const classifier = same.features.find((f) => f.feature === 'prompt_text');
    expect(classifier?.statistic).toBeGreaterThan(0.4);
    expect(classifier?.statistic).toBeLessThan(0.6);
    const shifted = driftReportOf(signals(pool.slice(0, 80), 'r'), signals(fresh, 'c'), { ...windows, now: 0, random: seededRandom(2) });
    const found = shifted.features.find((f) => f.feature === 'prompt_text');
    expect(found?.statistic).toBeGreaterThan(0.9);
    expect(found?.drifted).toBe(true);
  });

  it('names a change in what served the route and in the local model\'s labels and confidence', () => {
    const pool = shuffled(base, random).slice(0, 200);
    // Before: the local model answers half the route; now it answers a fifth, less sure, and says "refund" far more.
    const reference = signals(pool.slice(0, 100), 'r', (i) => ({ servedBy: i % 2 ? 'local' : 'gpt-4o', localLabel: ['card', 'pin', 'refund', 'fx'][i % 4], localConfidence: 0.8 + (i % 10) / 60 }));
    const current = signals(pool.slice(100, 200), 'c', (i) => ({ servedBy: i % 5 ? 'gpt-4o' : 'local', localLabel: i % 3 ? 'refund' : 'card', localConfidence: 0.5 + (i % 10) / 60 }));
    const report = driftReportOf(reference, current, { route: 'support', ...windows, now: 0, random: seededRandom(1) });
    const byName = new Map(report.features.map((f) => [f.feature, f]));
    expect(byName.get('served_by')).toMatchObject({ drifted: true, summary: expect.stringMatching(/served_by “gpt-4o” grew from 50\.0% to 80\.0%/) });
    expect(byName.get('served_by')?.examples?.[0]?.note).toBe('served by gpt-4o');
    expect(byName.get('local_label')?.summary).toMatch(/local_label “refund” grew from 25\.0% to 66\.0%/);
    expect(byName.get('local_confidence')).toMatchObject({ drifted: true, summary: expect.stringMatching(/local_confidence fell/) });
    // Signals stored before these fields existed (or routes with no local model) leave the features out.
    const plain = driftReportOf(signals(pool.slice(0, 100), 'r'), signals(pool.slice(100, 200), 'c'), { ...windows, now: 0, random: seededRandom(1) });
    expect(plain.features.find((f) => f.feature === 'local_label')?.skipped).toBeDefined();
  });

  it('names a latency and refusal change with the numbers before and after', () => {
    const pool = shuffled(base, random).slice(0, 200);
    const reference = signals(pool.slice(0, 100), 'r');
    const current = signals(pool.slice(100, 200), 'c', (i) => ({ latencyMs: 400 + (i % 50), refused: i % 3 === 0 }));
    const report = driftReportOf(reference, current, { route: 'support', ...windows, now: 0, random: seededRandom(1) });
    const latency = report.features.find((f) => f.feature === 'latency_ms');
    expect(latency?.drifted).toBe(true);
    expect(latency?.summary).toMatch(/latency_ms rose: mean 12[45] → 42[45] ms/);
    expect(report.features.find((f) => f.feature === 'refusal_rate')?.summary).toMatch(/refusal_rate “refused” grew from 0\.0% to 34\.0%/);
    expect(report.features.find((f) => f.feature === 'topic')?.drifted).toBe(false);
  });

  it('tests input tokens on their own: a grown system prompt drifts them while the prompts stay alike', () => {
    // Its own random, so the other tests' windows stay as they were.
    const pool = shuffled(base, seededRandom(21)).slice(0, 200);
    const tokens = (system: number) => (i: number) => ({ inputTokens: system + Math.ceil((pool[i] ?? '').length / 4) + (i % 20) });
    const reference = signals(pool.slice(0, 100), 'r', tokens(40));
    const same = driftReportOf(reference, signals(pool.slice(100, 200), 'c', tokens(40)), { route: 'support', ...windows, now: 0, random: seededRandom(1) });
    const steady = same.features.find((f) => f.feature === 'input_tokens');
    // Tested (it counts in the Bonferroni divisor) and quiet on unshifted windows.
    expect(steady).toMatchObject({ drifted: false });
    expect(steady?.skipped).toBeUndefined();
    expect(same.drifted).toBe(false);
    const grown = driftReportOf(reference, signals(pool.slice(100, 200), 'c', tokens(240)), { route: 'support', ...windows, now: 0, random: seededRandom(1) });
    const feature = grown.features.find((f) => f.feature === 'input_tokens');
    expect(feature?.drifted).toBe(true);
    expect(feature?.summary).toMatch(/^input_tokens rose: mean [\d.]+ → [\d.]+ tokens/);
    expect(feature?.examples?.[0]?.note).toMatch(/^\d+ input tokens$/);
    expect(grown.features.find((f) => f.feature === 'input_chars')?.drifted).toBe(false);
  });

  it('writes a cost drift in dollars as the rest of the server does: its means, p95s and examples', () => {
    const pool = shuffled(base, seededRandom(33)).slice(0, 200);
    const cost = (from: number) => (i: number) => ({ costUsd: from + (i % 20) * 0.000001 });
    const report = driftReportOf(signals(pool.slice(0, 100), 'r', cost(0.00012)), signals(pool.slice(100, 200), 'c', cost(0.00045)), { route: 'support', ...windows, now: 0, random: seededRandom(1) });
    const feature = report.features.find((f) => f.feature === 'cost_usd');
    expect(feature?.drifted).toBe(true);
    // Was "mean 0.00013 → 0.00046 USD" and examples at five places ("$0.00046").
    expect(feature?.summary).toMatch(/^cost_usd rose: mean \$0\.00012\d → \$0\.00046\d, p95 \$0\.0001\d\d → \$0\.0004\d\d \(KS D/);
    expect(feature?.examples?.[0]?.note).toBe('$0.000469');
  });

  it('names a language that appeared, with requests in it', async () => {
    const pool = shuffled(base, random).slice(0, 200);
    const things = ['mi tarjeta', 'mi transferencia', 'el cajero automático', 'mi cuenta', 'el pago con tarjeta'];
    const verbs = ['no funciona desde ayer', 'fue rechazado en la tienda', 'tiene un cargo que no reconozco', 'está bloqueado y no sé por qué'];
    const spanish = things.flatMap((thing) => verbs.map((verb) => `Hola, ¿por qué ${thing} ${verb}? Necesito ayuda, por favor.`));
    const report = driftReportOf(signals(pool.slice(0, 100), 'r'), signals([...pool.slice(100, 170), ...spanish, ...spanish.slice(0, 10)], 'c'), { ...windows, now: 0, random: seededRandom(1) });
    const language = report.features.find((f) => f.feature === 'language');
    expect(language?.drifted).toBe(true);
    expect(language?.summary).toMatch(/language “spa” grew from \d\.\d% to 30\.0%/);
    expect(language?.examples?.every((e) => spanish.includes(e.prompt ?? ''))).toBe(true);
  });

  it('skips a feature with too few values instead of guessing', () => {
    const report = driftReportOf(signals(base.slice(0, 10), 'r'), signals(base.slice(10, 20), 'c'), { ...windows, now: 0, random: seededRandom(1) });
    expect(report.drifted).toBe(false);
    expect(report.features.every((f) => f.skipped !== undefined)).toBe(true);
  });

  it('runs from the store in steps, letting the event loop in, with the same findings as in one go', async () => {
    const stores = openSqliteStores(':memory:');
    const pool = shuffled(base, seededRandom(9));
    const reference = signals(pool.slice(0, 100), 'r', (i) => ({ ts: 10 + i, route: 'support' }));
    const current = signals([...pool.slice(100, 160), ...fresh], 'c', (i) => ({ ts: 1_000 + i, route: 'support' }));
    await stores.monitor.putSignals([...reference, ...current]);
    const request = { route: 'support', reference: { since: 0, until: 500 }, current: { since: 500, until: 2_000 }, now: 2_000 };
    const { result: stepped, turns } = await turnsDuring(() => runDrift(stores.monitor, { ...request, random: seededRandom(3) }));
    expect(turns).toBeGreaterThanOrEqual(10);
    const [storedReference, storedCurrent] = await Promise.all([
      stores.monitor.listSignals({ route: 'support', ...request.reference, limit: 2_000 }),
      stores.monitor.listSignals({ route: 'support', ...request.current, limit: 2_000 }),
    ]);
    const inOneGo = driftReportOf(storedReference, storedCurrent, { ...request, random: seededRandom(3) });
    expect(stepped.drifted).toBe(true);
    expect({ ...stepped, id: '' }).toEqual({ ...inOneGo, id: '' });
  });
});
