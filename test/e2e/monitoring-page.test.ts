import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeRun } from '../../src/evals/runner/summarize-run.js';
import { banking77 } from '../../src/local/__fixtures__/banking77-sample.js';
import { e2eFixture } from './fixture.js';
import { SHOTS } from './harness.js';

const e2e = e2eFixture({
  config: (sim) => `
providers:
  sim: { type: openai, base_url: "${sim.url}/v1", api_key: sk-sim }
models:
  small: { provider: sim, model: standin-small, price: { input_per_mtok: 1, output_per_mtok: 2 } }
routes:
  support: { policy: static, target: small }
traces: { flush_interval_ms: 5, retention: { days: 30, bodies_days: 7 } }
monitoring:
  interval_seconds: 3600
  topics: { min_traces: 40 }
  drift: { every_minutes: 0 }
  online_eval: [ { route: small, sample: 1, scorers: [ { type: regex, name: answered, pattern: "\\\\w+" } ] } ]
  alerts:
    - { name: slow-small, metric: latency_p95_ms, threshold: 60000, window_minutes: 60, route: small }
`,
  async seed({ server, openai }) {
    const client = openai();
    const prompts = banking77('test', ['card_arrival', 'exchange_rate', 'pin_blocked', 'top_up_failed'], 20).map((e) => e.text);
    for (const content of prompts) await client.chat.completions.create({ model: 'small', messages: [{ role: 'user', content }] });
    // A route beside the plain model, with too little traffic for topics.
    for (const content of prompts.slice(0, 2)) await client.chat.completions.create({ model: 'support', messages: [{ role: 'user', content }] });
    await server.traces.flush();
    await server.monitor.runOnce();
    // An offline eval run of the same route, 2 of 3 cases passing, to chart beside online quality.
    const { runs } = server.stores;
    await runs.create({
      id: 'run_offline', createdAt: Date.now(), finishedAt: Date.now(), status: 'completed', name: 'support-nightly', suite: {}, suitePath: null, dataset: 'd', datasetVersion: 1, datasetHash: 'h',
      gitCommit: null, configPath: null, configHash: null, gateway: null, variants: { small: { model: 'small', messages: [], params: {}, targets: [] } }, summary: null, rerunOf: null,
    });
    for (const [i, pass] of [true, true, false].entries()) {
      await runs.putResult({ runId: 'run_offline', variant: 'small', caseId: `c${i}`, repeat: 0, position: i, output: 'x', error: null, latencyMs: 5, inputTokens: 3, outputTokens: 1, costUsd: 0, scorerCostUsd: 0, traceId: null, cached: false, scores: [{ scorer: 'exact', pass, score: pass ? 1 : 0, reason: '' }], quality: pass ? 1 : 0, pass, createdAt: 0 });
    }
    await runs.setStatus('run_offline', 'completed', Date.now(), await summarizeRun(runs, 'run_offline', { small: 'small' }, 1));
  },
});

