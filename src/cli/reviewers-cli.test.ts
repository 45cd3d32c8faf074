import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { hashKey } from '../limits/keys.js';
import { openSqliteStores } from '../store/sqlite/open-sqlite-stores.js';

const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/switchyard.js');
const dir = mkdtempSync(join(tmpdir(), 'sy-reviewers-cli-'));
const db = join(dir, 'reviewers.db');
const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args, '--db', db]);
const cli = async (...args: string[]) => (await run(...args)).stdout;
const refused = async (...args: string[]) => run(...args).then(() => 'no error', (error: { stderr: string; code: number }) => `${error.code} ${error.stderr.trim()}`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('switchyard reviewers', () => {
  it('adds a reviewer, printing the personal key once and storing only its hash; lists; revokes', async () => {
    const added = await cli('reviewers', 'add', 'Ana Lima');
    const key = /\n {2}(sk-rv-[A-Za-z0-9_-]{43})\n/.exec(added)?.[1] as string;
    expect(added).toContain('Added reviewer "Ana Lima". Their personal key, shown this once:');
    const stores = openSqliteStores(db);
    expect(await stores.reviewers.byHash(hashKey(key))).toMatchObject({ name: 'Ana Lima', prefix: key.slice(0, 10), createdBy: 'cli', revokedAt: null });
    expect(JSON.stringify(stores.db.prepare('SELECT * FROM reviewer_accounts').all())).not.toContain(key.slice(10));
    await stores.close();
    expect(await cli('reviewers', 'list')).toMatch(/│ Ana Lima +│ sk-rv-\S{4}… +│ .+ │ cli +│ active +│/);
    expect(await refused('reviewers', 'add', 'Ana Lima')).toBe('1 switchyard: a reviewer named "Ana Lima" already exists (revoked reviewers keep their name, so their reviews stay theirs); choose another name');
    expect(await refused('reviewers', 'add', 'ana\u202e')).toMatch(/^1 switchyard: name must hold no bidirectional controls/);
    const rotated = await cli('reviewers', 'rotate', 'Ana Lima');
    expect(rotated).toMatch(/^Rotated reviewer "Ana Lima"'s personal key\. The new key, shown this once:\n\n {2}sk-rv-[A-Za-z0-9_-]{43}\n\nGive it to them\. The old key is refused from now on/);
    const next = /\n {2}(sk-rv-[A-Za-z0-9_-]{43})\n/.exec(rotated)?.[1] as string;
    const reopened = openSqliteStores(db);
    expect(await reopened.reviewers.byHash(hashKey(key))).toBeUndefined();
    expect(await reopened.reviewers.byHash(hashKey(next))).toMatchObject({ name: 'Ana Lima', rotatedBy: 'cli' });
    await reopened.close();
    expect(await refused('reviewers', 'add', 'ana lima')).toBe('1 switchyard: name "ana lima" reads as reviewer "Ana Lima"\'s: two accounts would look like one person; choose another name');
    expect(await refused('reviewers', 'rotate', 'Ana Lma')).toBe('1 switchyard: no reviewer named "Ana Lma"; did you mean "Ana Lima"? (active reviewers: Ana Lima)');
    expect(await refused('reviewers', 'revoke', 'Ana Lma')).toBe('1 switchyard: no reviewer named "Ana Lma"; did you mean "Ana Lima"? (active reviewers: Ana Lima)');
    expect(await cli('reviewers', 'revoke', 'Ana Lima')).toMatch(/^Revoked reviewer "Ana Lima" \(sk-rv-\S{4}…\): their key is refused/);
    expect(await cli('reviewers', 'revoke', 'Ana Lima')).toMatch(/^Reviewer "Ana Lima" was already revoked at \d{4}-.+; nothing changed\.$/m);
    expect(await refused('reviewers', 'rotate', 'Ana Lima')).toBe('1 switchyard: reviewer "Ana Lima" is revoked, so it has no key to rotate; add a reviewer under another name');
    expect(JSON.parse(await cli('reviewers', 'list', '--json'))).toMatchObject({ reviewers: [{ name: 'Ana Lima', status: 'revoked', revokedBy: 'cli' }] });
  });
});
