import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTrace } from '../../src/monitor/test-traces.js';
import { usd } from '../../web/src/format.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

// The Providers page's cache panel: the hit rate over time and what the hits saved, per name,
// computed by the server from the rollups. The traffic below makes 3 hits of 5 lookups on
// `small`, 1 semantic hit of 2 on `faq`, one call opted out and one not cacheable; the figures
// the page shows are checked against what the gateway's own headers said of each answer.
// Long, wide and astral; a control or a bidi override in a model name is refused by the config (2026-12-07).
const HOSTILE = `faq-${'長い名前'.repeat(40)}${'🙈abc'.repeat(18)}`;
const PRICE = { input_per_mtok: 300, output_per_mtok: 1200 };
const heard = { hits: 0, semantic: 0, lookups: 0, savedUsd: 0, savedTokens: 0 };

const e2e = e2eFixture({
  config: (sim) =>
    JSON.stringify({
      traces: { flush_interval_ms: 5 },
      providers: { sim: { type: 'openai', base_url: `${sim.url}/v1`, api_key: 'sk-sim' } },
      models: Object.fromEntries(['small', 'faq', HOSTILE].map((m) => [m, { provider: 'sim', model: 'standin-small', price: PRICE }])),
      cache: { routes: { small: {}, faq: { semantic: {} }, [HOSTILE]: {} } },
    }),
  async seed({ openai }) {
    const client = openai();
    // What each miss cost, by question: a hit on it saved that much.
    const paid = new Map<string, number>();
    const ask = async (model: string, content: string, extra: { temperature?: number; headers?: Record<string, string> } = {}) => {
      const { data, response } = await client.chat.completions.create({ model, temperature: extra.temperature ?? 0, messages: [{ role: 'user', content }] }, { headers: extra.headers }).withResponse();
      const status = response.headers.get('x-switchyard-cache');
      const cost = Number(response.headers.get('x-switchyard-cost-usd'));
      if (status === 'hit' || status === 'miss') heard.lookups++;
      if (status === 'miss') paid.set(content.toLowerCase().replace(/\?$/, ''), cost);
      if (status === 'hit') {
        heard.hits++;
        if (response.headers.get('x-switchyard-cache-similarity') !== null) heard.semantic++;
        heard.savedUsd += paid.get(content.toLowerCase().replace(/\?$/, '')) ?? Number.NaN;
        // A hit's usage is its answer's, as the provider reported it: the tokens the hit did not spend.
        heard.savedTokens += (data.usage?.prompt_tokens ?? Number.NaN) + (data.usage?.completion_tokens ?? Number.NaN);
      }
      return status;
    };
    const small = [await ask('small', 'What is a gateway?'), await ask('small', 'What is a gateway?'), await ask('small', 'What is a gateway?'), await ask('small', 'Why cache answers?'), await ask('small', 'Why cache answers?')];
    expect(small).toEqual(['miss', 'hit', 'hit', 'miss', 'hit']);
    // The same question worded differently (case, no question mark): a semantic hit.
    expect([await ask('faq', 'How do I reset my password?'), await ask('faq', 'how do I reset my password')]).toEqual(['miss', 'hit']);
    expect(await ask('small', 'What is a gateway?', { headers: { 'x-switchyard-cache': 'off' } })).toBe('bypass');
    expect(await ask('small', 'What is a gateway?', { temperature: 0.7 })).toBe('skip');
    expect(await ask(HOSTILE, 'hi')).toBe('miss');
  },
  timeoutMs: 90_000,
});

