import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-keys-cli-'));
const db = join(dir, 'keys.db');
const cli = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args, '--db', db])).stdout;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard teams list', () => {
  it('names the teams keys belong to that have no limits of their own, until they get some', async () => {
    await cli('keys', 'create', 'bot-a', '--team', 'ops');
    await cli('keys', 'create', 'bot-b', '--team', 'ops');
    await cli('keys', 'create', 'bot-c', '--team', 'billing');
    expect(await cli('teams', 'list')).toMatch(/No runtime teams[\s\S]*Named by keys, with no runtime limits of their own: billing \(1 key\), ops \(2 keys\)\./);
    await cli('teams', 'create', 'ops', '--budget-usd', '10');
    const listed = await cli('teams', 'list');
    expect(listed).toMatch(/│ ops +│ \$0 \/ \$10 total +│/);
    expect(listed).toContain('Named by keys, with no runtime limits of their own: billing (1 key).');
    expect(JSON.parse(await cli('teams', 'list', '--json'))).toMatchObject({ teams: [{ name: 'ops' }], namedByKeys: { billing: 1 } });
  });
});

describe('switchyard keys list', () => {
  it('shows until when a rotated key’s previous secret still works, and nothing once the grace is over', async () => {
    await cli('keys', 'create', 'rotating-bot');
    await cli('keys', 'rotate', 'rotating-bot', '--grace', '3600');
    const rotated = JSON.parse(await cli('keys', 'list', '--json')).keys.find((k: { name: string }) => k.name === 'rotating-bot');
    const until = `${new Date(rotated.previousValidUntil).toISOString().slice(0, 19)}Z`;
    expect(await cli('keys', 'list')).toMatch(new RegExp(`│ rotating-bot[\\s\\S]*active; previous[\\s\\S]*secret until[\\s\\S]*${until.slice(0, 10)}`));
    await cli('keys', 'rotate', 'rotating-bot', '--grace', '0');
    expect(await cli('keys', 'list')).not.toContain('previous secret');
  });

  it('fits an 80-column terminal with each key on one line, leaving out its creation time and then its prefix (its spend stays)', async () => {
    await cli('teams', 'create', 'support', '--budget-usd', '20', '--budget-period', 'monthly');
    await cli('keys', 'create', 'support-bot', '--team', 'support', '--budget-usd', '5', '--rpm', '600');
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'keys', 'list', '--db', db], { env: { ...process.env, COLUMNS: '80' } });
    const lines = stdout.trimEnd().split('\n');
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(80);
    expect(lines.some((l) => /^│ support-bot +│ support +│ all +│ \$5 total, 600 rpm +│ \$0 in total +│ active +│$/.test(l))).toBe(true);
    expect(lines).toContain('(not shown to fit 80 columns: created, prefix)');
  });
});

describe('switchyard keys revoke', () => {
  it('says when the last active runtime key is gone that the gateway stays closed, and not before', async () => {
    const own = join(dir, 'revoke.db');
    const run = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args, '--db', own])).stdout;
    await run('keys', 'create', 'first');
    await run('keys', 'create', 'second');
    expect(await run('keys', 'revoke', 'first')).not.toContain('No active runtime key');
    expect(await run('keys', 'revoke', 'second')).toContain('No active runtime key is left: a gateway with no keys in its config file now refuses every request (it does not reopen)');
    expect(JSON.parse(await run('keys', 'revoke', 'second', '--json'))).toMatchObject({ name: 'second', status: 'revoked' });
    // Run again, it says the key was revoked before, at the time the store kept, and changes nothing.
    const again = await run('keys', 'revoke', 'first');
    expect(again).toMatch(/^Key "first" \(sk-sy-\S+…\) was already revoked at \d{4}-\d\d-\d\dT[\d:.]+Z; nothing changed\.\n$/);
  });
});

