import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { loadRouter } from './router-file.js';
import { showAction, trainAction } from './router-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-router-cli-'));
const data = join(dir, 'gsm8k.jsonl');
writeFileSync(data, `${gunzipSync(readFileSync('data/routellm/gsm8k.jsonl.gz')).toString('utf8').trim().split('\n').slice(0, 400).join('\n')}\n`);
const flags = { data, out: join(dir, 'routers/gsm8k.router.json'), promptField: 'prompt', weakField: 'weak', strongField: 'strong', minQuality: '0.97', confidence: '0.9', validation: '0.25', seed: '2' };

describe('switchyard router train / show', () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const said = vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => {
    log.mockClear();
    said.mockClear();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('trains from JSONL, writes the router file, and prints thresholds per quality target', async () => {
    await trainAction(flags);
    const router = loadRouter(flags.out);
    expect(router.training).toMatchObject({ seed: 2, validationFraction: 0.25, records: 300 });
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    expect(printed).toContain(`${flags.out}: trained`);
    expect(printed).toMatch(/^0\.97 .* <- --min-quality$/m);
    const targets = [...printed.matchAll(/^(0\.9|0\.95|0\.97|0\.98|1) /gm)].map((m) => m[1]);
    expect(targets).toEqual(['0.9', '0.95', '0.97', '0.98', '1']);
  });

  it('says on stderr what it trains on before the silent seconds of training (stdout stays the report)', async () => {
    // The newcomer's walk: `router train` on the shipped MMLU outcomes sat 11–23 s without a word.
    await trainAction(flags);
    expect(said.mock.calls.map((c) => String(c[0]))).toEqual([`training a router on 400 outcome records of ${flags.data} (25% of the prompts held out to choose thresholds)…`]);
    expect(log.mock.calls.map((c) => String(c[0])).join('\n')).not.toContain('training a router');
  });

  it('shows a router file as JSON', async () => {
    await trainAction(flags);
    log.mockClear();
    await showAction(flags.out, { json: true });
    const shown = JSON.parse(String(log.mock.calls[0]?.[0]));
    expect(shown).toMatchObject({ file: flags.out, trainingRecords: 300, validationRecords: 100 });
    expect(shown.thresholds.map((t: { minQuality: number }) => t.minQuality)).toEqual([0.9, 0.95, 0.98, 1]);
  });

  it('names a bad flag, an unreadable file and a bad line', async () => {
    await expect(trainAction({ ...flags, minQuality: '95' })).rejects.toThrow('--min-quality must be a number from 0.01 to 1, got "95" (a fraction of 1: 0.95 for 95%)');
    await expect(trainAction({ ...flags, data: join(dir, 'missing.jsonl') })).rejects.toThrow(`--data ${join(dir, 'missing.jsonl')}: cannot read it`);
    await expect(trainAction({ ...flags, weakField: 'weakScore' })).rejects.toThrow(`${data} line 1: "weakScore" must be a number in [0, 1] or a boolean, got nothing`);
  });
});