describe('the cache panel', () => {
  it('shows the hit rate over time, exact and semantic, and what the hits saved, per name', async () => {
    expect(heard).toMatchObject({ hits: 4, semantic: 1, lookups: 8 });
    // The server's figures, from the rollups.
    const report = await (await fetch(`${e2e.url}/api/cache/hits?range=auto`)).json();
    expect(report.range).toBe('1h');
    expect(report.totals).toMatchObject({ exact: 3, semantic: 1, misses: 4, bypass: 1, skip: 1 });
    expect(report.totals.hitRate).toBe(0.5);
    expect(report.totals.savedUsd).toBeCloseTo(heard.savedUsd, 10);
    expect(heard.savedTokens).toBeGreaterThan(0);
    expect(report.totals.savedTokens).toBe(heard.savedTokens);
    const small = report.names.find((n: { name: string }) => n.name === 'small');
    expect(small).toMatchObject({ exact: 3, semantic: 0, misses: 2, bypass: 1, skip: 1, hitRate: 0.6 });

    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/providers`);
    const panel = page.getByTestId('cache-hits');
    await panel.waitFor();
    const stats = await panel.locator('.stats').innerText();
    expect(stats).toMatch(/hit rate\s*50%\s*4 of 8 lookups/);
    expect(stats).toMatch(/exact \/ semantic hits\s*3 \/ 1/);
    expect(stats).toContain(usd(heard.savedUsd));
    expect(stats).toMatch(new RegExp(`tokens saved\\s*${heard.savedTokens.toLocaleString('en-US')}\\s*input and output`));
    expect(stats).toMatch(/not looked up\s*2\s*1 opted out, 1 not cacheable/);
    // Per name: small 3 of 5 (60%), faq 1 semantic of 2 (50%), the hostile name 0 of 1.
    const rows = await page.getByTestId('cache-names').locator('tbody tr').allInnerTexts();
    expect(rows.map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
      ['small', '5', '3 / 0', '60%', expect.stringMatching(/^\$/), expect.stringMatching(/^[1-9][\d,]*$/), '2'],
      ['faq', '2', '0 / 1', '50%', expect.stringMatching(/^\$/), expect.stringMatching(/^[1-9][\d,]*$/), '0'],
      [expect.stringMatching(/^faq-長い名前.*…$/), '1', '0 / 0', '0%', '$0', '0', '0'],
    ]);
    // The chart draws the rates the server computed: 0–100% of lookups, the hit rate and the semantic line.
    const chart = page.getByTestId('chart-Cache hit rate');
    await expect.poll(async () => chart.getAttribute('data-y-ticks')).toContain('100%');
    const drawn = JSON.parse((await chart.getAttribute('data-points')) ?? '[]') as number[];
    expect(drawn).toHaveLength(2);
    expect(drawn[0]).toBeGreaterThan(0);
    expect(await page.getByTestId('chart-Saved by cache hits').isVisible()).toBe(true);
    await page.screenshot({ path: join(SHOTS, 'providers-cache-hits.png'), fullPage: true });
    // A hostile name is cut to a line, whole on hover, and widens nothing, on a desktop and a phone.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      // Past the window: how much, and the innermost elements that reach past it (for the message).
      // Polled: the charts take the new width on the window's resize event, a moment after it.
      const measure = () => page.evaluate(() => {
        const root = document.documentElement;
        const past = [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1 && el.children.length === 0)
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}`);
        return { wider: root.scrollWidth - root.clientWidth, past };
      });
      await expect.poll(async () => (await measure()).wider).toBeLessThanOrEqual(0).catch(async () => {
        const { wider, past } = await measure();
        throw new Error(`the page at ${width} px is ${wider} px wider than the window: ${past.join(', ')}`);
      });
    }
    // Whole on hover.
    expect(await page.getByTestId('cache-names').locator('bdi.clip').last().getAttribute('title')).toBe(HOSTILE);
    await page.close();
  });

  it('breaks both lines at a minute without a lookup: no rate and no saving there, not a drop to $0', async () => {
    // Earlier this hour: a miss and a hit six minutes ago, nothing five minutes ago, a hit four minutes ago.
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const hit = (id: string, ts: number) =>
      makeTrace({ id, ts, requestedModel: 'small', provider: 'cache', costUsd: 0, inputTokens: 0, outputTokens: 0, decisions: { cache: { status: 'hit', savedUsd: 0.002, savedTokens: { input: 40, output: 10, cached: 0 } } } });
    const past = [makeTrace({ id: 'tr_gap_miss', ts: minute - 6 * 60_000, requestedModel: 'small', costUsd: 0.002, decisions: { cache: { status: 'miss', stored: true } } }), hit('tr_gap_hit_1', minute - 6 * 60_000 + 1), hit('tr_gap_hit_2', minute - 4 * 60_000)];
    await e2e.server.stores.traces.insertTraces(past);
    await e2e.server.stores.rollups.apply(past);
    const report = await (await fetch(`${e2e.url}/api/cache/hits?range=auto`)).json();
    const at = (report.series.ts as number[]).indexOf(minute - 6 * 60_000);
    expect(report.stepMs).toBe(60_000);
    expect([report.series.savedUsd[at], report.series.savedUsd[at + 1], report.series.savedUsd[at + 2]]).toEqual([0.002, null, 0.002]);
    expect([report.series.hitRate[at], report.series.hitRate[at + 1], report.series.hitRate[at + 2]]).toEqual([0.5, null, 1]);
    // Every minute without a rate is one without a saving, and the other way round.
    const empty = (values: (number | null)[]) => values.flatMap((v, i) => (v === null ? [i] : []));
    expect(empty(report.series.savedUsd)).toEqual(empty(report.series.hitRate));

    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/providers`);
    const rate = page.getByTestId('chart-Cache hit rate');
    const saved = page.getByTestId('chart-Saved by cache hits');
    await rate.waitFor();
    // The breaks uPlot drew each line with: the hit rate's and the saving's, at the same minutes
    // (five minutes ago, and between four minutes ago and the traffic of the test's start).
    const gaps = async (chart: typeof rate) => JSON.parse((await chart.getAttribute('data-gaps')) ?? '[]') as [number, number][][];
    await expect.poll(async () => (await gaps(saved))[0]?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect((await gaps(saved))[0]?.length).toBe((await gaps(rate))[0]?.length);
    // The saving's line draws only minutes that had lookups: as many values as the hit rate's.
    const points = async (chart: typeof rate) => (JSON.parse((await chart.getAttribute('data-points')) ?? '[]') as number[])[0];
    expect(await points(saved)).toBe(await points(rate));
    await page.screenshot({ path: join(SHOTS, 'providers-cache-gaps.png'), fullPage: true });
    await page.close();
  });
});