describe('switchyard keys create and teams create', () => {
  it('refuse a --budget-period without --budget-usd instead of creating a key or team with no budget', async () => {
    for (const args of [['keys', 'create', 'period-only', '--budget-period', 'weekly'], ['teams', 'create', 'period-only', '--budget-period', 'monthly']]) {
      const failed = await promisify(execFile)(process.execPath, [BIN, ...args, '--db', db]).then(() => null, (error: { code: number; stderr: string }) => error);
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain(`--budget-period ${args[4]} needs --budget-usd`);
    }
    const listed = JSON.parse(await cli('keys', 'list', '--json'));
    expect(listed.keys.map((k: { name: string }) => k.name)).not.toContain('period-only');
    expect(await cli('keys', 'create', 'period-ok', '--budget-usd', '5', '--budget-period', 'daily')).toContain('Created key "period-ok"');
    expect(await cli('keys', 'list')).toMatch(/period-ok[^\n]*\$5 daily/);
  });
});

describe('switchyard teams create of a team that exists', () => {
  it('says which limits it replaced (run again with other flags, it dropped the rate limit unseen), and nothing when they are the same', async () => {
    expect(await cli('teams', 'create', 'batch', '--budget-usd', '20', '--budget-period', 'monthly', '--rpm', '600')).toBe('Team "batch" with a $20 monthly budget and 600 rpm saved.\n');
    expect(await cli('teams', 'create', 'batch', '--budget-usd', '5')).toBe(
      'Team "batch" with a $5 total budget saved.\nIt existed, with a $20 monthly budget and 600 rpm: replaced (teams create sets every limit; one the flags leave out is removed).\n',
    );
    expect(await cli('teams', 'create', 'batch', '--budget-usd', '5')).toBe('Team "batch" with a $5 total budget saved.\n');
  });
});

describe('switchyard keys and teams: number flags', () => {
  it('name the flag, its bounds and the value, not the API field it becomes', async () => {
    const refused = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args, '--db', db]).then(() => null, (error: { code: number; stderr: string }) => error));
    const cases: [string[], string][] = [
      [['keys', 'create', 'neg', '--budget-usd', '-5'], `--budget-usd must be a number from 0.000001 to 1,000,000,000 dollars, got "-5" (leave the budget out for no limit; to stop a key's calls, revoke it: switchyard keys revoke NAME)`],
      // 1e308 limits nothing; 1e-300 refuses every call.
      [['keys', 'create', 'unbounded', '--budget-usd', '1e308'], '--budget-usd must be a number from 0.000001 to 1,000,000,000 dollars, got "1e308"'],
      [['teams', 'create', 'starved', '--budget-usd', '1e-300'], '--budget-usd must be a number from 0.000001 to 1,000,000,000 dollars, got "1e-300"'],
      [['teams', 'create', 'starved', '--budget-usd', '0.0000001'], `--budget-usd must be a number from 0.000001 to 1,000,000,000 dollars, got "0.0000001" (leave the budget out for no limit; to stop a key's calls, revoke it: switchyard keys revoke NAME)`],
      // Number() reads these; a person typing them meant something else.
      [['keys', 'create', 'hex', '--rpm', '0x10'], '--rpm must be a whole number from 1 to 1,000,000,000,000, got "0x10"'],
      [['keys', 'create', 'huge', '--tpm', '99999999999999999999'], '--tpm must be a whole number from 1 to 1,000,000,000,000, got "99999999999999999999"'],
      [['keys', 'rotate', 'any', '--grace', '1e3'], '--grace must be a number of seconds from 0 to 2592000 (30 days), got "1e3"'],
      [['keys', 'create', 'zero', '--rpm', '0'], '--rpm must be a whole number from 1 to 1,000,000,000,000, got "0"'],
      [['keys', 'create', 'half', '--tpm', '1.5'], '--tpm must be a whole number from 1 to 1,000,000,000,000, got "1.5"'],
      [['teams', 'create', 'neg', '--rpm', '-3'], '--rpm must be a whole number from 1 to 1,000,000,000,000, got "-3"'],
      [['keys', 'create', 'weekly', '--budget-usd', '3', '--budget-period', 'weekly'], '--budget-period must be one of total, monthly, daily, got "weekly"'],
      [['keys', 'rotate', 'any', '--grace', '-1'], '--grace must be a number of seconds from 0 to 2592000 (30 days), got "-1"'],
    ];
    for (const [args, message] of cases) {
      const failed = await refused(...args);
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain(`switchyard: ${message}`);
    }
    expect(JSON.parse(await cli('keys', 'list', '--json')).keys.map((k: { name: string }) => k.name)).not.toContain('neg');
  });
});

