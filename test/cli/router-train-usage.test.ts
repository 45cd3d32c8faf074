import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// router train's refusals of a wrong combination, as a user typing the docs' flags meets them:
// each names the flag, the value and the fix.
const train = async (...args: string[]): Promise<string> => {
  try {
    await promisify(execFile)(process.execPath, ['bin/switchyard.js', 'router', 'train', ...args, '--out', '/tmp/routewalk2-never-written.json']);
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
};

describe('router train usage errors', () => {
  it('refuses --since without a store source by naming --since and the sources it narrows', async () => {
    const said = await train('--since', '30d', '--weak', 'mini', '--strong', 'large');
    expect(said).toContain('--since 30d narrows --from-reviews and --from-judged');
    expect(said).toContain('add --from-reviews or --from-judged');
  });

  it('reads --judge-min-score 7 or 4 as a grade, not a percentage, and gives the 0-1 score it stands for', async () => {
    const seven = await train('--from-judged', '--judge-min-score', '7', '--weak', 'mini', '--strong', 'large');
    expect(seven).toContain('--judge-min-score must be a number from 0 to 1, got "7"');
    expect(seven).not.toContain('0.07 for 7%');
    expect(seven).toContain('7 of 1-10 is 0.667');
    const four = await train('--from-judged', '--judge-min-score', '4', '--weak', 'mini', '--strong', 'large');
    expect(four).toContain('4 of 1-5 is 0.75');
  });

  it('refuses a --since not yet come, naming it and a time in the past to give', async () => {
    const future = await train('--from-judged', '--since', '2999-01-01', '--weak', 'mini', '--strong', 'large', '--db', '/tmp/routewalk2-no-store.db');
    expect(future).toContain('--since "2999-01-01" is after now');
    expect(future).toContain('give a time in the past, e.g. --since 30d');
    expect(await train('--from-reviews', '--since', '0d', '--weak', 'mini', '--strong', 'large', '--db', '/tmp/routewalk2-no-store.db')).toContain('--since "0d" is now');
  });

  it('refuses judge flags without --from-judged rather than ignoring them', async () => {
    const said = await train('--from-reviews', '--judge-min-score', '0.5', '--weak', 'mini', '--strong', 'large');
    expect(said).toContain('--judge-min-score 0.5 is read with --from-judged');
  });
});
