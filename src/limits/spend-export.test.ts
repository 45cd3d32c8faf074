import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../core/errors.js';
import type { KeySpendStore, SpendRow } from './key-spend.js';
import { NAME_MAX, isoDay, spendCsv, spendLines, spendRange } from './spend-export.js';

const NOW = Date.UTC(2026, 11, 6, 0, 30);
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);
const storeOf = (rows: SpendRow[]): KeySpendStore & { asked: [number, number][] } => {
  const asked: [number, number][] = [];
  return { asked, spendOfKey: async () => 0, spendByTeam: async () => new Map(), spendRows: async (since, until) => (asked.push([since, until]), rows) };
};
const row = (over: Partial<SpendRow>): SpendRow => ({ day: day('2026-12-01'), team: 'care', key: 'bot', model: 'small', requests: 1, inputTokens: 10, outputTokens: 5, costUsd: 0.001, ...over });
const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof SwitchyardError ? `${error.status} ${error.message}` : String(error);
  }
  return 'no error';
};

describe('the days a spend export covers', () => {
  it('takes ISO dates, both ends included, and defaults to this month so far (UTC)', () => {
    expect(spendRange({ from: '2026-12-01', to: '2026-12-05' }, NOW)).toEqual({ from: '2026-12-01', to: '2026-12-05', since: day('2026-12-01'), until: day('2026-12-06') });
    expect(spendRange({}, NOW)).toEqual({ from: '2026-12-01', to: '2026-12-06', since: day('2026-12-01'), until: day('2026-12-07') });
    expect(spendRange({ to: '2026-11-15' }, NOW)).toMatchObject({ from: '2026-11-01', to: '2026-11-15' });
    expect(spendRange({ from: '2026-12-03', to: '2026-12-03' }, NOW)).toMatchObject({ since: day('2026-12-03'), until: day('2026-12-04') });
  });

  it('refuses what is no ISO date, or no day of the calendar, naming the flag and the value', () => {
    expect(refusal(() => isoDay('--from', '12/01/2026'))).toBe('400 --from must be an ISO date, YYYY-MM-DD (a UTC day, such as 2026-12-01), got "12/01/2026"');
    expect(refusal(() => isoDay('--to', '2026-12-01T10:00Z'))).toContain('--to must be an ISO date, YYYY-MM-DD');
    expect(refusal(() => isoDay('--from', '2026-13-01'))).toBe('400 --from "2026-13-01" is no calendar day: the month is 01 to 12, got 13');
    expect(refusal(() => isoDay('--from', '2026-02-29'))).toBe('400 --from "2026-02-29" is no calendar day (February 2026 has 28 days)');
    expect(isoDay('--from', '2028-02-29')).toBe(day('2028-02-29'));
    expect(refusal(() => isoDay('to', '2026-04-00'))).toBe('400 to "2026-04-00" is no calendar day (April 2026 has 30 days)');
  });

  it('refuses a first day after the last, as the caller spells them', () => {
    expect(refusal(() => spendRange({ from: '2026-12-05', to: '2026-12-01' }, NOW))).toBe('400 --from 2026-12-05 is after --to 2026-12-01: give a first day no later than the last (both are included)');
    expect(refusal(() => spendRange({ from: '2026-12-09' }, NOW, { from: 'from', to: 'to' }))).toBe('400 from 2026-12-09 is after to (today, 2026-12-06): give a first day no later than the last (both are included)');
  });
});

describe('spend lines and their CSV', () => {
  it('asks the store for the whole days and orders lines by day, team, key and model', async () => {
    const store = storeOf([row({ day: day('2026-12-02'), key: 'a' }), row({ team: null, key: null }), row({ model: 'big' }), row({ team: 'ops' })]);
    const lines = await spendLines(store, spendRange({ from: '2026-12-01', to: '2026-12-02' }, NOW));
    expect(store.asked).toEqual([[day('2026-12-01'), day('2026-12-03')]]);
    expect(lines.map((l) => [l.date, l.team, l.key, l.model])).toEqual([
      ['2026-12-01', null, null, 'small'],
      ['2026-12-01', 'care', 'bot', 'big'],
      ['2026-12-01', 'ops', 'bot', 'small'],
      ['2026-12-02', 'care', 'a', 'small'],
    ]);
  });

  it('cuts a client-sent model name and sums the lines whose cut names meet', async () => {
    const long = 'm'.repeat(5_000);
    const lines = await spendLines(storeOf([row({ model: `${long}a`, requests: 2, costUsd: 0.5 }), row({ model: `${long}b`, requests: 3, costUsd: 0.25 })]), spendRange({}, NOW));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.model).toHaveLength(NAME_MAX + 1);
    expect(lines[0]).toMatchObject({ requests: 5, costUsd: 0.75 });
  });

  it('writes names a spreadsheet would run as formulas with an apostrophe, quoted where they hold commas, quotes or line breaks', async () => {
    const lines = await spendLines(
      storeOf([row({ model: '=HYPERLINK("http://evil.example","x")', costUsd: 0.1 + 0.2 }), row({ model: '@SUM(A1)\nnext', team: null, key: null, costUsd: 0.0000001 }), row({ model: '-1', costUsd: 12 })]),
      spendRange({ from: '2026-12-01', to: '2026-12-01' }, NOW),
    );
    expect(spendCsv(lines).split('\r\n')).toEqual([
      'date,team,key,model,requests,input_tokens,output_tokens,cost_usd',
      `2026-12-01,,,"'@SUM(A1)\nnext",1,10,5,0.00000010`,
      '2026-12-01,care,bot,-1,1,10,5,12.00000000',
      `2026-12-01,care,bot,"'=HYPERLINK(""http://evil.example"",""x"")",1,10,5,0.30000000`,
      '',
    ]);
  });
});