describe('switchyard keys revoke/rotate and teams delete of a name that is not there', () => {
  it('name the one most likely meant and the runtime ones there are', async () => {
    const own = join(dir, 'typo.db');
    const failed = async (...args: string[]) => (await promisify(execFile)(process.execPath, [BIN, ...args, '--db', own]).then(() => null, (error: { code: number; stderr: string }) => error));
    await promisify(execFile)(process.execPath, [BIN, 'keys', 'create', 'support-bot', '--db', own]);
    for (const verb of ['revoke', 'rotate']) {
      const typo = await failed('keys', verb, 'suport-bot');
      expect(typo?.code).toBe(1);
      expect(typo?.stderr).toContain('no key named "suport-bot" was created at runtime (keys in the config file are changed there); did you mean "support-bot"? (runtime keys: support-bot)');
    }
    expect((await failed('teams', 'delete', 'ops'))?.stderr).toContain('no team named "ops" was created at runtime (runtime teams: none)');
    // A revoked key is named apart, and meant when no active one is: "(runtime keys: none)" read as an empty store.
    await promisify(execFile)(process.execPath, [BIN, 'keys', 'revoke', 'support-bot', '--db', own]);
    expect((await failed('keys', 'revoke', 'suport-bot'))?.stderr).toContain('did you mean "support-bot" (revoked)? (runtime keys: none; revoked: support-bot)');
    // A revoked key closer than any active one is the one meant: "fn-bot" (revoking "fin-bot" twice) was answered "did you mean ml-bot?".
    for (const name of ['fin-bot', 'ml-bot']) await promisify(execFile)(process.execPath, [BIN, 'keys', 'create', name, '--db', own]);
    await promisify(execFile)(process.execPath, [BIN, 'keys', 'revoke', 'fin-bot', '--db', own]);
    expect((await failed('keys', 'revoke', 'fn-bot'))?.stderr).toContain('did you mean "fin-bot" (revoked)? (runtime keys: ml-bot; revoked: fin-bot, support-bot)');
  });
});

describe('switchyard teams delete of a team keys belong to', () => {
  it('is refused while active keys name it, naming them, and done with --force, saying which keys lost the team limit', async () => {
    const own = join(dir, 'team-delete.db');
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args, '--db', own]);
    await run('teams', 'create', 'sales', '--budget-usd', '20', '--budget-period', 'monthly', '--rpm', '600');
    await run('keys', 'create', 'sales-bot', '--team', 'sales');
    const refused = await run('teams', 'delete', 'sales').then(() => null, (error: { code: number; stderr: string }) => error);
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain(
      'team "sales" has 1 active key (sales-bot): deleting it lifts its $20 monthly budget and its rate limit from them, and their calls count against no team limit; revoke them first, or delete it anyway with --force',
    );
    expect(JSON.parse((await run('teams', 'list', '--json')).stdout).teams.map((t: { name: string }) => t.name)).toEqual(['sales']);
    expect((await run('teams', 'delete', 'sales', '--force')).stdout).toBe(
      'Deleted team "sales". Its active keys (sales-bot) still name it and count against no team limit until: switchyard teams create sales --budget-usd N\n',
    );
    await run('teams', 'create', 'idle');
    expect((await run('teams', 'delete', 'idle')).stdout).toBe('Deleted team "idle".\n');
  });
});

