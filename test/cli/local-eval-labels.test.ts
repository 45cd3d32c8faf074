import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { banking77, EIGHT_LABELS } from '../../src/local/__fixtures__/banking77-sample.js';

const CLI = join(import.meta.dirname, '../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-local-eval-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sy = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
const jsonl = (name: string, rows: { text: string; label: string }[]) => writeFileSync(join(dir, name), rows.map((r) => JSON.stringify(r)).join('\n'));

beforeAll(() => {
  jsonl('bank.jsonl', banking77('train', EIGHT_LABELS, 20));
  expect(sy(['local', 'train', '--data', 'bank.jsonl', '--out', 'bank.sylm']).status).toBe(0);
}, 60_000);

describe('local eval on labels the model does not have', () => {
  it("names them, and says when the file has none of the model's: a model of another route", () => {
    // A support-ticket route's test file, evaluated with the banking route's model by mistake.
    jsonl('tickets.jsonl', [
      ...['I was charged twice this month', 'two payments for one invoice', 'duplicate charge on my card'].map((text) => ({ text, label: 'billing_double_charge' })),
      ...['reset link expired', 'I forgot my password'].map((text) => ({ text, label: 'password_reset' })),
    ]);
    const other = sy(['local', 'eval', '--model', 'bank.sylm', '--data', 'tickets.jsonl']);
    expect(other.status).toBe(0);
    expect(other.stdout).toMatch(/^5 examples have labels the model never saw \("billing_double_charge" ×3, "password_reset" ×2\); [\d.]+% of them escalated$/m);
    expect(other.stdout).toContain(`none of the file's 2 labels is one of the model's ("card_arrival", "card_delivery_estimate", "cash_withdrawal_charge", "exchange_rate", "lost_or_stolen_card", … 8 in all): is --model the model for this data (not another route's), and --label-column the labels meant?`);

    // Some of the model's labels and one spelled otherwise: named, and no "another route" line.
    jsonl('mixed.jsonl', [...banking77('test', EIGHT_LABELS, 2), { text: 'my card has not arrived yet', label: 'Card_Arrival' }]);
    const mixed = sy(['local', 'eval', '--model', 'bank.sylm', '--data', 'mixed.jsonl']);
    expect(mixed.stdout).toMatch(/^1 example has a label the model never saw \("Card_Arrival" ×1\); [\d.]+% of them escalated$/m);
    expect(mixed.stdout).not.toContain('none of the file');
  });
});