describe('monitoring page', () => {
  it('says how many prompts a route or a model needs before its topics are fitted, naming which it is', async () => {
    const page = await e2e.browser.newPage();
    // The names that say route or model arrive last (as on a loaded machine): the cards wait for them.
    await page.route('**/api/dimensions*', async (call) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await call.continue();
    });
    await page.goto(`${e2e.url}/#/monitoring?route=support&range=1h`);
    const topics = page.getByTestId('topics');
    await topics.getByText(/No topic model yet/).waitFor();
    expect(await topics.innerText()).toContain('once the route has 40 prompts (monitoring.topics.min_traces); 2 in this range so far');
    expect(await page.getByTestId('drift').innerText()).toContain('No drift report for this route yet');
    await page.close();
    // A name that never served as a route is a model (it said "the route" for any name).
    const quiet = await e2e.browser.newPage();
    await quiet.goto(`${e2e.url}/#/monitoring?route=quiet&range=1h`);
    await quiet.getByTestId('topics').getByText(/No topic model yet/).waitFor();
    expect(await quiet.getByTestId('topics').innerText()).toContain('once the model has 40 prompts (monitoring.topics.min_traces)');
    await quiet.close();
    // Enough prompts before the monitor's next pass: it said 'once the route has 40 prompts; 57 so far'.
    const ready = await e2e.browser.newPage();
    await ready.route('**/api/topics?*', async (call) => {
      const response = await call.fetch();
      await call.fulfill({ response, json: { ...(await response.json()), pending: 57 } });
    });
    await ready.goto(`${e2e.url}/#/monitoring?route=support&range=1h`);
    await ready.getByTestId('topics').getByText(/No topic model yet/).waitFor();
    expect(await ready.getByTestId('topics').innerText()).toContain('No topic model yet: the route has the 40 prompts it needs (57 in this range); the monitor fits one on its next pass (every monitoring.interval_seconds).');
    await ready.close();
  });

  it('draws a minute of traffic in a 7-day range from where it starts, per minute, as the overview does', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/monitoring?route=small&range=7d`);
    const topics = page.getByTestId('topics');
    // Before: 24 slots of 7 hours, the 80 requests one point at the right edge of a flat line.
    await expect.poll(() => topics.locator('.chart-title', { hasText: 'Requests per topic' }).innerText()).toBe('Requests per topic · requests per minute');
    // A start on another day than today (a run across midnight) carries its date, as `time` writes it.
    expect(await topics.getByTestId('series-start').innerText()).toMatch(/^No requests of this model in the last 7d before (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d: the charts start there, per minute\.$/);
    const chart = topics.getByTestId('chart-Requests per topic');
    await expect.poll(() => chart.getAttribute('data-x-ticks')).not.toBeNull();
    const x = JSON.parse((await chart.getAttribute('data-x-ticks')) as string) as { label: string }[];
    // Times of day (seconds within a span under ten minutes), not a week's dates.
    expect(x.length).toBeGreaterThan(1);
    for (const tick of x) expect(tick.label).toMatch(/^(\d\d:\d\d(:\d\d)?)?$/);
    // Every request is in a drawn slot.
    const points = JSON.parse((await chart.getAttribute('data-points')) as string) as number[];
    expect(points.every((n) => n >= 1)).toBe(true);
    // The cost axis in dollars, as the overview's.
    // Its ticks are read once drawn with the data (the axis is a lone 0 before): a read at once raced it in CI.
    const costChart = topics.getByTestId('chart-Cost per topic');
    const costTicks = async () => JSON.parse((await costChart.getAttribute('data-y-ticks')) ?? '[]') as { label: string }[];
    await expect.poll(async () => (await costTicks()).length).toBeGreaterThan(1);
    const cost = await costTicks();
    expect(cost[1]?.label).toMatch(/^\$/);
    // Online quality beside the offline run, over the same stretch.
    const quality = page.getByTestId('quality');
    expect(await quality.getByTestId('series-start').innerText()).toMatch(/^No traffic or eval runs of this model in the last 7d before (\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d: the charts start there, per minute\.$/);
    await page.screenshot({ path: join(SHOTS, 'monitoring-7d-recent.png'), fullPage: true });
    await page.screenshot({ path: '/tmp/dash3-monitoring-7d.png', fullPage: true });
    await page.close();
  });

  it('draws a topic whose requests fit one minute as a point, not a line rising from the empty minute before', async () => {
    const page = await e2e.browser.newPage();
    // The report as the server sends it when all of the range's requests fell in one minute: a slot
    // before them for the time axis, then theirs.
    await page.route('**/api/topics?*', async (call) => {
      const response = await call.fetch();
      const body = (await response.json()) as { since: number; until: number; topics: Record<string, unknown>[] };
      const minute = body.until - (body.until % 60_000);
      const topics = body.topics.map((t) => ({ ...t, series: [0, 4], costSeries: [0, 0.001], qualitySeries: [null, 1] }));
      await call.fulfill({ response, json: { ...body, seriesSince: minute - 60_000, stepMs: 60_000, topics } });
    });
    await page.goto(`${e2e.url}/#/monitoring?route=small&range=7d`);
    const topics = page.getByTestId('topics');
    for (const title of ['Requests per topic', 'Cost per topic']) {
      const chart = topics.getByTestId(`chart-${title}`);
      await expect.poll(() => chart.getAttribute('data-points')).not.toBeNull();
      // One value per topic (it was two, the first a zero), on a time axis still.
      expect(JSON.parse((await chart.getAttribute('data-points')) as string).every((n: number) => n === 1)).toBe(true);
      expect(JSON.parse((await chart.getAttribute('data-x-ticks')) as string).length).toBeGreaterThan(1);
    }
    await page.close();
  });

  it('starts the cost axis at $0 when a busy stretch has no empty slot, so it is never one lone tick', async () => {
    const page = await e2e.browser.newPage();
    // Requests that straddle a minute boundary (as the seed did on a loaded machine in CI): two slots,
    // every topic's cost near the others' and far from zero. uPlot's own range hugged the values and
    // drew a single tick ("$0.00003"), with nothing to read the chart's scale by.
    await page.route('**/api/topics?*', async (call) => {
      const response = await call.fetch();
      const body = (await response.json()) as { since: number; until: number; topics: Record<string, unknown>[] };
      const minute = body.until - (body.until % 60_000);
      const topics = body.topics.map((t, i) => ({ ...t, series: [10 + i, 11], costSeries: [0.0000262 + i * 0.0000003, 0.0000271], qualitySeries: [1, 1] }));
      await call.fulfill({ response, json: { ...body, seriesSince: minute - 60_000, stepMs: 60_000, topics } });
    });
    await page.goto(`${e2e.url}/#/monitoring?route=small&range=7d`);
    const costChart = page.getByTestId('topics').getByTestId('chart-Cost per topic');
    await expect.poll(() => costChart.getAttribute('data-y-ticks')).not.toBeNull();
    const ticks = JSON.parse((await costChart.getAttribute('data-y-ticks')) as string) as { label: string; px: number }[];
    expect(ticks.length).toBeGreaterThan(1);
    expect(ticks[0]?.label).toBe('$0');
    for (const title of ['Requests per topic']) {
      const requests = JSON.parse((await page.getByTestId('topics').getByTestId(`chart-${title}`).getAttribute('data-y-ticks')) as string) as { label: string }[];
      expect(requests[0]?.label).toBe('0');
    }
    await page.close();
  });

  it('shows alert rules, runs a drift report on request, lists the route\'s topics and sends a topic\'s traces to review and to a dataset', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.url}/#/monitoring?route=small&range=1h`);
    const alerts = page.getByTestId('alerts');
    await alerts.getByText('slow-small').waitFor();
    expect(await alerts.innerText()).toMatch(/latency_p95_ms > 60000 over 60 min/);
    // The last value in the metric's unit ("3 ms"), not a bare 2.871.
    expect(await alerts.locator('tbody tr').first().locator('td').nth(3).innerText()).toMatch(/^(–|[\d.]+ m?s)$/);
    const topics = page.getByTestId('topics');
    await topics.locator('table.table').waitFor();
    const topicText = await topics.innerText();
    expect(topicText).toMatch(/pin|exchange|card/);
    expect(topicText).toContain('Requests per topic');
    // No embedding model configured: the page says the topics are TF-IDF clusters.
    expect(await topics.getByTestId('topic-clustering').innerText()).toBe('Clustered by TF-IDF, named by their top TF-IDF terms.');
    // A topic's traces go to the review queue from its row.
    await topics.getByRole('button', { name: 'review 20' }).first().click();
    await topics.getByText(/^\d+ queued$/).waitFor();
    // …and to a dataset: a new one named here, then the same one again as a new version, each after a confirmation.
    await topics.getByRole('button', { name: 'dataset…' }).first().click();
    const form = page.getByTestId('topic-dataset');
    await form.waitFor();
    await form.getByLabel('new dataset name').fill('bad name!');
    expect(await form.getByRole('button', { name: 'Add to dataset…' }).isDisabled()).toBe(true);
    await form.getByLabel('new dataset name').fill('topic-cases');
    await form.getByLabel('how many traces').fill('5');
    await form.getByRole('button', { name: 'Add to dataset…' }).click();
    const confirm = form.getByRole('alertdialog', { name: 'confirm adding to dataset' });
    expect(await confirm.innerText()).toMatch(/Add up to 5 traces of “.+” to a new dataset topic-cases\?/);
    await confirm.getByRole('button', { name: 'Add', exact: true }).click();
    await form.getByText(/^Sent 5 traces of “.+” to topic-cases: version 1, 5 items \(5 new\)\.$/).waitFor();
    expect((await e2e.server.stores.datasets.latest('topic-cases'))?.itemCount).toBe(5);
    // The new dataset is now offered in the list; Cancel asks again before anything is sent.
    await form.getByLabel('dataset', { exact: true }).selectOption('topic-cases');
    await form.getByRole('button', { name: 'Add to dataset…' }).click();
    expect(await form.getByRole('alertdialog').innerText()).toMatch(/to topic-cases as a new version\?/);
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect((await e2e.server.stores.datasets.versions('topic-cases')).length).toBe(1);
    await form.getByRole('button', { name: 'Add to dataset…' }).click();
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await form.getByText(/to topic-cases: already there, unchanged at version 1\.$/).waitFor();
    // Ten of the topic's traces: the five already there and five more.
    await form.getByLabel('how many traces').fill('10');
    await form.getByRole('button', { name: 'Add to dataset…' }).click();
    await form.getByRole('button', { name: 'Add', exact: true }).click();
    await form.getByText(/to topic-cases: version 2, 10 items \(5 new\)\.$/).waitFor();
    expect((await e2e.server.stores.datasets.latest('topic-cases'))?.itemCount).toBe(10);
    await form.getByRole('link', { name: 'topic-cases' }).waitFor();
    // Every sampled answer has a word in it: online 100% over the 50 traces one pass scores (max_per_run); the offline run's 2 of 3 beside it.
    const quality = page.getByTestId('quality');
    await quality.getByText('support-nightly').waitFor();
    const qualityText = await quality.innerText();
    expect(qualityText).toMatch(/Online: 100(\.0)?% mean over 50 scored traces/);
    expect(qualityText).toContain('Offline: 1 eval run of small in this range.');
    expect(qualityText).toMatch(/support-nightly\s+small\s+.*66\.7%/);
    expect(await quality.locator('.u-legend').innerText()).toMatch(/offline eval runs/);
    // A 0–1 score on a 0–1 axis: uPlot's own range ran to 2.00 (or 100.00 when every score was 0).
    const qualityChart = quality.getByTestId('chart-Quality (0–1)');
    await expect.poll(() => qualityChart.getAttribute('data-y-ticks')).not.toBeNull();
    const qualityTicks = (JSON.parse((await qualityChart.getAttribute('data-y-ticks')) as string) as { label: string }[]).map((t) => Number(t.label));
    expect(Math.max(...qualityTicks)).toBe(1);
    await page.getByRole('button', { name: 'Run now' }).click();
    const latest = page.getByTestId('drift-latest');
    await latest.waitFor();
    // Everything is in the current window: nothing to compare with, so every test is skipped and the report does not claim "no drift".
    // small is a model, not a route: the line names it as one (it said "on route small").
    expect(await latest.innerText()).toMatch(/Not tested: too few traces in a window on model small · current/);
    expect(await latest.innerText()).not.toMatch(/No drift/);
    // A day-long window keeps the date at both ends (it read "2026-12-01 10:51:16 → 10:51:16").
    expect(await latest.innerText()).toMatch(/· current \d{4}-\d\d-\d\d \d\d:\d\d:\d\d → \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(/);
    // The untested features in a line per reason, not a table row of dashes each.
    expect(await latest.locator('table').count()).toBe(0);
    expect(await latest.getByTestId('drift-skipped').first().innerText()).toMatch(/^Not tested \(fewer than \d+ \w+ in a window\): [a-z_]+(, [a-z_:-]+)*\.$/);
    // A second report draws the score chart: on its 0–1 scale (uPlot drew all zeros on 0–100), its
    // ticks seconds apart labelled apart.
    await page.getByRole('button', { name: 'Run now' }).click();
    const chart = page.getByTestId('chart-Drift score (largest drifted effect)');
    await expect.poll(() => chart.getAttribute('data-y-ticks'), { timeout: 10_000 }).not.toBeNull();
    const yTicks = JSON.parse((await chart.getAttribute('data-y-ticks')) as string) as { label: string }[];
    expect(Math.max(...yTicks.map((t) => Number(t.label)))).toBeLessThanOrEqual(1);
    const xLabels = (JSON.parse((await chart.getAttribute('data-x-ticks')) as string) as { label: string }[]).map((t) => t.label).filter((label) => label !== '');
    expect(xLabels.length).toBeGreaterThan(0);
    expect(new Set(xLabels).size).toBe(xLabels.length);
    // Both reports tested nothing: no score is drawn (they were drawn as 0.00, which reads as "no drift"), and the card says why.
    expect(await chart.getAttribute('data-points')).toBe('[0]');
    expect(await page.getByTestId('drift-untested').innerText()).toBe('2 of these 2 reports tested nothing (too few traces in a window): they have no score, and the line leaves them out.');
    // What monitoring keeps, and that its copy of the prompts goes with the trace bodies.
    expect(await page.getByTestId('retention').innerText()).toBe(
      'Monitoring keeps a signal per trace (its numbers, topic and online scores) for 30 days; its copy of the prompt and answer for 7 days, like the trace bodies, and drift reports\' example requests lose their text then too (topics, drift and "send to review or dataset" leave those traces\' text out). Drift reports and alert history are kept 90 days, topic models until refitted.',
    );
    await page.screenshot({ path: join(SHOTS, 'monitoring.png'), fullPage: true });
  }, 60_000);
});