describe('switchyard keys create --team', () => {
  it('notes a team with no limits yet (a typo in --team would count against no team budget), and not a known one', async () => {
    const own = join(dir, 'team-note.db');
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args, '--db', own]);
    await run('teams', 'create', 'support', '--budget-usd', '20');
    const typo = await run('keys', 'create', 'typo-bot', '--team', 'suport');
    expect(typo.stdout).toContain('Created key "typo-bot"');
    expect(typo.stderr).toContain('note: key "typo-bot" is in team "suport", which has no budget or rate limit yet (did you mean "support"? no team of that name was created at runtime; teams: support); its calls count against no team limit until: switchyard teams create suport --budget-usd N');
    expect((await run('keys', 'create', 'right-bot', '--team', 'support')).stderr).toBe('');
    const config = join(dir, 'teams.yaml');
    writeFileSync(config, `store: { sqlite: ${own} }\nteams: [ { name: ops, budget: { usd: 5, period: monthly } } ]\n`);
    const withConfig = await promisify(execFile)(process.execPath, [BIN, 'keys', 'create', 'ops-bot', '--team', 'ops', '--config', config]);
    expect(withConfig.stderr).toBe('');
  });
});

describe('listing commands outside a project', () => {
  it('say where they looked instead of creating an empty store and reporting it empty', async () => {
    const elsewhere = join(dir, 'nowhere', 'sy.db');
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args, '--db', elsewhere]);
    for (const command of [['keys', 'list'], ['teams', 'list'], ['credentials', 'list'], ['alerts'], ['kb', 'list']]) {
      await expect(run(...command), command.join(' ')).rejects.toThrow(new RegExp(`no (knowledge )?store at ${elsewhere} \\(from --db\\); run this in the project folder`));
    }
    expect(existsSync(elsewhere)).toBe(false);
  });
});

describe('switchyard keys create --models', () => {
  const run = async (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args]);

  it('says when a model the key may use is not served, so a typo does not surface as 403s later', async () => {
    // Without a config: the models `npm start` serves.
    const typo = await run('keys', 'create', 'typo-bot', '--models', 'gpt-5.4-mni,gpt-4o-mini', '--db', db);
    expect(typo.stdout).toContain('Created key "typo-bot"');
    expect(typo.stderr).toContain('note: key "typo-bot" may use "gpt-5.4-mni", which is not a model switchyard serve has without a config (gpt-5.4-mini, gpt-5.4,');
    expect(typo.stderr).toContain('pass --config FILE to check against the config of the gateway that uses this store');
    expect(typo.stderr).not.toContain('"gpt-4o-mini"');
    expect((await run('keys', 'create', 'fine-bot', '--models', 'gpt-5.4-mini', '--db', db)).stderr).toBe('');

    // With one: its models and routes.
    const config = join(dir, 'models.yaml');
    writeFileSync(config, `providers: { p: { type: openai, base_url: "http://127.0.0.1:1/v1" } }\nmodels: { small: { provider: p, model: m } }\nstore: { sqlite: ${join(dir, 'models.db')} }\n`);
    const configured = await run('keys', 'create', 'cfg-bot', '--models', 'small,smal', '--config', config);
    expect(configured.stderr).toContain(`note: key "cfg-bot" may use "smal", which is not a model or route of ${config} (known: small); calls for it are answered 404 there`);
    expect(configured.stderr).not.toContain('"small"');
  });
});

describe('a mistyped team name', () => {
  it('is answered with the team meant wherever a team is taken, a doubled letter typed once included ("bilin" for "billing")', async () => {
    const own = join(dir, 'team-typo.db');
    const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args, '--db', own]);
    const refused = (...args: string[]) => run(...args).then(() => undefined, (error: { stderr: string }) => error.stderr);
    await run('teams', 'create', 'billing', '--budget-usd', '5');
    await run('teams', 'create', 'support', '--budget-usd', '5');
    await run('keys', 'create', 'bill-bot');
    expect(await refused('keys', 'update', 'bill-bot', '--team', 'bilin')).toBe('switchyard: no team named "bilin"; did you mean "billing"? (teams: billing, support); create it first (switchyard teams create bilin, or PUT /api/teams/bilin) to move key "bill-bot" into it\n');
    expect(await refused('teams', 'delete', 'bilin')).toBe('switchyard: no team named "bilin" was created at runtime; did you mean "billing"? (runtime teams: billing, support)\n');
    expect((await run('keys', 'create', 'new-bot', '--team', 'bilin')).stderr).toContain('(did you mean "billing"? no team of that name was created at runtime; teams: billing, support)');
  });
});
