import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PendingDemotionFile, pendingDemotionsFile } from './pending-demotions.js';

const dir = () => mkdtempSync(join(tmpdir(), 'sy-pending-'));
const pulled = (version: number) => ({ version, reason: `live precision ${version}0%`, traceId: `tr_${version}`, at: 1_800_000_000_000 });

describe('pending demotions', () => {
  it('live beside the SQLite file, named after it; in .switchyard/ for PostgreSQL; nowhere for an in-memory store', () => {
    expect(pendingDemotionsFile({ sqlite: 'data/sy.db' })).toBe(join('data', 'sy.db-pending-demotions.json'));
    expect(pendingDemotionsFile({ postgres: 'postgres://db/sy' })).toBe(join('.switchyard', 'pending-demotions.json'));
    expect(pendingDemotionsFile({ sqlite: ':memory:' })).toBeUndefined();
  });

  it('survive a new instance (a restart) and keep the routes another gateway on the same file wrote', () => {
    const file = join(dir(), 'nested', 'pending.json');
    const one = new PendingDemotionFile(file, () => undefined);
    const other = new PendingDemotionFile(file, () => undefined);
    one.set('support', pulled(3));
    other.set('triage', pulled(2));
    one.delete('support');
    const restarted = new PendingDemotionFile(file, () => undefined);
    expect(restarted.get('support')).toBeUndefined();
    expect(restarted.get('triage')).toEqual(pulled(2));
  });

  it('ignore a file that is not theirs to read, saying so, and replace it on the next change', () => {
    const file = join(dir(), 'pending.json');
    writeFileSync(file, 'not json');
    const logs: string[] = [];
    const pending = new PendingDemotionFile(file, (line) => logs.push(line));
    expect(pending.get('support')).toBeUndefined();
    expect(logs[0]).toMatch(new RegExp(`^pending demotions: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is unreadable, ignored: `));
    pending.set('support', pulled(1));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ support: pulled(1) });
  });
});