describe('the route picker of a config with hundreds of models', () => {
  it('filters as one types, renders at most 50 names saying how many more match, and picks with the keyboard or a click', async () => {
    const page = await e2e.browser.newPage();
    // The names the served traffic gives, and 314 more: 316 models, as a config that made the select unusable.
    const many = Array.from({ length: 314 }, (_, i) => `model-${String(i).padStart(3, '0')}`);
    await page.route('**/api/dimensions*', async (call) => {
      const response = await call.fetch();
      const body = (await response.json()) as { model?: string[] };
      await call.fulfill({ response, json: { ...body, model: [...(body.model ?? []), ...many] } });
    });
    await page.goto(`${e2e.url}/#/monitoring?route=small&range=1h`);
    const picker = page.getByRole('combobox', { name: 'model or route' });
    await expect.poll(() => picker.inputValue()).toBe('small');
    const options = page.getByRole('listbox').getByRole('option');

    await picker.click();
    await expect.poll(() => options.count()).toBe(50);
    expect(await page.getByTestId('picker-more').innerText()).toBe('266 more match: type to narrow the list');
    // The route among the models is tagged as one; no model is.
    expect(await options.locator('.name-tag').allInnerTexts()).toEqual(['route']);
    expect(await options.filter({ has: page.locator('.name-tag') }).getAttribute('title')).toBe('support');
    await picker.fill('MODEL-31');
    await expect.poll(() => options.evaluateAll((all) => all.map((o) => o.getAttribute('title')))).toEqual(['model-310', 'model-311', 'model-312', 'model-313']);
    expect(await page.getByTestId('picker-more').count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'monitoring-picker.png') });
    await picker.press('ArrowDown');
    // The picked name shows at once, in the same task as the Enter that picks it: the URL's
    // hashchange reaches the page a task later, and the input showed the old name (small) between.
    const rightAfterEnter = await picker.evaluate(async (input: HTMLInputElement) => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      await Promise.resolve();
      return input.value;
    });
    expect(rightAfterEnter).toBe('model-311');
    await page.waitForURL(/route=model-311/);
    expect(await picker.inputValue()).toBe('model-311');
    expect(await page.getByRole('listbox').count()).toBe(0);
    // Back to the route it was picked over shows that name again.
    await page.goBack();
    await expect.poll(() => picker.inputValue()).toBe('small');
    await page.goForward();
    await expect.poll(() => picker.inputValue()).toBe('model-311');

    // A route among them, by a part of its name and a click; its cards call it a route.
    await picker.click();
    await picker.fill('uppor');
    expect(await page.getByRole('option', { name: 'support' }).locator('.name-tag').innerText()).toBe('route');
    await page.getByRole('option', { name: 'support' }).click();
    await page.waitForURL(/route=support&/);
    await page.getByTestId('topics').getByText('once the route has 40 prompts').waitFor();

    // Nothing matching says so; Escape puts the shown name back.
    await picker.click();
    await picker.fill('no-such-name');
    expect(await page.getByTestId('picker-none').innerText()).toBe('No name contains “no-such-name”.');
    await picker.press('Escape');
    expect(await picker.inputValue()).toBe('support');
    expect(page.url()).toMatch(/route=support&/);
    await page.close();
  });
});
